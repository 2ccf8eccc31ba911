package clickhouse

import (
	"hash/maphash"
	"math"
	"slices"
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
// no value, as the engine leaves it out.
func newCustomerValues(ids *idList, values []float64) *customerValues {
	type entry struct {
		h idHash
		i int
	}
	es := make([]entry, 0, ids.len())
	for i := range ids.len() {
		if !math.IsNaN(values[i]) {
			es = append(es, entry{customerHash(ids.at(i)), i})
		}
	}
	slices.SortFunc(es, func(a, b entry) int { return compareHash(a.h, b.h) })
	c := &customerValues{hashes: make([]idHash, 0, len(es)), values: make([]float64, 0, len(es))}
	for j := 0; j < len(es); {
		n := 1
		for j+n < len(es) && es[j+n].h == es[j].h {
			n++
		}
		v := values[es[j].i]
		if n > 1 {
			if c.shared == nil {
				c.shared = map[string]float64{}
			}
			for _, e := range es[j : j+n] {
				c.shared[ids.at(e.i)] = values[e.i]
			}
			v = math.NaN()
		}
		c.hashes, c.values = append(c.hashes, es[j].h), append(c.values, v)
		j += n
	}
	return c
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
