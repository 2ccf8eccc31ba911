package alert

import (
	"math"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/metric"
)

func f(v float64) *float64 { return &v }

func TestSignificantFall(t *testing.T) {
	sig := metric.Change{Z: -2.5, P: 0.0124, Significant: true}
	notSig := metric.Change{Z: -1.5, P: 0.1336}
	for _, tt := range []struct {
		name      string
		dir       metric.Direction
		cur, prev float64
		c         metric.Change
		tested    bool
		want      bool
	}{
		{"NPS 20 from 40, significant", metric.HigherIsBetter, 20, 40, sig, true, true},
		{"NPS 20 from 40, not significant", metric.HigherIsBetter, 20, 40, notSig, true, false},
		{"NPS 40 from 20 is a rise, however significant", metric.HigherIsBetter, 40, 20, sig, true, false},
		{"a test that could not be made", metric.HigherIsBetter, 20, 40, sig, false, false},
		{"lower is better: a rise is the fall", metric.LowerIsBetter, 5400, 3600, sig, true, true},
		{"lower is better: a drop is good", metric.LowerIsBetter, 3600, 5400, sig, true, false},
		{"no change", metric.HigherIsBetter, 30, 30, sig, true, false},
		{"no direction", metric.NoDirection, 20, 40, sig, true, false},
	} {
		if got := significantFall(tt.dir, tt.cur, tt.prev, tt.c, tt.tested); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestBelowTarget(t *testing.T) {
	higher := &metric.Descriptor{Direction: metric.HigherIsBetter}
	lower := &metric.Descriptor{Direction: metric.LowerIsBetter}
	for _, tt := range []struct {
		name    string
		d       *metric.Descriptor
		figures []*float64
		target  float64
		want    bool
	}{
		{"CSAT 78 and 79 under 80", higher, []*float64{f(78), f(79)}, 80, true},
		{"the second reaches the target", higher, []*float64{f(78), f(80)}, 80, false},
		{"the first meets it", higher, []*float64{f(85), f(70)}, 80, false},
		{"a period without a figure is no miss", higher, []*float64{nil, f(70)}, 80, false},
		{"three periods, all under", higher, []*float64{f(1), f(2), f(3)}, 80, true},
		{"lower is better: 5 h and 6 h over a 4 h target", lower, []*float64{f(18000), f(21600)}, 14400, true},
		{"lower is better: exactly on target meets it", lower, []*float64{f(18000), f(14400)}, 14400, false},
		{"no periods", higher, nil, 80, false},
	} {
		if got := belowTarget(tt.d, tt.figures, tt.target); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestControlLimit(t *testing.T) {
	// By hand: 10 12 11 13 9 11 12 10 sum to 88, mean 11; the deviations −1 1 0 2 −2 0 1 −1
	// square to 12; the sample variance is 12/7 = 1.714286, σ = 1.309307, 3σ = 3.927922.
	// Upper limit 14.927922, lower limit 7.072078.
	history := []*float64{f(10), f(12), f(11), f(13), f(9), f(11), f(12), f(10)}
	const sigma, upper, lower = 1.309307, 14.927922, 7.072078
	for _, tt := range []struct {
		name     string
		dir      metric.Direction
		history  []*float64
		last     float64
		limit    float64
		fire, ok bool
	}{
		{"lower is better: 15 above the upper limit", metric.LowerIsBetter, history, 15, upper, true, true},
		{"lower is better: 14.9 within", metric.LowerIsBetter, history, 14.9, upper, false, true},
		{"lower is better: 5 far below is good", metric.LowerIsBetter, history, 5, upper, false, true},
		{"higher is better: 7 below the lower limit", metric.HigherIsBetter, history, 7, lower, true, true},
		{"higher is better: 7.1 within", metric.HigherIsBetter, history, 7.1, lower, false, true},
		{"higher is better: 20 far above is good", metric.HigherIsBetter, history, 20, lower, false, true},
		{"seven periods are too few", metric.LowerIsBetter, history[1:], 99, 0, false, false},
		{"a period without a figure", metric.LowerIsBetter, append([]*float64{nil}, history[1:]...), 99, 0, false, false},
		{"no spread", metric.LowerIsBetter, []*float64{f(4), f(4), f(4), f(4), f(4), f(4), f(4), f(4)}, 5, 0, false, false},
		{"no direction", metric.NoDirection, history, 99, 0, false, false},
	} {
		l, fire, ok := controlLimit(tt.dir, tt.history, tt.last)
		if fire != tt.fire || ok != tt.ok {
			t.Errorf("%s: fire %v ok %v, want %v %v", tt.name, fire, ok, tt.fire, tt.ok)
		}
		if tt.ok && (l.Mean != 11 || math.Abs(l.Sigma-sigma) > 1e-6 || math.Abs(l.Limit-tt.limit) > 1e-6) {
			t.Errorf("%s: %+v, want mean 11, σ %v, limit %v", tt.name, l, sigma, tt.limit)
		}
	}
}

func TestVolumeSpike(t *testing.T) {
	for _, tt := range []struct {
		name              string
		count             int
		history           []int
		percent, minCount int
		mean              float64
		fire, ok          bool
	}{
		// Four measured weeks of 4, 6, 5, 5: mean 5; 150% of it is 7.5.
		{"8 against a usual 5 (160%)", 8, []int{4, 6, 5, 5, -1, -1, -1, -1}, 150, 5, 5, true, true},
		{"7 against a usual 5 (140%)", 7, []int{4, 6, 5, 5, -1, -1, -1, -1}, 150, 5, 5, false, true},
		{"8 is too few when 10 are needed", 8, []int{4, 6, 5, 5}, 150, 10, 5, false, true},
		{"2 against a usual 1, however many percent", 2, []int{1, 1, 1, 1, 1, 1, 1, 1}, 150, 10, 1, false, true},
		{"a quiet hour that is usually empty, then 12", 12, []int{0, 0, 0, 0, 0, 0, 0, 0}, 150, 10, 0, true, true},
		// Eight weeks: 10 10 10 10 20 20 20 20 → mean 15; 200% is 30.
		{"30 at 200% of 15", 30, []int{10, 10, 10, 10, 20, 20, 20, 20}, 200, 10, 15, true, true},
		{"29 short of 200% of 15", 29, []int{10, 10, 10, 10, 20, 20, 20, 20}, 200, 10, 15, false, true},
		{"three measured weeks are too few", 50, []int{1, 1, 1, -1, -1, -1, -1, -1}, 150, 10, 0, false, false},
	} {
		mean, _, fire, ok := volumeSpike(tt.count, tt.history, tt.percent, tt.minCount)
		if fire != tt.fire || ok != tt.ok || mean != tt.mean {
			t.Errorf("%s: mean %v fire %v ok %v, want %v %v %v", tt.name, mean, fire, ok, tt.mean, tt.fire, tt.ok)
		}
	}
}

func TestPeriodStarts(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, ams) }
	for _, tt := range []struct {
		name    string
		period  string
		now     time.Time
		n       int
		want    []time.Time
		subject string // of the last full period
	}{
		{"the week before a Thursday", PeriodWeek, time.Date(2026, 12, 3, 15, 5, 0, 0, ams), 1,
			[]time.Time{day(2026, 11, 23), day(2026, 11, 30)}, "kpi:week:2026-W48"},
		{"on Monday 00:00 the week just ended is the last", PeriodWeek, day(2026, 11, 30), 2,
			[]time.Time{day(2026, 11, 16), day(2026, 11, 23), day(2026, 11, 30)}, "kpi:week:2026-W48"},
		// 25 October 2026 ends summer time: that week is 169 hours long, and still starts at midnight.
		{"across the end of summer time", PeriodWeek, day(2026, 10, 28), 2,
			[]time.Time{day(2026, 10, 12), day(2026, 10, 19), day(2026, 10, 26)}, "kpi:week:2026-W43"},
		{"ISO week 1 of 2026 begins in 2025", PeriodWeek, day(2026, 1, 7), 1,
			[]time.Time{day(2025, 12, 29), day(2026, 1, 5)}, "kpi:week:2026-W01"},
		{"ISO week 53 of 2026", PeriodWeek, day(2027, 1, 5), 1,
			[]time.Time{day(2026, 12, 28), day(2027, 1, 4)}, "kpi:week:2026-W53"},
		{"the months before 31 March", PeriodMonth, time.Date(2026, 3, 31, 23, 59, 0, 0, ams), 2,
			[]time.Time{day(2026, 1, 1), day(2026, 2, 1), day(2026, 3, 1)}, "kpi:month:2026-02"},
	} {
		got := periodStarts(tt.period, tt.now, tt.n)
		if len(got) != len(tt.want) {
			t.Fatalf("%s: %v", tt.name, got)
		}
		for i := range got {
			if !got[i].Equal(tt.want[i]) {
				t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
				break
			}
		}
		if s := subject(tt.period, got[len(got)-2]); s != tt.subject {
			t.Errorf("%s: subject %q, want %q", tt.name, s, tt.subject)
		}
	}
}
