package engine

import (
	"math"
	"slices"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// FeedbackPick asks for the items of the feedback stream — answers with a comment and public
// mentions — as the store's list selects them (store.FeedbackQuery, which app turns into
// this): the engine counts them, so the page says how many its filter keeps without a count
// of the database, which at a million answers took a second a page.
type FeedbackPick struct {
	From, To time.Time
	// Answers counts answers submitted in [From, To): of Survey ("" every one), with a
	// comment unless Uncommented, a score of at least Min and at most Max (nil: no bound) and
	// in its own scale's range of Scales when not nil (as AnswerPick), and kept by Filter
	// (run.responseKept).
	Answers     bool
	Survey      string
	Uncommented bool
	Min, Max    *int
	Scales      []metric.ScaleScores
	Filter      map[Dim]string
	// Mentions counts the mentions of [From, To) too; whether the list holds them is the
	// store's rule (store.FeedbackQuery.WithMentions), not the engine's.
	Mentions bool
	// Replied keeps only the replied (true) or the unreplied (false) items; nil both.
	Replied *bool
	// Sentiment keeps the texts of one label (metric.SentimentPositive, …) by their stored
	// score, answers and mentions alike; "" every one, scored or not.
	Sentiment string
}

// CountFeedback counts the items p keeps, every page of them. An unknown survey keeps no
// answer, as no stored answer has it; an unknown sentiment label or filter dimension is
// cx.EINVALID, as the store says.
func (e *Engine) CountFeedback(p FeedbackPick) (int, error) {
	tone := toneNone
	if p.Sentiment != "" {
		if tone = toneLabelled(p.Sentiment); tone == toneNone {
			return 0, cx.Errorf(cx.EINVALID, "engine: unknown sentiment %q (want positive, neutral or negative)", p.Sentiment)
		}
	}
	for d := range p.Filter {
		if !d.grouping() {
			return 0, cx.Errorf(cx.EINVALID, "engine: unknown filter %q", d)
		}
	}
	// The period in instants, above noTime (a record without a time is in none).
	lo, hi := clampInstant(p.From), clampInstant(p.To)
	if lo >= hi {
		return 0, nil
	}
	e.mu.RLock()
	defer e.mu.RUnlock()
	n := 0
	if p.Answers {
		n = e.countFeedbackAnswers(p, lo, hi, tone)
	}
	if p.Mentions {
		m := &e.mentions
		var picked []uint32
		for b := 0; b < len(m.at); b += pickBlock {
			picked = pickIn(picked, m.at, uint32(b), uint32(min(b+pickBlock, len(m.at))), lo, hi)
			for _, i := range picked {
				if p.Replied != nil && m.replied[i] != *p.Replied || tone != toneNone && m.tone[i] != tone {
					continue
				}
				n++
			}
		}
	}
	return n, nil
}

// toneLabelled is the tone whose label (toneName) is label, toneNone when none's is: the
// labels are written once, in toneName.
func toneLabelled(label string) uint8 {
	for t := tonePositive; t <= toneNegative; t++ {
		if toneName(t) == label {
			return t
		}
	}
	return toneNone
}

// countFeedbackAnswers counts the answers of p submitted in [lo, hi) whose tone is tone
// (toneNone: any); the caller holds the read lock. The period's answers with a comment are
// picked a block at a time without a branch on each (pickFeedback), as the reports pick
// theirs: at a million answers, a pass of a millisecond or two.
func (e *Engine) countFeedbackAnswers(p FeedbackPick, lo, hi uint32, tone uint8) int {
	c := &e.responses
	var survey uint8 // 0: every survey
	if p.Survey != "" {
		var ok bool
		if survey, ok = surveyCodes[p.Survey]; !ok {
			return 0
		}
	}
	least, most := math.MinInt, math.MaxInt
	if p.Min != nil {
		least = *p.Min
	}
	if p.Max != nil {
		most = *p.Max
	}
	// Every scale's range is [least, most] without Scales; with them, the answer's scale's as well.
	ranges := AnswerPick{Min: math.MinInt, Max: math.MaxInt, Scales: p.Scales}.scoreRanges()
	kept := e.filterRun(p.Filter)
	n := 0
	var picked []uint32
	for b := 0; b < len(c.submitted); b += pickBlock {
		picked = c.pickFeedback(picked, uint32(b), uint32(min(b+pickBlock, len(c.submitted))), lo, hi, p.Uncommented)
		for _, i := range picked {
			f := c.flags[i]
			if survey != 0 && c.survey[i] != survey {
				continue
			}
			if s, r := int(c.score[i]), ranges[c.scale[i]]; s < least || s > most || s < r[0] || s > r[1] {
				continue
			}
			if p.Replied != nil && (f&responseReplied != 0) != *p.Replied || tone != toneNone && responseTone(f) != tone {
				continue
			}
			if kept != nil && !kept.responseKept(i) {
				continue
			}
			n++
		}
	}
	return n
}

// pickFeedback appends to dst the answers of [from, to) submitted in [lo, hi) with a comment
// (or any, with uncommented), in order, and returns it: pick with the comment's flag read in
// the same branchless pass, so a quarter's 250,000 answers come down to its 37,000 comments
// before any other column is read.
func (c *responseColumns) pickFeedback(dst []uint32, from, to, lo, hi uint32, uncommented bool) []uint32 {
	submitted, flags := c.submitted[from:to], c.flags[from:to]
	flags = flags[:len(submitted)]
	dst = slices.Grow(dst[:0], len(submitted))[:len(submitted)]
	n, span, every := 0, hi-lo, b2i(uncommented)
	for i, at := range submitted {
		dst[n] = from + uint32(i)
		// responseComment is bit 0; at below lo wraps around to above span.
		n += b2i(at-lo < span) & (int(flags[i]&responseComment) | every)
	}
	return dst[:n]
}
