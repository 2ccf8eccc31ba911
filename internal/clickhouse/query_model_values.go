package clickhouse

import (
	"hash/maphash"
	"math"
	"slices"
	"sort"
)

// customerValues are the customers' model values by customer id, kept compactly: a cache
// entry holds every customer with orders (a million at 10M + 10M records), and a map from id
// to value costs some 70 bytes a customer where a sorted 128-bit hash and a value cost 24.
// Two ids share a hash with a chance of about n²/2¹²⁹ (10⁻²⁶ for a million); ids of the
// entry that do are kept by id all the same.
type customerValues struct {
	hashes []idHash  // ascending
	values []float64 // by hash; NaN: the hash is shared, look in shared
	shared map[string]float64
}

type idHash [2]uint64

// size is what c holds, in bytes: its hashes and values (the shared ones, by chance, aside).
func (c *customerValues) size() int {
	if c == nil {
		return 0
	}
	return len(c.hashes)*16 + len(c.values)*8
}

var valueSeeds = [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}

// customerHash is the hash of an id (a variable, so that a test can make them collide).
var customerHash = func(id string) idHash {
	return idHash{maphash.String(valueSeeds[0], id), maphash.String(valueSeeds[1], id)}
}

func compareHash(a, b idHash) int {
	for i := range a {
		switch {
		case a[i] < b[i]:
			return -1
		case a[i] > b[i]:
			return 1
		}
	}
	return 0
}

// idList is ids one after the other in one array: a million customer ids as strings cost
// some 32 bytes each, and the order summaries of a fit hold them all at once.
type idList struct {
	bytes []byte
	ends  []uint32
}

func (l *idList) add(id string) {
	l.bytes = append(l.bytes, id...)
	l.ends = append(l.ends, uint32(len(l.bytes)))
}

func (l *idList) len() int { return len(l.ends) }

func (l *idList) at(i int) string {
	start := uint32(0)
	if i > 0 {
		start = l.ends[i-1]
	}
	return string(l.bytes[start:l.ends[i]])
}

// newCustomerValues keeps the values of ids; a NaN value (a series that did not converge) is
// no value, as the engine leaves it out. The hashes and values are sorted as they are, in
// place, without a list of (hash, index) entries beside them: at a million customers that list
// was 24 MB more at the peak of a ClickHouse-mode node's memory (issue 18 point 3).
func newCustomerValues(ids *idList, values []float64) *customerValues {
	c := &customerValues{hashes: make([]idHash, 0, ids.len()), values: make([]float64, 0, ids.len())}
	for i := range ids.len() {
		if !math.IsNaN(values[i]) {
			c.hashes, c.values = append(c.hashes, customerHash(ids.at(i))), append(c.values, values[i])
		}
	}
	sort.Sort(byHash{c})
	// A hash of several ids keeps one entry, NaN, and their values by id; finding those ids
	// takes a pass over all, which a hash shared by chance (10⁻²⁶) may well afford.
	kept := 0
	for j := 0; j < len(c.hashes); {
		h, n := c.hashes[j], 1
		for j+n < len(c.hashes) && c.hashes[j+n] == h {
			n++
		}
		v := c.values[j]
		if n > 1 {
			if c.shared == nil {
				c.shared = map[string]float64{}
			}
			for i := range ids.len() {
				if id := ids.at(i); !math.IsNaN(values[i]) && customerHash(id) == h {
					c.shared[id] = values[i]
				}
			}
			v = math.NaN()
		}
		c.hashes[kept], c.values[kept] = h, v
		kept++
		j += n
	}
	c.hashes, c.values = c.hashes[:kept], c.values[:kept]
	return c
}

// byHash sorts the values by their hashes.
type byHash struct{ c *customerValues }

func (b byHash) Len() int           { return len(b.c.hashes) }
func (b byHash) Less(i, j int) bool { return compareHash(b.c.hashes[i], b.c.hashes[j]) < 0 }
func (b byHash) Swap(i, j int) {
	b.c.hashes[i], b.c.hashes[j] = b.c.hashes[j], b.c.hashes[i]
	b.c.values[i], b.c.values[j] = b.c.values[j], b.c.values[i]
}

// of is customer id's value; false when they have none.
func (c *customerValues) of(id string) (float64, bool) {
	i, ok := slices.BinarySearchFunc(c.hashes, customerHash(id), compareHash)
	if !ok {
		return 0, false
	}
	if v := c.values[i]; !math.IsNaN(v) {
		return v, true
	}
	v, ok := c.shared[id]
	return v, ok
}
