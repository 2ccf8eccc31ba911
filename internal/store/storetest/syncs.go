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
	// A store shared by machines judges it by its own clock, so the steps take real time: a
	// lease of 2 s (kept in whole seconds) has lapsed 3 s after it was renewed.
	lease := 2 * time.Second
	steps := []struct {
		holder string
		wait   time.Duration // before the claim
		want   bool
	}{
		{"node-a", 0, true},
		{"node-b", 0, false}, // a holds it
		{"node-a", 0, true},  // renewed
		{"node-b", 0, false},
		{"node-b", 3 * time.Second, true}, // lapsed
		{"node-a", 0, false},
	}
	held := func(name string, want bool) {
		t.Helper()
		if got, err := s.SyncHeld(ctx, name, time.Now()); err != nil || got != want {
			t.Errorf("SyncHeld(%s) = %v, %v; want %v", name, got, err, want)
		}
	}
	for i, st := range steps {
		time.Sleep(st.wait)
		if st.wait > 0 {
			held("lease:zendesk", false) // lapsed, though nobody released it
		}
		got, err := s.ClaimSync(ctx, "lease:zendesk", st.holder, time.Now(), lease)
		if err != nil || got != st.want {
			t.Errorf("step %d: ClaimSync(%s) = %v, %v; want %v", i, st.holder, got, err, st.want)
		}
	}
	held("lease:zendesk", true)
	held("lease:freshdesk", false)                                        // never claimed
	if err := s.ReleaseSync(ctx, "lease:zendesk", "node-a"); err != nil { // not a's: stays b's
		t.Fatal(err)
	}
	if got, _ := s.ClaimSync(ctx, "lease:zendesk", "node-a", time.Now(), time.Minute); got {
		t.Error("a claimed the lease b holds after a released what it did not hold")
	}
	held("lease:zendesk", true)
	if err := s.ReleaseSync(ctx, "lease:zendesk", "node-b"); err != nil {
		t.Fatal(err)
	}
	held("lease:zendesk", false)
	if got, _ := s.ClaimSync(ctx, "lease:zendesk", "node-a", time.Now(), time.Minute); !got {
		t.Error("a could not claim the lease b released")
	}
	// The lease and the cursor live apart: claiming did not touch the cursor.
	if got, _ := s.SyncCursor(ctx, "zendesk.tickets"); got != "MTU4MDc1Mzc5OC4wfHw0MzJ8" {
		t.Errorf("cursor after the leases = %q", got)
	}
}
