package engine

import (
	"cmp"
	"slices"
	"time"
)

// AnswerPick asks for the answers of one survey (nps, csat or ces) submitted in [From, To)
// with a score in [Min, Max], newest first (ties by id), at most Limit of them.
type AnswerPick struct {
	From, To time.Time
	Survey   string
	Min, Max int
	Limit    int
}

// PickAnswers returns the ids of the answers p asks for, in its order, and false for a survey
// the engine does not hold. It reads no filter: a caller with one asks the database. The
// follow-up list's database query reads every answer of the period to find these (the survey
// and the score are in no index); given the ids, it reads only them.
func (e *Engine) PickAnswers(p AnswerPick) ([]string, bool) {
	code, ok := surveyCodes[p.Survey]
	if !ok {
		return nil, false
	}
	e.mu.RLock()
	defer e.mu.RUnlock()
	c := &e.responses
	from, to := p.From.Unix(), p.To.Unix()
	type answer struct {
		at uint32
		id string
	}
	var found []answer
	for i, at := range c.submitted {
		if c.survey[i] != code || at == noTime || int64(at) < from || int64(at) >= to {
			continue
		}
		if s := int(c.score[i]); s < p.Min || s > p.Max {
			continue
		}
		found = append(found, answer{at, c.ids.key(uint32(i))})
	}
	slices.SortFunc(found, func(a, b answer) int {
		if a.at != b.at {
			return cmp.Compare(b.at, a.at)
		}
		return cmp.Compare(a.id, b.id)
	})
	if p.Limit > 0 && len(found) > p.Limit {
		found = found[:p.Limit]
	}
	ids := make([]string, len(found))
	for i, a := range found {
		ids[i] = a.id
	}
	return ids, true
}
