package metric

import (
	"fmt"
	"testing"
)

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

// The scores each scale's answers are followed up on (Critical: the two least satisfied
// points, never a positive one) and the positive ones ("CSAT hoog"), worked by hand from
// CSATScales; an install's own scale from its configuration. hi < lo is an empty range.
func TestCSATScaleCriticalAndPositive(t *testing.T) {
	for _, tt := range []struct {
		name         string
		scale        CSATScale
		critical     [2]int
		positive     [2]int
		criticalOnly []int // scores Critical keeps, each tested against the range
	}{
		{"1-5", CSATScales[0], [2]int{1, 2}, [2]int{4, 5}, []int{1, 2}},
		{"1-7", CSATScales[1], [2]int{1, 2}, [2]int{6, 7}, []int{1, 2}},
		{"1-10", CSATScales[2], [2]int{1, 2}, [2]int{9, 10}, []int{1, 2}},
		{"0-10", CSATScales[3], [2]int{0, 1}, [2]int{9, 10}, []int{0, 1}},
		// Zendesk: bad (0) is followed up, good (1) is positive.
		{"good-bad", CSATScales[4], [2]int{0, 0}, [2]int{1, 1}, []int{0}},
		// Freshdesk: extremely and very unhappy, its two least satisfied points.
		{"freshdesk", CSATScales[5], [2]int{-103, -102}, [2]int{101, 103}, []int{-103, -102}},
		{"install 1–3 positive from 2", CSATScale{Min: 1, Max: 3, PositiveMin: 2}, [2]int{1, 1}, [2]int{2, 3}, []int{1}},
		{"install 0–1 positive from 0", CSATScale{Min: 0, Max: 1, PositiveMin: 0}, [2]int{0, -1}, [2]int{0, 1}, nil},
		{"points, only the worst below positive", CSATScale{Min: -103, Max: 103, Points: []int{-103, 100, 103}, PositiveMin: 100},
			[2]int{-103, -103}, [2]int{100, 103}, []int{-103}},
		{"points, every one positive", CSATScale{Min: 1, Max: 3, Points: []int{1, 3}, PositiveMin: 1}, [2]int{1, 0}, [2]int{1, 3}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if lo, hi := tt.scale.Critical(); [2]int{lo, hi} != tt.critical {
				t.Errorf("critical %d…%d, want %d…%d", lo, hi, tt.critical[0], tt.critical[1])
			}
			if lo, hi := tt.scale.PositiveScores(); [2]int{lo, hi} != tt.positive {
				t.Errorf("positive %d…%d, want %d…%d", lo, hi, tt.positive[0], tt.positive[1])
			}
			// Never a positive answer among the critical ones, for every valid score.
			lo, hi := tt.scale.Critical()
			var got []int
			for x := tt.scale.Min; x <= tt.scale.Max; x++ {
				if tt.scale.Valid(x) && x >= lo && x <= hi {
					got = append(got, x)
					if tt.scale.Positive(x) {
						t.Errorf("%d is critical and positive", x)
					}
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.criticalOnly) {
				t.Errorf("critical scores %v, want %v", got, tt.criticalOnly)
			}
		})
	}
}

// EveryScale lists the install's range first, then each named scale's by its own rule.
func TestEveryScale(t *testing.T) {
	got := EveryScale(CSATScale{Min: 1, Max: 3, PositiveMin: 2}, CSATScale.Critical)
	want := []ScaleScores{{"", 1, 1}, {"1-5", 1, 2}, {"1-7", 1, 2}, {"1-10", 1, 2}, {"0-10", 0, 1},
		{"good-bad", 0, 0}, {"freshdesk", -103, -102}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
}
