package app

import (
	"math"
	"runtime/debug"
	"testing"
)

// TestGCRelax: a large import relaxes the collector and bounds the heap by a limit, and puts
// both back as they were; a GOGC set higher, or off, is left alone.
func TestGCRelax(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	for _, c := range []struct {
		name    string
		percent int
		relaxed bool
	}{
		{"default", 100, true},
		{"lower", 50, true},
		{"higher", 800, false},
		{"off", -1, false},
	} {
		debug.SetGCPercent(c.percent)
		debug.SetMemoryLimit(math.MaxInt64)
		var g gcRelax
		g.start()
		g.start() // a second start changes nothing
		percent := debug.SetGCPercent(-1)
		debug.SetGCPercent(percent)
		limit := debug.SetMemoryLimit(-1)
		if c.relaxed && (percent != relaxedGCPercent || limit == math.MaxInt64) {
			t.Errorf("%s: during the import GOGC %d, limit %d; want %d and a limit", c.name, percent, limit, relaxedGCPercent)
		}
		if !c.relaxed && (percent != c.percent || limit != math.MaxInt64) {
			t.Errorf("%s: during the import GOGC %d, limit %d; want %d and none", c.name, percent, limit, c.percent)
		}
		g.stop()
		g.stop()
		percent = debug.SetGCPercent(-1)
		debug.SetGCPercent(percent)
		if limit := debug.SetMemoryLimit(-1); percent != c.percent || limit != math.MaxInt64 {
			t.Errorf("%s: after the import GOGC %d, limit %d; want %d and none", c.name, percent, limit, c.percent)
		}
	}
}
