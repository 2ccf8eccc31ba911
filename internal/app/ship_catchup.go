package app

import (
	"context"
	"errors"
	"time"

	"github.com/klantpuls/klantpuls/internal/clickhouse"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// shipAwait is how long a command's report waits for the serve node that ships to bring
// ClickHouse up to the store; shipAwaitPoll how often it looks. A test shortens them.
var shipAwait, shipAwaitPoll = 2 * time.Minute, 200 * time.Millisecond

// catchUp brings ClickHouse up to what the store holds now, before a command's report, so a
// record committed a moment ago is in it. It ships itself, under the lease of shipping, when
// it can take the lease; while a serve node holds it, it waits for that node to ship up to the
// store's last change instead (two shippers at once could write a change after the other had
// settled its table past it: clickhouse.Settle, and it would count twice), trying for the lease
// again meanwhile, so a node that died holding it delays the report by the lease's rest only.
// A ClickHouse holding changes the store does not (a restored store: notOfStore) is rebuilt by
// whichever ships, this command or the node, and the report waits for that alike.
func (a *App) catchUp(ctx context.Context, db *clickhouse.DB) error {
	seqs, ok := a.store.(store.SeqChanges)
	if !ok {
		return errors.New("app: this store cannot tell its changes' numbers, which the shipper needs")
	}
	last, err := a.store.LastSeq(ctx)
	if err != nil {
		return err
	}
	holder := "report:" + Holder()
	deadline := time.Now().Add(shipAwait)
	for {
		start := time.Now()
		held, err := a.ClaimSync(ctx, shipLease, holder, start, shipLeaseFor)
		if err != nil {
			return err
		}
		if held {
			defer a.ReleaseSync(context.WithoutCancel(ctx), shipLease, holder)
			_, err := a.shipLeased(ctx, db, holder, start, nil)
			return err
		}
		// A ClickHouse of another store is rebuilt by the node's shipper (checkStore): waited for too.
		of, err := db.Setting(ctx, clickhouse.StoreSetting)
		if err != nil {
			return err
		}
		positions, err := db.Positions(ctx)
		if err != nil {
			return err
		}
		foreign, err := a.notOfStore(ctx, of, positions)
		if err != nil {
			return err
		}
		var behind cx.Kind
		if foreign == "" {
			if behind, err = shippedUpTo(ctx, db, seqs, last); err != nil || behind == "" {
				return err
			}
		}
		switch {
		case !time.Now().After(deadline):
		case foreign != "":
			return cx.Errorf(cx.EUNAVAILABLE, "the serve node that ships to ClickHouse (lease %s) has not rebuilt it from the database in %s "+
				"(%s); is it running? A report from the in-memory engine (engine.kind = \"memory\") does not wait", shipLease, shipAwait, foreign)
		default:
			return cx.Errorf(cx.EUNAVAILABLE, "the serve node that ships to ClickHouse (lease %s) has not shipped the %s committed up to "+
				"change %d in %s; is it running? A report from the in-memory engine (engine.kind = \"memory\") does not wait", shipLease, behind, last, shipAwait)
		}
		wait(ctx, shipAwaitPoll)
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
}

// errBehind stops a read of the store's changes at the first one not shipped yet.
var errBehind = errors.New("behind")

// shippedUpTo tells the first kind with a change numbered at most last that lies past the
// kind's position in ClickHouse ("" when ClickHouse holds every change up to last).
func shippedUpTo(ctx context.Context, db *clickhouse.DB, seqs store.SeqChanges, last int64) (cx.Kind, error) {
	for _, kind := range cx.Kinds {
		pos, err := db.Position(ctx, kind)
		if err != nil {
			return "", err
		}
		_, err = seqs.ChangesSeq(ctx, kind, pos, func(_ cx.Record, seq int64) error {
			if seq <= last {
				return errBehind
			}
			return nil
		})
		if errors.Is(err, errBehind) {
			return kind, nil
		}
		if err != nil {
			return "", err
		}
	}
	return "", nil
}
