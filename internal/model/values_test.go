package model

import (
	"math"
	"testing"
)

// TestNewCustomer: a summary made from days and sums worked out elsewhere is the one
// Summarize makes of the purchases (CDNOW's customer 1, as in TestSummarize: repeat days 17
// with 29.73 + 10 and 213 with 14.96, as of day 272).
func TestNewCustomer(t *testing.T) {
	day17, day213 := 29.73, 14.96
	day17 += 10 // summed as Summarize sums them, in float64 at run time
	got := NewCustomer(1, 2, 0, 213, 272, day17+day213)
	want := Summarize([]Purchase{{1, 0, 29.33}, {1, 17, 29.73}, {1, 17, 10}, {1, 213, 14.96}, {1, 345, 26.48}}, 272)[0]
	if got != want {
		t.Errorf("NewCustomer = %+v, want %+v", got, want)
	}
	if c := NewCustomer(2, 0, 100, 100, 272, 0); c.X != 0 || c.Spend != 0 || c.TX != 0 || c.T != 172.0/7 {
		t.Errorf("without repeats = %+v, want x=0, t_x=0, T=172/7, no spend", c)
	}
}

// TestValuesOfEqualValue: the memoised values are Fit.Value to the bit, for customers who
// share (x, t_x, T) and spend apart.
func TestValuesOfEqualValue(t *testing.T) {
	f := &Fit{BGNBD: published, GammaGamma: GammaGamma{P: 6.25, Q: 3.74, Gamma: 15.44}}
	// ValuesInOrder keeps only the last summary: right in any order, and the last one's
	// purchases reused for the next customer of the same summary (the list comes back to one).
	for name, v := range map[string]*Values{"memo": f.Values(12, 0.01), "in order": f.ValuesInOrder(12, 0.01)} {
		for _, c := range []Customer{{X: 2, TX: 30.43, T: 38.86, Spend: 30}, {X: 2, TX: 30.43, T: 38.86, Spend: 12},
			{X: 0, T: 20}, {X: 5, TX: 10, T: 11, Spend: 7.5}, {X: 2, TX: 30.43, T: 38.86, Spend: 1}} {
			got, want := v.Of(c), f.Value(c, 12, 0.01)
			if math.Float64bits(got) != math.Float64bits(want) || !(got > 0) {
				t.Errorf("%s: Of(%+v) = %v, want Value %v (positive)", name, c, got, want)
			}
		}
	}
}
