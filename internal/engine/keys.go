package engine

import (
	"bytes"
	"hash/maphash"
	"math/bits"
	"slices"
	"sync"
)

// keys interns record ids: each distinct id gets a dense index, used as the row of the kind's
// columns. A Go map[string]uint32 costs ~60 bytes an entry; this costs the id's bytes plus
// 9 to 15 (an offset and 1⅓ to 2⅔ table slots), which is most of the engine's memory budget.
// The table is filled up to three quarters: with the tags below a probe past a slot costs
// only its load, and at 10M ids a half-full table took 64 MB more.
//
// A slot holds index+1 in its low bits and, in the bits an index cannot need, a tag: more bits
// of the id's hash. A probe compares the tag before the id, so passing an occupied slot of
// another id seldom reads ends and arena — two cache misses each at a million ids, most of a
// load's interning time when every new id probed past two or three slots.
type keys struct {
	arena []byte   // all ids back to back
	ends  []uint32 // ends[i] is where id i stops in arena
	table []uint32 // open addressing: tag<<shift | index+1, 0 = empty; len is a power of two
	shift uint8    // log2(len(table)): index+1 < len(table) always fits below it
	seed  maphash.Seed
	// built is set by a restore, which leaves table to be built on the first lookup (ready):
	// a fresh process that only reports never needs it, and building it was half of a
	// restore's time. A Once, as lookups run under the engine's read lock, side by side.
	built *sync.Once
	// found holds, while table is not built, ids resolved by a pass over the ids (resolve):
	// each with its index, or absent (notFound); interning one of them adds it here rather
	// than building the table. A report that applies the few records committed since the
	// engine file looks them up so: building the table for them took 2.9 s at 10M tickets.
	// Written under the engine's write lock only.
	found  map[string]uint32
	passes int // the passes resolve made over the ids (maxPasses)
}

// maxPasses is how many passes over the ids resolve makes before it leaves the lookups to the
// table (built on the next): a pass over 10M ids costs about a tenth of building it.
const maxPasses = 4

// notFound marks an id in keys.found that is not interned.
const notFound = ^uint32(0)

// resolveAtMost is the most ids resolve looks up by a pass over the ids, as a share of them:
// past it, building the table costs less than the pass's map probes.
const resolveAtMost = 64

func newKeys() keys { return keys{seed: maphash.MakeSeed()} }

func (k *keys) len() int { return len(k.ends) }

func (k *keys) key(i uint32) string { return string(k.bytes(i)) }

// compare orders ids i and j as strings.Compare would their keys, without making them (ties in
// time are broken by id in byte order, as the database's ORDER BY does; a sort of a million
// customers by id made a million strings).
func (k *keys) compare(i, j uint32) int {
	return bytes.Compare(k.bytes(i), k.bytes(j))
}

// bytes is id i in the arena; not to be kept or changed.
func (k *keys) bytes(i uint32) []byte {
	start := uint32(0)
	if i > 0 {
		start = k.ends[i-1]
	}
	return k.arena[start:k.ends[i]]
}

func (k *keys) equal(i uint32, s string) bool {
	return string(k.bytes(i)) == s // no allocation: the compiler compares in place
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

// resolve looks ids up by one pass over the interned ids when the table is not built (a
// restore) and they are few (resolveAtMost), so that lookup and intern find them without
// building it. Ids it leaves out are looked up as ever.
func (k *keys) resolve(ids []string) {
	if k.built == nil || len(k.table) > 0 || len(ids) == 0 || len(ids) > max(len(k.ends)/resolveAtMost, 1) || k.passes >= maxPasses {
		return
	}
	if k.found == nil {
		k.found = make(map[string]uint32, len(ids))
	}
	var lengths [256]bool // the lengths of the ids looked for: most interned ids are passed on it
	wanted := 0
	for _, id := range ids {
		if _, ok := k.found[id]; !ok {
			k.found[id] = notFound
			lengths[min(len(id), 255)] = true
			wanted++
		}
	}
	if wanted == 0 {
		return
	}
	k.passes++
	start := uint32(0)
	for i, end := range k.ends {
		if n := end - start; lengths[min(n, 255)] {
			if at, ok := k.found[string(k.arena[start:end])]; ok && at == notFound {
				k.found[string(k.arena[start:end])] = uint32(i)
			}
		}
		start = end
	}
}

// lookup returns the index of s, if it was interned.
func (k *keys) lookup(s string) (uint32, bool) {
	if at, ok := k.found[s]; ok {
		return at, at != notFound
	}
	k.ready()
	if len(k.table) == 0 {
		return 0, false
	}
	mask := uint64(len(k.table) - 1)
	h := maphash.String(k.seed, s)
	tag := k.tag(h)
	for h &= mask; ; h = (h + 1) & mask {
		slot := k.table[h]
		if slot == 0 {
			return 0, false
		}
		if slot&^uint32(mask) == tag && k.equal(slot&uint32(mask)-1, s) {
			return slot&uint32(mask) - 1, true
		}
	}
}

// tag is the hash's top bits placed above the index bits of a slot (none when the table has
// 2^32 slots).
func (k *keys) tag(h uint64) uint32 {
	if k.shift >= 32 {
		return 0
	}
	return uint32(h>>32) << k.shift
}

// intern returns the index of s, adding it when new; added tells which.
func (k *keys) intern(s string) (i uint32, added bool) {
	if i, ok := k.lookup(s); ok {
		return i, false
	}
	if at, ok := k.found[s]; ok && at == notFound && len(k.table) == 0 {
		// Resolved absent, the table still to build: it will place this id with the rest.
		i = uint32(len(k.ends))
		k.arena = append(k.arena, s...)
		k.ends = append(k.ends, uint32(len(k.arena)))
		k.found[s] = i
		return i, true
	}
	if 4*(len(k.ends)+1) > 3*len(k.table) { // keep the load factor at most three quarters
		k.grow(len(k.ends) + 1) // the next power of two: twice the slots
	}
	i = uint32(len(k.ends))
	k.arena = append(k.arena, s...)
	k.ends = append(k.ends, uint32(len(k.arena)))
	k.place(i, s)
	if _, ok := k.found[s]; ok {
		k.found[s] = i // resolved absent before a reader built the table: found first
	}
	return i, true
}

func (k *keys) place(i uint32, s string) {
	mask := uint64(len(k.table) - 1)
	h := maphash.String(k.seed, s)
	tag := k.tag(h)
	for h &= mask; k.table[h] != 0; h = (h + 1) & mask {
	}
	k.table[h] = tag | (i + 1)
}

// grow makes room for at least n ids without rehashing.
func (k *keys) grow(n int) {
	size := 16
	for 3*size < 4*n {
		size *= 2
	}
	if size <= len(k.table) {
		return
	}
	k.table = make([]uint32, size)
	k.shift = uint8(bits.TrailingZeros(uint(size)))
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

// rename gives row i the id to in place of its own, which nothing may name any more (an erased
// customer's e-mail address, ForgetCustomer): the row stays where other columns point at it by
// index. The ids after it shift and the table is built again — a pass over every id, for an
// erasure, which is rare. New slices, not writes into the old: a restored engine may read them
// from its mapped file.
func (k *keys) rename(i uint32, to string) {
	start, end := uint32(0), k.ends[i]
	if i > 0 {
		start = k.ends[i-1]
	}
	arena := make([]byte, 0, len(k.arena)-int(end-start)+len(to))
	arena = append(append(append(arena, k.arena[:start]...), to...), k.arena[end:]...)
	ends := slices.Clone(k.ends)
	for j := i; j < uint32(len(ends)); j++ {
		ends[j] = uint32(int64(ends[j]) + int64(len(to)) - int64(end-start))
	}
	k.arena, k.ends, k.found = arena, ends, nil
	if len(k.table) > 0 {
		k.table = make([]uint32, len(k.table))
		for j := range k.ends {
			k.place(uint32(j), k.key(uint32(j)))
		}
	}
}
