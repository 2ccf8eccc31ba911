package survey

import (
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// endWords name the ends of a scale, by language.
var endWords = map[string]map[string]string{
	"nl": {"unlikely": "zeer onwaarschijnlijk", "likely": "zeer waarschijnlijk", "poor": "slecht", "excellent": "uitstekend",
		"effort": "veel moeite", "easy": "heel makkelijk"},
	"en": {"unlikely": "very unlikely", "likely": "very likely", "poor": "poor", "excellent": "excellent",
		"effort": "a lot of effort", "easy": "very easy"},
}

// Ends names the lowest and the highest score of a survey kind's scale in lang, as the
// invitation e-mail, the hosted and one-click pages and the widget show them: NPS's likelihood,
// CSAT's rating, CES's effort — turned round with direction "effort", where the highest score
// is much effort and metrics.md section 1 reads a score x as min + max − x. A customer who
// reads the ends wrong answers the opposite of what they mean.
func (s *Service) Ends(kind, lang string) (low, high string) {
	w, ok := endWords[lang]
	if !ok {
		w = endWords["nl"]
	}
	switch kind {
	case cx.SurveyNPS:
		return w["unlikely"], w["likely"]
	case cx.SurveyCES:
		if s.App.Config.CES.Direction == config.DirectionEffort {
			return w["easy"], w["effort"]
		}
		return w["effort"], w["easy"]
	}
	return w["poor"], w["excellent"]
}

// Satisfied tells whether an answer of score is on the satisfied side as metrics.md section 1
// counts it: an NPS answer that is no detractor (metric.NPSClass), a positive CSAT (from the
// install's positive_min, metric.CSATScale.Positive), an easy CES (after the direction,
// engine.CESScale.Easy). The follow-up question asks these what went well, the others what
// went wrong.
func (s *Service) Satisfied(kind string, score int) bool {
	switch kind {
	case cx.SurveyNPS:
		return metric.NPSClass(score) != metric.Detractor
	case cx.SurveyCES:
		_, easy := s.App.CESScale().Easy(score)
		return easy
	}
	return s.App.Config.CSAT.CSATScale().Positive(score)
}

// FollowUp is the follow-up question of an answer of score: the high one when it is Satisfied,
// else the low one; "" when the survey has none.
func (s *Service) FollowUp(sv *cx.Survey, lang string, score int) string {
	high := s.Satisfied(sv.Kind, score)
	switch {
	case high && lang == "en":
		return sv.FollowUpHighEN
	case high:
		return sv.FollowUpHighNL
	case lang == "en":
		return sv.FollowUpLowEN
	}
	return sv.FollowUpLowNL
}
