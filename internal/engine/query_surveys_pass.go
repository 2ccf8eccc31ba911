package engine

import (
	"math"
	"sync"
)

// surveyChunks is how many shares of the answers the surveys pass makes for the two cores, as
// the service pass does of the tickets: in one task it was the longest of a report split by
// agent at 26M records (issue 17 point 5), which the other core could not share. Below
// chunkedRecords answers it makes one.
const surveyChunks = 4

// surveyAcc is what the surveys pass gathers from a chunk of the answers, per period and group
// (run.slot), on either core. Every counter but the CSAT sum of answers on scales of their own
// is a whole number, so the chunks added together in their order give what one pass gives.
type surveyAcc struct {
	counts  []SurveyCounts
	seen    []bool
	answers []uint32 // a block's answers the run's rows may hold (responseColumns.pick)
	// waiting holds, per share of the customers, the chunk's NPS answers of those customers:
	// a customer's latest answer in a period may lie in any chunk, so they are kept and
	// counted once every chunk ran, a share of the customers by each task (run.countVoices).
	waiting [][]waitingVoice
	marks   slots // the latest answers of the customers of this acc's share, without the grid
}

// waitingVoice is NPS answer i of the customer at index cust in period k, with its tag, waiting
// to be known as the customer's latest there.
type waitingVoice struct {
	cust, k, i uint32
	tag        voiceTag
}

func (a *surveyAcc) reset(r *run, shares int) {
	a.counts = perCustomer(a.counts, len(r.sets))
	a.seen = perCustomer(a.seen, len(r.sets))
	a.waiting = growTo(a.waiting, shares)[:shares]
	for p := range a.waiting {
		a.waiting[p] = a.waiting[p][:0]
	}
}

// surveys computes NPS, CSAT, CES and the feedback response rate (metrics.md section 1) in
// passes over chunks of the period's answers, on either core. An NPS answer of a customer
// counts once it is known to be the customer's latest in its period (a voice), and the
// customer's other answers may lie in any chunk: each chunk sets its customers' answers aside
// by share of the customers, and once every chunk ran one task per share keeps and counts its
// customers' latest (countVoices). It returns the chunks, the shares' tasks (each waits for the
// chunks: they go after them) and what completes the figures once all ran.
func (r *run) surveys() (chunks, shares []func(), done func()) {
	e, s := r.e, r.s
	c := &e.responses
	n := uint32(len(c.submitted))
	parts := r.chunks(n, surveyChunks)
	s.surveys = growTo(s.surveys, parts)
	accs := s.surveys[:parts]
	customers := e.customers.ids.len()
	// A drill-down lists the voices in the order the slots give them.
	grid := r.collect == nil && r.voices && s.npsGrid.reset(len(r.periods), customers)
	// With the grid, the period's latest answers are those of its buckets when they tile it.
	first, tiles := r.tiledBuckets()
	skip := -1 // the period whose latest the pass does not keep
	if grid && tiles > 0 {
		skip = r.whole
	} else {
		tiles = 0
	}
	width := max(1, (customers+parts-1)/parts) // customers per share
	lo, hi := r.bounds()
	var counted sync.WaitGroup
	counted.Add(parts)
	for j := range accs {
		a := &accs[j]
		from, to := n*uint32(j)/uint32(parts), n*uint32(j+1)/uint32(parts)
		chunks = append(chunks, func() {
			defer counted.Done()
			a.reset(r, parts)
			// A block at a time: the list stays small, and the block's columns in the cache.
			for b := from; b < to; b += pickBlock {
				a.answers = c.pick(a.answers, b, min(b+pickBlock, to), lo, hi)
				r.countAnswers(a, skip, width)
			}
		})
		if r.voices {
			shares = append(shares, func() {
				counted.Wait()
				r.countVoices(accs, j, min(j*width, customers), min((j+1)*width, customers), grid, first, tiles)
			})
		}
	}
	if parts == 1 && len(shares) == 1 { // nothing to wait for on the other core
		pass, voices := chunks[0], shares[0]
		chunks, shares = []func(){func() { pass(); voices() }}, nil
	}
	return chunks, shares, func() { r.surveysDone(accs) }
}

// countAnswers adds the answers a picked to its counters and seen flags; a customer's NPS
// answers wait in a.waiting for the latest to be known (customers per share of them: width),
// but not those of period skip (-1: none), whose latest the grid's buckets give.
func (r *run) countAnswers(a *surveyAcc, skip, width int) {
	e, c := r.e, &r.e.responses
	for _, i := range a.answers {
		ks, in := r.periodsOf(c.submitted[i])
		if !in || !r.responseKept(i) {
			continue
		}
		cust := uint32(0)
		if c.survey[i] == surveyNPS && r.voices {
			// Without the NPS asked every answer counts at once: its voices are not read.
			cust = e.responseCustomer(i)
		}
		g := r.responseGroup(i)
		for _, k := range ks {
			if slot := r.slot(k, g); slot >= 0 {
				a.seen[slot] = true
				// An NPS answer without a customer always counts; a customer's waits.
				r.countAnswer(&a.counts[slot], slot, i, cust == 0)
				if cust != 0 && k != skip {
					p := int(cust-1) / width
					a.waiting[p] = append(a.waiting[p], waitingVoice{cust - 1, uint32(k), i, tagOf(g, c.score[i])})
				}
			}
		}
	}
}

// countVoices keeps, for the customers at index [lo, hi) (share p), the latest of the NPS answers
// every chunk set aside for them in each period, and counts it as a voice in acc p: no other
// task reads or writes these customers' cells or that acc meanwhile.
func (r *run) countVoices(accs []surveyAcc, p, lo, hi int, grid bool, first, tiles int) {
	c, a := &r.e.responses, &accs[p]
	count := func(k int, i uint32, tag voiceTag) {
		slot := r.slot(k, tag.group())
		r.countVoice(&a.counts[slot], slot, i, tag.score())
	}
	if grid {
		g := &r.s.npsGrid
		g.clearRows(lo, hi)
		for j := range accs {
			g.keep(c, accs[j].waiting[p])
		}
		g.each(c, lo, hi, r.whole, first, tiles, count)
		return
	}
	m := &a.marks
	m.reset(hi - lo)
	for j := range accs {
		for _, w := range accs[j].waiting[p] {
			keepLatest(m, c, w.cust-uint32(lo), int(w.k), w.i, w.tag)
		}
	}
	for _, n := range m.nodes {
		i, tag := latestOf(n.val)
		count(int(n.period), i, tag)
	}
}

// surveysDone adds the chunks' counters together in their order, and the public mentions, and
// fills each slot's figures.
func (r *run) surveysDone(accs []surveyAcc) {
	a := &accs[0]
	for j := 1; j < len(accs); j++ {
		for k := range a.counts {
			a.counts[k].Add(&accs[j].counts[k])
			a.seen[k] = a.seen[k] || accs[j].seen[k]
		}
	}
	if r.onlyDims() { // mentions have no channel, team, agent or segment
		r.mentions(a.counts)
	}
	for k := range a.counts {
		a.counts[k].Fill(&r.sets[k])
	}
	r.markSeen(a.seen)
}

// mentions adds the public mentions to the counters of their periods: feedback, replied and
// tone.
func (r *run) mentions(counts []SurveyCounts) {
	m := &r.e.mentions
	for i := range m.at {
		ks, _ := r.periodsOf(m.at[i])
		for _, k := range ks {
			if slot := r.slot(k, 0); slot >= 0 {
				counts[slot].Feedback++
				r.note("feedback_response", slot, RecordMention, uint32(i), m.at[i], math.NaN())
				if m.replied[i] {
					counts[slot].Replied++
				}
				if countTone(&counts[slot].Tone, m.tone[i]) {
					r.note("sentiment", slot, RecordMention, uint32(i), m.at[i], math.NaN())
				}
			}
		}
	}
}
