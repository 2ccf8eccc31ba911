package metric

import (
	"slices"
	"testing"
)

// TestDurationsAt: the summary from the values at SummaryRanks is metrics.md's, on its vectors
// and on the cases where the ranks meet (one value, h a whole number).
func TestDurationsAt(t *testing.T) {
	tests := []struct {
		name              string
		in                []float64
		ranks             [4]int
		mean, median, p90 float64
	}{
		{"vector 18: FRT business of #12–#15 and 0", []float64{1800, 15300, 7200, 4500, 0},
			[4]int{2, 3, 3, 4}, 5760, 4500, 12060}, // h50 = 2, h90 = 3.6 → 7200 + 0.6·8100
		{"vector 20: resolution 4 h, 10 h, 28 h", []float64{4 * 3600, 10 * 3600, 28 * 3600},
			[4]int{1, 2, 1, 2}, 14 * 3600, 10 * 3600, 24.4 * 3600},
		{"even count: median between the middle two", []float64{4, 1, 3, 2}, [4]int{1, 2, 2, 3}, 2.5, 2.5, 3.7},
		{"one value", []float64{7}, [4]int{0, 0, 0, 0}, 7, 7, 7},
		{"two values", []float64{10, 0}, [4]int{0, 1, 0, 1}, 5, 5, 9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := len(tt.in)
			if got := SummaryRanks(n); got != tt.ranks {
				t.Fatalf("ranks of %d values %v; want %v", n, got, tt.ranks)
			}
			sorted := slices.Sorted(slices.Values(tt.in))
			var at [4]float64
			sum := 0.0
			for i, r := range tt.ranks {
				at[i] = sorted[r]
			}
			for _, v := range tt.in {
				sum += v
			}
			got := DurationsAt(n, sum, at)
			if got.N != n {
				t.Errorf("n = %d", got.N)
			}
			near(t, "mean", got.Mean, tt.mean, 1e-6)
			near(t, "median", got.Median, tt.median, 1e-6)
			near(t, "p90", got.P90, tt.p90, 1e-6)
		})
	}
	if got := DurationsAt(0, 0, [4]float64{}); got.N != 0 || got.Mean != nil || got.Median != nil || got.P90 != nil {
		t.Errorf("empty = %+v, want n 0 and nulls", got)
	}
}
