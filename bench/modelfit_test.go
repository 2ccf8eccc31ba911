package bench

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/model"
)

// BenchmarkModelFit holds issue 16 point 6: fitting both models on 1M customers with 5M orders
// takes at most 60 seconds on 2 cores. On a generated shop (Shop: heterogeneous purchase rates
// and spends, churned_at for most who leave, tickets for about a fifth of the customers,
// NPS and CSAT answers, events) loaded into a SQLite file and the engine as `serve` does, it
// measures once, each on caches that do not hold its result:
//
//   - modelfit-s, what `klantpuls model fit` does: the value models as of the data's last day
//     (engine purchases and model.FitAll) and the churn risk model (backtest, fit, scoring);
//   - churn-s, the churn risk model alone (the value models then come from the cache);
//   - fitall-s, model.FitAll (summaries, BG/NBD and Gamma-Gamma) on the same purchases;
//
// and its baseline, measured in the same run: scan-ms, one pass over the purchases summing
// each customer's amount into a slice — the least any fit must do. The ratios */scan compare
// across machines; the seconds are what the bar is on. peak-rss-MB is the process's
// peak resident memory during the `model fit` measurement, loaded-rss-MB its resident memory
// just before (the generated purchases and the loaded engine). *-cpu-s are the processor seconds of the same measurements (every thread):
// on a shared machine they move less than the wall time.
func BenchmarkModelFit(b *testing.B) {
	fitFigures.report(b, "the model fit measurement failed", measureModelFit)
}

var fitFigures onceFigures

func measureModelFit(b *testing.B) map[string]float64 {
	ctx := context.Background()
	customers, orders := ShopSizes()
	dir := os.Getenv("BENCH_DIR")
	if dir == "" {
		dir = b.TempDir()
	}
	cfg := config.Default()
	// Two years of days that are over: the models observe days up to yesterday at the latest.
	shop := Shop{Customers: customers, Orders: orders, Start: time.Date(2024, 1, 1, 0, 0, 0, 0, cfg.Timezone), Days: 730, Seed: 7}
	path := filepath.Join(dir, fmt.Sprintf("shop-%d-%s.db", customers, shop.Start.Format(time.DateOnly)))
	_, statErr := os.Stat(path)
	reuse := statErr == nil
	a, err := app.Open(ctx, path, cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	loc := a.Config.Timezone
	var purchases []model.Purchase
	buy := func(c uint32, at time.Time, amount float64) {
		y, m, d := at.In(loc).Date()
		purchases = append(purchases, model.Purchase{Customer: c, Day: engine.DayNumber(y, m, d), Amount: amount})
	}
	// A kept database (BENCH_DIR) is not written again; the generator still runs for the
	// purchases (a few seconds).
	made, err := loadShop(ctx, a, shop, buy, reuse)
	if err != nil {
		b.Fatal(err)
	}
	if err := a.LoadEngine(ctx); err != nil {
		b.Fatal(err)
	}
	to := shop.Start.AddDate(0, 0, shop.Days)
	y, m, d := to.AddDate(0, 0, -1).Date()
	asOf := engine.DayNumber(y, m, d)
	target := func(string) int64 { return 8 * 3600 }
	runtime.GC()
	scan := baselineScan(purchases, customers)

	// `klantpuls model fit`: ModelFit, then ChurnRisk as of the same day (cmd/klantpuls/model.go).
	resetPeakRSS()
	loadedRSS := procStatus("VmRSS:")
	began, cpu := time.Now(), cpuTime()
	fit, err := a.ModelFit(ctx, to)
	if err != nil {
		b.Fatal(err)
	}
	cr, err := a.ChurnRisk(ctx, to, target)
	if err != nil {
		b.Fatal(err)
	}
	both, bothCPU := time.Since(began), cpuTime()-cpu
	peak := procStatus("VmHWM:")
	b.Logf("%d customers (%d repeat buyers), %d orders: BG/NBD %+v, Gamma-Gamma %+v", fit.Customers, fit.RepeatBuyers, made, fit.BGNBD, fit.GammaGamma)
	b.Logf("churn: label %s, AUC %.3f, lift %.2f, scored %d (%d churned), trained %d (%d churned), %d at-risk rows",
		cr.Label, cr.Backtest.AUC, cr.Backtest.TopLift, cr.Backtest.Scored, cr.Backtest.Churned, cr.Backtest.Trained,
		cr.Backtest.TrainChurn, len(cr.Rows))

	// The churn model alone: a day later is another day for its cache, and the same data end
	// (the data stops before it), so the value models come from their cache.
	began, cpu = time.Now(), cpuTime()
	if _, err := a.ChurnRisk(ctx, to.AddDate(0, 0, 1), target); err != nil {
		b.Fatal(err)
	}
	churnOnly, churnCPU := time.Since(began), cpuTime()-cpu

	runtime.GC()
	began, cpu = time.Now(), cpuTime()
	again, err := model.FitAll(purchases, asOf)
	if err != nil {
		b.Fatal(err)
	}
	fitAll, fitAllCPU := time.Since(began), cpuTime()-cpu
	// The same orders, summed in another customer order: equal to rounding.
	if !closeFits(again, fit) {
		b.Fatalf("model.FitAll on the generated purchases gave %+v %+v, the engine's fit %+v %+v",
			again.BGNBD, again.GammaGamma, fit.BGNBD, fit.GammaGamma)
	}
	scanMs := scan.Seconds() * 1000
	return map[string]float64{
		"customers": float64(customers), "orders": float64(made), "scan-ms": scanMs,
		"modelfit-s": both.Seconds(), "churn-s": churnOnly.Seconds(), "fitall-s": fitAll.Seconds(),
		"modelfit/scan": both.Seconds() * 1000 / scanMs, "churn/scan": churnOnly.Seconds() * 1000 / scanMs,
		"fitall/scan": fitAll.Seconds() * 1000 / scanMs, "peak-rss-MB": peak, "loaded-rss-MB": loadedRSS,
		"modelfit-cpu-s": bothCPU.Seconds(), "churn-cpu-s": churnCPU.Seconds(), "fitall-cpu-s": fitAllCPU.Seconds(),
	}
}

// closeFits tells whether two fits' parameters agree to 1e-6 relative.
func closeFits(f, g *model.Fit) bool {
	x := []float64{f.BGNBD.R, f.BGNBD.Alpha, f.BGNBD.A, f.BGNBD.B, f.GammaGamma.P, f.GammaGamma.Q, f.GammaGamma.Gamma}
	y := []float64{g.BGNBD.R, g.BGNBD.Alpha, g.BGNBD.A, g.BGNBD.B, g.GammaGamma.P, g.GammaGamma.Q, g.GammaGamma.Gamma}
	for i := range x {
		if math.Abs(x[i]-y[i]) > 1e-6*math.Abs(y[i]) {
			return false
		}
	}
	return true
}

// loadShop writes the shop into a's store in transactions of 100,000 records (not when reuse:
// the database has it) and returns the number of orders.
func loadShop(ctx context.Context, a *app.App, shop Shop, buy func(uint32, time.Time, float64), reuse bool) (int, error) {
	var batch []cx.Record
	flush := func() error {
		if len(batch) == 0 || reuse {
			batch = batch[:0]
			return nil
		}
		_, err := a.Bulk(ctx, func(put func(cx.Record) error) error {
			for _, r := range batch {
				if err := put(r); err != nil {
					return err
				}
			}
			return nil
		})
		batch = batch[:0]
		return err
	}
	n, err := shop.Generate(func(r cx.Record) error {
		batch = append(batch, r)
		if len(batch) < 100_000 {
			return nil
		}
		return flush()
	}, buy)
	if err != nil {
		return n, err
	}
	return n, flush()
}

// baselineScan is the fastest of three passes over the purchases summing each customer's
// amounts into a slice indexed by customer.
func baselineScan(ps []model.Purchase, customers int) time.Duration {
	sum := make([]float64, customers)
	best := time.Duration(1<<63 - 1)
	for range 3 {
		began := time.Now()
		for _, p := range ps {
			sum[p.Customer] += p.Amount
		}
		best = min(best, time.Since(began))
	}
	return best
}

// cpuTime is the processor time the process has used (user and system, every thread): on a
// machine others share, a measurement's processor time moves less than its wall time.
func cpuTime() time.Duration {
	var u syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &u) != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// resetPeakRSS starts the kernel's count of the process's peak resident memory afresh (Linux:
// writing 5 to /proc/self/clear_refs); elsewhere VmHWM keeps the peak of the whole run.
func resetPeakRSS() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// procStatus is a memory figure of /proc/self/status in MB: VmRSS the resident memory now,
// VmHWM its peak since resetPeakRSS; 0 when unknown.
func procStatus(field string) float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), field); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}
