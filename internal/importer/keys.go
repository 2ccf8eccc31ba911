package importer

import (
	"hash/maphash"
	"math/bits"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// A file must not give two rows of a kind the same key: the later one is reported at its own
// line ("same key as line N") or, with rejects, refused. The keys read so far are kept for
// that, and a 500 MB file has about 5 M of them: as strings in a Go map they took 250 MB, and
// the garbage collector lets the heap grow to twice what is live, so the dry run of such a
// file peaked at 506 MB (issue 11 point 7 allows 300 MB). A key is kept as a 64-bit hash and
// its line instead, 12 bytes a slot and 14 to 16 a key at the table's load, whatever the key's
// length, in the shard that 12 bits of a second, independent hash choose. Two keys are taken
// for one only when all 76 bits agree: among n keys the chance of any such pair is about
// n²/2⁷⁷, 2e-10 for 5 M keys and 7e-14 for 100,000; and the next reading, with new random
// seeds, would not repeat it. 96 bits in 16-byte slots kept the import of that file at 322 MB
// resident: the SQLite writer takes 90 MB beside it.

// rowKeys applies the duplicate rule to the rows of one file: the keys of a row are checked
// against the rows before it (seen), and held for the rows after it when the row ends (done).
type rowKeys struct {
	// holdBad: a refused row's keys count too. A file that is all or nothing (no rejects)
	// holds every key, so a repeat of a bad row is reported as well; with rejects only a row
	// taken holds its keys, and a corrected copy of a refused row further on is taken.
	holdBad bool
	sets    map[cx.Kind]*keySet
	row     []heldKey // the current row's new keys
}

type heldKey struct {
	set  *keySet
	hash keyHash
	line int
}

func newRowKeys(holdBad bool) *rowKeys {
	return &rowKeys{holdBad: holdBad, sets: map[cx.Kind]*keySet{}}
}

// seen returns the line of an earlier row with key of kind, if one held it; else key is the
// current row's. A key the current row already gave (a map that yields two records of a kind
// from one source row) is a repeat too: a set holds each key once.
func (k *rowKeys) seen(kind cx.Kind, key string, line int) (first int, dup bool) {
	set := k.sets[kind]
	if set == nil {
		set = newKeySet()
		k.sets[kind] = set
	}
	h := set.hash(key)
	if first, dup := set.line(h); dup {
		return first, true
	}
	for _, r := range k.row {
		if r.set == set && r.hash == h {
			return r.line, true
		}
	}
	k.row = append(k.row, heldKey{set, h, line})
	return 0, false
}

// done ends the current row: taken tells whether it is handed on.
func (k *rowKeys) done(taken bool) {
	if taken || k.holdBad {
		for _, h := range k.row {
			h.set.add(h.hash, h.line)
		}
	}
	k.row = k.row[:0]
}

// keySet is the keys of one kind: an open-addressing hash table in 4,096 shards, so that
// growing one, by an eighth (which keeps the load between 0.75 and 0.85), never holds two
// copies of much of it.
type keySet struct {
	seed, shardSeed maphash.Seed
	shards          [keyShards]keyShard // 128 KB
}

const keyShards = 1 << 12

type keyShard struct {
	slots []keySlot
	n     int
}

// keySlot is one key, its hash in two halves (so a slot is 12 bytes, not 16); a hash of 0 is
// an empty slot (a key hashing to 0 is stored as 1).
type keySlot struct{ lo, hi, line uint32 }

type keyHash struct {
	hash  uint64
	shard uint32
}

func (k keySlot) hash() uint64 { return uint64(k.hi)<<32 | uint64(k.lo) }

func newKeySet() *keySet {
	return &keySet{seed: maphash.MakeSeed(), shardSeed: maphash.MakeSeed()}
}

func (s *keySet) hash(key string) keyHash {
	h := keyHash{maphash.String(s.seed, key), uint32(maphash.String(s.shardSeed, key) % keyShards)}
	if h.hash == 0 {
		h.hash = 1
	}
	return h
}

// line returns the line of h, if it is held.
func (s *keySet) line(h keyHash) (int, bool) {
	sh := &s.shards[h.shard]
	if len(sh.slots) == 0 {
		return 0, false
	}
	lo, hi := uint32(h.hash), uint32(h.hash>>32)
	for i := sh.home(h.hash); ; i = sh.next(i) {
		switch slot := &sh.slots[i]; {
		case slot.lo == lo && slot.hi == hi:
			return int(slot.line), true
		case slot.lo|slot.hi == 0:
			return 0, false
		}
	}
}

// add holds h, which is not held yet, at line.
func (s *keySet) add(h keyHash, line int) {
	sh := &s.shards[h.shard]
	if 20*(sh.n+1) > 17*len(sh.slots) {
		sh.grow()
	}
	sh.put(keySlot{uint32(h.hash), uint32(h.hash >> 32), uint32(line)})
	sh.n++
}

func (sh *keyShard) put(k keySlot) {
	i := sh.home(k.hash())
	for sh.slots[i].lo|sh.slots[i].hi != 0 {
		i = sh.next(i)
	}
	sh.slots[i] = k
}

// home is the first slot to look at: the hash scaled to the table's length (which need not be
// a power of two).
func (sh *keyShard) home(hash uint64) int {
	i, _ := bits.Mul64(hash, uint64(len(sh.slots)))
	return int(i)
}

func (sh *keyShard) next(i int) int {
	if i++; i == len(sh.slots) {
		return 0
	}
	return i
}

func (sh *keyShard) grow() {
	old := sh.slots
	sh.slots = make([]keySlot, len(old)+len(old)/8+8)
	for _, k := range old {
		if k.lo|k.hi != 0 {
			sh.put(k)
		}
	}
}
