package engine

import "testing"

// TestTimeline: periods [10, 20) and [20, 30) of a row whose first period is the run's 3rd.
func TestTimeline(t *testing.T) {
	l := newTimeline([]uint32{10, 20, 30}, 3)
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
	// Longer rows find a period through its quarter day: with periods shorter than that (the
	// first and last buckets may be), and with days of 23, 24 and 25 hours.
	for _, bounds := range [][]uint32{{1, 5, 9, 13, 17, 21, 25}, {3600, 3600 + 23*3600, 3600 + 47*3600, 3600 + 72*3600, 3600 + 96*3600}} {
		long := newTimeline(bounds, 0)
		for j := range len(bounds) - 1 {
			for _, ts := range []uint32{bounds[j], (bounds[j] + bounds[j+1]) / 2, bounds[j+1] - 1} {
				if got := long.at(ts); got != j {
					t.Errorf("%v: at(%d) = %d, want %d", bounds, ts, got, j)
				}
				if got := long.endedBy(ts); got != j {
					t.Errorf("%v: endedBy(%d) = %d, want %d", bounds, ts, got, j)
				}
				if got := long.startedBy(ts); got != j+1 {
					t.Errorf("%v: startedBy(%d) = %d, want %d", bounds, ts, got, j+1)
				}
			}
		}
	}
}

// TestCountUpTo counts by hand, on both sides of the few bounds counted without a branch and
// the many bisected, up to the largest instant.
func TestCountUpTo(t *testing.T) {
	const top = 4_294_967_295
	tests := []struct {
		bs   []uint32
		t    uint32
		want int
	}{
		{nil, 5, 0},
		{[]uint32{20}, 0, 0},
		{[]uint32{20}, 19, 0},
		{[]uint32{20}, 20, 1},
		{[]uint32{20}, top, 1},
		{[]uint32{top}, top - 1, 0},
		{[]uint32{top}, top, 1},
		{[]uint32{0}, 0, 1},
		{[]uint32{10, 20}, 9, 0},
		{[]uint32{10, 20}, 10, 1},
		{[]uint32{10, 20}, 19, 1},
		{[]uint32{10, 20}, 20, 2},
		{[]uint32{10, 20, 30, 40}, 29, 2},
		{[]uint32{10, 20, 30, 40}, 30, 3},
		{[]uint32{10, 20, 30, top}, top, 4},
	}
	for _, tt := range tests {
		if got := countUpTo(tt.bs, tt.t); got != tt.want {
			t.Errorf("countUpTo(%v, %d) = %d, want %d", tt.bs, tt.t, got, tt.want)
		}
	}
}
