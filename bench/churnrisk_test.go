package bench

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/calendar"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// BenchmarkChurnRisk (here, not beside the engine: the engine's tests may not import bench)
// is the Risico page's fit on the generated shop of issue 16 point 6
// (bench.ShopSizes: 1M customers and 5M orders; BENCH_SMALL=1 20k and 100k) loaded straight
// into an engine. Each op fits the churn model and the value models it reads (both caches
// dropped first, by writing an order of the data's first day again), while a writer applies a
// ticket every millisecond, as an API ingest would. It reports fit-s, the fit's wall time, and
// write-wait-max-ms, the longest one of those writes waited for the engine: while a fit holds
// the read lock a write waits, and every page behind the write (sync.RWMutex lets no new
// reader in while a writer waits).
func BenchmarkChurnRisk(b *testing.B) {
	customers, orders := ShopSizes()
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		b.Fatal(err)
	}
	opts := engine.Options{Timezone: ams, Hours: calendar.OfficeHours(ams), TeamHours: map[string]calendar.Hours{},
		CSAT: metric.CSATScale{Min: 1, Max: 5, PositiveMin: 4}, CES: engine.CESScale{Min: 1, Max: 7}, DefaultGrossMargin: 1,
		Criterion: func(string) metric.Rating { return metric.Rating{Min: 1, Max: 5, Weight: 1} }}
	shop := Shop{Customers: customers, Orders: orders, Start: time.Date(2024, 1, 1, 0, 0, 0, 0, opts.Timezone), Days: 730, Seed: 7}
	now := shop.Start.AddDate(0, 0, shop.Days)
	opts.Now = func() time.Time { return now }
	e, err := engine.New(opts)
	if err != nil {
		b.Fatal(err)
	}
	var first *cx.Order
	l := e.Load()
	_, err = shop.Generate(func(r cx.Record) error {
		if o, ok := r.(*cx.Order); ok && first == nil {
			first = o
		}
		l.Put(r)
		return nil
	}, func(uint32, time.Time, float64) {})
	l.Close()
	if err != nil {
		b.Fatal(err)
	}
	target := func(string) int64 { return 8 * 3600 }
	var fit, waited time.Duration
	writes := 0
	for k := 0; b.Loop(); k++ {
		e.Apply(first) // the same order again: every value-model fit is dropped
		done := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() {
			tick := time.NewTicker(time.Millisecond)
			defer tick.Stop()
			for n := 0; ; n++ {
				select {
				case <-done:
					return
				case <-tick.C:
				}
				began := time.Now()
				e.Apply(&cx.Ticket{ID: fmt.Sprintf("W%d-%d", k, n), CreatedAt: shop.Start})
				waited = max(waited, time.Since(began))
				writes++
			}
		})
		began := time.Now()
		// A day later each op: another day for the churn cache, the same data end.
		if _, err := e.ChurnRisk(now.AddDate(0, 0, k), target); err != nil {
			b.Fatal(err)
		}
		fit += time.Since(began)
		close(done)
		wg.Wait()
	}
	b.ReportMetric(fit.Seconds()/float64(b.N), "fit-s")
	b.ReportMetric(float64(waited.Microseconds())/1000, "write-wait-max-ms")
	b.ReportMetric(float64(writes)/float64(b.N), "writes/op")
}
