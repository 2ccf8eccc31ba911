package engine

import (
	"fmt"
	"testing"
)

// TestKeys holds interning to its contract: every id gets the next dense index the first time
// and the same index after, across the table's growth (tags are recomputed) and for ids that
// differ in one byte or are prefixes of one another.
func TestKeys(t *testing.T) {
	cases := []struct {
		name string
		ids  func(i int) string
		n    int
	}{
		{"sequential ids past several growths", func(i int) string { return fmt.Sprintf("t%d", i) }, 5000},
		{"prefixes of one another", func(i int) string { return "c" + fmt.Sprintf("%0*d", i%9+1, 7) }, 9},
		{"empty and one-byte ids", func(i int) string { return string("ab"[:i%3]) }, 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, reserve := range []int{0, c.n} {
				k := newKeys()
				if reserve > 0 {
					k.reserve(reserve, 4)
				}
				for i := range c.n {
					got, added := k.intern(c.ids(i))
					if !added || got != uint32(i) {
						t.Fatalf("intern(%q) = %d, %v; want %d, true", c.ids(i), got, added, i)
					}
				}
				for i := range c.n {
					if got, added := k.intern(c.ids(i)); added || got != uint32(i) {
						t.Fatalf("intern(%q) again = %d, %v; want %d, false", c.ids(i), got, added, i)
					}
					if got := k.key(uint32(i)); got != c.ids(i) {
						t.Fatalf("key(%d) = %q, want %q", i, got, c.ids(i))
					}
				}
				if _, ok := k.lookup("not interned"); ok {
					t.Fatal("lookup found an id never interned")
				}
				if k.len() != c.n {
					t.Fatalf("len = %d, want %d", k.len(), c.n)
				}
			}
		})
	}
}

// TestKeysFullTag: with the hash's tag bits all used, a slot still tells its index, for every
// table size up to a few thousand slots.
func TestKeysFullTag(t *testing.T) {
	k := newKeys()
	for i := range 3000 {
		k.intern(fmt.Sprintf("r%d", i))
		mask := uint32(len(k.table) - 1)
		for _, slot := range k.table {
			if slot != 0 && int(slot&mask) > k.len() {
				t.Fatalf("after %d ids a slot holds index+1 = %d", i+1, slot&mask)
			}
		}
	}
}
