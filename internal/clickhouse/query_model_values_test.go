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
