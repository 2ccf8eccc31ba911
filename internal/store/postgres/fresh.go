package postgres

import "hash/maphash"

// keysWritten spares a first import the look-up of its keys. A transaction that finds a table
// empty when it first writes to it (and holds writerLock, so no one else writes) can only find a
// key stored there if it wrote the key itself; keysWritten remembers those keys in Bloom filters
// of a byte a key, so only a key the filters may have seen (a few % of new keys, besides the
// ones really written twice) is looked up. The look-up is a sixth of an import's time.
type keysWritten struct {
	seed    maphash.Seed
	filters []bloom // each twice the size of the one before
	keys    int
}

// Past rememberKeys keys (8 MiB of filters) a transaction looks every key up again.
const (
	rememberKeys = 1 << 23
	firstFilter  = 1 << 16 // keys
	bloomHashes  = 5
)

func newKeysWritten() *keysWritten {
	return &keysWritten{seed: maphash.MakeSeed()}
}

// add remembers key, or reports false when it cannot remember more keys.
func (w *keysWritten) add(key string) bool {
	if w.keys == rememberKeys {
		return false
	}
	n := len(w.filters)
	if n == 0 || w.filters[n-1].keys == w.filters[n-1].capacity {
		w.filters = append(w.filters, newBloom(firstFilter<<n))
		n++
	}
	w.filters[n-1].add(maphash.String(w.seed, key))
	w.keys++
	return true
}

// mayHave reports whether key may have been added; false means surely not.
func (w *keysWritten) mayHave(key string) bool {
	h := maphash.String(w.seed, key)
	for i := range w.filters {
		if w.filters[i].has(h) {
			return true
		}
	}
	return false
}

// bloom is a Bloom filter of capacity keys, 8 bits each (a power of two, for masking): while
// full, about 2% of keys it never saw test as maybe seen.
type bloom struct {
	bits     []uint64
	keys     int
	capacity int
}

func newBloom(capacity int) bloom {
	return bloom{bits: make([]uint64, capacity*8/64), capacity: capacity}
}

// Bit positions come from h by double hashing: an odd step visits distinct bits of a
// power-of-two table.

func (f *bloom) add(h uint64) {
	mask, step := uint64(len(f.bits)*64-1), h>>32|1
	for i := range uint64(bloomHashes) {
		bit := (h + i*step) & mask
		f.bits[bit/64] |= 1 << (bit % 64)
	}
	f.keys++
}

func (f *bloom) has(h uint64) bool {
	mask, step := uint64(len(f.bits)*64-1), h>>32|1
	for i := range uint64(bloomHashes) {
		bit := (h + i*step) & mask
		if f.bits[bit/64]&(1<<(bit%64)) == 0 {
			return false
		}
	}
	return true
}
