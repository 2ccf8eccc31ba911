package app

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strconv"

	"github.com/klantpuls/klantpuls/internal/clickhouse"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// ClickHouse's positions count the changes of one store, named beside them by its identity
// (DatabaseID, in clickhouse.StoreSetting). `klantpuls restore` puts an older database in place
// with a new identity, and its change numbers start again below the positions: ClickHouse then
// holds records the store does not, and the changes written after the restore lie under
// positions it has passed. So the shipper rebuilds ClickHouse from the store (checkStore), as
// `klantpuls clickhouse rebuild` does, and until then no report trusts it (ClickHouseQuerier,
// catchUp).

// foreignChanges tells why ClickHouse, whose positions were written under the store identity of
// ("" when none was recorded: a release before this one) and are positions, does not hold the
// changes of the store of identity id whose last change is last; "" when nothing says so.
func foreignChanges(id, of string, positions map[cx.Kind]uint64, last int64) string {
	if of != "" && of != id {
		return fmt.Sprintf("it holds the changes of another database (%.12s…, this one is %.12s…): was the database restored from a backup?", of, id)
	}
	for _, kind := range slices.Sorted(maps.Keys(positions)) {
		if p := positions[kind]; int64(p) > last {
			return fmt.Sprintf("it holds %s up to change %d, past the database's last change %d: was the database restored from a backup?", kind, p, last)
		}
	}
	return ""
}

// notOfStore is foreignChanges for this store now. The positions must be read before it: the
// store's last change, read after them, is at or above every change shipped.
func (a *App) notOfStore(ctx context.Context, of string, positions map[cx.Kind]uint64) (string, error) {
	id, err := a.DatabaseID(ctx)
	if err != nil {
		return "", err
	}
	last, err := a.store.LastSeq(ctx)
	if err != nil {
		return "", err
	}
	return foreignChanges(id, of, positions, last), nil
}

// checkStore rebuilds ClickHouse from the store when it holds changes the store does not
// (foreignChanges): the database is emptied and the pass ships every change. It records the
// store's identity beside the positions when they are of no other store.
func (s *Shipper) checkStore(ctx context.Context, id string, last int64) error {
	of, err := s.db.Setting(ctx, clickhouse.StoreSetting)
	if err != nil {
		return err
	}
	positions, err := s.db.Positions(ctx)
	if err != nil {
		return err
	}
	if len(positions) == 0 {
		s.app.ship.emptied() // a new or dropped database: until this pass ends it holds none
	}
	why := foreignChanges(id, of, positions, last)
	if why == "" && of == id {
		return nil
	}
	if err := s.fenced(); err != nil {
		return err
	}
	if why != "" {
		if s.Log != nil {
			s.Log.Warn("rebuilding ClickHouse from the store: "+why, slog.String("clickhouse", s.db.Where()))
		}
		s.app.ship.emptied()
		if err := s.db.Reset(ctx); err != nil {
			return err
		}
		s.checked, s.settled, s.through, s.scrubbed = false, nil, "", ""
	}
	return s.db.SetSetting(ctx, clickhouse.StoreSetting, id)
}

// scrubbedSetting names, in ClickHouse, how many erasures the store held when it was last
// scrubbed (clickhouse.Scrub).
const scrubbedSetting = "erasures-scrubbed"

// erasures is how many customers the store has erased (ErasureTx remembers each with its
// records' changes, in one transaction).
func (s *Shipper) erasures(ctx context.Context) (int, error) {
	er, ok := s.app.store.(store.Erasure)
	if !ok {
		return 0, nil
	}
	hashes, err := er.ErasedCustomers(ctx)
	return len(hashes), err
}

// scrub has ClickHouse take out the rows that an erasure replaced (clickhouse.Scrub: the old
// rows name the customer's old id, which may be their e-mail address) when the store erased a
// customer since it was last scrubbed. erased is the store's erasures, read before the pass's
// changes: theirs are shipped by now. An erasure's rows also come back with a rebuild (its
// deletion of the customer's old id), whose emptied database has no count: it is scrubbed too.
func (s *Shipper) scrub(ctx context.Context, erased int) error {
	n := strconv.Itoa(erased)
	if erased == 0 || n == s.scrubbed {
		return nil
	}
	was, err := s.db.Setting(ctx, scrubbedSetting)
	if err != nil {
		return err
	}
	if was != n {
		if err := s.fenced(); err != nil {
			return err
		}
		if err := s.db.Scrub(ctx); err != nil {
			return fmt.Errorf("app: taking an erased customer's old rows out of ClickHouse: %w", err)
		}
		s.settled = nil // merged: the tables' counts are asked again
		if s.Log != nil {
			s.Log.Info("took the rows an erasure replaced out of ClickHouse", slog.Int("erasures", erased))
		}
		if err := s.db.SetSetting(ctx, scrubbedSetting, n); err != nil {
			return err
		}
	}
	s.scrubbed = n
	return nil
}
