package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestKeeperDue: a server writes its engine file when it was not usable (at once), after a
// large change (at once), after a small one only once keepEvery passed, and never unchanged.
func TestKeeperDue(t *testing.T) {
	t0 := time.Date(2026, 12, 3, 20, 0, 0, 0, time.UTC)
	tests := []struct {
		name       string
		saved, seq int64
		since      time.Duration
		retry      time.Duration // after t0; 0 is none
		want       bool
	}{
		{"unchanged, long ago", 500, 500, 3 * time.Hour, 0, false},
		{"no good file yet", -1, 500, 0, 0, true},
		{"a small change, just written", 500, 510, time.Minute, 0, false},
		{"a small change, 10 minutes on", 500, 510, 10 * time.Minute, 0, true},
		{"an import of 100,000 records, just written", 500, 100_500, time.Second, 0, true},
		{"99,999 records, just written", 500, 100_499, time.Second, 0, false},
		{"no good file, a write failed a minute ago", -1, 500, time.Minute, 10 * time.Minute, false},
		{"no good file, a write failed 10 minutes ago", -1, 500, 10 * time.Minute, 10 * time.Minute, true},
	}
	for _, tc := range tests {
		a := &App{}
		a.seq.Store(tc.seq)
		k := &Keeper{a: a, saved: tc.saved, at: t0}
		if tc.retry > 0 {
			k.retry = t0.Add(tc.retry)
		}
		if got := k.due(t0.Add(tc.since)); got != tc.want {
			t.Errorf("%s: due %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestKeeperWrites: a server that started without a usable file writes one at once, in the
// background; Save at the end writes what changed since, and a new start reads it whole.
func TestKeeperWrites(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := t.TempDir()
	db, file := filepath.Join(dir, "klantpuls.db"), filepath.Join(dir, "klantpuls.db.engine")
	a := openFile(t, db, nil)
	if _, err := a.Ingest(ctx, answers("R", 4)); err != nil {
		t.Fatal(err)
	}
	st, err := a.StartEngine(ctx, file)
	if err != nil {
		t.Fatal(err)
	}
	var log strings.Builder
	k := a.KeepEngineFile(file, st, slogTo(&log))
	go k.Run(ctx)
	deadline := time.Now().Add(5 * time.Second)
	for _, err := os.Stat(file); err != nil; _, err = os.Stat(file) {
		if time.Now().After(deadline) {
			t.Fatal("no engine file 5 s after the start")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if _, err := a.Ingest(ctx, answers("S", 3)); err != nil {
		t.Fatal(err)
	}
	cancel()
	k.Save()
	b := openFile(t, db, nil)
	if st, err := b.StartEngine(context.Background(), file); err != nil || !st.FromFile || st.Applied != 0 || b.Engine().Records() != 7 {
		t.Errorf("a start after the keeper's last write: %+v, %v, %d records; want from the file, nothing to apply, 7", st, err, b.Engine().Records())
	}
	if n := strings.Count(log.String(), "engine file written"); n != 2 {
		t.Errorf("the keeper logged %d writes, want 2 (at start, at the end):\n%s", n, log.String())
	}
}

// TestKeeperOfADeferredEngine: a ClickHouse-mode server (DeferEngine) keeps the file while no
// engine is loaded (nothing to write), and an engine then loaded from the good file is not
// written again; one loaded from the database (no file) is, at once.
func TestKeeperOfADeferredEngine(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, file := filepath.Join(dir, "klantpuls.db"), filepath.Join(dir, "klantpuls.db.engine")
	a := openFile(t, db, nil)
	if _, err := a.Ingest(ctx, answers("R", 4)); err != nil {
		t.Fatal(err)
	}
	if _, err := a.CatchUpEngineFile(ctx, file, true); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, file string
		want       bool
	}{{"from the file", file, false}, {"from the database", filepath.Join(dir, "none.engine"), true}} {
		b := openFile(t, db, nil)
		b.DeferEngine(tc.file)
		k := b.KeepEngineFile(tc.file, Started{}, slogTo(&strings.Builder{}))
		k.Save() // nothing loaded: nothing written
		if _, err := os.Stat(filepath.Join(dir, "none.engine")); err == nil {
			t.Fatalf("%s: a file written with no engine loaded", tc.name)
		}
		if _, err := b.EngineFor(ctx, "a test"); err != nil {
			t.Fatal(err)
		}
		if got := k.due(time.Now()); got != tc.want {
			t.Errorf("%s: due %v, want %v", tc.name, got, tc.want)
		}
	}
}
