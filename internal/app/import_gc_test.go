package app

import (
	"runtime/debug"
	"testing"
)

// gcPercent reads GOGC.
func gcPercent() int {
	p := debug.SetGCPercent(-1)
	debug.SetGCPercent(p)
	return p
}

// TestGCRelax: a large import relaxes the collector and puts GOGC back as it was, when the
// reading ends or once the live heap is too large for the relaxation; a GOGC set higher, or
// off, is left alone.
func TestGCRelax(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
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
		var g gcRelax
		g.start()
		g.start() // a second start changes nothing
		want := c.percent
		if c.relaxed {
			want = relaxedGCPercent
		}
		if got := gcPercent(); got != want {
			t.Errorf("%s: during the import GOGC %d, want %d", c.name, got, want)
		}
		g.stop()
		g.stop()
		if got := gcPercent(); got != c.percent {
			t.Errorf("%s: after the import GOGC %d, want %d", c.name, got, c.percent)
		}
		g.start() // relaxed once: not again in the same import
		if got := gcPercent(); got != c.percent {
			t.Errorf("%s: started again, GOGC %d, want %d", c.name, got, c.percent)
		}
	}
}

// TestGCRelaxEndsOnALargeHeap: once what is live would let the relaxed heap grow by more than
// relaxedHeadroom, GOGC goes back.
func TestGCRelaxEndsOnALargeHeap(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	var g gcRelax
	g.start()
	if got := gcPercent(); got != relaxedGCPercent {
		t.Fatalf("GOGC %d, want %d", got, relaxedGCPercent)
	}
	// A live heap of a third of the headroom: 4 × a third passes it.
	held = make([]byte, relaxedHeadroom/3)
	defer func() { held = nil }()
	debug.FreeOSMemory() // a collection, so the live heap counts it
	g.check()
	if got := gcPercent(); got != 100 {
		t.Errorf("with %d MB live: GOGC %d, want 100 again", len(held)>>20, got)
	}
}

// held is live heap for TestGCRelaxEndsOnALargeHeap (a package variable: a local one the
// compiler may find dead before the check).
var held []byte
