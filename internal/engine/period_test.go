package engine

import "testing"

// TestTimeline: periods [10, 20) and [20, 30) of a row whose first period is the run's 3rd.
func TestTimeline(t *testing.T) {
	l := timeline{bounds: []uint32{10, 20, 30}, first: 3}
	tests := []struct {
		t                  uint32
		at, started, ended int
	}{
		{noTime, -1, 0, 0},
		{9, -1, 0, 0},
		{10, 3, 1, 0},
		{19, 3, 1, 0},
		{20, 4, 2, 1},
		{29, 4, 2, 1},
		{30, -1, 2, 2},
		{4_000_000_000, -1, 2, 2},
	}
	for _, tt := range tests {
		if got := l.at(tt.t); got != tt.at {
			t.Errorf("at(%d) = %d, want %d", tt.t, got, tt.at)
		}
		if got := l.startedBy(tt.t); got != tt.started {
			t.Errorf("startedBy(%d) = %d, want %d", tt.t, got, tt.started)
		}
		if got := l.endedBy(tt.t); got != tt.ended {
			t.Errorf("endedBy(%d) = %d, want %d", tt.t, got, tt.ended)
		}
	}
	// A longer row, so the bisection runs: the period of each instant is found.
	long := timeline{bounds: []uint32{1, 5, 9, 13, 17, 21, 25}}
	for ts := uint32(1); ts < 25; ts++ {
		if got, want := long.at(ts), int(ts-1)/4; got != want {
			t.Errorf("at(%d) = %d, want %d", ts, got, want)
		}
	}
}
