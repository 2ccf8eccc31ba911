package engine

import (
	"slices"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// OffScale is a kind of stored score with values outside the scale the options now give it:
// a review criterion's ratings, or the CSAT or CES answers on the install's scale.
type OffScale struct {
	Kind     cx.Kind  // cx.KindReviews or cx.KindResponses
	Name     string   // the criterion as first seen, or the survey (cx.SurveyCSAT, cx.SurveyCES)
	Min, Max int      // its scale now
	N        int      // scores outside it
	IDs      []string // the review_id or response_id of the first few of them (maxOffScaleIDs)
}

// maxOffScaleIDs is how many records an OffScale names: enough to find them, few enough for
// one line of a message.
const maxOffScaleIDs = 5

// ScoresOffScale lists the stored scores outside their scale now: the CSAT answers, then the
// CES answers, then each criterion with ratings outside, in the order the criteria were first
// seen. A scale narrowed after scores were stored on a wider one would read them wrongly, as
// metrics.md reads a score on the scale the configuration gives: a rating of 10 on 1–10 read on
// 1–5 scores an IQS of 225 (section 4), a CSAT 5 on 1–10 (not positive) counts positive on 1–5
// and a mean of 9 on 1–5 is shown, a CES 7 of effort on 1–7 read on 1–5 turns into −1
// (section 1). So they must be found before a figure is shown. A CSAT answer that names a scale
// of its own (its scale column) is read on that one and never off the install's.
func (e *Engine) ScoresOffScale() []OffScale {
	e.mu.RLock()
	defer e.mu.RUnlock()
	found := e.answersOffScale()
	return append(found, e.ratingsOffScale()...)
}

// answersOffScale is ScoresOffScale of the CSAT and CES answers on the install's scale.
func (e *Engine) answersOffScale() []OffScale {
	c := &e.responses
	found := []OffScale{
		{Kind: cx.KindResponses, Name: cx.SurveyCSAT, Min: e.opts.CSAT.Min, Max: e.opts.CSAT.Max},
		{Kind: cx.KindResponses, Name: cx.SurveyCES, Min: e.opts.CES.Min, Max: e.opts.CES.Max},
	}
	for i, survey := range c.survey {
		var f *OffScale
		switch {
		case survey == surveyCSAT && c.scale[i] == 0:
			f = &found[0]
		case survey == surveyCES:
			f = &found[1]
		default: // NPS is always 0–10; a deleted answer has no survey (delete.go)
			continue
		}
		if f.outside(int(c.score[i])) {
			f.add(c.ids.key(uint32(i)))
		}
	}
	return slices.DeleteFunc(found, func(f OffScale) bool { return f.N == 0 })
}

// ratingsOffScale is ScoresOffScale of the review ratings, by criterion.
func (e *Engine) ratingsOffScale() []OffScale {
	c := &e.reviews
	found := make([]OffScale, e.criteria.len())
	for i := range found {
		sc := e.criterionScale(uint16(i))
		found[i] = OffScale{Kind: cx.KindReviews, Name: e.criteria.name(uint16(i)), Min: sc.Min, Max: sc.Max}
	}
	for i, r := range c.rating {
		if r == notApplicable || c.at[i] == noTime { // not applicable, or deleted (delete.go)
			continue
		}
		if f := &found[c.criterion[i]]; f.outside(int(r)) {
			f.add(c.reviewIDs.key(c.review[i]))
		}
	}
	return slices.DeleteFunc(found, func(f OffScale) bool { return f.N == 0 })
}

// outside tells whether score lies outside the scale. Asked before the record's id is read:
// reading the id of each of 10M answers in scale made this pass a third of a cold report.
func (f *OffScale) outside(score int) bool { return score < f.Min || score > f.Max }

// add counts a score outside the scale, of the record id.
func (f *OffScale) add(id string) {
	f.N++
	if len(f.IDs) < maxOffScaleIDs && !slices.Contains(f.IDs, id) {
		f.IDs = append(f.IDs, id)
	}
}
