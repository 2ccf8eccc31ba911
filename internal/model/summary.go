// Package model fits the customer-value models of metrics.md section 3: the BG/NBD purchase
// model and the Gamma-Gamma spend model (Fader, Hardie & Lee 2005), by maximum likelihood, and
// derives each customer's expected purchases, spend, value over a horizon and P(alive). Pure
// math on summaries: it does no I/O, the engine and the CLI hand it the orders.
package model

import "sort"

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
type Customer struct {
	ID        uint32
	X         int
	TX, T     float64
	Spend     float64
	FirstDay  int
	LastDay   int
	spendDays float64 // Σ amount of the repeat days
}

// Summarize builds the calibration summary of every customer with a purchase on or before
// asOf, the last observed day: purchases on one day count as one, with the day's amounts
// summed (the CDNOW convention of the published fits: x = repeat purchase days up to and
// including asOf, t_x = (last − first day)/7, T = (asOf − first day)/7). Sorted by ID.
func Summarize(purchases []Purchase, asOf int) []Customer {
	type day struct {
		customer uint32
		day      int
	}
	amounts := map[day]float64{}
	for _, p := range purchases {
		if p.Amount < 0 || p.Day > asOf {
			continue
		}
		amounts[day{p.Customer, p.Day}] += p.Amount
	}
	keys := make([]day, 0, len(amounts))
	for k := range amounts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].customer != keys[j].customer {
			return keys[i].customer < keys[j].customer
		}
		return keys[i].day < keys[j].day
	})
	var out []Customer
	for _, k := range keys {
		n := len(out)
		if n == 0 || out[n-1].ID != k.customer {
			out = append(out, Customer{ID: k.customer, FirstDay: k.day, LastDay: k.day})
			continue
		}
		c := &out[n-1]
		c.X++
		c.LastDay = k.day
		c.spendDays += amounts[k]
	}
	for i := range out {
		c := &out[i]
		c.TX = float64(c.LastDay-c.FirstDay) / 7
		c.T = float64(asOf-c.FirstDay) / 7
		if c.X > 0 {
			c.Spend = c.spendDays / float64(c.X)
		}
	}
	return out
}
