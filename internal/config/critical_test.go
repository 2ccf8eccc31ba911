package config

import "testing"

// TestCriticalScores: the two least satisfied points of a scale, but never a score metrics.md
// section 1 counts satisfied — CSAT positive from positive_min, CES easy above the middle
// (min + max)/2 after the direction. hi < lo is an empty range. Worked by hand.
func TestCriticalScores(t *testing.T) {
	for _, c := range []struct {
		name   string
		scale  Scale
		lo, hi int
	}{
		{"CSAT 1–5", Scale{Min: 1, Max: 5, PositiveMin: 4}, 1, 2},
		{"CSAT 1–10", Scale{Min: 1, Max: 10, PositiveMin: 9}, 1, 2},
		// Three faces, positive from 2 (the default top two points): 2 is satisfied.
		{"CSAT 1–3 positive from 2", Scale{Min: 1, Max: 3, PositiveMin: 2}, 1, 1},
		{"CSAT 1–5 positive from 2", Scale{Min: 1, Max: 5, PositiveMin: 2}, 1, 1},
		{"CSAT 1–5 positive from 5", Scale{Min: 1, Max: 5, PositiveMin: 5}, 1, 2},
		// Thumbs down and up: with the default (the top two points) both are positive.
		{"CSAT 0–1 positive from 0", Scale{Min: 0, Max: 1, PositiveMin: 0}, 0, -1},
		{"CSAT 0–1 positive from 1", Scale{Min: 0, Max: 1, PositiveMin: 1}, 0, 0},
		{"CES 1–7 easy", Scale{Min: 1, Max: 7, Direction: DirectionEasy}, 1, 2},
		{"CES 1–7 effort", Scale{Min: 1, Max: 7, Direction: DirectionEffort}, 6, 7},
		{"CES 1–5 effort", Scale{Min: 1, Max: 5, Direction: DirectionEffort}, 4, 5},
		// Middle 2: 3 is easy, 2 is not.
		{"CES 1–3 easy", Scale{Min: 1, Max: 3, Direction: DirectionEasy}, 1, 2},
		{"CES 1–3 effort", Scale{Min: 1, Max: 3, Direction: DirectionEffort}, 2, 3},
		// Middle 1.5: 2 is easy (effort: 1 is, turned into 2).
		{"CES 1–2 easy", Scale{Min: 1, Max: 2, Direction: DirectionEasy}, 1, 1},
		{"CES 1–2 effort", Scale{Min: 1, Max: 2, Direction: DirectionEffort}, 2, 2},
		// Middle −0.5: 0 and 1 are easy; effort turns x into −1 − x, so −2 and −1 are.
		{"CES −2–1 easy", Scale{Min: -2, Max: 1, Direction: DirectionEasy}, -2, -1},
		{"CES −2–1 effort", Scale{Min: -2, Max: 1, Direction: DirectionEffort}, 0, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			if lo, hi := c.scale.Critical(); lo != c.lo || hi != c.hi {
				t.Errorf("%d–%d, want %d–%d", lo, hi, c.lo, c.hi)
			}
		})
	}
}
