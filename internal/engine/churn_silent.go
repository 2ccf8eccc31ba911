package engine

import (
	"cmp"
	"math"
	"slices"

	"github.com/klantpuls/klantpuls/internal/model"
)

// SilentFactor is how many usual intervals without an order make a silent customer.
const SilentFactor = 3

// purchaseDays are the customers' order days as of an instant, sorted by customer index: the
// value models' own summaries (model.Summarize on Engine.purchases), so that the silent-churn
// rule counts repeat purchases as BG/NBD does. Orders on one local day in the account's time
// zone are one purchase and a refund is none: an order split in two, minutes apart, is no
// rhythm of 0 days, and a day's second order does not halve the usual interval.
type purchaseDays []model.Customer

// purchaseDaysAsOf are the order days up to and including the local day of end. The caller
// holds the read lock.
func (e *Engine) purchaseDaysAsOf(end uint32) purchaseDays {
	return model.Summarize(e.purchases(), e.localDay(end))
}

// of is customer i's summary; false when they had no purchase.
func (p purchaseDays) of(i uint32) (model.Customer, bool) {
	k, ok := slices.BinarySearchFunc(p, i, func(c model.Customer, id uint32) int { return cmp.Compare(c.ID, id) })
	if !ok {
		return model.Customer{}, false
	}
	return p[k], true
}

// silentMinRepeats is how many repeat order days (intervals) make a rhythm: two, so three order
// days. One interval is no usual interval: two orders a day apart and then silence read as
// "300 times overdue" and led the list above the customer who ordered every month for a year.
const silentMinRepeats = 2

// silent applies the silent-churn rule to customer i as of the day of days: at least three
// order days, more than SilentFactor times their mean interval in days since the last, and
// never a ticket or a survey answer.
func (e *Engine) silent(i uint32, f *churnFacts, days purchaseDays) (SilentChurn, bool) {
	c, ok := days.of(i)
	if f.contacted || !ok || c.X < silentMinRepeats {
		return SilentChurn{}, false
	}
	// The summary counts in weeks; times 7 they are whole days again, but for the float's last bits.
	span, since := math.Round(c.TX*7), math.Round((c.T-c.TX)*7)
	interval := span / float64(c.X) // X repeat days: the intervals between the order days
	if since <= SilentFactor*interval {
		return SilentChurn{}, false
	}
	return SilentChurn{Customer: e.customers.ids.key(i), Segment: e.segments.name(e.customers.segment[i]),
		LastOrder: e.at(f.lastOrder), Days: since, Interval: interval, OrderDays: int(c.X) + 1}, true
}

// sortSilent orders the silent churners as the list shows them: the most order days first, the
// regular customer of a year who stopped before the one of three orders in a week, then the
// furthest past their usual interval. Ranked by that ratio alone, a short burst and a long
// silence led the demo's list (three orders in five days, "68 times overdue") and the customer
// who ordered every month for a year and stopped came 59th.
func sortSilent(list []SilentChurn) {
	slices.SortFunc(list, func(a, b SilentChurn) int {
		return cmp.Or(cmp.Compare(b.OrderDays, a.OrderDays), cmp.Compare(b.Days/b.Interval, a.Days/a.Interval),
			cmp.Compare(a.Customer, b.Customer))
	})
}
