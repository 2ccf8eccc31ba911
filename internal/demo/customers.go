package demo

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

const (
	yearSeconds = 365.25 * 86400
	// preexisting is the share of customers acquired in the three years before the data starts:
	// the base the year's churn is measured against.
	preexisting   = 0.7
	belgianShare  = 0.15
	referredShare = 0.08
)

// customers draws acquisition instants, sorts them so ids grow with time (C000001 is the oldest
// customer), then gives each customer a segment, country, name, churn and referrer.
func (g *generator) customers(emit func(cx.Kind, []cx.Record) error) error {
	r := g.rng(streamCustomers)
	c := g.cal
	n := g.size.Customers
	acq := make([]int64, n)
	nPre := int(math.Round(preexisting * float64(n)))
	span := int64(3 * yearSeconds)
	for i := range nPre {
		// sqrt: the shop grew, so more of the base joined recently than three years ago.
		acq[i] = c.start - span + int64(math.Sqrt(r.Float64())*float64(span-60))
	}
	newDays := c.dayWeights(func(i int) float64 { return orderWeight(c.day[i]) })
	for i := nPre; i < n; i++ {
		acq[i] = c.at(newDays.pick(r), secondOfDay(r, ordersByHour))
	}
	slices.Sort(acq)

	g.custAcq = acq
	g.custChurn = make([]int64, n)
	g.custSeg = make([]uint8, n)
	g.custBE = make([]bool, n)
	g.custComplnt = make([]int64, n)
	segPick := newWeighted([]float64{segments[0].share, segments[1].share, segments[2].share})

	out := newSink[cx.Customer](cx.KindCustomers, emit)
	for i := range n {
		seg := uint8(segPick.pick(r))
		be := chance(r, belgianShare)
		g.custSeg[i], g.custBE[i] = seg, be
		if g.custChurn[i] = g.churnInstant(r, acq[i], seg); i == n-1 {
			g.custChurn[i] = 0 // someone must be a customer at the end, however small the size
		}
		name, email := customerContact(r, seg, be)
		country := "NL"
		if be {
			country = "BE"
		}
		rec := cx.Customer{
			ID:         customerID(i),
			AcquiredAt: g.instant(acq[i]),
			Name:       name,
			Email:      email,
			Segment:    segments[seg].name,
			Attrs:      cx.Attrs{"country": country},
		}
		if g.custChurn[i] != 0 {
			rec.ChurnedAt = g.instant(g.custChurn[i])
		}
		if i > 0 && chance(r, referredShare) {
			if j := g.referrer(r, i); j >= 0 {
				rec.ReferredBy = customerID(j)
			}
		}
		if err := out.add(rec); err != nil {
			return err
		}
	}

	for i, t := range g.custChurn {
		if t != 0 {
			g.churnOrder = append(g.churnOrder, int32(i))
		}
	}
	slices.SortFunc(g.churnOrder, func(a, b int32) int {
		return cmp.Or(cmp.Compare(g.custChurn[a], g.custChurn[b]), cmp.Compare(a, b))
	})
	return out.flush()
}

// churnInstant draws when a customer leaves: a constant yearly hazard per segment, so the churn
// of any year is about the segment's rate. 0 when they are still a customer at the end.
func (g *generator) churnInstant(r *rand.Rand, acquired int64, seg uint8) int64 {
	hazard := -math.Log(1 - segments[seg].churn)
	after := int64(r.ExpFloat64() / hazard * yearSeconds)
	t := acquired + max(after, 86400)
	if t >= g.cal.end {
		return 0
	}
	return t
}

// referrer picks an earlier customer, still active when customer i joined, who brought them in.
func (g *generator) referrer(r *rand.Rand, i int) int {
	for range 10 {
		j := r.IntN(i)
		if g.custAcq[j] < g.custAcq[i] && g.activeAt(j, g.custAcq[i]) {
			return j
		}
	}
	return -1
}

// activeAt reports whether customer i is in the base at instant t (metrics.md section 3).
func (g *generator) activeAt(i int, t int64) bool {
	return g.custAcq[i] < t && (g.custChurn[i] == 0 || g.custChurn[i] >= t)
}

// pickActive draws a random customer in the base at instant t, weighting by segment order
// frequency when byOrders is set; -1 when none is found.
func (g *generator) pickActive(r *rand.Rand, t int64, byOrders bool) int {
	k, _ := slices.BinarySearch(g.custAcq, t) // customers acquired before t
	if k == 0 {
		return -1
	}
	for range 30 {
		i := r.IntN(k)
		if !g.activeAt(i, t) {
			continue
		}
		if byOrders && !chance(r, segments[g.custSeg[i]].orders/3) {
			continue
		}
		return i
	}
	return -1
}

// pickChurning draws a customer who leaves within the window after t: complaints come before
// goodbyes. -1 when nobody does.
func (g *generator) pickChurning(r *rand.Rand, t, window int64) int {
	lo, _ := slices.BinarySearchFunc(g.churnOrder, t+1, func(i int32, x int64) int { return cmp.Compare(g.custChurn[i], x) })
	hi, _ := slices.BinarySearchFunc(g.churnOrder, t+window, func(i int32, x int64) int { return cmp.Compare(g.custChurn[i], x) })
	for range 10 {
		if hi <= lo {
			return -1
		}
		i := int(g.churnOrder[lo+r.IntN(hi-lo)])
		if g.activeAt(i, t) {
			return i
		}
	}
	return -1
}

// anyActive draws a customer in the base at some moment of the year, and that moment. Callers
// use it when pickActive finds nobody at the moment they wanted (tiny sizes, a young base):
// -1 when no customer is ever in the base during the year.
func (g *generator) anyActive(r *rand.Rand) (int, int64) {
	c := g.cal
	if g.activeInYear == nil {
		g.activeInYear = []int32{}
		for i, acq := range g.custAcq {
			if acq < c.end-2 && (g.custChurn[i] == 0 || g.custChurn[i] > c.start+1) {
				g.activeInYear = append(g.activeInYear, int32(i))
			}
		}
	}
	if len(g.activeInYear) == 0 {
		return -1, 0
	}
	i := int(g.activeInYear[r.IntN(len(g.activeInYear))])
	lo, hi := max(g.custAcq[i]+1, c.start), c.end-1
	if g.custChurn[i] != 0 {
		hi = min(hi, g.custChurn[i])
	}
	return i, between(r, lo, hi)
}

var errNobodyActive = cx.Errorf(cx.EINVALID, "demo: no customer is in the base during the year of data")

func customerID(i int) string { return id('C', i+1, 6) }

// instant turns unix seconds into a time in the account zone, as an import would show it.
func (g *generator) instant(t int64) time.Time { return time.Unix(t, 0).In(g.cal.loc) }
