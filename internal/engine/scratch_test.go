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
