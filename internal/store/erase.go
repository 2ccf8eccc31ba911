package store

import (
	"context"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Erasure is what erasing a customer (app.Erase) needs of a store beyond records, which change
// through Tx like any write.
type Erasure interface {
	// ForgetInvitations removes the e-mail address (and any delivery error, which may quote
	// it) from the survey invitations of a customer: those made for customerID, or sent to
	// email (compared case-insensitively; "" matches none); those made for customerID name
	// pseudonym instead. It returns how many it changed. Unsubscribed addresses stay: they are
	// what keeps the address from being mailed again.
	ForgetInvitations(ctx context.Context, customerID, email, pseudonym string) (int, error)
	// Scrub makes what deletes and updates left behind in the database's files unreadable:
	// SQLite keeps old row content in free pages and in its write-ahead log, PostgreSQL in dead
	// row versions until a vacuum. kinds are the record tables an erasure changed (a store
	// that rebuilds per table does those, and the invitations and follow-ups). It returns what
	// it did, for the audit log and the operator.
	Scrub(ctx context.Context, kinds []cx.Kind) (string, error)
}
