package engine

import (
	"fmt"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestSilentChurnCountsOrderDays: the silent-churn rule counts order days in the account's
// time zone, as the value models count repeat purchases (orders on one local day are one
// purchase). An order split in two minutes apart is no rhythm of 0 days, and a day's second
// order does not halve the usual interval. Every figure below is counted by hand on a
// calendar: whole local days between the order days, and from the last one to the day of end.
func TestSilentChurnCountsOrderDays(t *testing.T) {
	utc := time.UTC
	for _, c := range []struct {
		name     string
		zone     *time.Location
		orders   []time.Time
		end      time.Time
		silent   bool
		interval float64 // mean days between the distinct order days
		days     float64 // days from the last order day to end's day
	}{
		{
			name:   "an order split in two, 28 minutes apart, is one order day",
			zone:   ams,
			orders: []time.Time{at("2026-03-10 10:00"), at("2026-03-10 10:28")},
			end:    at("2026-06-01 12:00"),
		},
		{
			// 1 Jan, 31 Jan, 2 Mar: 30 days apart; 2 Mar to 18 Sep is 29 + 30 + 31 + 30 + 31 +
			// 31 + 18 = 200 days, whatever the hour of end and the summer time between.
			name:   "days 1, 31 and 61, last seen 200 days before",
			zone:   ams,
			orders: []time.Time{at("2026-01-01 12:00"), at("2026-01-31 12:00"), at("2026-03-02 12:00")},
			end:    at("2026-09-18 18:00"), silent: true, interval: 30, days: 200,
		},
		{
			// 1 Mar to 31 Mar is 30 days; 31 Mar to 15 Jul is 30 + 31 + 30 + 15 = 106 > 3 × 30.
			name:   "two orders on one day and one 30 days later",
			zone:   ams,
			orders: []time.Time{at("2026-03-01 09:00"), at("2026-03-01 17:00"), at("2026-03-31 09:00")},
			end:    at("2026-07-15 12:00"), silent: true, interval: 30, days: 106,
		},
		{
			// 22:30 and 23:30 UTC on 10 Jan are 23:30 on 10 Jan and 00:30 on 11 Jan in
			// Amsterdam: two order days, 1 apart; 11 Jan to 1 Feb is 21 days.
			name:   "a day boundary in Europe/Amsterdam",
			zone:   ams,
			orders: []time.Time{time.Date(2026, 1, 10, 22, 30, 0, 0, utc), time.Date(2026, 1, 10, 23, 30, 0, 0, utc)},
			end:    time.Date(2026, 2, 1, 11, 0, 0, 0, utc), silent: true, interval: 1, days: 21,
		},
		{
			name:   "the same orders on one day in UTC",
			zone:   utc,
			orders: []time.Time{time.Date(2026, 1, 10, 22, 30, 0, 0, utc), time.Date(2026, 1, 10, 23, 30, 0, 0, utc)},
			end:    time.Date(2026, 2, 1, 11, 0, 0, 0, utc),
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			opts := testOptions()
			opts.Timezone = c.zone
			e, err := New(opts)
			if err != nil {
				t.Fatal(err)
			}
			e.Apply(&cx.Customer{ID: "C", AcquiredAt: at("2025-06-01 00:00")})
			for k, o := range c.orders {
				e.Apply(&cx.Order{ID: fmt.Sprint("o", k), CustomerID: "C", OrderedAt: o, Amount: 25})
			}
			s, ok := silentAsOf(e, "C", instant(c.end))
			if ok != c.silent {
				t.Fatalf("silent = %v (%+v), want %v", ok, s, c.silent)
			}
			if ok && (s.Interval != c.interval || s.Days != c.days) {
				t.Errorf("usual %v days, %v days since the last order, want %v and %v", s.Interval, s.Days, c.interval, c.days)
			}
		})
	}
}

// silentAsOf applies the silent-churn rule to customer id as of end, with the facts churnInput
// reads there.
func silentAsOf(e *Engine, id string, end uint32) (SilentChurn, bool) {
	facts := e.churnFactsAsOf(end, nil)
	i, _ := e.customers.ids.lookup(id)
	return e.silent(i, &facts[i], e.purchaseDaysAsOf(end))
}
