package metric

import "testing"

// The rule of each scale, as the README's table gives it.
func TestCSATScaleRules(t *testing.T) {
	for _, tt := range []struct {
		scale              string
		positive, negative []int
		invalid            []int
	}{
		{"1-5", []int{4, 5}, []int{1, 2, 3}, []int{0, 6}},
		{"1-7", []int{6, 7}, []int{1, 5}, []int{0, 8}},
		{"1-10", []int{9, 10}, []int{1, 8}, []int{0, 11}},
		{"0-10", []int{9, 10}, []int{0, 8}, []int{-1, 11}},
		{"good-bad", []int{1}, []int{0}, []int{2, -1}},
		{"freshdesk", []int{101, 102, 103}, []int{100, -101, -102, -103}, []int{0, 1, 3, 5, 99, 104, -100}},
	} {
		code, name, ok := ScaleCode(" " + tt.scale + " ")
		if !ok || name != tt.scale || code == 0 {
			t.Fatalf("%s: code %d name %q ok %v", tt.scale, code, name, ok)
		}
		s := ScaleOf(code, CSATScale{})
		for _, x := range tt.positive {
			if !s.Valid(x) || !s.Positive(x) {
				t.Errorf("%s: %d should be a positive answer", tt.scale, x)
			}
		}
		for _, x := range tt.negative {
			if !s.Valid(x) || s.Positive(x) {
				t.Errorf("%s: %d should be an answer that is not positive", tt.scale, x)
			}
		}
		for _, x := range tt.invalid {
			if s.Valid(x) {
				t.Errorf("%s: %d should not be on the scale", tt.scale, x)
			}
		}
	}
	if _, _, ok := ScaleCode("1-3"); ok {
		t.Error("1-3 is no scale a response may name")
	}
	if code, _, ok := ScaleCode(""); !ok || code != 0 {
		t.Error("no scale is the install's, code 0")
	}
	// Fraction by rank for Freshdesk: its classic three points at 0, ½ and 1.
	fd := ScaleOf(6, CSATScale{})
	for score, want := range map[int]float64{-103: 0, 100: 0.5, 103: 1, 101: 4.0 / 6} {
		if got := fd.Fraction(score); got != want {
			t.Errorf("freshdesk %d at %v, want %v", score, got, want)
		}
	}
}
