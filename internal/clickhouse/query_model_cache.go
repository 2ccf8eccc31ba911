package clickhouse

import "sync"

// fitCache keeps the customers' model values of recent as-of days, as the engine's fitCache
// does: a fit and the values of a hundred thousand customers take a second or more, and every
// page of a day asks for the same ones. An entry stands while the orders' position is the same
// (the plan reads it: every shipped change moves it, a deletion too, and a rebuild ships up to
// where it was, the same orders). Not the table's highest version and row count: reading
// those took a third of a second at 5M orders, every report.
type fitCache struct {
	mu   sync.Mutex
	fits map[fitKey]*fitEntry
}

type fitKey struct {
	asOf     int
	position uint64
}

// fitEntry is one as-of day's values; done is closed when values and err are set, so that a
// page asking for values being worked out waits for them instead of fitting again.
type fitEntry struct {
	done   chan struct{}
	values *customerValues // nil: the models cannot be fitted
	err    error
	bytes  int // what values hold, once set
}

// maxCachedFits bounds the cache: a dashboard's views need six as-of days or so (their ends
// and their previous periods' ends). An entry holds 24 bytes a customer with orders, so the
// entries together hold at most maxFitBytes (two as-of days at a million customers): a node
// must stay small whatever the number of customers, and fits again rather than grow.
const (
	maxCachedFits = 6
	maxFitBytes   = 48 << 20
)

// values returns the values of key from the cache, or works them out with work. A failed
// work (the database, not the fit) is not kept.
func (c *fitCache) values(k fitKey, work func() (*customerValues, error)) (*customerValues, error) {
	c.mu.Lock()
	if c.fits == nil {
		c.fits = map[fitKey]*fitEntry{}
	}
	en, ok := c.fits[k]
	if !ok {
		for old := range c.fits {
			// The values of an older state of the orders are of no more use.
			if old.position != k.position || len(c.fits) >= maxCachedFits {
				delete(c.fits, old)
			}
		}
		en = &fitEntry{done: make(chan struct{})}
		c.fits[k] = en
	}
	c.mu.Unlock()
	if !ok {
		en.values, en.err = work()
		c.mu.Lock()
		if en.err != nil {
			if c.fits[k] == en {
				delete(c.fits, k)
			}
		} else {
			en.bytes = en.values.size()
			c.trim(k)
		}
		c.mu.Unlock()
		close(en.done)
	}
	<-en.done
	return en.values, en.err
}

// trim drops entries other than keep (any of them) while the entries hold more than
// maxFitBytes (c.mu held). An entry still being worked out holds nothing yet.
func (c *fitCache) trim(keep fitKey) {
	total := 0
	for _, en := range c.fits {
		total += en.bytes
	}
	for total > maxFitBytes {
		var drop *fitKey
		for k, en := range c.fits {
			if k != keep && en.bytes > 0 {
				drop = &k
				break
			}
		}
		if drop == nil {
			return
		}
		total -= c.fits[*drop].bytes
		delete(c.fits, *drop)
	}
}
