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
// on the targets page, at or above).
func (d *Descriptor) Meets(x, target float64) bool {
	if d.Direction == LowerIsBetter {
		return x <= target
	}
	return x >= target
}
