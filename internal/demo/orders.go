package demo

import (
	"cmp"
	"math/rand/v2"
	"slices"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// fadeBeforeChurn is the share of orders a customer in their last 90 days no longer places: the
// quiet before the goodbye that the churn risk model's recency and frequency pick up.
const (
	fadeBeforeChurn = 0.9
	fadeWindow      = 180 * 86400
)

// fade gives the record of a customer about to leave (within fadeWindow after t), mostly, to
// another customer in the base: they stop ordering and logging in first. Its draws come from
// r alone, a stream of its own, so the records' times and the other draws stay as they were.
func (g *generator) fade(r *rand.Rand, i int, t int64, byOrders bool) int {
	if i < 0 || !g.leavingWithin(i, t, fadeWindow) || !chance(r, fadeBeforeChurn) {
		return i
	}
	for range 5 {
		if j := g.pickActive(r, t, byOrders); j >= 0 && !g.leavingWithin(j, t, fadeWindow) {
			return j
		}
	}
	return i
}

// leavingWithin tells whether customer i churns within window seconds after t.
func (g *generator) leavingWithin(i int, t, window int64) bool {
	ch := g.custChurn[i]
	return ch != 0 && ch > t && ch <= t+window
}

// orders places most new customers' first order right after they sign up (the account is made at
// checkout), spreads the rest over the year by season and hour, and gives them to customers in
// the base at that moment — business customers more often, and each by their own propensity
// and spend level (propensity.go).
func (g *generator) orders(emit func(cx.Kind, []cx.Record) error) error {
	r, fade, buyers := g.rng(streamOrders), g.rng(streamFadeOrders), g.rng(streamBuyers)
	g.personalize()
	c := g.cal
	n := g.size.Orders
	type order struct {
		at     int64
		cust   int32
		signup bool // the first order right after signing up: a customer's, whatever follows
	}
	list := make([]order, 0, n)
	first, _ := slices.BinarySearch(g.custAcq, c.start)
	for i := first; i < len(g.custAcq) && len(list) < n; i++ {
		if t := g.custAcq[i] + between(r, 60, 1800); chance(r, 0.9) && t < c.end && g.activeAt(i, t) {
			list = append(list, order{t, int32(i), true})
		}
	}
	days := c.dayWeights(func(i int) float64 { return orderWeight(c.day[i]) })
	for len(list) < n {
		t := c.at(days.pick(r), secondOfDay(r, ordersByHour))
		i := g.pickActive(r, t, true)
		if i < 0 {
			if i, t = g.anyActive(r); i < 0 {
				return errNobodyActive
			}
		}
		list = append(list, order{t, int32(i), false})
	}
	slices.SortFunc(list, func(a, b order) int { return cmp.Or(cmp.Compare(a.at, b.at), cmp.Compare(a.cust, b.cust)) })

	g.orderAt = make([]int64, n)
	g.orderCust = make([]int32, n)
	out := newSink[cx.Order](cx.KindOrders, emit)
	for k, o := range list {
		// Tickets about an order (recentOrder) keep the customer first drawn, so the service
		// side of the demo is the same with or without the fade; only who bought changes.
		g.orderAt[k], g.orderCust[k] = o.at, o.cust
		buyer := int(o.cust)
		if !o.signup {
			buyer = g.buyer(buyers, g.fade(fade, buyer, o.at, true), o.at)
		}
		g.lapse(buyers, buyer)
		amount, margin := basket(r, segments[g.custSeg[buyer]].basket*g.custSpend[buyer])
		rec := cx.Order{
			ID:          id('O', k+1, 7),
			CustomerID:  customerID(buyer),
			OrderedAt:   g.instant(o.at),
			Amount:      amount,
			GrossMargin: margin,
		}
		if err := out.add(rec); err != nil {
			return err
		}
	}
	return out.flush()
}

// basket draws an order amount — accessories, clothing and parts around €40–60 with a long
// tail (about €60 on average), now and then a whole bike — and its gross margin, absent for
// marketplace orders whose margin the shop does not know. level is the customer's own: their
// segment's times their spend level (propensity.go); a bike costs what it costs.
func basket(r *rand.Rand, level float64) (float64, *float64) {
	amount := lognormal(r, 31, 0.75) * level
	low, spread := 0.2, 0.25
	if chance(r, 0.008) {
		amount = float64(between(r, 6, 30))*100 - 0.05 // €599.95 … €2999.95
		low, spread = 0.2, 0.08
	}
	amount = max(round2(amount), 4.95)
	if chance(r, 0.08) {
		return amount, nil
	}
	return amount, ptr(round3(low + spread*r.Float64()))
}

// recentOrder draws an order placed between lo and hi seconds before t by a customer still in
// the base at t; -1 when there is none.
func (g *generator) recentOrder(r *rand.Rand, t, lo, hi int64) int {
	from, _ := slices.BinarySearch(g.orderAt, t-hi)
	to, _ := slices.BinarySearch(g.orderAt, t-lo)
	if to <= from {
		return -1
	}
	for range 5 {
		k := from + r.IntN(to-from)
		if g.activeAt(int(g.orderCust[k]), t) {
			return k
		}
	}
	return -1
}
