package soak

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// settings are one soak run, read from the environment:
//
//	KLANTPULS_SOAK=30m            how long each store is soaked (required; unset skips the test)
//	KLANTPULS_SOAK_STORES=sqlite  which stores (default sqlite,postgres)
//	KLANTPULS_SOAK_RATE=2         requests a second per writer (default 2)
//	KLANTPULS_SOAK_IMPORT_ROWS    rows per CLI import file (default 5000)
//	KLANTPULS_SOAK_OUT=DIR        also write each store's summary to DIR/soak-STORE.txt
//	KLANTPULS_BIN=bin/klantpuls   the binary to run (default: built from ./cmd/klantpuls)
type settings struct {
	duration    time.Duration
	stores      []string
	writerRate  float64
	importRows  int
	importEvery time.Duration
	backupEvery time.Duration
	sampleEvery time.Duration
	// warmup is when the memory baseline is taken: the engine, caches and pools have grown to
	// their working size by then.
	warmup time.Duration
	outDir string
}

func loadSettings(t *testing.T) settings {
	raw := os.Getenv("KLANTPULS_SOAK")
	if raw == "" {
		t.Skip("the soak test runs with KLANTPULS_SOAK=30m (make soak; SOAK_DURATION=2m for a short run)")
	}
	d, err := time.ParseDuration(raw)
	if err != nil || d < 30*time.Second {
		t.Fatalf("KLANTPULS_SOAK=%q: want a duration of at least 30s, like 30m", raw)
	}
	c := settings{duration: d, stores: []string{"sqlite", "postgres"}, writerRate: 2, importRows: 5000,
		sampleEvery: 10 * time.Second, outDir: os.Getenv("KLANTPULS_SOAK_OUT")}
	if s := os.Getenv("KLANTPULS_SOAK_STORES"); s != "" {
		c.stores = nil
		for _, name := range strings.Split(s, ",") {
			name = strings.TrimSpace(name)
			if name != "sqlite" && name != "postgres" {
				t.Fatalf("KLANTPULS_SOAK_STORES: %q is not sqlite or postgres", name)
			}
			c.stores = append(c.stores, name)
		}
	}
	if s := os.Getenv("KLANTPULS_SOAK_RATE"); s != "" {
		if c.writerRate, err = strconv.ParseFloat(s, 64); err != nil || c.writerRate <= 0 || c.writerRate > 100 {
			t.Fatalf("KLANTPULS_SOAK_RATE=%q: want requests a second per writer, above 0 and at most 100", s)
		}
	}
	if s := os.Getenv("KLANTPULS_SOAK_IMPORT_ROWS"); s != "" {
		if c.importRows, err = strconv.Atoi(s); err != nil || c.importRows < 1 {
			t.Fatalf("KLANTPULS_SOAK_IMPORT_ROWS=%q: want a positive number of rows", s)
		}
	}
	// A 30-minute run imports every 3 minutes and backs up every 5; a short run does each a
	// few times.
	c.importEvery = min(3*time.Minute, d/4)
	c.backupEvery = min(5*time.Minute, d/3)
	c.warmup = min(max(d/5, 30*time.Second), d/2)
	return c
}

// klantpulsBinary is $KLANTPULS_BIN, or klantpuls built once for the test.
func klantpulsBinary(t *testing.T) string {
	if bin := os.Getenv("KLANTPULS_BIN"); bin != "" {
		abs, err := filepath.Abs(bin)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(abs); err != nil {
			t.Fatalf("KLANTPULS_BIN: %v", err)
		}
		return abs
	}
	out := filepath.Join(t.TempDir(), "klantpuls")
	build := exec.Command("go", "build", "-o", out, "github.com/klantpuls/klantpuls/cmd/klantpuls")
	if msg, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building klantpuls: %v\n%s", err, msg)
	}
	return out
}
