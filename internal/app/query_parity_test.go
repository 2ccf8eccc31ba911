package app

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/clickhouse"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/nearjson"
)

// parityParts are the parts the test asks for: every one (the whole report).
const parityParts = engine.AllParts

// TestClickHouseParity ships the (small) demo year, with records that test the rules a
// querier must keep (names in other spellings, a rating changed, a customer answering NPS
// several times, a deleted answer), into a real ClickHouse, and asks both engines the same
// queries: every --by, a half year with its previous half year and monthly buckets, and
// filters. Every figure must be the same: counts exactly, the rest to 1e-9.
func TestClickHouseParity(t *testing.T) {
	a, db, s := openShip(t)
	ctx := context.Background()
	writeOddities(t, a)
	mustShip(t, s)
	// Changes shipped in a second pass lie in parts of their own beside the first versions,
	// until ClickHouse merges them: the querier must read each record once, at its latest.
	changeAfterShipping(t, a)
	mustShip(t, s)
	mem, err := a.EngineFor(ctx, "a test")
	if err != nil {
		t.Fatal(err)
	}
	chq := a.ClickHouseQuerier(db)
	base, cases := parityCases(a.Config.Timezone)
	sameAnswers(t, mem, chq, cases)
	t.Run("the reports ask ClickHouse", func(t *testing.T) { reportsFromClickHouse(t, a, db, base) })
}

// parityCases are the queries both engines must answer alike: a half year with the one before
// and its months, by every dimension and under filters, weeks, and the ticket counts alone by
// day (base is the half year unsplit).
func parityCases(ams *time.Location) (base engine.Query, cases map[string]engine.Query) {
	from, to := time.Date(2026, 5, 1, 0, 0, 0, 0, ams), time.Date(2026, 11, 1, 0, 0, 0, 0, ams)
	base = engine.Query{From: from, To: to, PreviousFrom: time.Date(2025, 11, 1, 0, 0, 0, 0, ams),
		Step: engine.StepMonth, Parts: parityParts}
	cases = map[string]engine.Query{}
	for _, by := range []engine.Dim{engine.ByNone, engine.ByChannel, engine.ByTeam, engine.ByAgent, engine.BySegment, engine.ByCategory} {
		q := base
		q.By = by
		cases["by "+string(by)] = q
	}
	filtered := func(by engine.Dim, filter map[engine.Dim]string) engine.Query {
		q := base
		q.By, q.Filter = by, filter
		return q
	}
	cases["by agent, channel EMAIL"] = filtered(engine.ByAgent, map[engine.Dim]string{engine.ByChannel: " EMAIL"})
	cases["by segment, team support nl"] = filtered(engine.BySegment, map[engine.Dim]string{engine.ByTeam: "support nl"})
	cases["by channel, agent sanne"] = filtered(engine.ByChannel, map[engine.Dim]string{engine.ByAgent: "sanne"})
	cases["unsplit, agent Sanne"] = filtered(engine.ByNone, map[engine.Dim]string{engine.ByAgent: "Sanne"})
	cases["unsplit, category none had"] = filtered(engine.ByNone, map[engine.Dim]string{engine.ByCategory: "geen"})
	cases["June in weeks"] = engine.Query{From: time.Date(2026, 6, 1, 0, 0, 0, 0, ams), To: time.Date(2026, 7, 1, 0, 0, 0, 0, ams),
		Step: engine.StepWeek, By: engine.ByChannel, Parts: parityParts}
	// A chart of volumes asks the counts alone (PartTicketCounts), day by day.
	cases["ticket counts alone, by team, October by day"] = engine.Query{From: time.Date(2026, 10, 1, 0, 0, 0, 0, ams),
		To: time.Date(2026, 11, 1, 0, 0, 0, 0, ams), Step: engine.StepDay, By: engine.ByTeam, Parts: engine.PartTicketCounts}
	cases["ticket counts alone, by segment, filtered"] = engine.Query{From: from, To: to, Step: engine.StepMonth,
		By: engine.BySegment, Filter: map[engine.Dim]string{engine.ByChannel: "Chat"}, Parts: engine.PartTicketCounts}
	return base, cases
}

// sameAnswers asks both queriers each case, as a subtest, and compares the answers (sameResult).
func sameAnswers(t *testing.T, mem, chq engine.Querier, cases map[string]engine.Query) {
	t.Helper()
	ctx := context.Background()
	for name, q := range cases {
		t.Run(name, func(t *testing.T) {
			want, err := mem.Answer(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			got, err := chq.Answer(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			sameResult(t, got, want)
		})
	}
}

// reportsFromClickHouse: with [engine] kind = "clickhouse" Report and Query answer from
// ClickHouse (AnswerFromClickHouse), every part of the query the same as the engine's.
func reportsFromClickHouse(t *testing.T, a *App, db *clickhouse.DB, q engine.Query) {
	ctx := context.Background()
	q.Parts = 0
	mem, err := a.Query(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	memGroups, err := a.Report(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	a.Config.Engine.Kind = config.EngineClickHouse
	defer func() { a.Config.Engine.Kind = config.EngineMemory; a.UseQuerier(nil) }()
	closeCH, err := a.AnswerFromClickHouse(ctx, "clickhouse://"+db.Where(), true)
	if err != nil {
		t.Fatal(err)
	}
	defer closeCH()
	if _, ok := a.reports.Load().Querier.(*clickhouse.Querier); !ok {
		t.Fatal("the reports do not ask ClickHouse")
	}
	got, err := a.Query(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	sameResult(t, got, mem)
	groups, err := a.Report(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	sameGroups(t, "Report", groups, memGroups)
}

// sameResult compares two answers group by group: the same periods, the same groups, and the
// metrics of the parts built the same.
func sameResult(t *testing.T, got, want *engine.Result) {
	t.Helper()
	sameGroups(t, "period", got.Groups, want.Groups)
	sameGroups(t, "previous period", got.Previous, want.Previous)
	if len(got.Buckets) != len(want.Buckets) {
		t.Fatalf("%d buckets; want %d", len(got.Buckets), len(want.Buckets))
	}
	for i := range want.Buckets {
		g, w := got.Buckets[i], want.Buckets[i]
		if !g.From.Equal(w.From) || !g.To.Equal(w.To) {
			t.Errorf("bucket %d is %s–%s; want %s–%s", i, g.From, g.To, w.From, w.To)
		}
		sameGroups(t, "bucket "+w.From.Format(time.DateOnly), g.Groups, w.Groups)
	}
}

func sameGroups(t *testing.T, where string, got, want []engine.Group) {
	t.Helper()
	keys := func(gs []engine.Group) []string {
		var out []string
		for _, g := range gs {
			if g.Key == nil {
				out = append(out, "(all)")
			} else {
				out = append(out, *g.Key)
			}
		}
		return out
	}
	if fmt.Sprint(keys(got)) != fmt.Sprint(keys(want)) {
		t.Errorf("%s: groups %q; want %q", where, keys(got), keys(want))
		return
	}
	for i := range want {
		g, w := nearjson.Decode(t, got[i].Metrics), nearjson.Decode(t, want[i].Metrics)
		nearjson.Same(t, fmt.Sprintf("%s, group %s", where, keys(want)[i]), g, w)
	}
}

// changeAfterShipping changes a ticket's channel and team, a rating, and deletes an answer of
// the demo, after the first ship.
func changeAfterShipping(t *testing.T, a *App) {
	t.Helper()
	ctx := context.Background()
	ams := a.Config.Timezone
	recs := []cx.Record{
		&cx.Ticket{ID: "parity-t1", CreatedAt: time.Date(2026, 6, 10, 10, 0, 0, 0, ams), SolvedAt: time.Date(2026, 6, 13, 9, 0, 0, 0, ams),
			CustomerID: "parity-c1", Channel: "chat ", Team: "Support BE", Agent: "sanne", Category: "Levering", Complaint: true},
		&cx.Response{ID: "parity-r2", Survey: cx.SurveyCSAT, Score: 3, SubmittedAt: time.Date(2026, 6, 12, 10, 0, 0, 0, ams), TicketID: "parity-t1"},
	}
	if _, err := a.Write(ctx, recs, nil); err != nil {
		t.Fatal(err)
	}
	if err := a.Delete(ctx, cx.KindResponses, firstKey(t, a, cx.KindResponses)); err != nil {
		t.Fatal(err)
	}
}

// writeOddities stores records that test the rules of names, supersession and voices, and
// deletes one answer.
func writeOddities(t *testing.T, a *App) {
	t.Helper()
	ctx := context.Background()
	ams := a.Config.Timezone
	at := func(month, day, hour int) time.Time {
		return time.Date(2026, time.Month(month), day, hour, 0, 0, 0, ams)
	}
	recs := []cx.Record{
		&cx.Customer{ID: "parity-c1", AcquiredAt: at(1, 5, 10), Segment: " zakelijk"},
		&cx.Ticket{ID: "parity-t1", CreatedAt: at(6, 10, 10), SolvedAt: at(6, 12, 9), CustomerID: "parity-c1",
			Channel: " EMAIL ", Team: "support nl ", Agent: "sanne", Category: "Levering"},
		&cx.Ticket{ID: "parity-t2", CreatedAt: at(7, 1, 10), CustomerID: "parity-c1", Channel: "Chat", Team: "Support BE", Agent: "WOUT"},
		// A rating changed: the later counts, the first stays feedback.
		&cx.Response{ID: "parity-r1", Survey: cx.SurveyCSAT, Score: 2, SubmittedAt: at(6, 11, 9), TicketID: "parity-t1",
			Comment: "Heel slecht geholpen, veel te laat", RepliedAt: at(6, 11, 12)},
		&cx.Response{ID: "parity-r2", Survey: cx.SurveyCSAT, Score: 5, SubmittedAt: at(6, 12, 10), TicketID: "parity-t1"},
		// The same second: the greater id counts.
		&cx.Response{ID: "parity-r2a", Survey: cx.SurveyCSAT, Score: 1, SubmittedAt: at(7, 2, 10), TicketID: "parity-t2"},
		&cx.Response{ID: "parity-r2b", Survey: cx.SurveyCSAT, Score: 4, SubmittedAt: at(7, 2, 10), TicketID: "parity-t2"},
		// One voice per customer and period, the latest; the customer is the ticket's.
		&cx.Response{ID: "parity-r3", Survey: cx.SurveyNPS, Score: 3, SubmittedAt: at(6, 11, 10), TicketID: "parity-t1"},
		&cx.Response{ID: "parity-r4", Survey: cx.SurveyNPS, Score: 10, SubmittedAt: at(7, 2, 10), CustomerID: "parity-c1", Channel: "social"},
		&cx.Response{ID: "parity-r5", Survey: cx.SurveyNPS, Score: 8, SubmittedAt: at(7, 20, 10), TicketID: "parity-t2",
			Comment: "Prima, snel antwoord gekregen"},
		&cx.Response{ID: "parity-r6", Survey: cx.SurveyNPS, Score: 0, SubmittedAt: at(8, 3, 10), CustomerID: "parity-c1"},
		&cx.Response{ID: "parity-r7", Survey: cx.SurveyNPS, Score: 9, SubmittedAt: at(8, 3, 10), CustomerID: "parity-c1"},
		&cx.Response{ID: "parity-r8", Survey: cx.SurveyCES, Score: 6, SubmittedAt: at(6, 12, 11), TicketID: "parity-t1"},
		&cx.Response{ID: "parity-r9", Survey: cx.SurveyCSAT, Score: 9, Scale: "1-10", SubmittedAt: at(9, 1, 11), Channel: "E-mail"},
		&cx.Response{ID: "parity-r10", Survey: cx.SurveyNPS, Score: 10, SubmittedAt: at(9, 2, 11), CustomerID: "parity-c1"},
	}
	if _, err := a.Write(ctx, recs, nil); err != nil {
		t.Fatal(err)
	}
	if err := a.Delete(ctx, cx.KindResponses, "parity-r10"); err != nil {
		t.Fatal(err)
	}
}
