package store

import (
	"context"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Connections keeps the webhook connections (cx.Connection) and the delivery ids each has
// accepted. A connection's secret is handed over sealed: the store keeps the bytes it is given
// and never sees the secret itself (app seals and opens it, connections.go there). Look-ups
// that find nothing return cx.ENOTFOUND.
type Connections interface {
	// CreateConnection stores c with its sealed secret and its sealed API token (nil: none; then
	// c.APIToken is false, else true); a zero c.CreatedAt is now. It needs an id, a source, a
	// name, at least one kind and an actor (cx.EINVALID); an id in use is cx.ECONFLICT.
	CreateConnection(ctx context.Context, c *cx.Connection, sealed, sealedToken []byte) error
	// Connection reads one connection and its sealed secret.
	Connection(ctx context.Context, id string) (*cx.Connection, []byte, error)
	// ConnectionToken reads a connection's sealed API token: nil when it has none.
	ConnectionToken(ctx context.Context, id string) ([]byte, error)
	// Connections reads every connection, oldest first, without their secrets.
	Connections(ctx context.Context) ([]cx.Connection, error)
	// DeleteConnection removes a connection and the delivery ids it accepted.
	DeleteConnection(ctx context.Context, id string) error

	// DeliverySeen tells whether the connection accepted a delivery of that id (since the ids
	// before the last Delivered's forget were forgotten).
	DeliverySeen(ctx context.Context, id, delivery string) (bool, error)
	// Delivered counts an accepted delivery at at and remembers its id (when not ""; one
	// remembered already stays as it was), in one transaction; ids remembered before forget
	// are forgotten, on every connection (none when forget is zero). cx.ENOTFOUND when the
	// connection is gone.
	Delivered(ctx context.Context, id, delivery string, at, forget time.Time) error
	// BindEvent makes event the connection's Event when it has none, and returns its Event:
	// event, or the one bound before (by another delivery, or another process). cx.ENOTFOUND
	// when the connection is gone.
	BindEvent(ctx context.Context, id, event string) (string, error)
	// DeliveryFailed counts a delivery refused or failed at at, and why: in English, and in the
	// words of the pages when it has them (none: nil), kept as the connection's LastError and
	// LastErrorWords, which a later failure without words clears.
	DeliveryFailed(ctx context.Context, id string, at time.Time, why string, words []cx.AuditPhrase) error

	// SettingOnce stores value under key when the key has none, and returns the value stored:
	// value, or the one another process stored first. The key that seals connection secrets is
	// made so: two nodes making it at once agree on one.
	SettingOnce(ctx context.Context, key, value string) (string, error)
}

// DeliveryTx is a write transaction (Tx) that counts a webhook delivery with the records it
// carries, so that both commit or neither does: a delivery committed is a delivery remembered.
type DeliveryTx interface {
	// Deliver is Connections.Delivered inside the transaction; repeat tells that the delivery
	// id was remembered already, and the caller then writes nothing of it.
	Deliver(id, delivery string, at, forget time.Time) (repeat bool, err error)
}
