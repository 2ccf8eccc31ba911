// Package nameorder is the one order in which names are listed for a person to pick or read:
// the customer list, the dashboard's filter choices and tables, the forms that name a team, the
// wall screens and the exports. A Dutch reader expects Öztürk between Oosterhuis and Peters and
// Łukasz beside Lukas, where bytes put both after Zwart; case ignored; and numbers by their
// value, "Agent 9" before "Agent 10". That is Unicode's collation for Dutch (golang.org/x/text/
// collate), which is why this is a package of its own and not part of cx, which is the standard
// library only.
package nameorder

import (
	"bytes"
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Key is the key a name sorts by, compared as bytes: what the store keeps beside a customer
// (customers.name_order), so both databases sort as Go does. The name is read as names compare
// (cx.NameKey: trimmed, case ignored). nil for a blank name, which every list puts last.
func Key(name string) []byte {
	c := collators.Get().(*collator)
	defer collators.Put(c)
	c.buf.Reset()
	return slices.Clone(c.key(name))
}

// Sort sorts names in place in the order of Key and returns them.
func Sort(names []string) []string {
	SortFunc(names, func(s string) string { return s })
	return names
}

// SortFunc sorts list in place by the order of Key of name(x). A collation key costs some
// microseconds, far more than a comparison, so each is made once per sort, not once per
// comparison. Names with the same key (Anna and anna) keep a fixed order, by their bytes, then
// as they came.
func SortFunc[T any](list []T, name func(T) string) {
	if len(list) < 2 {
		return
	}
	c := collators.Get().(*collator)
	defer collators.Put(c)
	c.buf.Reset() // the keys live in c.buf until the next Reset: after the sort
	type keyed struct {
		key  []byte
		name string
		at   int
	}
	keys := make([]keyed, len(list))
	for i, x := range list {
		n := name(x)
		keys[i] = keyed{key: c.key(n), name: n, at: i}
	}
	slices.SortStableFunc(keys, func(a, b keyed) int {
		if (a.key == nil) != (b.key == nil) {
			if a.key == nil {
				return 1
			}
			return -1
		}
		if k := bytes.Compare(a.key, b.key); k != 0 {
			return k
		}
		return strings.Compare(a.name, b.name)
	})
	sorted := make([]T, len(list))
	for i, k := range keys {
		sorted[i] = list[k.at]
	}
	copy(list, sorted)
}

// collator is a Dutch collator with its buffer, 4 KB that a key made with a buffer of its own
// allocated each time: one may not be used by two goroutines at once, hence the pool.
type collator struct {
	*collate.Collator
	buf collate.Buffer
}

var collators = sync.Pool{New: func() any {
	return &collator{Collator: collate.New(language.Dutch, collate.IgnoreCase, collate.Numeric)}
}}

// key is the key of name in c.buf, valid until its next Reset; nil for a blank name.
func (c *collator) key(name string) []byte {
	k := cx.NameKey(name)
	if k == "" {
		return nil
	}
	return c.KeyFromString(&c.buf, k)
}
