package metric

import (
	"math"
	"testing"
)

func TestReadFigure(t *testing.T) {
	frt, _ := Lookup("first_response")
	nps, _ := Lookup("nps")
	// Business durations of 600, 600, 600, 3600 s: mean 1350, median 600, p90 at h = 2.7:
	// 600 + 0.7·3000 = 2700.
	d := Summarize([]float64{600, 3600, 600, 600})
	s := &Set{FirstResponse: &FirstResponse{Business: d}}
	for _, tt := range []struct {
		d      *Descriptor
		figure string
		want   float64
		ok     bool
	}{
		{frt, "", 1350, true},
		{frt, "mean", 1350, true},
		{frt, "median", 600, true},
		{frt, "p90", 2700, true},
		{frt, "p99", 0, false},
		{nps, "p90", 0, false},
	} {
		f, ok := tt.d.ReadFigure(s, tt.figure)
		if ok != tt.ok || ok && (f.Value == nil || math.Abs(*f.Value-tt.want) > 1e-9 || f.N != 4) {
			t.Errorf("%s %q: %v %+v %v, want %v %v (n 4)", tt.d.Key, tt.figure, deref(f.Value), f, ok, tt.want, tt.ok)
		}
	}
	if got := nps.Figures(); got != nil {
		t.Errorf("NPS figures %v, want none", got)
	}
}

func deref(x *float64) any {
	if x == nil {
		return nil
	}
	return *x
}

// TestIndicative: metrics.md section 0 marks a value with n < 30 as indicative; no figure (n 0)
// is not marked, it is not there.
func TestIndicative(t *testing.T) {
	for n, want := range map[int]bool{0: false, 1: true, 29: true, 30: false, 400: false} {
		if got := Indicative(n); got != want {
			t.Errorf("Indicative(%d) = %v, want %v", n, got, want)
		}
	}
}
