package soak

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/pgtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	os.Exit(code)
}

// TestSoak soaks each store in turn (subtests sqlite and postgres) and fails when any check
// fails; the summary table is logged either way.
func TestSoak(t *testing.T) {
	cfg := loadSettings(t)
	bin := klantpulsBinary(t)
	for _, name := range cfg.stores {
		t.Run(name, func(t *testing.T) { soakStore(t, cfg, bin, name) })
	}
}

// run is the soak of one store: its server, the clients' ledger and counts, and the checks
// that failed.
type run struct {
	cfg        settings
	store      string
	bin, db    string
	dir        string
	pg         *pgtest.Server // nil on SQLite
	srv        *server
	client     *client
	stats      *stats
	ledger     *ledger
	win        window
	from, to   string // the report period holding every record
	writeToken string
	readToken  string

	mu       sync.Mutex
	retries  map[int]int // by status (429, 503)
	waited   time.Duration
	resends  int
	refusals int // batches made invalid on purpose and refused
	readLag  int // reports that missed acknowledged records
	imports  []*importFile
	backups  []*backupFile
	samples  []sample
	// restarted is the memory of the server started again on the same database: what the
	// same records take without the soak's history.
	restarted sample
	serverLog logLevels // of the soaked server (not the restarted one)
	reports   []reportCheck
	kindRows  []kindRow
	failures  []string
}

// fail records a failed check; the run goes on, and the test fails at the end.
func (r *run) fail(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.failures) < 200 {
		r.failures = append(r.failures, fmt.Sprintf(format, args...))
	}
}

func (r *run) retried(status int, wait time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.retries[status]++
	r.waited += wait
}

func soakStore(t *testing.T, cfg settings, bin, storeName string) {
	dir := t.TempDir()
	r := &run{cfg: cfg, store: storeName, bin: bin, dir: dir, stats: newStats(), ledger: newLedger(),
		win: newWindow(time.Now()), retries: map[int]int{}}
	r.from, r.to = r.win.period()
	if storeName == "postgres" {
		r.pg = pgtest.Shared(t)
		r.db = r.pg.NewDatabase(t)
	} else {
		r.db = filepath.Join(dir, "soak.db")
	}
	r.srv = startServer(t, bin, r.db, dir, "serve")
	r.client = &client{http: &http.Client{Timeout: 2 * time.Minute}, base: r.srv.url, stats: r.stats}
	r.writeToken = createToken(t, bin, r.db, "soak writers", "write")
	r.readToken = createToken(t, bin, r.db, "soak readers", "read")
	t.Logf("soaking %s for %v: %s", storeName, cfg.duration, r.srv.url)

	r.soak()
	r.checkReport("live")
	if err := r.srv.stop(); err != nil {
		r.fail("the server did not stop cleanly on SIGTERM: %v", err)
	}
	r.reconcile()
	r.serverLog = r.srv.logLevels()
	// A fresh start reads every record from the store: its report must agree too.
	r.srv = startServer(t, bin, r.db, dir, "restart")
	r.client.base = r.srv.url
	r.checkReport("after restart")
	r.restarted = r.sampleNow(0)
	if err := r.srv.stop(); err != nil {
		r.fail("the restarted server did not stop cleanly: %v", err)
	}
	r.verifyBackups(t)
	r.checkStatuses()
	r.checkMemory()

	summary := r.summary()
	t.Log("\n" + summary)
	if cfg.outDir != "" {
		os.MkdirAll(cfg.outDir, 0o755)
		os.WriteFile(filepath.Join(cfg.outDir, "soak-"+storeName+".txt"), []byte(summary), 0o644)
		if log, err := os.ReadFile(filepath.Join(dir, "serve.log")); err == nil {
			os.WriteFile(filepath.Join(cfg.outDir, "soak-"+storeName+"-serve.log"), log, 0o644)
		}
	}
	if len(r.failures) > 0 {
		t.Fatalf("soak %s: %d checks failed:\n  %s\nthe server's first ERROR lines:\n%s", storeName, len(r.failures),
			strings.Join(r.failures, "\n  "), strings.Join(r.serverLog.errors, "\n"))
	}
}

// soak runs the writers, readers, imports, backups and the memory sampler for the configured
// duration. Writers finish the batch they are sending (retrying within a grace period), so
// every record ends acknowledged, refused or, at worst, counted as unknown.
func (r *run) soak() {
	stop, cancel := context.WithTimeout(context.Background(), r.cfg.duration)
	defer cancel()
	grace, cancelGrace := context.WithTimeout(context.Background(), r.cfg.duration+2*time.Minute)
	defer cancelGrace()
	start := time.Now()
	var wg sync.WaitGroup
	for i := 1; i <= 2; i++ {
		w := newWriter(r, fmt.Sprintf("w%d", i), int64(i))
		wg.Add(1)
		go func() { defer wg.Done(); w.loop(stop, grace) }()
		rd := newReader(r, fmt.Sprintf("r%d", i), int64(10+i))
		wg.Add(1)
		go func() { defer wg.Done(); rd.loop(stop) }()
	}
	wg.Add(3)
	go func() { defer wg.Done(); r.sampleLoop(stop, start) }()
	go func() { defer wg.Done(); r.importLoop(stop) }()
	go func() { defer wg.Done(); r.backupLoop(stop) }()
	wg.Wait()
}

// sleepCtx waits d or until ctx ends; it tells whether the whole wait passed.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-tm.C:
		return true
	}
}

// every runs f every period until ctx ends, the first time after half a period.
func every(ctx context.Context, period time.Duration, f func()) {
	if !sleepCtx(ctx, period/2) {
		return
	}
	for {
		began := time.Now()
		f()
		if !sleepCtx(ctx, period-time.Since(began)) {
			return
		}
	}
}
