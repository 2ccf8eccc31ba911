package engine

import "testing"

// A reused seconds buffer grows for a query with more slots than the last (a longer series,
// more groups): append may give vals more room than asked, so max must be checked on its own,
// or the next, larger query slices max past its capacity and the query panics.
func TestSecondsResetGrows(t *testing.T) {
	var c seconds
	for _, slots := range []int{1, 2, 3, 5, 8, 13, 17, 18, 33, 34, 35, 64, 65, 7, 100, 101} {
		c.reset(slots)
		if len(c.vals) != slots || len(c.max) != slots {
			t.Fatalf("reset(%d): %d vals, %d max", slots, len(c.vals), len(c.max))
		}
		for g := range slots {
			c.add(g, uint32(g))
		}
	}
}

// The shelf gives back the scratch put on it, the last first, and keeps no more than two: a
// third put is left to the collector.
func TestShelfKeepsTwo(t *testing.T) {
	var sh shelf
	a, b, c := &scratch{}, &scratch{}, &scratch{}
	sh.put(a)
	sh.put(b)
	sh.put(c)
	if got := sh.get(); got != b {
		t.Fatalf("first get: %p, want the last kept %p", got, b)
	}
	if got := sh.get(); got != a {
		t.Fatalf("second get: %p, want %p", got, a)
	}
	if got := sh.get(); got == a || got == b || got == c || got == nil {
		t.Fatalf("third get: %p, want new scratch (a %p, b %p, c %p)", got, a, b, c)
	}
}
