package engine

import (
	"slices"
	"testing"
	"time"
)

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

// TestSeriesSpan: buckets that have not begun are cut; a bucket cut by the period's edge or
// still running is partial. The buckets are written out by hand from the calendar
// (1 October 2026 is a Thursday, 30 November a Monday).
func TestSeriesSpan(t *testing.T) {
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, ams) }
	span := func(days ...time.Time) [][2]time.Time {
		var out [][2]time.Time
		for i := 0; i+1 < len(days); i++ {
			out = append(out, [2]time.Time{days[i], days[i+1]})
		}
		return out
	}
	var december []time.Time // the days of December 2026 and 1 January
	for d := 1; d <= 32; d++ {
		december = append(december, day(12, d))
	}
	var november []time.Time
	for d := 1; d <= 31; d++ {
		november = append(november, day(11, d))
	}
	quarter := span(day(10, 1), day(10, 5), day(10, 12), day(10, 19), day(10, 26), day(11, 2), day(11, 9),
		day(11, 16), day(11, 23), day(11, 30), day(12, 7), day(12, 14), day(12, 21), day(12, 28), day(13, 1))
	now := time.Date(2026, 12, 2, 14, 0, 0, 0, ams)
	for _, c := range []struct {
		name    string
		buckets [][2]time.Time
		step    Step
		n       int
		partial []int // indices of the partial buckets
	}{
		{"this month by day on 2 December: two days, today partial", span(december...), StepDay, 2, []int{1}},
		{"last month by day: all 30 days, none partial", span(november...), StepDay, 30, nil},
		{"this quarter by week: 10 weeks, the first (from Thursday) and the running one partial", quarter,
			StepWeek, 10, []int{0, 9}},
		{"a past period ending on a Wednesday: its last week is partial", span(day(3, 2), day(3, 9), day(3, 11)),
			StepWeek, 2, []int{1}},
		{"a year by month on 2 December: 12 months, December partial", span(day(1, 1), day(2, 1), day(3, 1), day(4, 1),
			day(5, 1), day(6, 1), day(7, 1), day(8, 1), day(9, 1), day(10, 1), day(11, 1), day(12, 1), day(13, 1)),
			StepMonth, 12, []int{11}},
		{"a period wholly in the future: nothing", span(day(12, 7), day(12, 14)), StepWeek, 0, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			n, partial := SeriesSpan(c.buckets, c.step, now)
			var got []int
			for i, p := range partial {
				if p {
					got = append(got, i)
				}
			}
			if n != c.n || len(partial) != n || !slices.Equal(got, c.partial) {
				t.Errorf("got %d buckets, partial %v (of %d flags); want %d, partial %v", n, got, len(partial), c.n, c.partial)
			}
		})
	}
}
