package engine

import (
	"slices"

	"github.com/klantpuls/klantpuls/internal/metric"
)

// countAnswer adds answer i to the counters n of slot k; voice tells whether it is the
// customer's latest NPS answer in that period.
func (r *run) countAnswer(n *SurveyCounts, k int, i uint32, voice bool) {
	e, c := r.e, &r.e.responses
	f, at := c.flags[i], c.submitted[i]
	score := int(c.score[i])
	// Every comment is feedback, also one whose rating a later answer superseded; its tone
	// counts the same way, and stays when an erasure took the comment (the score is kept).
	if countTone(&n.Tone, responseTone(f)) {
		r.note("sentiment", k, RecordAnswer, i, at, float64(score))
	}
	if f&responseComment != 0 {
		n.Feedback++
		r.note("feedback_response", k, RecordAnswer, i, at, float64(score))
		if f&responseReplied != 0 {
			n.Replied++
		}
	}
	switch c.survey[i] {
	case surveyNPS:
		if voice { // else counted once known to be the customer's latest (countVoice)
			r.countVoice(n, k, i, score)
		}
	case surveyCSAT:
		if f&responseSuperseded == 0 {
			// Positive by the answer's own scale; the mean on the install's (metric.CSATScale).
			s := metric.ScaleOf(c.scale[i], e.opts.CSAT)
			n.CSATN++
			r.note("csat", k, RecordAnswer, i, at, float64(score))
			if c.scale[i] == 0 {
				n.CSATSum += float64(score)
			} else {
				n.CSATSum += e.opts.CSAT.OnScale(s.Fraction(score))
			}
			if s.Positive(score) {
				n.CSATPositive++
			}
		}
	case surveyCES:
		if ces := e.opts.CES; f&responseSuperseded == 0 {
			x, easy := ces.Easy(score)
			n.CESN++
			r.note("ces", k, RecordAnswer, i, at, float64(score))
			n.CESSum += float64(x)
			if easy {
				n.CESEasy++
			}
		}
	}
}

// countVoice counts NPS answer i, of the score given, as a voice in slot k: one voice per
// customer per period, the latest answer.
func (r *run) countVoice(n *SurveyCounts, k int, i uint32, score int) {
	if r.collect != nil { // the instant, at a random place, is read for a drill-down's list alone
		r.note("nps", k, RecordAnswer, i, r.e.responses.submitted[i], float64(score))
	}
	switch metric.NPSClass(score) {
	case metric.Promoter:
		n.Promoters++
	case metric.Passive:
		n.Passives++
	default:
		n.Detractors++
	}
}

// keepLatest makes answer i, with its tag, the latest of period k of the customer at index
// cust of latest when it counts over the one kept (later): the slot's value is the answer's
// ref and above it the tag (latestOf).
func keepLatest(latest *slots, c *responseColumns, cust uint32, k int, i uint32, tag voiceTag) {
	if cur := latest.of(cust, k); *cur == 0 || later(c, i, uint32(*cur)-1) {
		*cur = uint64(tag)<<32 | uint64(ref(i))
	}
}

// latestOf is the answer and its tag a slot of keepLatest holds.
func latestOf(val uint64) (i uint32, tag voiceTag) { return uint32(val) - 1, voiceTag(val >> 32) }

// voiceTag is what a waiting NPS answer carries to its count: its group and its score, so that
// counting the voices reads neither the answer's columns nor its ticket's again, at random
// places (most of the voices' time).
type voiceTag uint32

func tagOf(g uint16, score int8) voiceTag { return voiceTag(g)<<8 | voiceTag(uint8(score)) }
func (t voiceTag) group() uint16          { return uint16(t >> 8) }
func (t voiceTag) score() int             { return int(int8(uint8(t))) }

// pick appends to dst the answers of [from, to) submitted in [lo, hi), in order, and returns
// it: without a branch on each, as answers come in no order of time.
func (c *responseColumns) pick(dst []uint32, from, to, lo, hi uint32) []uint32 {
	return pickIn(dst, c.submitted, from, to, lo, hi)
}

// pickIn is pick of any column of instants: the rows of [from, to) whose instant is in
// [lo, hi), lo above noTime.
func pickIn(dst, instants []uint32, from, to, lo, hi uint32) []uint32 {
	submitted := instants[from:to]
	dst = slices.Grow(dst[:0], len(submitted))[:len(submitted)]
	n, span := 0, hi-lo
	for i, at := range submitted {
		dst[n] = from + uint32(i)
		n += b2i(at-lo < span) // at below lo wraps around to above span
	}
	return dst[:n]
}

// easyScore turns a CES answer into the "high = easy" direction.
func easyScore(s CESScale, score int) int {
	if s.HighIsEffort {
		return s.Min + s.Max - score
	}
	return score
}

// latestNPS marks, per customer and period, the customer's latest NPS answer: bit j of an
// answer's entry is set when it is the latest in its period on row j. An answer without a
// customer always counts.
func (r *run) latestNPS() []uint8 {
	e, s := r.e, r.s
	c := &e.responses
	latest := &s.npsMarks
	latest.reset(e.customers.ids.len())
	s.voices = perCustomer(s.voices, len(c.flags))
	lo, hi := r.bounds()
	for b := 0; b < len(c.submitted); b += pickBlock {
		s.answers = c.pick(s.answers, uint32(b), uint32(min(b+pickBlock, len(c.submitted))), lo, hi)
		for _, i := range s.answers {
			if c.survey[i] != surveyNPS {
				continue
			}
			ks, in := r.periodsOf(c.submitted[i])
			if !in || !r.responseKept(i) {
				continue
			}
			cust := e.responseCustomer(i)
			if cust == 0 {
				s.voices[i] = 0xff
				continue
			}
			for _, k := range ks {
				if k >= 0 {
					keepLatest(latest, c, cust-1, k, i, 0)
				}
			}
		}
	}
	for _, n := range latest.nodes {
		row := 0
		if len(r.lines) > 1 && int(n.period) >= r.lines[1].first {
			row = 1
		}
		i, _ := latestOf(n.val)
		s.voices[i] |= 1 << row
	}
	return s.voices
}
