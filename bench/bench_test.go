package bench

import (
	"context"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/importer"

	"github.com/klantpuls/klantpuls/internal/chtest"
)

// The sizes of issue 2: 1M responses and 1M tickets. BENCH_SMALL=1 shrinks them for a quick
// check of the harness.
func sizes() (tickets, responses int) {
	if os.Getenv("BENCH_SMALL") != "" {
		return 20_000, 20_000
	}
	return 1_000_000, 1_000_000
}

// TestMain removes the generated files after the run, unless BENCH_DIR keeps them, and stops
// the ClickHouse server BenchmarkClickHouse started.
func TestMain(m *testing.M) {
	code := m.Run()
	if loaded != nil {
		loaded.Close()
	}
	if tempDir != "" {
		os.RemoveAll(tempDir)
	}
	chtest.Stop()
	os.Exit(code)
}

var (
	tempDir   string
	setupOnce sync.Once
	data      *Dataset
	loaded    *app.App
	setupErr  error
	importDur map[cx.Kind]time.Duration
	bytesPer  float64
)

// setup generates the files, imports them into a fresh SQLite database (timed) and loads the
// engine (its heap growth measured), once for all benchmarks of the run.
func setup(b *testing.B) {
	setupOnce.Do(func() {
		// BENCH_DIR keeps the generated files and database between runs (for profiling the
		// report); the import is then not measured again.
		dir, reuse := os.Getenv("BENCH_DIR"), false
		if dir == "" {
			var err error
			if dir, err = os.MkdirTemp("", "klantpuls-bench-"); err != nil {
				setupErr = err
				return
			}
			tempDir = dir
		} else if _, err := os.Stat(filepath.Join(dir, "bench.db")); err == nil {
			reuse = true
		}
		t, r := sizes()
		data = &Dataset{Dir: dir, Tickets: t, Responses: r, TicketsCSV: filepath.Join(dir, "tickets.csv"),
			Answers: filepath.Join(dir, "responses.csv")}
		if !reuse {
			if data, setupErr = Generate(dir, t, r); setupErr != nil {
				return
			}
		}
		ctx := context.Background()
		a, err := app.Open(ctx, filepath.Join(dir, "bench.db"), config.Default())
		if err != nil {
			setupErr = err
			return
		}
		importDur = map[cx.Kind]time.Duration{}
		for kind, path := range map[cx.Kind]string{cx.KindTickets: data.TicketsCSV, cx.KindResponses: data.Answers} {
			if reuse {
				break
			}
			f, err := os.Open(path)
			if err != nil {
				setupErr = err
				return
			}
			began := time.Now()
			rd := importer.Reader{Kind: kind, File: path, Config: a.Config}
			_, setupErr = a.Import(ctx, rd.From(f), nil)
			importDur[kind] = time.Since(began)
			f.Close()
			if setupErr != nil {
				return
			}
		}
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		if setupErr = a.LoadEngine(ctx); setupErr != nil {
			return
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		bytesPer = float64(after.HeapAlloc-before.HeapAlloc) / float64(t+r)
		loaded = a
	})
	if setupErr != nil {
		b.Fatal(setupErr)
	}
}

// onceFigures are a benchmark's figures, measured once per run: the testing package calls a
// benchmark more than once (b.N = 1 first), and a measurement takes long at full size.
type onceFigures struct {
	once    sync.Once
	figures map[string]float64
}

// report measures the figures on the first call and reports them as the benchmark's metrics;
// when the measurement failed (no figures) it fails the benchmark with failed.
func (o *onceFigures) report(b *testing.B, failed string, measure func(*testing.B) map[string]float64) {
	o.once.Do(func() { o.figures = measure(b) })
	if o.figures == nil {
		b.Fatal(failed)
	}
	for range b.N {
	}
	for unit, v := range o.figures {
		b.ReportMetric(v, unit)
	}
}

// BenchmarkImport reports the import rate of the tickets and responses files (measured once,
// in setup, on a fresh database), next to the rate of merely reading the same CSV.
func BenchmarkImport(b *testing.B) {
	setup(b)
	for range b.N {
	}
	for kind, d := range importDur {
		n := data.Tickets
		if kind == cx.KindResponses {
			n = data.Responses
		}
		b.ReportMetric(float64(n)/d.Seconds(), string(kind)+"-rows/s")
	}
}

// BenchmarkBaselineCSVRead is the baseline of import: reading and splitting the tickets file
// with encoding/csv, doing nothing with the rows.
func BenchmarkBaselineCSVRead(b *testing.B) {
	setup(b)
	n := 0
	for range b.N {
		f, err := os.Open(data.TicketsCSV)
		if err != nil {
			b.Fatal(err)
		}
		r := csv.NewReader(f)
		r.ReuseRecord = true
		for {
			if _, err := r.Read(); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
			n++
		}
		f.Close()
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "rows/s")
}

func benchReport(b *testing.B, by engine.Dim) {
	setup(b)
	q := engine.Query{From: time.Date(2025, 1, 1, 0, 0, 0, 0, loaded.Config.Timezone),
		To: time.Date(2026, 1, 1, 0, 0, 0, 0, loaded.Config.Timezone), By: by}
	b.ResetTimer()
	for range b.N {
		if _, err := loaded.Engine().Report(q); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N), "ms/report")
	b.ReportMetric(bytesPer, "engine-bytes/record")
}

// BenchmarkReportAll is a full report (every metric) over the whole year, not split.
func BenchmarkReportAll(b *testing.B) { benchReport(b, engine.ByNone) }

// BenchmarkReportByAgent is the same report split by agent (40 agents).
func BenchmarkReportByAgent(b *testing.B) { benchReport(b, engine.ByAgent) }

// BenchmarkBaselineScan is the baseline of a report: one pass summing an int64 column of as
// many rows as the engine holds records, the least any query over all records must do.
func BenchmarkBaselineScan(b *testing.B) {
	t, r := sizes()
	col := make([]int64, t+r)
	for i := range col {
		col[i] = int64(i)
	}
	b.ResetTimer()
	var sink int64
	for range b.N {
		for _, v := range col {
			sink += v
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/scan")
	_ = sink
}
