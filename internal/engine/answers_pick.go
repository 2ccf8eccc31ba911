package engine

import (
	"cmp"
	"slices"
	"time"

	"github.com/klantpuls/klantpuls/internal/metric"
)

// AnswerPick asks for the answers of one survey (nps, csat or ces) submitted in [From, To)
// with a score in [Min, Max], newest first (ties by id), at most Limit of them. Scales, when
// not nil, replaces Min and Max for CSAT answers on several scales: an answer is picked when
// its score is in the range of its own scale (metric.EveryScale), so a Zendesk bad (0) is
// judged on good-bad and not on the install's 1–5; a scale not listed keeps none.
type AnswerPick struct {
	From, To time.Time
	Survey   string
	Min, Max int
	Scales   []metric.ScaleScores
	Limit    int
	// Filter keeps only the answers a report's filter keeps (run.responseKept: the answer's
	// own channel, team and agent, else its ticket's; its customer's segment; its ticket's
	// category), so a filtered follow-up list counts the answers its report counts.
	Filter map[Dim]string
}

// scoreRanges are p's ranges by scale code (metric.ScaleCode; 0 the install's): [Min, Max]
// for every code without Scales, else each listed scale's, and an empty range for the others.
func (p AnswerPick) scoreRanges() [][2]int {
	ranges := make([][2]int, len(metric.CSATScales)+1)
	for code := range ranges {
		ranges[code] = [2]int{p.Min, p.Max}
		if p.Scales != nil {
			ranges[code] = [2]int{1, 0}
		}
	}
	for _, s := range p.Scales {
		if code, _, ok := metric.ScaleCode(s.Scale); ok {
			ranges[code] = [2]int{s.Min, s.Max}
		}
	}
	return ranges
}

// PickedAnswer is one answer of a pick: what the follow-up list filters, sorts and pages on,
// so that the database is asked only for the page's texts.
type PickedAnswer struct {
	ID    string
	At    time.Time // submitted, whole seconds, UTC
	Score int
}

// PickAnswers returns the ids of the answers p asks for, in its order, and false for a survey
// the engine does not hold. The follow-up list's database query reads every answer of the
// period to find these (the survey and the score are in no index); given the ids, it reads
// only them.
func (e *Engine) PickAnswers(p AnswerPick) ([]string, bool) {
	picked, ok := e.PickAnswersScored(p)
	ids := make([]string, len(picked))
	for i, a := range picked {
		ids[i] = a.ID
	}
	return ids, ok
}

// PickAnswersScored is PickAnswers with each answer's submission instant and score: enough
// for the follow-up list to count, filter, sort and page without the database.
func (e *Engine) PickAnswersScored(p AnswerPick) ([]PickedAnswer, bool) {
	code, ok := surveyCodes[p.Survey]
	if !ok {
		return nil, false
	}
	e.mu.RLock()
	defer e.mu.RUnlock()
	c := &e.responses
	from, to := p.From.Unix(), p.To.Unix()
	type answer struct {
		at    uint32
		score int16
		i     uint32
	}
	var found []answer
	ranges := p.scoreRanges()
	kept := e.filterRun(p.Filter)
	for i, at := range c.submitted {
		if c.survey[i] != code || at == noTime || int64(at) < from || int64(at) >= to {
			continue
		}
		if s, r := int(c.score[i]), ranges[c.scale[i]]; s < r[0] || s > r[1] {
			continue
		}
		if kept != nil && !kept.responseKept(uint32(i)) {
			continue
		}
		found = append(found, answer{at, int16(c.score[i]), uint32(i)})
	}
	slices.SortFunc(found, func(a, b answer) int {
		if a.at != b.at {
			return cmp.Compare(b.at, a.at)
		}
		return c.ids.compare(a.i, b.i)
	})
	if p.Limit > 0 && len(found) > p.Limit {
		found = found[:p.Limit]
	}
	out := make([]PickedAnswer, len(found))
	for i, a := range found {
		out[i] = PickedAnswer{ID: c.ids.key(a.i), At: time.Unix(int64(a.at), 0).UTC(), Score: int(a.score)}
	}
	return out, true
}
