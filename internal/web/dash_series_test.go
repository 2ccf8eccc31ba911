package web

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/engine"
)

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
		step    engine.Step
		n       int
		partial []int // indices of the partial buckets
	}{
		{"this month by day on 2 December: two days, today partial", span(december...), engine.StepDay, 2, []int{1}},
		{"last month by day: all 30 days, none partial", span(november...), engine.StepDay, 30, nil},
		{"this quarter by week: 10 weeks, the first (from Thursday) and the running one partial", quarter,
			engine.StepWeek, 10, []int{0, 9}},
		{"a past period ending on a Wednesday: its last week is partial", span(day(3, 2), day(3, 9), day(3, 11)),
			engine.StepWeek, 2, []int{1}},
		{"a year by month on 2 December: 12 months, December partial", span(day(1, 1), day(2, 1), day(3, 1), day(4, 1),
			day(5, 1), day(6, 1), day(7, 1), day(8, 1), day(9, 1), day(10, 1), day(11, 1), day(12, 1), day(13, 1)),
			engine.StepMonth, 12, []int{11}},
		{"a period wholly in the future: nothing", span(day(12, 7), day(12, 14)), engine.StepWeek, 0, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			n, partial := seriesSpan(c.buckets, c.step, now)
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

// TestSparklineMarksPartial: a line into a partial last bucket is dashed and its point hollow;
// a series with one value draws nothing (a lone dot is no trend).
func TestSparklineMarksPartial(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	got := string(sparkline([]*float64{f(1), f(2), f(3)}, []bool{false, false, true}, "x"))
	// Three points 3 + 57 px apart: the solid line 1→2, the dashed 2→3 into the partial one.
	if !strings.Contains(got, `d="M3.0,29.0L60.0,16.0"`) || !strings.Contains(got, `stroke-dasharray="3 2" d="M60.0,16.0L117.0,3.0"`) ||
		!strings.Contains(got, `<circle cx="117.0" cy="3.0" r="2" fill="#fff"`) {
		t.Errorf("partial end: %s", got)
	}
	if got := sparkline([]*float64{nil, f(5), nil}, []bool{false, false, true}, "x"); got != "" {
		t.Errorf("one value: %s", got)
	}
	if got := string(sparkline([]*float64{f(1), f(2)}, nil, "x")); strings.Contains(got, "dasharray") {
		t.Errorf("no partial bucket, yet dashed: %s", got)
	}
}
