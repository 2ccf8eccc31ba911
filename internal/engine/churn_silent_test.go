package engine

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// silentCase is one customer's orders and the silent-churn rule's verdict on them as of end.
type silentCase struct {
	name     string
	zone     *time.Location
	orders   []time.Time
	end      time.Time
	silent   bool
	interval float64 // mean days between the distinct order days
	days     float64 // days from the last order day to end's day
}

// TestSilentChurnCountsOrderDays: the silent-churn rule counts order days in the account's
// time zone, as the value models count repeat purchases (orders on one local day are one
// purchase). An order split in two minutes apart is no rhythm of 0 days, and a day's second
// order does not halve the usual interval. Every figure below is counted by hand on a
// calendar: whole local days between the order days, and from the last one to the day of end.
func TestSilentChurnCountsOrderDays(t *testing.T) {
	utc := time.UTC
	checkSilent(t, []silentCase{
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
			// 1 Mar, 31 Mar, 30 Apr: three order days 30 apart (counting the orders, 20); 30 Apr
			// to 15 Aug is 31 + 30 + 31 + 15 = 107 > 3 × 30.
			name: "two orders on one day and one 30 and 60 days later",
			zone: ams,
			orders: []time.Time{at("2026-03-01 09:00"), at("2026-03-01 17:00"), at("2026-03-31 09:00"),
				at("2026-04-30 09:00")},
			end: at("2026-08-15 12:00"), silent: true, interval: 30, days: 107,
		},
		{
			// 22:30 and 23:30 UTC on 10 Jan are 23:30 on 10 Jan and 00:30 on 11 Jan in
			// Amsterdam, 12:00 UTC on 12 Jan is 13:00 on 12 Jan: three order days, 1 apart;
			// 12 Jan to 1 Feb is 20 days.
			name: "a day boundary in Europe/Amsterdam",
			zone: ams,
			orders: []time.Time{time.Date(2026, 1, 10, 22, 30, 0, 0, utc), time.Date(2026, 1, 10, 23, 30, 0, 0, utc),
				time.Date(2026, 1, 12, 12, 0, 0, 0, utc)},
			end: time.Date(2026, 2, 1, 11, 0, 0, 0, utc), silent: true, interval: 1, days: 20,
		},
		{
			// In UTC the first two are one order day: two order days, no rhythm.
			name: "the same orders in UTC",
			zone: utc,
			orders: []time.Time{time.Date(2026, 1, 10, 22, 30, 0, 0, utc), time.Date(2026, 1, 10, 23, 30, 0, 0, utc),
				time.Date(2026, 1, 12, 12, 0, 0, 0, utc)},
			end: time.Date(2026, 2, 1, 11, 0, 0, 0, utc),
		},
	})
}

// TestSilentChurnNeedsThreeOrderDays: a rhythm is at least two intervals, three order days.
// Two orders one day apart are a burst, not a usual interval of 1 day: the customer who
// stopped after them is no "300 times overdue" silent churner at the top of the list.
func TestSilentChurnNeedsThreeOrderDays(t *testing.T) {
	thirtyApart := []time.Time{at("2026-01-01 12:00"), at("2026-01-31 12:00"), at("2026-03-02 12:00")}
	checkSilent(t, []silentCase{
		{
			// 11 Jan to 7 Nov is 20 + 28 + 31 + 30 + 31 + 30 + 31 + 31 + 30 + 31 + 7 = 300 days.
			name:   "two order days one day apart, gone 300 days",
			zone:   ams,
			orders: []time.Time{at("2026-01-10 12:00"), at("2026-01-11 12:00")},
			end:    at("2026-11-07 12:00"),
		},
		{
			// 2 Mar to 10 Jun is 29 + 30 + 31 + 10 = 100 days > 3 × 30.
			name:   "three order days 30 days apart, gone 100 days",
			zone:   ams,
			orders: thirtyApart,
			end:    at("2026-06-10 12:00"), silent: true, interval: 30, days: 100,
		},
		{
			// 2 Mar to 21 May is 29 + 30 + 21 = 80 days ≤ 3 × 30.
			name:   "three order days 30 days apart, gone 80 days",
			zone:   ams,
			orders: thirtyApart,
			end:    at("2026-05-21 12:00"),
		},
	})
}

// checkSilent applies the silent-churn rule to each case's customer, alone in an engine; each
// silent case has three order days.
func checkSilent(t *testing.T, cases []silentCase) {
	t.Helper()
	for _, c := range cases {
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
			if ok && (s.Interval != c.interval || s.Days != c.days || s.OrderDays != 3) {
				t.Errorf("usual %v days, %v days since the last order, %d order days, want %v, %v and 3",
					s.Interval, s.Days, s.OrderDays, c.interval, c.days)
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

// TestSilentChurnMostOrderDaysFirst: the list puts the customer with the most order days first
// (the longest rhythm broken), then the furthest past their usual interval, then by id. By
// hand: a customer of 12 monthly order days gone 100 days (3.3 intervals) comes before one of
// 3 order days 2.5 apart gone 170 days (68 intervals), which comes before one of 3 days 30
// apart gone 100 days (3.3); two alike go by id.
func TestSilentChurnMostOrderDaysFirst(t *testing.T) {
	list := []SilentChurn{
		{Customer: "thirty", Days: 100, Interval: 30, OrderDays: 3},
		{Customer: "burst", Days: 170, Interval: 2.5, OrderDays: 3},
		{Customer: "monthly-b", Days: 100, Interval: 30, OrderDays: 12},
		{Customer: "monthly-a", Days: 100, Interval: 30, OrderDays: 12},
	}
	sortSilent(list)
	var got []string
	for _, c := range list {
		got = append(got, c.Customer)
	}
	if want := []string{"monthly-a", "monthly-b", "burst", "thirty"}; !slices.Equal(got, want) {
		t.Errorf("the list reads %q, want %q", got, want)
	}
}
