package engine

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// overviewKeys are the overview's tiles (internal/web tileDefs): the query of headlines the
// dashboard asks most.
var overviewKeys = []string{"nps", "csat", "ces", "first_response", "resolution", "fcr", "churn",
	"retention", "clv", "iqs", "feedback_response", "sentiment"}

// TestHeadlinesAsFull: a query of headlines gives every metric it names exactly the figures a
// tile reads of the full query — headline, count, interval and the change test against the
// previous period — for the period, the previous period and each bucket, and nothing of the
// metrics it does not name. The full query is the check.
func TestHeadlinesAsFull(t *testing.T) {
	e, err := demoEngine()
	if err != nil {
		t.Fatal(err)
	}
	var every []string
	for _, d := range metric.All() {
		every = append(every, d.Key)
	}
	shapes := []struct {
		name string
		q    Query
	}{
		{"a month by day, with the month before", Query{From: day("2026-10-01"), To: day("2026-10-21"), Step: StepDay, PreviousFrom: day("2026-09-11")}},
		{"a quarter by week", Query{From: day("2026-07-01"), To: day("2026-10-01"), Step: StepWeek, PreviousFrom: day("2026-03-31")}},
		{"a year by month", Query{From: day("2025-11-01"), To: day("2026-10-21"), Step: StepMonth, PreviousFrom: day("2024-11-12")}},
		{"a month of one channel (no customer metrics)", Query{From: day("2026-05-01"), To: day("2026-06-01"), Step: StepDay,
			PreviousFrom: day("2026-04-01"), Filter: map[Dim]string{ByChannel: "email"}}},
		{"a report of one period", Query{From: day("2026-01-01"), To: day("2026-04-01")}},
	}
	for _, keys := range [][]string{overviewKeys, every, {"first_response"}, {"clv", "churn"}} {
		for _, sh := range shapes {
			t.Run(strings.Join(keys[:min(3, len(keys))], ",")+": "+sh.name, func(t *testing.T) {
				full, err := e.Query(sh.q)
				if err != nil {
					t.Fatal(err)
				}
				hq := sh.q
				hq.Metrics, hq.Headline = keys, true
				heads, err := e.Query(hq)
				if err != nil {
					t.Fatal(err)
				}
				sameHeadlines(t, "period", keys, heads.Groups, full.Groups, heads.Previous, full.Previous)
				if len(heads.Buckets) != len(full.Buckets) {
					t.Fatalf("%d buckets, want %d", len(heads.Buckets), len(full.Buckets))
				}
				for i, b := range heads.Buckets {
					sameHeadlines(t, b.From.Format("2 Jan"), keys, b.Groups, full.Buckets[i].Groups, nil, nil)
				}
			})
		}
	}
}

// sameHeadlines compares what a tile reads of the unsplit sets got and want (and of the change
// from the previous period's, when given); metrics not in keys must be absent from got.
func sameHeadlines(t *testing.T, where string, keys []string, got, want, gotPrev, wantPrev []Group) {
	t.Helper()
	g, w := unsplit(got), unsplit(want)
	for _, d := range metric.All() {
		asked := false
		for _, k := range keys {
			asked = asked || k == d.Key
		}
		if !asked {
			if d.In(g) {
				t.Errorf("%s: %s computed, but not asked", where, d.Key)
			}
			continue
		}
		gf, gok := d.Read(g)
		wf, wok := d.Read(w)
		if gok != wok || !reflect.DeepEqual(gf, wf) {
			t.Errorf("%s: %s headline %v (%v), want %v (%v)", where, d.Key, show(gf), gok, show(wf), wok)
		}
		if gi, wi := d.Interval(g), d.Interval(w); !reflect.DeepEqual(gi, wi) {
			t.Errorf("%s: %s interval %v, want %v", where, d.Key, gi, wi)
		}
		if gotPrev != nil {
			gc, gok := d.Change(g, unsplit(gotPrev))
			wc, wok := d.Change(w, unsplit(wantPrev))
			if gok != wok || !reflect.DeepEqual(gc, wc) {
				t.Errorf("%s: %s change %+v (%v), want %+v (%v)", where, d.Key, gc, gok, wc, wok)
			}
		}
	}
}

func unsplit(groups []Group) *metric.Set {
	if len(groups) == 0 {
		return &metric.Set{}
	}
	return &groups[0].Metrics
}

func show(f metric.Figure) any {
	if f.Value == nil {
		return []any{nil, f.N}
	}
	return []any{*f.Value, f.N}
}

// TestHeadlinesByHand: the overview's headlines of a small week, worked out by hand, with
// what the query of headlines leaves out. Tickets on Monday 4 May 2026 within the default
// business hours: A created 10:00, answered 11:00, solved 12:00 with one reply; B created
// 10:00, answered 10:30, solved 13:00 after two replies; C created 14:00, never answered.
// First response: (3600 + 1800) / 2 = 2700 s; resolution (7200 + 10800) / 2 = 9000 s; FCR:
// of two solved tickets with replies known one was solved at the first contact: 50%.
func TestHeadlinesByHand(t *testing.T) {
	e := newEngine(t)
	one, two := 1, 2
	e.Apply(
		&cx.Customer{ID: "C1", AcquiredAt: at("2026-01-05 10:00")},
		&cx.Order{ID: "O1", CustomerID: "C1", OrderedAt: at("2026-05-04 09:00"), Amount: 100},
		&cx.Ticket{ID: "A", CustomerID: "C1", CreatedAt: at("2026-05-04 10:00"), FirstReplyAt: at("2026-05-04 11:00"),
			SolvedAt: at("2026-05-04 12:00"), AgentReplies: &one},
		&cx.Ticket{ID: "B", CreatedAt: at("2026-05-04 10:00"), FirstReplyAt: at("2026-05-04 10:30"),
			SolvedAt: at("2026-05-04 13:00"), AgentReplies: &two},
		&cx.Ticket{ID: "C", CreatedAt: at("2026-05-04 14:00")},
	)
	q := Query{From: day("2026-05-04"), To: day("2026-05-11"), Step: StepDay, Metrics: overviewKeys, Headline: true}
	res, err := e.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	m := res.Groups[0].Metrics
	if fr := m.FirstResponse.Business; fr.N != 2 || fr.Mean == nil || *fr.Mean != 2700 {
		t.Errorf("first response %d, %v; want 2 tickets, mean 2700 s", fr.N, fr.Mean)
	}
	if res := m.Resolution.Business; res.N != 2 || res.Mean == nil || *res.Mean != 9000 {
		t.Errorf("resolution %d, %v; want 2 tickets, mean 9000 s", res.N, res.Mean)
	}
	if m.FCR.N != 2 || m.FCR.Value == nil || *m.FCR.Value != 50 {
		t.Errorf("FCR %+v, want 1 of 2: 50%%", m.FCR)
	}
	if m.CLV == nil || m.CLV.Buyers != 1 || m.CLV.Orders != 1 {
		t.Errorf("CLV %+v, want 1 buyer with 1 order", m.CLV)
	}
	// What no tile reads is left out: quantiles, the backlog, the historical CLV, and the
	// metrics of no tile. The calendar time's n and mean are the tally's too (within business
	// hours the same 2700 s).
	if fr := m.FirstResponse; fr.Business.Median != nil || fr.Business.P90 != nil || fr.Calendar.Median != nil ||
		fr.Calendar.N != 2 || *fr.Calendar.Mean != 2700 || fr.Unanswered != nil {
		t.Errorf("first response has more than its headline: %+v", fr)
	}
	if m.CLV.Historical != nil || m.Tickets != nil || m.WaitTime != nil || m.FirstResolution != nil || m.Engagement != nil {
		t.Errorf("more than the headlines: historical %v, tickets %v, wait %v, first resolution %v, engagement %v",
			m.CLV.Historical, m.Tickets, m.WaitTime, m.FirstResolution, m.Engagement)
	}
	// The Monday's bucket holds the week's tickets; the other days none.
	if b := res.Buckets[0].Groups[0].Metrics; b.FirstResponse.Business.N != 2 || *b.FirstResponse.Business.Mean != 2700 {
		t.Errorf("Monday: first response %+v", b.FirstResponse.Business)
	}
	if b := res.Buckets[1].Groups[0].Metrics; b.FirstResponse.Business.N != 0 || b.FirstResponse.Business.Mean != nil {
		t.Errorf("Tuesday: first response %+v, want none", b.FirstResponse.Business)
	}
}

// TestMetricsRefused: a key that names no metric, or parts that compute none of the metrics,
// are an error, not a report of everything.
func TestMetricsRefused(t *testing.T) {
	e := newEngine(t)
	for _, q := range []Query{
		{From: day("2026-05-04"), To: day("2026-05-11"), Metrics: []string{"nps", "npss"}},
		{From: day("2026-05-04"), To: day("2026-05-11"), Metrics: []string{"clv"}, Parts: PartSurveys},
	} {
		if _, err := e.Query(q); err == nil {
			t.Errorf("%v with parts %b: no error", q.Metrics, q.Parts)
		}
	}
}

// TestMetricsAsFull: a query of some metrics (not headlines) gives those metrics exactly as
// the full query does, whole, and the same groups when split — by agent, as the team page
// asks, or by category as the contact reasons, every record that puts a group in the period
// still does — and nothing else.
func TestMetricsAsFull(t *testing.T) {
	e, err := demoEngine()
	if err != nil {
		t.Fatal(err)
	}
	// The team page's rows and the service page's contact reasons.
	team := []string{"tickets", "first_response", "csat", "fcr", "iqs"}
	reasons := []string{"tickets", "first_response", "fcr", "csat", "transfers"}
	for _, q := range []Query{
		{From: day("2026-10-01"), To: day("2026-11-01"), By: ByAgent},
		{From: day("2026-10-01"), To: day("2026-11-01"), By: ByTeam},
		{From: day("2026-07-01"), To: day("2026-10-01"), Step: StepWeek, PreviousFrom: day("2026-03-31")},
		{From: day("2026-03-01"), To: day("2026-04-01"), By: ByChannel, Filter: map[Dim]string{ByTeam: "Support"}},
		{From: day("2026-10-01"), To: day("2026-11-01"), By: ByCategory, Parts: PartService | PartSurveys},
	} {
		for _, keys := range [][]string{team, reasons, {"resolution", "wait_time"}, {"clv", "nps"}} {
			if q.Parts != 0 && keys[0] == "clv" {
				continue // no customer part asked
			}
			full, err := e.Query(q)
			if err != nil {
				t.Fatal(err)
			}
			mq := q
			mq.Metrics = keys
			some, err := e.Query(mq)
			if err != nil {
				t.Fatal(err)
			}
			where := fmt.Sprintf("%s by %q, %v", q.From.Format("Jan 2006"), q.By, keys)
			sameMetrics(t, where, keys, some.Groups, full.Groups)
			sameMetrics(t, where+", previous", keys, some.Previous, full.Previous)
			for i := range full.Buckets {
				sameMetrics(t, where+", "+full.Buckets[i].From.Format("2 Jan"), keys, some.Buckets[i].Groups, full.Buckets[i].Groups)
			}
		}
	}
}

// sameMetrics compares the groups' keys and, in each, the metrics of keys as JSON; the other
// metrics must be absent from got.
func sameMetrics(t *testing.T, where string, keys []string, got, want []Group) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d groups, want %d", where, len(got), len(want))
		return
	}
	for i := range want {
		if (got[i].Key == nil) != (want[i].Key == nil) || got[i].Key != nil && *got[i].Key != *want[i].Key {
			t.Errorf("%s: group %d is %v, want %v", where, i, got[i].Key, want[i].Key)
			continue
		}
		g, w := asMap(t, got[i].Metrics), asMap(t, want[i].Metrics)
		for k := range g {
			if !slices.Contains(keys, k) {
				t.Errorf("%s: %s computed, but not asked", where, k)
			}
		}
		for _, k := range keys {
			if !reflect.DeepEqual(g[k], w[k]) {
				t.Errorf("%s, group %d: %s\n%v\nwant\n%v", where, i, k, g[k], w[k])
			}
		}
	}
}

func asMap(t *testing.T, m metric.Set) map[string]any {
	t.Helper()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestMetricsKeepGroups: split, a query of some metrics lists the groups the full query does,
// also one whose only record in the period gives none of the metrics asked: agent Bo's one
// ticket of May was created in April and solved in May, so May has Bo's solution but no first
// response of Bo's.
func TestMetricsKeepGroups(t *testing.T) {
	e := newEngine(t)
	e.Apply(
		&cx.Ticket{ID: "T1", Agent: "Ann", CreatedAt: at("2026-05-04 10:00"), FirstReplyAt: at("2026-05-04 11:00")},
		&cx.Ticket{ID: "T2", Agent: "Bo", CreatedAt: at("2026-04-20 10:00"), FirstReplyAt: at("2026-04-20 11:00"),
			SolvedAt: at("2026-05-05 10:00")},
	)
	q := Query{From: day("2026-05-01"), To: day("2026-06-01"), By: ByAgent, Metrics: []string{"first_response"}}
	groups, err := e.Report(q)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, g := range groups {
		names = append(names, *g.Key)
	}
	if !slices.Equal(names, []string{"Ann", "Bo"}) {
		t.Fatalf("groups %v, want Ann and Bo", names)
	}
	if fr := groups[1].Metrics.FirstResponse; fr == nil || fr.Business.N != 0 {
		t.Errorf("Bo's first response %+v, want none measured", fr)
	}
}
