package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// Syncs runs the contract of store.Syncs; open returns a new, empty store.
func Syncs(t *testing.T, open func(t *testing.T) store.Syncs) {
	s := open(t)
	ctx := context.Background()
	if _, err := s.SyncCursor(ctx, "zendesk.tickets"); cx.ErrorCode(err) != cx.ENOTFOUND {
		t.Errorf("SyncCursor of a new store: %v, want ENOTFOUND", err)
	}
	for _, c := range []string{"MTU3NjYxMzUzOS4wfHw0NTF8", "MTU4MDc1Mzc5OC4wfHw0MzJ8"} {
		if err := s.SaveSyncCursor(ctx, "zendesk.tickets", c); err != nil {
			t.Fatal(err)
		}
		if got, err := s.SyncCursor(ctx, "zendesk.tickets"); got != c || err != nil {
			t.Errorf("SyncCursor = %q, %v; want %q", got, err, c)
		}
	}
	// A lease: one holder at a time until it lapses or is released; the holder renews its own.
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	lease := 5 * time.Minute
	steps := []struct {
		holder string
		at     time.Duration
		want   bool
	}{
		{"node-a", 0, true},
		{"node-b", time.Minute, false},    // a holds it
		{"node-a", 2 * time.Minute, true}, // renewed until 7 min
		{"node-b", 6 * time.Minute, false},
		{"node-b", 7 * time.Minute, true}, // lapsed
		{"node-a", 8 * time.Minute, false},
	}
	for _, st := range steps {
		now := t0.Add(st.at)
		got, err := s.ClaimSync(ctx, "lease:zendesk", st.holder, now, now.Add(lease))
		if err != nil || got != st.want {
			t.Errorf("ClaimSync(%s at +%v) = %v, %v; want %v", st.holder, st.at, got, err, st.want)
		}
	}
	if err := s.ReleaseSync(ctx, "lease:zendesk", "node-a"); err != nil { // not a's: stays b's
		t.Fatal(err)
	}
	if got, _ := s.ClaimSync(ctx, "lease:zendesk", "node-a", t0.Add(9*time.Minute), t0.Add(14*time.Minute)); got {
		t.Error("a claimed the lease b holds after a released what it did not hold")
	}
	if err := s.ReleaseSync(ctx, "lease:zendesk", "node-b"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.ClaimSync(ctx, "lease:zendesk", "node-a", t0.Add(9*time.Minute), t0.Add(14*time.Minute)); !got {
		t.Error("a could not claim the lease b released")
	}
	// The lease and the cursor live apart: claiming did not touch the cursor.
	if got, _ := s.SyncCursor(ctx, "zendesk.tickets"); got != "MTU4MDc1Mzc5OC4wfHw0MzJ8" {
		t.Errorf("cursor after the leases = %q", got)
	}
}
