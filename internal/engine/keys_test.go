package engine

import (
	"bytes"
	"fmt"
	"sync"
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

// TestKeysTableSize: the table is the smallest power of two (at least 16) that the ids fill
// to at most three quarters — 12 ids fit 16 slots, the 13th doubles them; a reservation of
// 700 takes 1,024 slots (68%), of 1,000 takes 2,048 (1,024 would be 98% full).
func TestKeysTableSize(t *testing.T) {
	k := newKeys()
	for i := range 12 {
		k.intern(fmt.Sprintf("id%d", i))
	}
	if got := len(k.table); got != 16 {
		t.Errorf("12 ids: %d slots, want 16", got)
	}
	k.intern("id12")
	if got := len(k.table); got != 32 {
		t.Errorf("13 ids: %d slots, want 32", got)
	}
	for _, c := range []struct{ n, want int }{{700, 1024}, {1000, 2048}, {768, 1024}, {769, 2048}} {
		k := newKeys()
		k.reserve(c.n, 4)
		if got := len(k.table); got != c.want {
			t.Errorf("reserve(%d): %d slots, want %d", c.n, got, c.want)
		}
	}
}

// TestKeysRename: a renamed id is gone and its row answers to the new one, longer or shorter;
// the ids after it keep their rows, in a built table and in a restored one not built yet.
func TestKeysRename(t *testing.T) {
	for _, c := range []struct{ name, to string }{
		{"longer", "\x00erased-f7be7a9611ce53bafd45eeffc15e6445"},
		{"shorter", "\x00x"},
	} {
		for _, restored := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s, restored %v", c.name, restored), func(t *testing.T) {
				k := newKeys()
				ids := []string{"bram@example.com", "anna@example.nl", "C-3", "erased-1"}
				for _, id := range ids {
					k.intern(id)
				}
				if restored { // as a restore leaves it: the table built on the first lookup
					k.table, k.built = nil, new(sync.Once)
				}
				k.rename(1, c.to)
				if _, ok := k.lookup("anna@example.nl"); ok {
					t.Error("the old id is still found")
				}
				if bytes.Contains(k.arena, []byte("anna@")) {
					t.Errorf("the ids still hold the old one: %q", k.arena)
				}
				for i, id := range []string{"bram@example.com", c.to, "C-3", "erased-1"} {
					if got, ok := k.lookup(id); !ok || got != uint32(i) || k.key(uint32(i)) != id {
						t.Errorf("lookup(%q) = %d, %v; key %q; want row %d", id, got, ok, k.key(uint32(i)), i)
					}
				}
				if got, added := k.intern("anna@example.nl"); !added || got != 4 {
					t.Errorf("intern of the old id again = %d, %v; want a new row 4", got, added)
				}
			})
		}
	}
}
