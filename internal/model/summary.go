// Package model fits the customer-value models of metrics.md section 3: the BG/NBD purchase
// model and the Gamma-Gamma spend model (Fader, Hardie & Lee 2005), by maximum likelihood, and
// derives each customer's expected purchases, spend, value over a horizon and P(alive). Pure
// math on summaries: it does no I/O, the engine and the CLI hand it the orders.
package model

import (
	"cmp"
	"slices"
)

// Purchase is one order: a customer, its local calendar day (any day number: days since an
// epoch) and its amount. A refund (negative amount) is no purchase, but it takes its amount off
// the spend of the purchase it most likely reduces (summarizeOne).
type Purchase struct {
	Customer uint32
	Day      int
	Amount   float64
}

// Customer is one customer's calibration summary as of the last observed day, time in weeks
// (days ÷ 7): X repeat purchase days, TX the weeks from the first to the last purchase day, T
// the weeks from the first purchase day to the last observed day, Spend the mean amount of the
// repeat purchase days (0 without repeats).
// It holds only what the models read, 40 bytes: the fits of a million customers hold a
// million of them at once (a ClickHouse-mode node's memory, issue 18).
type Customer struct {
	ID    uint32
	X     int
	TX, T float64
	Spend float64
}

// Summarize builds the calibration summary of every customer with a purchase on or before
// asOf, the last observed day: purchases on one day count as one, with the day's amounts
// summed (the CDNOW convention of the published fits: x = repeat purchase days up to and
// including asOf, t_x = (last − first day)/7, T = (asOf − first day)/7), net of the refunds
// made by asOf (summarizeOne). Sorted by ID.
//
// The purchases are grouped by customer with a stable counting sort when the ids are dense (an
// engine numbers its customers 0, 1, 2 …), else by a stable sort, and each customer's few days
// are then sorted in place: on 5M orders that is a fraction of a second, where a map from
// (customer, day) to amount and a sort of its keys took seconds. A day's sales are summed in
// the order given, then the refunds it takes, and the days in day order.
func Summarize(purchases []Purchase, asOf int) []Customer {
	kept := make([]Purchase, 0, len(purchases))
	maxID := uint32(0)
	for _, p := range purchases {
		if p.Day > asOf { // a refund too: by asOf the money had not gone back
			continue
		}
		kept = append(kept, p)
		maxID = max(maxID, p.Customer)
	}
	if len(kept) == 0 {
		return nil
	}
	byCustomer := groupByCustomer(kept, maxID)
	n := 1 // customers: made to measure, as a fit keeps the summaries while it runs
	for k := 1; k < len(byCustomer); k++ {
		if byCustomer[k].Customer != byCustomer[k-1].Customer {
			n++
		}
	}
	out := make([]Customer, 0, n)
	for start := 0; start < len(byCustomer); {
		end := start + 1
		for end < len(byCustomer) && byCustomer[end].Customer == byCustomer[start].Customer {
			end++
		}
		if c, ok := summarizeOne(byCustomer[start:end], asOf); ok {
			out = append(out, c)
		}
		start = end
	}
	return out
}

// groupByCustomer is ps ordered by customer, stable: purchases of one customer keep their order.
func groupByCustomer(ps []Purchase, maxID uint32) []Purchase {
	if uint64(maxID) > 4*uint64(len(ps))+1024 { // sparse ids: a count per id would be mostly empty
		slices.SortStableFunc(ps, func(a, b Purchase) int { return cmp.Compare(a.Customer, b.Customer) })
		return ps
	}
	at := make([]int, maxID+2)
	for _, p := range ps {
		at[p.Customer+1]++
	}
	for i := 1; i < len(at); i++ {
		at[i] += at[i-1]
	}
	out := make([]Purchase, len(ps))
	for _, p := range ps {
		out[at[p.Customer]] = p
		at[p.Customer]++
	}
	return out
}

// summarizeOne is the summary of one customer's orders (all of them, in the order given), false
// when none is a purchase. Their purchase days are the days with a sale (an order that is no
// refund), and each purchase day's amount is its sales less the refunds dated from that day
// until the next purchase day.
//
// So a refund takes its amount off the customer's latest purchase on or before its own day —
// the order it names (refund_of) whenever the money went back before the customer bought
// again, which is the usual case; the model's input has no refund_of (neither the engine's
// order columns nor ClickHouse's copies of the orders keep it). Revenue and the historical CLV
// net a refund too (README), and Gamma-Gamma scales with the amounts: a shop that pays half of
// everything back expects half the spend. A refund before the customer's first purchase has no
// purchase to reduce and is left out.
//
// A refund never makes or unmakes a purchase day: a day that nets to 0 or less stays a purchase
// for BG/NBD (the customer came and bought), and counts with its net amount in the mean spend
// of the repeat days, as CDNOW's orders of 0 do in the published fits. Gamma-Gamma reads only
// that mean (FHL's x and m̄), and a customer whose mean is not positive is no spender: left out
// of its fit, expecting the population's mean (isSpender, ExpectedSpend).
func summarizeOne(ps []Purchase, asOf int) (Customer, bool) {
	// By day and the day's sales before its refunds, stable. Most customers have a handful of
	// orders: an insertion sort, without the generic sort's set-up; a wholesaler with thousands
	// gets the real one.
	if len(ps) > 32 {
		slices.SortStableFunc(ps, byDaySalesFirst)
	}
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && byDaySalesFirst(ps[j], ps[j-1]) < 0; j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
	i := 0
	for i < len(ps) && ps[i].Amount < 0 { // refunds before the first purchase
		i++
	}
	if i == len(ps) {
		return Customer{}, false
	}
	first, last, x, spendDays := ps[i].Day, ps[i].Day, 0, 0.0
	for i < len(ps) {
		// A purchase day: its orders, and the refunds up to the next day with a sale (whose
		// sales come before its refunds).
		day, amount := ps[i].Day, 0.0
		for ; i < len(ps) && (ps[i].Day == day || ps[i].Amount < 0); i++ {
			amount += ps[i].Amount
		}
		if day == first {
			continue
		}
		x++
		last = day
		spendDays += amount
	}
	return NewCustomer(ps[0].Customer, x, first, last, asOf, spendDays), true
}

// byDaySalesFirst orders purchases by day, a day's sales before its refunds.
func byDaySalesFirst(a, b Purchase) int {
	return cmp.Or(cmp.Compare(a.Day, b.Day), cmp.Compare(refund(a), refund(b)))
}

func refund(p Purchase) int {
	if p.Amount < 0 {
		return 1
	}
	return 0
}

// NewCustomer is the calibration summary of a customer whose purchase days up to asOf were
// summed elsewhere (a database): the first and last of them, the number of repeat days x and
// the Σ amount of those (purchases of one day summed, net of the refunds they take as in
// summarizeOne, the first day's left out).
// The times are in weeks and the spend is the mean of the repeat days.
func NewCustomer(id uint32, x, firstDay, lastDay, asOf int, spendDays float64) Customer {
	c := Customer{ID: id, X: x, TX: float64(lastDay-firstDay) / 7, T: float64(asOf-firstDay) / 7}
	if x > 0 {
		c.Spend = spendDays / float64(x)
	}
	return c
}
