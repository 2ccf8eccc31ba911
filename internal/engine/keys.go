package engine

import (
	"hash/maphash"
	"sync"
)

// keys interns record ids: each distinct id gets a dense index, used as the row of the kind's
// columns. A Go map[string]uint32 costs ~60 bytes an entry; this costs the id's bytes plus
// about 12 (an offset and two table slots), which is most of the engine's memory budget.
type keys struct {
	arena []byte   // all ids back to back
	ends  []uint32 // ends[i] is where id i stops in arena
	table []uint32 // open addressing: index+1, 0 = empty; len is a power of two
	seed  maphash.Seed
	// built is set by a restore, which leaves table to be built on the first lookup (ready):
	// a fresh process that only reports never needs it, and building it was half of a
	// restore's time. A Once, as lookups run under the engine's read lock, side by side.
	built *sync.Once
}

func newKeys() keys { return keys{seed: maphash.MakeSeed()} }

func (k *keys) len() int { return len(k.ends) }

func (k *keys) key(i uint32) string {
	start := uint32(0)
	if i > 0 {
		start = k.ends[i-1]
	}
	return string(k.arena[start:k.ends[i]])
}

func (k *keys) equal(i uint32, s string) bool {
	start := uint32(0)
	if i > 0 {
		start = k.ends[i-1]
	}
	return string(k.arena[start:k.ends[i]]) == s // no allocation: the compiler compares in place
}

// ready builds the hash table a restore left out, once.
func (k *keys) ready() {
	if k.built != nil {
		k.built.Do(func() {
			if len(k.table) == 0 {
				k.grow(len(k.ends))
			}
		})
	}
}

// lookup returns the index of s, if it was interned.
func (k *keys) lookup(s string) (uint32, bool) {
	k.ready()
	if len(k.table) == 0 {
		return 0, false
	}
	mask := uint64(len(k.table) - 1)
	for h := maphash.String(k.seed, s) & mask; ; h = (h + 1) & mask {
		slot := k.table[h]
		if slot == 0 {
			return 0, false
		}
		if k.equal(slot-1, s) {
			return slot - 1, true
		}
	}
}

// intern returns the index of s, adding it when new; added tells which.
func (k *keys) intern(s string) (i uint32, added bool) {
	if i, ok := k.lookup(s); ok {
		return i, false
	}
	if 2*(len(k.ends)+1) > len(k.table) { // keep the load factor at most one half
		k.grow(2 * (len(k.ends) + 1))
	}
	i = uint32(len(k.ends))
	k.arena = append(k.arena, s...)
	k.ends = append(k.ends, uint32(len(k.arena)))
	k.place(i, s)
	return i, true
}

func (k *keys) place(i uint32, s string) {
	mask := uint64(len(k.table) - 1)
	h := maphash.String(k.seed, s) & mask
	for k.table[h] != 0 {
		h = (h + 1) & mask
	}
	k.table[h] = i + 1
}

// grow makes room for at least n ids without rehashing.
func (k *keys) grow(n int) {
	size := 16
	for size < 2*n {
		size *= 2
	}
	if size <= len(k.table) {
		return
	}
	k.table = make([]uint32, size)
	for i := range k.ends {
		k.place(uint32(i), k.key(uint32(i)))
	}
}

// reserve prepares for n ids of about avg bytes each, so that loading does not double the
// slices (and leave up to half of them unused).
func (k *keys) reserve(n, avg int) {
	k.grow(n)
	if cap(k.ends) < n {
		k.ends = append(make([]uint32, 0, n), k.ends...)
	}
	if cap(k.arena) < n*avg {
		k.arena = append(make([]byte, 0, n*avg), k.arena...)
	}
}
