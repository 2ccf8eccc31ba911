package metric

import (
	"math"
	"testing"
)

// TestRoundHalfAwayAndNoNegativeZero: display rounding is half away from zero (metrics.md
// section 0: NPS 12.5 shows as 13, −12.5 as −13), and a negative that rounds to nothing is 0
// without a sign, so no page, PDF or workbook writes "−0,0" for a change of −0,04 points.
func TestRoundHalfAwayAndNoNegativeZero(t *testing.T) {
	for _, tt := range []struct {
		name     string
		x        float64
		decimals int
		want     float64
	}{
		{"NPS 12.5", 12.5, 0, 13},
		{"NPS −12.5", -12.5, 0, -13},
		{"−0.05 points at one decimal", -0.05, 1, -0.1},
		{"−0.04 points at one decimal", -0.04, 1, 0},
		{"NPS −0.4", -0.4, 0, 0},
		{"−0.004 of a euro", -0.004, 2, 0},
		{"−0 itself", math.Copysign(0, -1), 1, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := Round(tt.x, tt.decimals)
			if got != tt.want || math.Signbit(got) != math.Signbit(tt.want) {
				t.Errorf("Round(%v, %d) = %v (sign bit %v), want %v", tt.x, tt.decimals, got, math.Signbit(got), tt.want)
			}
		})
	}
}
