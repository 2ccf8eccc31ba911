package engine

import (
	"math"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// TestChurnFeaturesByHand: one customer's features as of 1 June 2026 00:00, each counted by
// hand from the records below; records after the instant, outside the windows or outbound do
// not count.
func TestChurnFeaturesByHand(t *testing.T) {
	e, err := New(testOptions())
	if err != nil {
		t.Fatal(err)
	}
	two := 2
	e.Apply(
		&cx.Customer{ID: "A", AcquiredAt: at("2025-01-01 00:00"), Segment: "Zakelijk"},
		&cx.Customer{ID: "B", AcquiredAt: at("2025-01-01 00:00"), Segment: "Particulier"},
		&cx.Order{ID: "o1", CustomerID: "A", OrderedAt: at("2025-03-01 10:00"), Amount: 20}, // > 365 days before
		&cx.Order{ID: "o2", CustomerID: "A", OrderedAt: at("2026-01-01 10:00"), Amount: 100},
		&cx.Order{ID: "o3", CustomerID: "A", OrderedAt: at("2026-05-02 00:00"), Amount: 50}, // 30 days before
		&cx.Order{ID: "o4", CustomerID: "A", OrderedAt: at("2026-06-05 10:00"), Amount: 70}, // after
		&cx.Ticket{ID: "t1", CustomerID: "A", CreatedAt: at("2026-02-01 10:00"), SolvedAt: at("2026-02-02 10:00"), Complaint: true},
		&cx.Ticket{ID: "t2", CustomerID: "A", CreatedAt: at("2026-05-01 10:00"), SolvedAt: at("2026-05-05 10:00"), Complaint: true},
		&cx.Ticket{ID: "t3", CustomerID: "A", CreatedAt: at("2026-05-20 10:00"), FirstSolvedAt: at("2026-05-22 10:00"), Reopens: &two}, // reopened, open again
		&cx.Ticket{ID: "t4", CustomerID: "A", CreatedAt: at("2026-05-25 10:00"), Direction: cx.Outbound, Complaint: true},
		&cx.Response{ID: "r1", CustomerID: "A", Survey: cx.SurveyNPS, Score: 9, SubmittedAt: at("2025-12-01 10:00")},
		&cx.Response{ID: "r2", CustomerID: "A", Survey: cx.SurveyNPS, Score: 3, SubmittedAt: at("2026-04-01 10:00")},
		&cx.Response{ID: "r3", CustomerID: "A", Survey: cx.SurveyCSAT, Score: 2, SubmittedAt: at("2026-04-02 10:00")},
		&cx.Event{ID: "e1", CustomerID: "A", Kind: "login", At: at("2026-05-10 10:00")},
		&cx.Event{ID: "e2", CustomerID: "A", Kind: "login", At: at("2026-01-01 10:00")},
	)
	asOf := instant(at("2026-06-01 00:00"))
	facts := e.churnFactsAsOf(asOf, nil)
	a, _ := e.customers.ids.lookup("A")
	segs := e.segments.len() - 1
	got := e.churnRow(a, &facts[a], asOf, segs)
	want := map[int]float64{
		featRecency: 30, featOrders: 2, featSpend: math.Log1p(150),
		featTenure:  516 - 1.0/24, // 1 Jan CET to 1 Jun CEST: one hour short of 516 days
		featTickets: 2, featComplaints: 1, featReopens: 2, featBreaches: 0, featOpen: 1,
		featDetractor: 1, featPromoter: 0,
		featCSATLow:  0.75, // 2 on 1–5: 1 − (2−1)/(5−1)
		featNegative: 0, featEvents: 1,
	}
	for j, w := range want {
		if math.Abs(got[j]-w) > 1e-6 {
			t.Errorf("%s = %v, want %v", churnFeatureNames[j], got[j], w)
		}
	}
	// Segments are indicators in name order of first sight: Zakelijk first.
	if got[featSegments] != 1 || got[featSegments+1] != 0 {
		t.Errorf("segment indicators %v, want [1 0]", got[featSegments:])
	}
	if f := facts[a]; !f.contacted || f.nps != 3 || f.csat != 2 {
		t.Errorf("facts %+v: want contacted, last NPS 3, CSAT 2", f)
	}
	if b, _ := e.customers.ids.lookup("B"); facts[b].contacted {
		t.Error("B never contacted service but is marked so")
	}
	// With a first-response target of 8 office hours, t2 (Friday 1 May 10:00, due Monday
	// 4 May) and t3 (Wednesday 20 May, due the next day) were never answered: 2 breaches,
	// both due before 1 June. t1 is older than 90 days, t4 outbound.
	withSLA := e.churnFactsAsOf(asOf, func(string) int64 { return 8 * 3600 })
	if got := e.churnRow(a, &withSLA[a], asOf, segs)[featBreaches]; got != 2 {
		t.Errorf("breaches with an 8-hour target = %v, want 2", got)
	}
}

// TestSilentChurn: three orders 10 days apart, the last 40 days ago (> 3 × 10), never a
// contact: silent. The same with one ticket: not silent, they spoke up.
func TestSilentChurn(t *testing.T) {
	e, err := New(testOptions())
	if err != nil {
		t.Fatal(err)
	}
	e.Apply(
		&cx.Customer{ID: "S", AcquiredAt: at("2026-01-01 00:00")},
		&cx.Customer{ID: "T", AcquiredAt: at("2026-01-01 00:00")},
		&cx.Order{ID: "s1", CustomerID: "S", OrderedAt: at("2026-04-02 12:00"), Amount: 10},
		&cx.Order{ID: "s2", CustomerID: "S", OrderedAt: at("2026-04-12 12:00"), Amount: 10},
		&cx.Order{ID: "s3", CustomerID: "S", OrderedAt: at("2026-04-22 12:00"), Amount: 10},
		&cx.Order{ID: "t1", CustomerID: "T", OrderedAt: at("2026-04-02 12:00"), Amount: 10},
		&cx.Order{ID: "t2", CustomerID: "T", OrderedAt: at("2026-04-12 12:00"), Amount: 10},
		&cx.Order{ID: "t3", CustomerID: "T", OrderedAt: at("2026-04-22 12:00"), Amount: 10},
		&cx.Ticket{ID: "k1", CustomerID: "T", CreatedAt: at("2026-01-10 10:00")},
	)
	end := instant(at("2026-06-01 12:00"))
	for _, c := range []struct {
		id     string
		silent bool
	}{{"S", true}, {"T", false}} {
		s, ok := silentAsOf(e, c.id, end)
		if ok != c.silent {
			t.Errorf("%s silent = %v, want %v", c.id, ok, c.silent)
		}
		if ok && (math.Abs(s.Interval-10) > 1e-9 || math.Abs(s.Days-40) > 1e-9) {
			t.Errorf("%s: interval %v days, %v days since, want 10 and 40", c.id, s.Interval, s.Days)
		}
	}
}

// TestChurnReopensNotBeforeFirstSolve: reopens has no date, but a ticket is reopened after a
// solve. A ticket created on 20 May 2026 and reopened twice counts its 2 reopens as of
// 1 June only when it was first solved by then (first_solved_at, else solved_at); counting
// the reopens of later weeks would let the backtest's training rows learn from the future.
func TestChurnReopensNotBeforeFirstSolve(t *testing.T) {
	two := 2
	for _, c := range []struct {
		name                string
		firstSolved, solved string
		want                float64
	}{
		{"first solved on 10 June", "2026-06-10 10:00", "2026-06-20 10:00", 0},
		{"never solved", "", "", 0},
		{"solved on 25 May, no first_solved_at", "", "2026-05-25 10:00", 2},
		{"first solved on 25 May, open again", "2026-05-25 10:00", "", 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			e, err := New(testOptions())
			if err != nil {
				t.Fatal(err)
			}
			tk := &cx.Ticket{ID: "t1", CustomerID: "A", CreatedAt: at("2026-05-20 10:00"), Reopens: &two}
			if c.firstSolved != "" {
				tk.FirstSolvedAt = at(c.firstSolved)
			}
			if c.solved != "" {
				tk.SolvedAt = at(c.solved)
			}
			e.Apply(&cx.Customer{ID: "A", AcquiredAt: at("2025-01-01 00:00")}, tk)
			asOf := instant(at("2026-06-01 00:00"))
			facts := e.churnFactsAsOf(asOf, nil)
			a, _ := e.customers.ids.lookup("A")
			row := e.churnRow(a, &facts[a], asOf, e.segments.len()-1)
			if row[featReopens] != c.want || row[featTickets] != 1 {
				t.Errorf("reopens_90 %v, tickets_90 %v as of 1 June: want %v and 1", row[featReopens], row[featTickets], c.want)
			}
		})
	}
}

// TestChurnOpenTicketWhateverItsAge: README (Churn risk) lists "… in 90 days and open
// tickets": open tickets without a window. A ticket opened on 1 April 2025 and unsolved on
// 1 June 2026 is open; one solved on 31 May 2026 is not.
func TestChurnOpenTicketWhateverItsAge(t *testing.T) {
	e, err := New(testOptions())
	if err != nil {
		t.Fatal(err)
	}
	e.Apply(
		&cx.Customer{ID: "A", AcquiredAt: at("2025-01-01 00:00")},
		&cx.Ticket{ID: "t1", CustomerID: "A", CreatedAt: at("2025-04-01 10:00")},
		&cx.Ticket{ID: "t2", CustomerID: "A", CreatedAt: at("2025-04-02 10:00"), SolvedAt: at("2026-05-31 10:00")},
	)
	asOf := instant(at("2026-06-01 00:00"))
	facts := e.churnFactsAsOf(asOf, nil)
	a, _ := e.customers.ids.lookup("A")
	if got := e.churnRow(a, &facts[a], asOf, e.segments.len()-1)[featOpen]; got != 1 {
		t.Errorf("open_tickets = %v, want 1: the ticket of 1 April 2025 is still open", got)
	}
}

// TestChurnEventsOfEngagementKinds: events_90 counts the engagement events (README: the
// kinds engagement is measured over, [engagement] in the config; none configured: every
// kind). With only "login" configured, an "order_confirmation" is no engagement.
func TestChurnEventsOfEngagementKinds(t *testing.T) {
	for _, c := range []struct {
		name       string
		engagement []metric.Weighted
		want       float64
	}{
		{"login configured", []metric.Weighted{{Kind: "login", Weight: 1}}, 2},
		{"none configured", nil, 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			opts := testOptions()
			opts.Engagement = c.engagement
			e, err := New(opts)
			if err != nil {
				t.Fatal(err)
			}
			e.Apply(
				&cx.Customer{ID: "A", AcquiredAt: at("2025-01-01 00:00")},
				&cx.Event{ID: "e1", CustomerID: "A", Kind: "login", At: at("2026-05-10 10:00")},
				&cx.Event{ID: "e2", CustomerID: "A", Kind: "order_confirmation", At: at("2026-05-11 10:00")},
				&cx.Event{ID: "e3", CustomerID: "A", Kind: "login", At: at("2026-05-12 10:00")},
			)
			asOf := instant(at("2026-06-01 00:00"))
			facts := e.churnFactsAsOf(asOf, nil)
			a, _ := e.customers.ids.lookup("A")
			if got := e.churnRow(a, &facts[a], asOf, e.segments.len()-1)[featEvents]; got != c.want {
				t.Errorf("events_90 = %v, want %v", got, c.want)
			}
		})
	}
}
