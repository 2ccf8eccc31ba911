package app

import (
	"context"
	"sync"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// The hot path of webhook deliveries (issue 12, point 7: 500 a second). Each delivery needs its
// connection and secret, and a count and its id stored with its records. The connection is
// read from a short cache, and the records, the count and the id go in one transaction: on
// SQLite every transaction is a turn of the one writer and a sync to disk.

// connectionFresh is how long a delivery may use a connection read before. Nothing of a
// connection that a delivery uses changes after it is made (source, kinds, secret) but its
// event, bound once by BindEvent, which answers from the database for a connection read
// unbound; a connection deleted meanwhile is noticed in the delivery's own transaction
// (ErrConnectionGone).
const connectionFresh = 10 * time.Second

// forgetEvery is how often a delivery's transaction forgets the ids older than SeenFor: once a
// minute keeps the table as small, without a DELETE in every delivery.
const forgetEvery = time.Minute

// deliveryCache holds the connections deliveries read lately, and when ids were last forgotten.
type deliveryCache struct {
	mu     sync.Mutex
	conns  map[string]cachedConnection
	forgot time.Time
}

type cachedConnection struct {
	conn  *cx.Connection
	keys  DeliveryKeys
	until time.Time
}

// DeliveryKeys are what a delivery to a connection is checked and completed with, opened.
type DeliveryKeys struct {
	Secret   []byte // the signing secret
	APIToken []byte // the tool's API token; nil when the connection keeps none
}

// forget is the forget time of a delivery accepted at at: SeenFor before it, once a minute;
// zero (forget nothing) in between.
func (d *deliveryCache) forget(at time.Time) time.Time {
	d.mu.Lock()
	defer d.mu.Unlock()
	if at.Sub(d.forgot) < forgetEvery && !at.Before(d.forgot) {
		return time.Time{}
	}
	d.forgot = at
	return at.Add(-SeenFor)
}

// DeliveryConnection is Connection for a webhook delivery: read at most connectionFresh before
// now. Its counts (Deliveries, Errors) may be that old; read them with Connection.
func (a *App) DeliveryConnection(ctx context.Context, id string, now time.Time) (*cx.Connection, DeliveryKeys, error) {
	d := &a.deliveries
	d.mu.Lock()
	c, ok := d.conns[id]
	d.mu.Unlock()
	if ok && now.Before(c.until) && !now.Before(c.until.Add(-connectionFresh)) {
		return c.conn, c.keys, nil
	}
	conn, secret, err := a.Connection(ctx, id)
	if err != nil {
		return nil, DeliveryKeys{}, err
	}
	keys := DeliveryKeys{Secret: secret}
	if conn.APIToken {
		if keys.APIToken, err = a.ConnectionToken(ctx, id); err != nil {
			return nil, DeliveryKeys{}, err
		}
	}
	d.mu.Lock()
	if d.conns == nil {
		d.conns = map[string]cachedConnection{}
	}
	d.conns[id] = cachedConnection{conn, keys, now.Add(connectionFresh)}
	d.mu.Unlock()
	return conn, keys, nil
}

// bound notes a connection's event in its cached copy, so its next deliveries need not ask the
// database. The copy is replaced, not changed: deliveries under way hold the old one.
func (d *deliveryCache) bound(id, event string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if c, ok := d.conns[id]; ok && c.conn.Event != event {
		conn := *c.conn
		conn.Event = event
		c.conn = &conn
		d.conns[id] = c
	}
}

// dropConnection forgets a deleted connection at once, in this process.
func (d *deliveryCache) dropConnection(id string) {
	d.mu.Lock()
	delete(d.conns, id)
	d.mu.Unlock()
}

// WriteDelivery writes a webhook delivery's records, patches and deletions as WriteChanges does,
// and counts the delivery and remembers its id in the same transaction: one write turn and one
// sync to disk, and no moment at which the records are committed and the id not remembered (a
// retry then would write them again). A delivery id remembered already is counted and nothing
// of it written: repeat is true. A connection deleted meanwhile is ErrConnectionGone.
func (a *App) WriteDelivery(ctx context.Context, id, delivery string, at time.Time, recs []cx.Record, patches []cx.Patch,
	deletes []cx.Deletion) (res WriteResult, repeat bool, err error) {
	res, _, err = a.write(ctx, func(w *written) (bool, error) {
		dtx, ok := w.tx.(store.DeliveryTx)
		if !ok {
			return false, cx.Errorf(cx.EINTERNAL, "app: this store keeps no webhook connections")
		}
		repeat, err = dtx.Deliver(id, clean(delivery, 200), at, a.deliveries.forget(at))
		if cx.ErrorCode(err) == cx.ENOTFOUND {
			return false, ErrConnectionGone
		}
		return repeat, err
	}, recs, patches, deletes)
	return res, repeat, err
}

// ErrConnectionGone is a delivery to a connection deleted while it was on its way.
var ErrConnectionGone = cx.Errorf(cx.ENOTFOUND, "app: the connection was deleted; nothing was written")

// KeysWithAttr returns the keys of the stored records of kind whose attribute name is value:
// a webhook that names a record by the tool's own id, kept as an attribute (Shopify's
// orders/delete and shopify_id).
func (a *App) KeysWithAttr(ctx context.Context, kind cx.Kind, name, value string) ([]string, error) {
	s, ok := a.store.(store.AttrKeys)
	if !ok {
		return nil, cx.Errorf(cx.EINTERNAL, "app: this store finds no records by attribute")
	}
	return s.KeysWithAttr(ctx, kind, name, value)
}
