package config

import "testing"

func TestCriticalScores(t *testing.T) {
	for _, c := range []struct {
		name   string
		scale  Scale
		lo, hi int
	}{
		{"CSAT 1–5", Scale{Min: 1, Max: 5, PositiveMin: 4}, 1, 2},
		{"CSAT 1–10", Scale{Min: 1, Max: 10, PositiveMin: 9}, 1, 2},
		{"CES 1–7 easy", Scale{Min: 1, Max: 7, Direction: DirectionEasy}, 1, 2},
		{"CES 1–7 effort", Scale{Min: 1, Max: 7, Direction: DirectionEffort}, 6, 7},
		{"CES 1–5 effort", Scale{Min: 1, Max: 5, Direction: DirectionEffort}, 4, 5},
	} {
		if lo, hi := c.scale.Critical(); lo != c.lo || hi != c.hi {
			t.Errorf("%s: %d–%d, want %d–%d", c.name, lo, hi, c.lo, c.hi)
		}
	}
}
