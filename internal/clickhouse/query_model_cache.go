package clickhouse

import (
	"context"
	"fmt"
	"sync"

	"github.com/klantpuls/klantpuls/internal/model"
)

// fitCache keeps the model fits of recent as-of days, as the engine's does (a fit takes a
// second or more on a hundred thousand customers, and every page of a day asks for the same
// one). A fit stands while the orders table has the same rows: its highest version and its
// row count (a shipped change, a deletion and a rebuild each move one of them).
type fitCache struct {
	mu   sync.Mutex
	fits map[fitKey]*fitEntry
}

type fitKey struct {
	asOf          int
	version, rows uint64
}

// fitEntry is one fit; done is closed when fit and err are set, so that a second page asking
// for a fit under way waits for it instead of fitting again.
type fitEntry struct {
	done chan struct{}
	fit  *model.Fit
	err  error
}

// maxCachedFits bounds the cache: a dashboard's views need six as-of days or so.
const maxCachedFits = 10

// ordersState is the orders table's highest version and row count.
func (db *DB) ordersState(ctx context.Context) (version, rows uint64, err error) {
	err = db.conn.QueryRow(ctx, fmt.Sprintf("SELECT max(version), count() FROM %s.orders", db.name)).Scan(&version, &rows)
	if err != nil {
		return 0, 0, fmt.Errorf("clickhouse: unable to read the state of the orders: %w", err)
	}
	return version, rows, nil
}

// fit returns the fit on cs as of asOf under the orders' state k, from the cache or fitted
// now. cs must be the summaries of that state.
func (c *fitCache) fit(k fitKey, cs []model.Customer) (*model.Fit, error) {
	c.mu.Lock()
	if c.fits == nil {
		c.fits = map[fitKey]*fitEntry{}
	}
	en, ok := c.fits[k]
	if !ok {
		for old := range c.fits {
			// A fit of an older state of the orders is of no more use.
			if old.version != k.version || old.rows != k.rows || len(c.fits) >= maxCachedFits {
				delete(c.fits, old)
			}
		}
		en = &fitEntry{done: make(chan struct{})}
		c.fits[k] = en
	}
	c.mu.Unlock()
	if !ok {
		en.fit, en.err = model.FitSummaries(cs)
		close(en.done)
	}
	<-en.done
	return en.fit, en.err
}
