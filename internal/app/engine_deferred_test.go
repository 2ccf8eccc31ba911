package app

import (
	"context"
	"log/slog"
	"math"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/chtest"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
)

// TestClickHouseServesWithoutTheEngine: an App in ClickHouse mode answers the report, the
// overview's query (period, previous period, monthly buckets) and the filters' names from
// ClickHouse with no engine loaded; a drill-down, which only the engine answers, loads it once
// and says so in the log, and the engine then names the teams as ClickHouse did. Hand count
// for March 2026: 3 tickets; NPS answers 10, 9 and 3 → 2 promoters, 1 detractor of 3:
// (2 − 1) / 3 × 100 = 33.3; the teams "Support" and " support" are one name, shown as first
// written, sorted by their compared form: Retour, Support.
func TestClickHouseServesWithoutTheEngine(t *testing.T) {
	ctx := context.Background()
	cfg := config.Default()
	cfg.Engine.Kind = config.EngineClickHouse
	a := openFile(t, filepath.Join(t.TempDir(), "k.db"), cfg)
	var logs strings.Builder
	a.Log = slog.New(slog.NewTextHandler(&logs, nil))
	_, err := a.Ingest(ctx, []cx.Record{
		&cx.Ticket{ID: "T1", CreatedAt: march(2, 10, 0), Team: "Support"},
		&cx.Ticket{ID: "T2", CreatedAt: march(3, 10, 0), Team: " support"},
		&cx.Ticket{ID: "T3", CreatedAt: march(4, 10, 0), Team: "Retour"},
		&cx.Response{ID: "R1", Survey: "nps", Score: 10, SubmittedAt: march(5, 10, 0)},
		&cx.Response{ID: "R2", Survey: "nps", Score: 9, SubmittedAt: march(6, 10, 0)},
		&cx.Response{ID: "R3", Survey: "nps", Score: 3, SubmittedAt: march(7, 10, 0)},
	})
	if err != nil {
		t.Fatal(err)
	}
	closeCH, err := a.AnswerFromClickHouse(ctx, chtest.Shared(t).NewDatabase(t), true)
	if err != nil {
		t.Fatal(err)
	}
	defer closeCH()
	a.DeferEngine("")
	loaded := 0
	a.EngineLoaded = func() { loaded++ }
	ams := cfg.Timezone
	q := engine.Query{From: time.Date(2026, 3, 1, 0, 0, 0, 0, ams), To: time.Date(2026, 4, 1, 0, 0, 0, 0, ams)}

	groups, err := a.Report(ctx, q)
	if err != nil || len(groups) != 1 {
		t.Fatalf("report: %v, %v", groups, err)
	}
	checkMarch(t, "report", &groups[0])
	overview := q
	overview.PreviousFrom, overview.Step = time.Date(2026, 2, 1, 0, 0, 0, 0, ams), engine.StepMonth
	res, err := a.Query(ctx, overview)
	if err != nil || len(res.Groups) != 1 || len(res.Buckets) != 1 || len(res.Buckets[0].Groups) != 1 {
		t.Fatalf("overview's query: %+v, %v", res, err)
	}
	checkMarch(t, "overview", &res.Groups[0])
	checkMarch(t, "overview's bucket", &res.Buckets[0].Groups[0])
	names, err := a.Names(ctx, engine.ByTeam)
	if want := []string{"Retour", "Support"}; err != nil || !reflect.DeepEqual(names, want) {
		t.Errorf("teams from ClickHouse: %q, %v; want %q", names, err, want)
	}
	if a.Engine() != nil {
		t.Fatal("the engine was loaded for a report, the overview or the names")
	}
	if strings.Contains(logs.String(), "engine is loading") {
		t.Errorf("a load was logged:\n%s", logs.String())
	}

	recs, err := a.Drill(ctx, q, "nps")
	if err != nil || recs.N != 3 {
		t.Fatalf("drill-down of NPS: %+v, %v; want 3 answers", recs, err)
	}
	if a.Engine() == nil || loaded != 1 {
		t.Fatalf("the drill-down did not load the engine, or EngineLoaded was called %d times (want once)", loaded)
	}
	if got := strings.Count(logs.String(), "the in-memory engine is loading for drill-downs: ClickHouse does not answer it yet"); got != 1 {
		t.Errorf("the load logged %d times, want once:\n%s", got, logs.String())
	}
	if again, _ := a.Names(ctx, engine.ByTeam); !reflect.DeepEqual(again, names) {
		t.Errorf("teams from the engine: %q; from ClickHouse %q", again, names)
	}
	if _, err := a.Drill(ctx, q, "nps"); err != nil || strings.Count(logs.String(), "engine is loading") != 1 || loaded != 1 {
		t.Errorf("a second drill-down: %v; EngineLoaded called %d times; loads logged:\n%s", err, loaded, logs.String())
	}
}

// checkMarch checks the hand count of March (TestClickHouseServesWithoutTheEngine).
func checkMarch(t *testing.T, what string, g *engine.Group) {
	t.Helper()
	m := g.Metrics
	if m.Tickets == nil || m.Tickets.Created != 3 {
		t.Errorf("%s: tickets %+v, want 3 created", what, m.Tickets)
	}
	if n := m.NPS; n == nil || n.N != 3 || n.Promoters != 2 || n.Detractors != 1 || n.Value == nil ||
		math.Abs(*n.Value-100.0/3) > 1e-9 {
		t.Errorf("%s: NPS %+v, want 33.3 of 3 (2 promoters, 1 detractor)", what, m.NPS)
	}
}

// TestEngineLoadsOnceForRequestsAtOnce: requests that ask for the engine at once, before it is
// loaded, wait for one load and get the same engine.
func TestEngineLoadsOnceForRequestsAtOnce(t *testing.T) {
	ctx := context.Background()
	a := openWithConfig(t)
	if _, err := a.Ingest(ctx, answers("R", 200)); err != nil {
		t.Fatal(err)
	}
	got := make([]*engine.Engine, 4)
	var wg sync.WaitGroup
	for i := range got {
		wg.Go(func() {
			e, err := a.EngineFor(ctx, "a test")
			if err != nil {
				t.Error(err)
			}
			got[i] = e
		})
	}
	wg.Wait()
	for i, e := range got {
		if e == nil || e != a.Engine() {
			t.Errorf("request %d got engine %p, the loaded one is %p", i, e, a.Engine())
		}
	}
}
