package demo

import (
	"cmp"
	"math/rand/v2"
	"slices"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// criteria of the quality scorecard, in the order a team lead fills it in. Snelheid and
// Procedure are sometimes not applicable (a simple question has no procedure to follow).
var criteria = []struct {
	name       string
	notApplies float64
}{
	{"Oplossing", 0},
	{"Toon", 0},
	{"Snelheid", 0.08},
	{"Procedure", 0.2},
}

// reviews draws quality reviews of solved tickets, a few days after solving, each by the team
// lead of the agent's team. Size.Reviews counts rows (one per criterion), so the last review may
// cover fewer criteria.
func (g *generator) reviews(emit func(cx.Kind, []cx.Record) error) error {
	r := g.rng(streamReviews)
	c := g.cal
	rows := g.size.Reviews
	if rows == 0 {
		return nil
	}
	var solved []int32
	for k, f := range g.tk {
		if f.solved > 0 && f.solved < c.end-2*86400 {
			solved = append(solved, int32(k))
		}
	}
	if len(solved) == 0 { // tiny sizes: review open conversations too
		for k := range g.tk {
			solved = append(solved, int32(k))
		}
	}
	n := (rows + len(criteria) - 1) / len(criteria)
	type review struct {
		at     int64
		ticket int32
	}
	list := make([]review, 0, n)
	for len(list) < n { // tiny sizes review some tickets twice, as a calibration session would
		for _, k := range sample(r, solved, min(n-len(list), len(solved))) {
			after := max(g.tk[k].solved, g.tk[k].created) + between(r, 1, 5)*86400
			at := min(c.businessAdd(after, between(r, 0, 7*3600)), c.end-1)
			list = append(list, review{at, k})
		}
	}
	slices.SortStableFunc(list, func(a, b review) int { return cmp.Compare(a.at, b.at) })

	out := newSink[cx.Review](cx.KindReviews, emit)
	for i, rv := range list {
		f := &g.tk[rv.ticket]
		a := agents[f.agent]
		for j, cr := range criteria {
			if rows == 0 {
				break
			}
			rows--
			rec := cx.Review{ReviewID: id('Q', i+1, 6), Criterion: cr.name, ReviewedAt: g.instant(rv.at),
				Agent: a.name, TicketID: ticketID(int(rv.ticket)), Reviewer: teamLeads[a.team]}
			if !chance(r, cr.notApplies) {
				rec.Rating = ptr(rating(r, criterionScore(j, a, f)))
			}
			if err := out.add(rec); err != nil {
				return err
			}
		}
	}
	return out.flush()
}

// criterionScore is how well the agent did on criterion j of this ticket, around 1 for good
// work: fast agents score on speed, careful ones on tone and procedure.
func criterionScore(j int, a agent, f *ticketFacts) float64 {
	q := 0.9 + 1.2*a.quality + 0.4*(float64(f.mood)-0.95)
	switch criteria[j].name {
	case "Toon":
		q += 0.2
	case "Snelheid":
		q = 0.9 + 1.5*(1-a.speed)
		if f.reopens > 0 {
			q -= 0.3
		}
	case "Procedure":
		q += 0.4 * (a.speed - 1)
	}
	return q
}

// rating turns a criterion score plus the reviewer's judgement into 1–5.
func rating(r *rand.Rand, q float64) int {
	x := q + 0.8*r.NormFloat64()
	for s, edge := range []float64{1.0, 0.2, -0.5, -1.1} {
		if x > edge {
			return 5 - s
		}
	}
	return 1
}
