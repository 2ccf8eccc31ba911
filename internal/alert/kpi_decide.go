package alert

import (
	"math"

	"github.com/klantpuls/klantpuls/internal/metric"
)

// The decisions of the rules on a KPI's course, as pure functions over figures: what the
// engine gave for each period goes in, whether the rule fires comes out. The part that asks the
// engine is kpi_query.go; the tests of these are tables of hand-computed numbers.

// significantFall tells whether a figure fell significantly: cur is worse than prev by the
// metric's direction and the metric's own change test (the one the dashboard tiles colour
// with, metric.Descriptor.Change) found the change significant (p < 0.05). A test that could
// not be made (tested false) never fires.
func significantFall(dir metric.Direction, cur, prev float64, c metric.Change, tested bool) bool {
	return tested && c.Significant && cur != prev && dir != metric.NoDirection && !dir.Good(cur-prev)
}

// belowTarget tells whether every figure misses target (d.Meets, direction-aware). A period
// without a figure is no miss: a week without answers says nothing about the target, so the
// rule stays quiet rather than call an empty week bad.
func belowTarget(d *metric.Descriptor, figures []*float64, target float64) bool {
	if len(figures) == 0 {
		return false
	}
	for _, x := range figures {
		if x == nil || d.Meets(*x, target) {
			return false
		}
	}
	return true
}

// ControlPeriods is how many periods before the last one a control limit is computed from.
const ControlPeriods = 8

// controlLimits is the centre and the bad-side limit of a control chart.
type controlLimits struct {
	Mean, Sigma, Limit float64
}

// controlLimit computes mean ± 3σ of the history (the ControlPeriods periods before the last)
// and tells whether last lies beyond it on the bad side: above mean + 3σ where lower is better,
// below mean − 3σ where higher is. σ is the sample standard deviation (n − 1), the usual
// estimate from a handful of periods. ok is false when the history has fewer than
// ControlPeriods figures, or no spread at all (σ = 0: the limit would be the mean itself, and
// any worse figure would fire), or the metric has no direction.
func controlLimit(dir metric.Direction, history []*float64, last float64) (l controlLimits, fire, ok bool) {
	if len(history) < ControlPeriods || dir == metric.NoDirection {
		return l, false, false
	}
	history = history[len(history)-ControlPeriods:]
	var sum float64
	for _, x := range history {
		if x == nil {
			return l, false, false
		}
		sum += *x
	}
	l.Mean = sum / float64(len(history))
	var squares float64
	for _, x := range history {
		squares += (*x - l.Mean) * (*x - l.Mean)
	}
	l.Sigma = math.Sqrt(squares / float64(len(history)-1))
	if l.Sigma == 0 {
		return l, false, false
	}
	if dir == metric.LowerIsBetter {
		l.Limit = l.Mean + 3*l.Sigma
		return l, last > l.Limit, true
	}
	l.Limit = l.Mean - 3*l.Sigma
	return l, last < l.Limit, true
}

// Defaults of a volume_spike rule and the weeks its usual volume rests on.
const (
	DefaultSpikePercent  = 150
	DefaultSpikeMinCount = 10
	SpikeWeeks           = 8 // the same weekday and hour in up to this many weeks before
	SpikeMinWeeks        = 4 // … of which at least this many measured
	DefaultBelowPeriods  = 2
)

// volumeSpike tells whether count, the tickets created in one hour, is at least percent % of
// the usual for that weekday and hour: the mean of history, the same hour in each of the weeks
// before, where a negative count is a week not measured (before the first ticket klantpuls
// has). The hour must also have at least minCount tickets, so 2 against a usual 1 stays quiet.
// ok is false with fewer than SpikeMinWeeks measured weeks.
func volumeSpike(count int, history []int, percent, minCount int) (mean float64, weeks int, fire, ok bool) {
	sum := 0
	for _, n := range history {
		if n >= 0 {
			sum += n
			weeks++
		}
	}
	if weeks < SpikeMinWeeks {
		return 0, weeks, false, false
	}
	mean = float64(sum) / float64(weeks)
	// count / mean ≥ percent / 100, multiplied out so a usual of 0 needs no division.
	return mean, weeks, count >= minCount && float64(count)*100 >= float64(percent)*mean, true
}
