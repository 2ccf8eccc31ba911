package engine

import (
	"cmp"
	"math"
	"slices"

	"github.com/klantpuls/klantpuls/internal/metric"
)

// Drivers of CSAT and NPS (issue 13): yes/no factors of an answer's ticket or comment, each
// compared between the answers that have it and those that do not (metric.Effect), its share
// and impact. The answers are those CSAT and NPS count (metrics.md section 1: a ticket's latest
// rating, a customer's latest NPS answer in the period). A factor that cannot be told for an
// answer (no ticket, an unanswered ticket for the first response) leaves that answer out of
// that factor's comparison only.
//
// The factors:
//   - first_response_over_sla: the ticket's first reply came after its due instant, its team's
//     first-response target (the targets page; 8 hours by default) in business time from its
//     creation: a breach as the SLA page counts one (overTarget);
//   - reopened: reopened at least once; complaint: marked a complaint; transferred: transfers
//     above 0 (unknown without the column);
//   - first_contact: solved at first contact as FCR counts it (metrics.md section 2: solved,
//     agent replies known, at most one and no reopen); unsolved tickets are not told;
//   - waited_long: waited longer than the median of the period's answered tickets: the
//     ticket's wait_seconds when it has them (a call or chat queue), else its first reply in
//     business seconds, each against the median of the same measure;
//   - channel (each one against the rest) and theme (each one, among the answers with a
//     comment: the comment mentions it or not).

// Factor names, as the API writes them.
const (
	FactorSLA          = "first_response_over_sla"
	FactorReopened     = "reopened"
	FactorComplaint    = "complaint"
	FactorTransferred  = "transferred"
	FactorFirstContact = "first_contact"
	FactorWaitedLong   = "waited_long"
	FactorChannel      = "channel"
	FactorTheme        = "theme"
)

var ticketFactors = []string{FactorSLA, FactorReopened, FactorComplaint, FactorTransferred, FactorFirstContact, FactorWaitedLong}

// Driver is one factor of CSAT or NPS: its effect, share and impact in the period, and the same
// in the previous period for the trend. Key names the channel or the theme.
type Driver struct {
	Factor string `json:"factor"`
	Key    string `json:"key,omitempty"`
	metric.Driver
	Previous metric.Driver `json:"previous"`
}

// side counts the answers on one side of a factor.
type side struct {
	csatN, csatPos                  int
	promoters, passives, detractors int
}

// plus adds o's answers to s's.
func (s *side) plus(o side) {
	s.csatN, s.csatPos = s.csatN+o.csatN, s.csatPos+o.csatPos
	s.promoters, s.passives, s.detractors = s.promoters+o.promoters, s.passives+o.passives, s.detractors+o.detractors
}

func (s side) nps() metric.NPS { return metric.NewNPS(s.promoters, s.passives, s.detractors) }

// csat is the side's CSAT without a mean: answers on several scales would need the scale
// arithmetic of the report, and the comparison is of the share positive.
func (s side) csat() metric.CSAT {
	c := metric.NewCSAT(s.csatPos, s.csatN, 0)
	c.Mean = nil
	return c
}

// answer is an answer CSAT or NPS counts: its row, period and what it says.
type answer struct {
	i        uint32
	p        uint8
	nps      bool
	class    int8 // metric.NPSClass, for NPS
	positive bool // for CSAT
}

// driverCounts are the sides of every factor per period: factor f's answers without it at
// 2f, with it at 2f+1.
type driverCounts struct {
	r        *run
	targets  []int64
	answers  []answer
	channels int // channel factors follow the ticket factors, from channel id 1
	sides    [2][]side
	medians  [2][2]float64 // per period: the median wait_seconds, the median first reply
}

func (r *run) newDrivers(target func(team string) int64) *driverCounts {
	e := r.e
	d := &driverCounts{r: r, channels: e.channels.len() - 1, targets: make([]int64, e.teams.len())}
	for i := range d.targets {
		d.targets[i] = target(e.teams.name(uint16(i)))
	}
	n := len(ticketFactors) + d.channels + len(e.taxonomy.Themes())
	d.sides = [2][]side{make([]side, 2*n), make([]side, 2*n)}
	return d
}

func (d *driverCounts) themeFactor(th int) int { return len(ticketFactors) + d.channels + th }

// of is factor f's answers without and with it in period p.
func (d *driverCounts) of(p, f int) (with, without side) {
	return d.sides[p][2*f+1], d.sides[p][2*f]
}

// count gathers the answers, the medians of their waits, and each factor's sides, on two
// cores: each half of the rows gathers its own answers and waits, and each half of the answers
// is put on sides of its own, added together after. Counts and the sorted waits do not depend
// on the order they were gathered in, so the figures are those of one pass.
func (d *driverCounts) count() {
	r, e := d.r, d.r.e
	c := &e.responses
	voices := r.latestNPS()
	n := uint32(len(c.submitted))
	var halves [2]gathered
	runTasks([]func(){
		func() { halves[0].gather(d, voices, 0, n/2) },
		func() { halves[1].gather(d, voices, n/2, n) },
	})
	seen := make([]uint8, len(e.tickets.flags)) // bit 2p+kind: the ticket's wait is taken
	for p := range d.medians {
		for kind := range d.medians[p] {
			ws := append(halves[0].waits[p][kind], halves[1].waits[p][kind]...)
			d.medians[p][kind] = medianWait(ws, seen, uint8(1)<<(2*p+kind))
		}
	}
	d.answers = append(halves[0].answers, halves[1].answers...)
	mid := len(d.answers) / 2
	other := [2][]side{make([]side, len(d.sides[0])), make([]side, len(d.sides[1]))}
	runTasks([]func(){
		func() { d.addAll(d.answers[:mid], &d.sides) },
		func() { d.addAll(d.answers[mid:], &other) },
	})
	for p := range d.sides {
		for f, o := range other[p] {
			d.sides[p][f].plus(o)
		}
	}
}

// medianWait is the median of the rated tickets' waits, each ticket once however many of its
// answers count (a CSAT and an NPS answer on one ticket counted its wait twice, and moved
// the median toward it); NaN for none.
// seen marks, by bit, the tickets already taken (a bitmap a pass, not a sort of the pairs by
// ticket, which made Why of a quarter a third slower).
func medianWait(ws []ticketWait, seen []uint8, bit uint8) float64 {
	vs := make([]float64, 0, len(ws))
	for _, w := range ws {
		if seen[w.t]&bit == 0 {
			seen[w.t] |= bit
			vs = append(vs, w.v)
		}
	}
	if len(vs) == 0 {
		return math.NaN()
	}
	slices.Sort(vs)
	return metric.Percentile(vs, 0.5)
}

// ticketWait is a rated ticket's wait (driverCounts.wait).
type ticketWait struct {
	t uint32
	v float64
}

// gathered are the answers that count of a stretch of rows, with their tickets' waits per
// period and kind (driverCounts.wait).
type gathered struct {
	answers []answer
	waits   [2][2][]ticketWait
}

// gather keeps the answers of rows [from, to) that count — an NPS answer its customer's latest
// in the period, a CSAT answer no later one superseded — a block at a time, only those
// submitted within the periods (responseColumns.pick: a month's are a twentieth of two years').
func (g *gathered) gather(d *driverCounts, voices []uint8, from, to uint32) {
	r, e := d.r, d.r.e
	c := &e.responses
	lo, hi := r.bounds()
	var list []uint32
	for b := from; b < to; b += pickBlock {
		list = c.pick(list, b, min(b+pickBlock, to), lo, hi)
		for _, i := range list {
			ks, in := r.periodsOf(c.submitted[i])
			if !in || !r.responseKept(i) {
				continue
			}
			a := answer{i: i, p: uint8(ks[0])}
			switch c.survey[i] {
			case surveyNPS:
				if voices[i]&1 == 0 {
					continue
				}
				a.nps, a.class = true, int8(metric.NPSClass(int(c.score[i])))
			case surveyCSAT:
				if c.flags[i]&responseSuperseded != 0 {
					continue
				}
				a.positive = metric.ScaleOf(c.scale[i], e.opts.CSAT).Positive(int(c.score[i]))
			default:
				continue
			}
			g.answers = append(g.answers, a)
			if t, ok := d.ticket(i); ok {
				if kind, v, ok := d.wait(t); ok {
					g.waits[a.p][kind] = append(g.waits[a.p][kind], ticketWait{t, v})
				}
			}
		}
	}
}

// addAll puts each of answers on its sides of every factor (add).
func (d *driverCounts) addAll(answers []answer, sides *[2][]side) {
	for _, a := range answers {
		d.add(a, sides)
	}
}

// ticket is answer i's ticket, when it has one that was applied.
func (d *driverCounts) ticket(i uint32) (uint32, bool) {
	ref := d.r.e.responses.ticket[i]
	if ref == 0 || d.r.e.tickets.flags[ref-1]&ticketExists == 0 {
		return 0, false
	}
	return ref - 1, true
}

// wait is how long ticket t's customer waited: its wait_seconds (kind 0), else its first reply
// in business seconds (kind 1).
func (d *driverCounts) wait(t uint32) (kind int, v float64, ok bool) {
	c := &d.r.e.tickets
	if w := c.wait[t]; !math.IsNaN(w) {
		return 0, w, true
	}
	if s := c.firstReplyBiz[t]; s != noSeconds && c.flags[t]&ticketOutbound == 0 {
		return 1, float64(s), true
	}
	return 0, 0, false
}

// add puts answer a on its side of every factor it can be told for, in sides.
func (d *driverCounts) add(a answer, into *[2][]side) {
	e := d.r.e
	sides := into[a.p]
	put := func(f int, with bool) {
		s := &sides[2*f]
		if with {
			s = &sides[2*f+1]
		}
		switch {
		case !a.nps:
			s.csatN++
			if a.positive {
				s.csatPos++
			}
		case a.class == metric.Promoter:
			s.promoters++
		case a.class == metric.Passive:
			s.passives++
		default:
			s.detractors++
		}
	}
	if t, ok := d.ticket(a.i); ok {
		c := &e.tickets
		flags := c.flags[t]
		if s := c.firstReplyBiz[t]; s != noSeconds && flags&ticketOutbound == 0 {
			put(0, e.overTarget(t, int64(s), d.targets[c.team[t]]))
		}
		put(1, c.reopens[t] > 0)
		put(2, flags&ticketComplaint != 0)
		if flags&ticketTransfers != 0 {
			put(3, flags&ticketTransferred != 0)
		}
		if c.solved[t] != noTime && c.replies[t] != noReplies {
			put(4, metric.IsFirstContact(int(c.replies[t]), int(c.reopens[t])))
		}
		if kind, v, ok := d.wait(t); ok {
			put(5, v > d.medians[a.p][kind])
		}
	}
	ch := int(d.r.responseDim(a.i, ByChannel))
	for k := 1; k <= d.channels; k++ {
		put(len(ticketFactors)+k-1, ch == k)
	}
	if rs := &e.responses; rs.flags[a.i]&responseComment != 0 {
		set := rs.text.themes[a.i]
		for th := range e.taxonomy.Themes() {
			put(d.themeFactor(th), set&(1<<th) != 0)
		}
	}
}

// drivers are the CSAT and NPS drivers of the period ranked by |impact|: factors with answers
// on both sides only (a channel filter leaves no other channel to compare with).
func (d *driverCounts) drivers() (csat, nps []Driver) {
	e := d.r.e
	for f := range len(d.sides[1]) / 2 {
		dr := Driver{Factor: FactorTheme}
		switch {
		case f < len(ticketFactors):
			dr.Factor = ticketFactors[f]
		case f < len(ticketFactors)+d.channels:
			dr.Factor, dr.Key = FactorChannel, e.channels.name(uint16(f-len(ticketFactors)+1))
		default:
			dr.Key = e.taxonomy.Themes()[f-len(ticketFactors)-d.channels].Key
		}
		with, without := d.of(1, f)
		pWith, pWithout := d.of(0, f)
		if with.csatN > 0 && without.csatN > 0 {
			x := dr
			x.Driver = metric.NewDriver(metric.CSATEffect(with.csatPos, with.csatN, without.csatPos, without.csatN))
			x.Previous = metric.NewDriver(metric.CSATEffect(pWith.csatPos, pWith.csatN, pWithout.csatPos, pWithout.csatN))
			csat = append(csat, x)
		}
		if with.nps().N > 0 && without.nps().N > 0 {
			x := dr
			x.Driver = metric.NewDriver(metric.NPSEffect(with.nps(), without.nps()))
			x.Previous = metric.NewDriver(metric.NPSEffect(pWith.nps(), pWithout.nps()))
			nps = append(nps, x)
		}
	}
	for _, list := range [][]Driver{csat, nps} {
		metric.RankDrivers(list, func(d Driver) metric.Driver { return d.Driver }, func(a, b Driver) int {
			return cmp.Or(cmp.Compare(a.Factor, b.Factor), cmp.Compare(a.Key, b.Key))
		})
	}
	return csat, nps
}
