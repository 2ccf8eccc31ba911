package clickhouse

import (
	"math"
	"testing"
)

// TestCustomerValues: every id finds its own value, also when hashes collide (here: ids of one
// length share a hash); with the real hashes an id without a value, or whose value is NaN,
// finds none.
func TestCustomerValues(t *testing.T) {
	ids := []string{"a", "bb", "cc", "ddd", "e", "ffff"}
	values := []float64{1, 2, 3, 4, math.NaN(), 6}
	for name, hash := range map[string]func(string) idHash{
		"own hashes":       customerHash,
		"colliding hashes": func(id string) idHash { return idHash{uint64(len(id)), 0} },
	} {
		t.Run(name, func(t *testing.T) {
			saved := customerHash
			customerHash = hash
			defer func() { customerHash = saved }()
			var list idList
			for _, id := range ids {
				list.add(id)
			}
			c := newCustomerValues(&list, values)
			for i, id := range ids {
				v, ok := c.of(id)
				if want := values[i]; !math.IsNaN(want) && (!ok || v != want) {
					t.Errorf("of(%q) = %v, %v; want %v", id, v, ok, want)
				}
			}
			if name == "colliding hashes" {
				return // an id not kept may share a hash with one kept
			}
			for _, id := range []string{"e", "zz"} {
				if v, ok := c.of(id); ok {
					t.Errorf("of(%q), which has no value, = %v", id, v)
				}
			}
		})
	}
}

// TestFitCacheBytes: the fits kept hold at most maxFitBytes together; the one just made stays.
func TestFitCacheBytes(t *testing.T) {
	var c fitCache
	n := maxFitBytes / 24 * 2 / 5 // values of two fifths of the bytes
	values := func() (*customerValues, error) {
		return &customerValues{hashes: make([]idHash, n), values: make([]float64, n)}, nil
	}
	for day := range 3 {
		if _, err := c.values(fitKey{asOf: day, position: 1}, values); err != nil {
			t.Fatal(err)
		}
	}
	total := 0
	for _, en := range c.fits {
		total += en.bytes
	}
	if _, kept := c.fits[fitKey{asOf: 2, position: 1}]; !kept || len(c.fits) != 2 || total > maxFitBytes {
		t.Errorf("%d fits of %d bytes, the last kept %v; want 2 of at most %d, the last among them", len(c.fits), total, kept, maxFitBytes)
	}
}
