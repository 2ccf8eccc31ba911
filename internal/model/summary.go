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
// epoch) and its amount. Refunds (negative amounts) are no purchase and are left out.
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
// including asOf, t_x = (last − first day)/7, T = (asOf − first day)/7). Sorted by ID.
//
// The purchases are grouped by customer with a stable counting sort when the ids are dense (an
// engine numbers its customers 0, 1, 2 …), else by a stable sort, and each customer's few days
// are then sorted in place: on 5M orders that is a fraction of a second, where a map from
// (customer, day) to amount and a sort of its keys took seconds. Amounts of one day are summed
// in the order given, and the days in day order, as before.
func Summarize(purchases []Purchase, asOf int) []Customer {
	kept := make([]Purchase, 0, len(purchases))
	maxID := uint32(0)
	for _, p := range purchases {
		if p.Amount < 0 || p.Day > asOf {
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
		out = append(out, summarizeOne(byCustomer[start:end], asOf))
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

// summarizeOne is the summary of one customer's purchases (all of them, in the order given).
func summarizeOne(ps []Purchase, asOf int) Customer {
	// By day, stable. Most customers have a handful of orders: an insertion sort, without the
	// generic sort's set-up; a wholesaler with thousands gets the real one.
	if len(ps) > 32 {
		slices.SortStableFunc(ps, func(a, b Purchase) int { return cmp.Compare(a.Day, b.Day) })
	}
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && ps[j].Day < ps[j-1].Day; j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
	first, last, x, spendDays := ps[0].Day, ps[0].Day, 0, 0.0
	for i := 0; i < len(ps); {
		day, amount := ps[i].Day, 0.0
		for ; i < len(ps) && ps[i].Day == day; i++ {
			amount += ps[i].Amount
		}
		if day == first {
			continue
		}
		x++
		last = day
		spendDays += amount
	}
	return NewCustomer(ps[0].Customer, x, first, last, asOf, spendDays)
}

// NewCustomer is the calibration summary of a customer whose purchase days up to asOf were
// summed elsewhere (a database): the first and last of them, the number of repeat days x and
// the Σ amount of those (purchases of one day summed, the first day's left out).
// The times are in weeks and the spend is the mean of the repeat days.
func NewCustomer(id uint32, x, firstDay, lastDay, asOf int, spendDays float64) Customer {
	c := Customer{ID: id, X: x, TX: float64(lastDay-firstDay) / 7, T: float64(asOf-firstDay) / 7}
	if x > 0 {
		c.Spend = spendDays / float64(x)
	}
	return c
}
