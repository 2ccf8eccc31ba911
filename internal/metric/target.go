package metric

import (
	"math"
	"strconv"
	"strings"
)

// TargetSetting is the name of the setting that holds a metric's target ("target.nps"), as the
// targets page stores it.
func (d *Descriptor) TargetSetting() string { return "target." + d.Key }

// Target reads a stored target in the unit of the headline: a duration's target is typed and
// stored in hours, its headline is in seconds. ok is false for none or one that cannot be read.
// A decimal comma, as settings written before targets were stored with a point may hold, is
// read as a point. NaN and ±Inf (strconv reads "NaN" and "Inf") are no target: every figure
// would miss NaN, and one of ±Inf is met by everything or nothing.
func (d *Descriptor) Target(stored string) (target float64, ok bool) {
	x, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(stored), ",", "."), 64)
	if err != nil {
		return 0, false
	}
	if d.Format == FormatDuration {
		x *= 3600
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, false
	}
	return x, true
}

// Meets tells whether figure x meets target: at or above it for a metric where higher is
// better, at or below it where lower is (and for one without a direction, which has no target
// on the targets page, at or above). Both are compared as shown (Format.Shown): a tile, a
// digest or an alert that says "niet gehaald" beside an NPS of 40 and a target of 40 (the
// figure 39.6) contradicts what it shows.
func (d *Descriptor) Meets(x, target float64) bool {
	x, target = d.Format.Shown(x), d.Format.Shown(target)
	if d.Direction == LowerIsBetter {
		return x <= target
	}
	return x >= target
}

// Step is the precision a figure x of format f is shown at (Shown): 0.1 for a percentage and
// a decimal, a cent for money, a second for a duration shown under a minute and a minute for
// one shown from there, 1 for the rest. A change of x is shown at x's step
// (report.ShownChange): "▲ 1 m" beside "1 u 00 m", not "▲ 47 s".
func (f Format) Step(x float64) float64 {
	switch f {
	case FormatPercent, FormatDecimal:
		return 0.1
	case FormatMoney:
		return 0.01
	case FormatDuration:
		if f.Shown(x) < 60 {
			return 1
		}
		return 60
	}
	return 1
}

// Shown is x rounded as a figure of format f is shown (metrics.md section 0, half away from
// zero): an NPS and a count to the unit, a percentage and a decimal to one decimal, money to
// the cent, a duration to the second under a minute and to the minute from there
// (report.Lang.Figure writes these).
func (f Format) Shown(x float64) float64 {
	switch f {
	case FormatPercent, FormatDecimal:
		return Round(x, 1)
	case FormatMoney:
		return Round(x, 2)
	case FormatDuration:
		s := Round(x, 0)
		if s < 60 {
			return s
		}
		return Round(s/60, 0) * 60
	}
	return Round(x, 0)
}
