package model

import (
	"math"
	"testing"
)

// TestValuesAsValue: the parallel Values give each customer exactly Value's figure, in the
// order of the ids asked, and NaN for an id without a summary.
func TestValuesAsValue(t *testing.T) {
	f := &Fit{BGNBD: published, GammaGamma: GammaGamma{P: 6.25, Q: 3.74, Gamma: 15.44}}
	for i := range uint32(10_000) { // more than one block of work per goroutine
		f.summary = append(f.summary, Customer{ID: 2 * i, X: int(i % 7), TX: float64(i%30) / 7, T: 30.0/7 + float64(i%11), Spend: float64(i % 50)})
	}
	ids := []uint32{19_998, 0, 7, 4_000, 1_234, 2}
	for i := range uint32(10_000) {
		ids = append(ids, 2*i)
	}
	got := f.Values(ids, 12, 0.01)
	for k, id := range ids {
		c, ok := f.Summary(id)
		want := math.NaN()
		if ok {
			want = f.Value(c, 12, 0.01)
		}
		if got[k] != want && !(math.IsNaN(got[k]) && math.IsNaN(want)) {
			t.Fatalf("id %d: %v, Value %v", id, got[k], want)
		}
	}
	if !math.IsNaN(got[2]) {
		t.Errorf("id 7 (no summary): %v, want NaN", got[2])
	}
}
