package bench

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/chtest"
	"github.com/klantpuls/klantpuls/internal/clickhouse"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/nearjson"
)

// BenchmarkClickHouse is issue 18 at 1M + 1M (the shop of BenchmarkDashboardPages, or the
// demo year without its files): the store is shipped into a real ClickHouse (chtest; skipped
// without the server), every query below must give the in-memory engine's answer (counts
// exactly, the rest to 1e-9: parity on generated data) — a quarter with the one before and its
// months by each dimension, and the timed ones — and the timed ones are then timed on both,
// reported in ms and as the ClickHouse/engine ratio; the ship's time is logged.
func BenchmarkClickHouse(b *testing.B) {
	a, now, _ := shopSetup(b)
	ctx := context.Background()
	db, err := clickhouse.Open(ctx, chtest.Shared(b).NewDatabase(b))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	s, err := a.NewShipper(db)
	if err != nil {
		b.Fatal(err)
	}
	began := time.Now()
	shipped, err := s.Ship(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("shipped %d changes in %s", shipped.Total(), time.Since(began).Round(time.Millisecond))
	mem := a.Engine()
	chq := a.ClickHouseQuerier(db)
	// Parity alone, not timed: the quarter with the one before and its months, split by each
	// dimension.
	loc := a.Config.Timezone
	y, m, _ := now.In(loc).Date()
	quarter := time.Date(y, ((m-1)/3)*3+1, 1, 0, 0, 0, 0, loc).AddDate(0, -3, 0)
	for _, by := range []engine.Dim{engine.ByChannel, engine.ByTeam, engine.BySegment, engine.ByCategory} {
		q := engine.Query{From: quarter, To: quarter.AddDate(0, 3, 0), PreviousFrom: quarter.AddDate(0, -3, 0), Step: engine.StepMonth, By: by}
		want, err := mem.Answer(ctx, q)
		if err != nil {
			b.Fatal(err)
		}
		got, err := chq.Answer(ctx, q)
		if err != nil {
			b.Fatal(err)
		}
		nearjson.Same(b, "by "+string(by), nearjson.Decode(b, got), nearjson.Decode(b, want))
	}
	for _, c := range clickHouseQueries(a, now) {
		b.Run(c.name, func(b *testing.B) {
			want, err := mem.Answer(ctx, c.q)
			if err != nil {
				b.Fatal(err)
			}
			got, err := chq.Answer(ctx, c.q)
			if err != nil {
				b.Fatal(err)
			}
			nearjson.Same(b, c.name, nearjson.Decode(b, got), nearjson.Decode(b, want))
			engineMs := timeAnswers(b, mem, c.q)
			// The answer kept since the parity check (nothing shipped since), then each answer
			// worked out afresh: a setting written between them (untimed) ends the answers kept.
			began := time.Now()
			if _, err := chq.Answer(ctx, c.q); err != nil {
				b.Fatal(err)
			}
			kept := float64(time.Since(began).Microseconds()) / 1000
			b.ResetTimer()
			for i := range b.N {
				b.StopTimer()
				if err := db.SetSetting(ctx, "bench", fmt.Sprint(i)); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if _, err := chq.Answer(ctx, c.q); err != nil {
					b.Fatal(err)
				}
			}
			ms := b.Elapsed().Seconds() * 1000 / float64(b.N)
			b.ReportMetric(ms, "ms/query")
			b.ReportMetric(ms/engineMs, "x-engine")
			b.ReportMetric(kept, "kept-ms") // after ResetTimer, which forgets what was reported
		})
	}
}

// clickHouseQueries are the report (the last full quarter before now, unsplit and by agent, as
// bench-large asks) and what the overview page asks (the month with the one before and its
// days), every part.
func clickHouseQueries(a *app.App, now time.Time) []struct {
	name string
	q    engine.Query
} {
	loc := a.Config.Timezone
	y, m, _ := now.In(loc).Date()
	month := time.Date(y, m, 1, 0, 0, 0, 0, loc)
	quarter := time.Date(y, ((m-1)/3)*3+1, 1, 0, 0, 0, 0, loc).AddDate(0, -3, 0)
	return []struct {
		name string
		q    engine.Query
	}{
		{"report quarter", engine.Query{From: quarter, To: quarter.AddDate(0, 3, 0)}},
		{"report quarter by agent", engine.Query{From: quarter, To: quarter.AddDate(0, 3, 0), By: engine.ByAgent}},
		{"overview month", engine.Query{From: month, To: month.AddDate(0, 1, 0), PreviousFrom: month.AddDate(0, -1, 0), Step: engine.StepDay}},
	}
}

// timeAnswers is the in-memory engine's milliseconds for q, the mean of five (as -benchtime 5x
// gives ClickHouse's).
func timeAnswers(b *testing.B, e engine.Querier, q engine.Query) float64 {
	began := time.Now()
	for range 5 {
		if _, err := e.Answer(context.Background(), q); err != nil {
			b.Fatal(err)
		}
	}
	return time.Since(began).Seconds() * 1000 / 5
}
