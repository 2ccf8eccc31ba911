package engine

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/demo"
)

// demoEngine is the demo year (1 Nov 2025 – 1 Nov 2026, both DST changes of 2026 inside),
// loaded once for the tests that compare with it.
var demoEngine = sync.OnceValues(func() (*Engine, error) {
	e, err := New(testOptions())
	if err != nil {
		return nil, err
	}
	l := e.Load()
	defer l.Close()
	err = demo.Generate(demo.Options{Seed: 1, Location: ams}, func(_ cx.Kind, batch []cx.Record) error {
		for _, r := range batch {
			l.Put(r)
		}
		return nil
	})
	return e, err
})

func asJSON(t *testing.T, groups []Group) string {
	t.Helper()
	b, err := json.Marshal(groups)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestBucketsEqualReports: every bucket of one query holds exactly what a query of that
// bucket alone gives, and so do the period itself and the previous period. The separate
// queries are the check: they need no buckets.
func TestBucketsEqualReports(t *testing.T) {
	e, err := demoEngine()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name     string
		q        Query
		wantBkts int
	}{
		{"days of March 2026 (DST on the 29th)", Query{From: day("2026-03-01"), To: day("2026-04-01"), Step: StepDay}, 31},
		{"days of October 2026 by agent (DST on the 25th)", Query{From: day("2026-10-01"), To: day("2026-11-01"), By: ByAgent, Step: StepDay}, 31},
		{"weeks of a quarter by channel, with the quarter before", Query{From: day("2026-01-01"), To: day("2026-04-01"), By: ByChannel,
			Step: StepWeek, PreviousFrom: day("2025-10-02")}, 14},
		{"months of the year by segment", Query{From: day("2025-11-01"), To: day("2026-11-01"), By: BySegment, Step: StepMonth}, 12},
		{"months by team, e-mail only, with the months before", Query{From: day("2026-02-15"), To: day("2026-07-10"), By: ByTeam,
			Filter: map[Dim]string{ByChannel: "email"}, Step: StepMonth, PreviousFrom: day("2025-12-01")}, 6},
		{"weeks of one segment, customer metrics only", Query{From: day("2026-03-01"), To: day("2026-05-01"),
			Filter: map[Dim]string{BySegment: "Zakelijk"}, Parts: PartCustomers, Step: StepWeek}, 10},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			passes := e.Passes()
			res, err := e.Query(c.q)
			if err != nil {
				t.Fatal(err)
			}
			if n := e.Passes() - passes; n != 1 {
				t.Errorf("%d passes over the columns, want 1", n)
			}
			if len(res.Buckets) != c.wantBkts {
				t.Fatalf("%d buckets, want %d", len(res.Buckets), c.wantBkts)
			}
			alone := func(from, to time.Time) string {
				q := c.q
				q.From, q.To = from, to
				groups, err := e.Report(q)
				if err != nil {
					t.Fatal(err)
				}
				return asJSON(t, groups)
			}
			if got, want := asJSON(t, res.Groups), alone(c.q.From, c.q.To); got != want {
				t.Errorf("the period differs from its report alone\n got %.300s\nwant %.300s", got, want)
			}
			if !c.q.PreviousFrom.IsZero() {
				if got, want := asJSON(t, res.Previous), alone(c.q.PreviousFrom, c.q.From); got != want {
					t.Errorf("the previous period differs from its report alone\n got %.300s\nwant %.300s", got, want)
				}
			}
			for i, b := range res.Buckets {
				if i > 0 && !b.From.Equal(res.Buckets[i-1].To) || i == 0 && !b.From.Equal(c.q.From) {
					t.Fatalf("bucket %d starts %s, not where the one before ends", i, b.From)
				}
				// A bucket has no predictive CLV (a model fit per bucket would cost seconds a
				// page, query_customers.go predictive): its report alone is asked without it.
				q := c.q
				q.From, q.To = b.From, b.To
				if q.Parts == 0 {
					q.Parts = AllParts
				}
				q.Parts &^= PartModel
				groups, err := e.Report(q)
				if err != nil {
					t.Fatal(err)
				}
				if got, want := asJSON(t, b.Groups), asJSON(t, groups); got != want {
					t.Errorf("bucket %s – %s differs from its report alone\n got %.300s\nwant %.300s", b.From, b.To, got, want)
				}
			}
			if last := res.Buckets[len(res.Buckets)-1]; !last.To.Equal(c.q.To) {
				t.Errorf("the last bucket ends %s, want %s", last.To, c.q.To)
			}
		})
	}
}

// TestDSTBuckets: buckets follow the wall clock of the account time zone. The bounds are
// written out in UTC by hand: CET is UTC+1, CEST UTC+2; summer time began on Sunday 29 March
// 2026 at 02:00 (23-hour day) and ended on Sunday 25 October 2026 at 03:00 (25-hour day).
func TestDSTBuckets(t *testing.T) {
	utc := func(s string) time.Time {
		u, err := time.Parse("2006-01-02 15:04", s)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	e := newEngine(t)
	// Each ticket is named for the local day it was created on.
	tickets := []struct{ id, at string }{
		{"28 Mar", "2026-03-28 22:59"}, // 23:59 CET
		{"29 Mar", "2026-03-28 23:00"}, // 00:00 CET: the first second of the short day
		{"29 Mar", "2026-03-29 21:59"}, // 23:59 CEST: the last minute of it
		{"30 Mar", "2026-03-29 22:00"}, // 00:00 CEST; a 24-hour day from 29 Mar 00:00 CET would hold it
		{"24 Oct", "2026-10-24 21:59"}, // 23:59 CEST
		{"25 Oct", "2026-10-24 22:00"}, // 00:00 CEST
		{"25 Oct", "2026-10-25 00:30"}, // 02:30 CEST, the first time
		{"25 Oct", "2026-10-25 01:30"}, // 02:30 CET, the second time
		{"25 Oct", "2026-10-25 22:59"}, // 23:59 CET: the 25th hour; a 24-hour day would drop it
		{"26 Oct", "2026-10-25 23:00"}, // 00:00 CET
	}
	for i, tk := range tickets {
		e.Apply(&cx.Ticket{ID: fmt.Sprintf("T%d", i), CreatedAt: utc(tk.at), Channel: tk.id})
	}
	cases := []struct {
		step     Step
		from, to string
		want     []string // bucket starts in UTC, then the end
		hours    []float64
	}{
		{StepDay, "2026-03-28", "2026-03-31", []string{"2026-03-27 23:00", "2026-03-28 23:00", "2026-03-29 22:00", "2026-03-30 22:00"}, []float64{24, 23, 24}},
		{StepDay, "2026-10-24", "2026-10-27", []string{"2026-10-23 22:00", "2026-10-24 22:00", "2026-10-25 23:00", "2026-10-26 23:00"}, []float64{24, 25, 24}},
		// Monday 23 March 00:00 CET to Monday 30 March 00:00 CEST: 167 hours.
		{StepWeek, "2026-03-23", "2026-04-06", []string{"2026-03-22 23:00", "2026-03-29 22:00", "2026-04-05 22:00"}, []float64{167, 168}},
		{StepWeek, "2026-10-19", "2026-11-02", []string{"2026-10-18 22:00", "2026-10-25 23:00", "2026-11-01 23:00"}, []float64{169, 168}},
		{StepMonth, "2026-03-01", "2026-05-01", []string{"2026-02-28 23:00", "2026-03-31 22:00", "2026-04-30 22:00"}, []float64{743, 720}},
		{StepMonth, "2026-10-01", "2026-12-01", []string{"2026-09-30 22:00", "2026-10-31 23:00", "2026-11-30 23:00"}, []float64{745, 720}},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s from %s", c.step, c.from), func(t *testing.T) {
			res, err := e.Query(Query{From: day(c.from), To: day(c.to), By: ByChannel, Step: c.step})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Buckets) != len(c.hours) {
				t.Fatalf("%d buckets, want %d", len(res.Buckets), len(c.hours))
			}
			for i, b := range res.Buckets {
				if !b.From.Equal(utc(c.want[i])) || !b.To.Equal(utc(c.want[i+1])) {
					t.Errorf("bucket %d is %s – %s, want %s – %s UTC", i, b.From.UTC(), b.To.UTC(), c.want[i], c.want[i+1])
				}
				if h := b.To.Sub(b.From).Hours(); h != c.hours[i] {
					t.Errorf("bucket %d lasts %v hours, want %v", i, h, c.hours[i])
				}
				if b.From.Location() != ams {
					t.Errorf("bucket %d is in %s, want the account time zone", i, b.From.Location())
				}
			}
			if c.step != StepDay {
				return
			}
			// Every ticket is counted in the bucket of its local day, and nowhere else (a
			// ticket's group also shows in later buckets, with no tickets created there: it
			// waits for an answer).
			want := map[string]int{"28 Mar": 1, "29 Mar": 2, "30 Mar": 1, "24 Oct": 1, "25 Oct": 4, "26 Oct": 1}
			for _, b := range res.Buckets {
				name := b.From.Format("2 Jan")
				found := false
				for _, g := range b.Groups {
					created := g.Metrics.Tickets.Created
					if *g.Key == name {
						found = true
						if created != want[name] {
							t.Errorf("%s: %d tickets created, want %d", name, created, want[name])
						}
					} else if created != 0 {
						t.Errorf("bucket %s holds %d tickets of %s", name, created, *g.Key)
					}
				}
				if !found {
					t.Errorf("bucket %s has no group %s", name, name)
				}
			}
		})
	}
}

func TestQueryRefuses(t *testing.T) {
	e := newEngine(t)
	for name, q := range map[string]Query{
		"over 400 days":            {From: day("2025-01-01"), To: day("2026-03-01"), Step: StepDay},
		"an empty previous period": {From: day("2026-03-01"), To: day("2026-04-01"), PreviousFrom: day("2026-03-01")},
		"an empty period":          {From: day("2026-03-01"), To: day("2026-03-01"), Step: StepDay},
	} {
		if _, err := e.Query(q); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := ParseStep("year"); cx.ErrorCode(err) != cx.EINVALID {
		t.Errorf("step year: %v, want EINVALID", err)
	}
	// 400 days is the bound itself.
	res, err := e.Query(Query{From: day("2025-01-01"), To: day("2025-01-01").AddDate(0, 0, MaxBuckets), Step: StepDay})
	if err != nil || len(res.Buckets) != MaxBuckets {
		t.Errorf("400 days: %v", err)
	}
}

// TestBucketsByHand: the figures that hold over a stretch of buckets (a ticket waiting for
// its first answer, a customer in the base) and the one voice per customer and period of NPS,
// counted by hand for four days, Monday 4 to Thursday 7 May 2026.
func TestBucketsByHand(t *testing.T) {
	e := newEngine(t)
	e.Apply(
		// Waits at the end of 4 and 5 May; answered on the 6th.
		&cx.Ticket{ID: "A", CreatedAt: at("2026-05-04 10:00"), FirstReplyAt: at("2026-05-06 09:00")},
		// Never answered: waits at the end of 5, 6 and 7 May.
		&cx.Ticket{ID: "B", CreatedAt: at("2026-05-05 12:00")},
		// Created before the period, answered on its first day: never waits at a day's end.
		&cx.Ticket{ID: "C", CreatedAt: at("2026-05-03 10:00"), FirstReplyAt: at("2026-05-04 12:00")},
		// Outbound: no one waits.
		&cx.Ticket{ID: "D", CreatedAt: at("2026-05-06 23:59"), Direction: cx.Outbound},
		// Answered at the very end of 7 May (8 May 00:00): still waiting when the 7th ends.
		&cx.Ticket{ID: "E", CreatedAt: at("2026-05-07 10:00"), FirstReplyAt: at("2026-05-08 00:00")},
		// In the base from before the period; leaves on the 5th.
		&cx.Customer{ID: "C1", AcquiredAt: at("2026-01-01 10:00"), ChurnedAt: at("2026-05-05 12:00")},
		// New on the 6th and stays.
		&cx.Customer{ID: "C2", AcquiredAt: at("2026-05-06 10:00")},
		// New on the 6th and gone the same day.
		&cx.Customer{ID: "C3", AcquiredAt: at("2026-05-06 11:00"), ChurnedAt: at("2026-05-06 15:00")},
		// In the base throughout; answers NPS twice on the 4th (the latest, a 0, counts) and
		// once on the 5th.
		&cx.Customer{ID: "C4", AcquiredAt: at("2025-06-01 10:00")},
		&cx.Response{ID: "R1", Survey: cx.SurveyNPS, Score: 10, SubmittedAt: at("2026-05-04 10:00"), CustomerID: "C4"},
		&cx.Response{ID: "R2", Survey: cx.SurveyNPS, Score: 0, SubmittedAt: at("2026-05-04 15:00"), CustomerID: "C4"},
		&cx.Response{ID: "R3", Survey: cx.SurveyNPS, Score: 10, SubmittedAt: at("2026-05-05 10:00"), CustomerID: "C4"},
	)
	res, err := e.Query(Query{From: day("2026-05-04"), To: day("2026-05-08"), Step: StepDay, PreviousFrom: day("2026-04-30")})
	if err != nil {
		t.Fatal(err)
	}
	type figures struct{ unanswered, start, lost, acquired, newLost, end, promoters, detractors int }
	want := []figures{
		{unanswered: 1, start: 2, lost: 0, acquired: 0, newLost: 0, end: 2, promoters: 0, detractors: 1}, // 4 May
		{unanswered: 2, start: 2, lost: 1, acquired: 0, newLost: 0, end: 1, promoters: 1, detractors: 0}, // 5 May
		{unanswered: 1, start: 1, lost: 0, acquired: 2, newLost: 1, end: 2},                              // 6 May
		{unanswered: 2, start: 2, lost: 0, acquired: 0, newLost: 0, end: 2},                              // 7 May
	}
	got := func(groups []Group) figures {
		m := groups[0].Metrics
		return figures{unansweredOf(m), m.Churn.Start, m.Churn.Lost, m.Churn.New, m.Churn.NewLost, m.Retention.End,
			m.NPS.Promoters, m.NPS.Detractors}
	}
	for i, b := range res.Buckets {
		if g := got(b.Groups); g != want[i] {
			t.Errorf("%s: %+v, want %+v", b.From.Format("2 Jan"), g, want[i])
		}
	}
	// The four days together: B and E wait at the end; C1 leaves, C2 and C3 come, C3 leaves;
	// C4's latest answer is the 10 of the 5th.
	if g, w := got(res.Groups), (figures{unanswered: 2, start: 2, lost: 1, acquired: 2, newLost: 1, end: 2, promoters: 1}); g != w {
		t.Errorf("4–7 May: %+v, want %+v", g, w)
	}
	// 30 April to 3 May: C waits at the end (answered the 4th); C1 and C4 in the base.
	if g, w := got(res.Previous), (figures{unanswered: 1, start: 2, end: 2}); g != w {
		t.Errorf("30 Apr–3 May: %+v, want %+v", g, w)
	}
}

// The CLV's buyers are flagged in a bit grid, or in the slots lists when the grid would be too
// big: both ways give the same series.
func TestCLVBuyersGridOrSlots(t *testing.T) {
	e := newEngineWith(t, sample())
	q := Query{From: day("2026-01-01"), To: day("2026-07-01"), Step: StepWeek, By: BySegment}
	run := func() string {
		res, err := e.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(res)
		return string(b)
	}
	grid := run()
	defer func(n int) { maxGridBytes = n }(maxGridBytes)
	maxGridBytes = 0
	if slots := run(); slots != grid {
		t.Errorf("the slots give another series than the grid:\n%s\n%s", slots, grid)
	}
	if !regexp.MustCompile(`"buyers":[1-9]`).MatchString(grid) {
		t.Errorf("no buyers in the series: %.300s", grid)
	}
}
