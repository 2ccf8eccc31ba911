package app

import (
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
