package store

import (
	"context"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Erasure is what erasing a customer (app.Erase) needs of a store beyond records, which change
// through Tx like any write.
type Erasure interface {
	// ForgetInvitations removes the e-mail address (and any delivery error, which may quote
	// it) from the survey invitations of a customer: those made for customerID, or sent to one
	// of emails (compared case-insensitively; "" matches none); those made for customerID name
	// pseudonym instead. It returns how many it changed.
	ForgetInvitations(ctx context.Context, customerID string, emails []string, pseudonym string) (int, error)
	// HashUnsubscribe stores the unsubscribe of email (compared as Unsubscribed compares) under
	// hashed instead, a keyed hash that still blocks the address (app.Unsubscribed looks for
	// both); it tells whether it found email unsubscribed.
	HashUnsubscribe(ctx context.Context, email, hashed string) (bool, error)
	// InvitationsOf returns the survey invitations of a customer, oldest first: those made for
	// customerID or sent to one of emails (compared as ForgetInvitations compares). An answer to
	// one is the customer's even when the invitation named no customer (the surveys page's list
	// of addresses).
	InvitationsOf(ctx context.Context, customerID string, emails []string) ([]cx.Invitation, error)
	// ForgetInAudit makes the audit log's entries about subject (a customer's record deleted or changed
	// before the erasure: "customers <id>", whose id may be the address) name replacement
	// instead. It returns how many it changed.
	ForgetInAudit(ctx context.Context, subject, replacement string) (int, error)
	// Scrub makes what deletes and updates left behind in the database's files unreadable:
	// SQLite keeps old row content in free pages and in its write-ahead log, PostgreSQL in dead
	// row versions until a vacuum. kinds are the record tables an erasure changed (a store
	// that rebuilds per table does those, and the invitations and follow-ups). It returns what
	// it did, for the audit log and the operator.
	Scrub(ctx context.Context, kinds []cx.Kind) (string, error)
	// ForgetTombstones removes the tombstones of the records of kind keyed ids, which no one
	// following the changes needs any more (a restore's copy, of an identity of its own): an
	// erased customer's row leaves one under their id, which may be their address.
	ForgetTombstones(ctx context.Context, kind cx.Kind, ids []string) error
	// ErasedCustomers returns the keyed hashes of the customer ids erased so far (ErasureTx),
	// in no order.
	ErasedCustomers(ctx context.Context) ([]string, error)
	// PurgedCustomers returns those of ErasedCustomers whose records an erasure deleted
	// (purged), in no order.
	PurgedCustomers(ctx context.Context) ([]string, error)
	// ErasedSince returns the keyed hashes of the customer ids erased under change numbers in
	// (after, upTo] (ErasureTx.RememberErasure numbers each), in no order: what a process
	// following the changes forgets in its engine.
	ErasedSince(ctx context.Context, after, upTo int64) ([]string, error)
	// ErasedAuthors returns the keyed hashes of the mention authors that were erased customers
	// (ErasureTx), in no order.
	ErasedAuthors(ctx context.Context) ([]string, error)
}

// ErasureTx is a write transaction (Tx) that remembers an erasure with the records it rewrites,
// so that both commit or neither does.
type ErasureTx interface {
	// RememberErasure keeps hash, the keyed hash of an erased customer id, erased at at, under
	// the next change number of the transaction, and whether the erasure purged the customer's
	// records; one kept already stays as it was, but for becoming purged.
	RememberErasure(hash string, at time.Time, purged bool) error
	// RememberErasedAuthor keeps hash, the keyed hash of a mention author that is an erased
	// customer (their name or address, compared as names are), erased at at; one kept already
	// stays as it was.
	RememberErasedAuthor(hash string, at time.Time) error
}
