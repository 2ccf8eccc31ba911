package store

import (
	"context"
	"errors"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Audit keeps the audit log: who signed in (or tried), changed users, tokens, surveys, sites,
// alert rules and targets, imported, restored or deleted, when and from where. Its table
// stands apart from records and accounts on purpose: erasing or replacing records (a
// customer's right to be forgotten included) never touches it, and deleting a user or token
// keeps the lines that name them. Lines are only ever added.
type Audit interface {
	AddAudit(ctx context.Context, e *cx.AuditEntry) error // sets e.ID; a zero e.At is now
	// Audited runs fn as one change with its lines in the audit log: the store's writes fn
	// makes through its ctx (accounts, surveys, settings, …) and then the entries fn returns
	// go into one write transaction, committed together or not at all, so no change stands
	// without its line nor a line without its change. fn may fill in an entry from what it
	// made (a new rule's id); no entry is no change to record. A write that fails fails the
	// whole unit, even when fn goes on; a line that cannot be stored is refused with
	// ErrAuditNotWritten's error, nothing of the change stored, and a commit that fails with
	// ErrNotCommitted's (which says when its outcome is not known). fn's reads through ctx see its
	// writes. The transaction begins at fn's first write (what fn checks or computes before
	// holds up no other writer) and runs under ctx: cancelled before the commit, nothing of
	// the unit stays. Records are not written inside a unit — their transaction takes its
	// lines itself (AuditTx) — and a unit inside a unit is part of it.
	Audited(ctx context.Context, fn func(ctx context.Context) ([]cx.AuditEntry, error)) error
	// AuditLog reads entries, newest first.
	AuditLog(ctx context.Context, q AuditQuery) ([]cx.AuditEntry, error)
}

// AuditTx is a transaction of records that writes lines of the audit log with them (Tx): a
// deletion, a reply noted, a follow-up saved, committed with its line or not at all. Its
// commit, failing once it holds a line, fails with ErrNotCommitted's error.
type AuditTx interface {
	AddAudit(e *cx.AuditEntry) error // sets e.ID; a zero e.At is now
}

// unitKey marks a context inside a store's unit (Audit.Audited).
type unitKey struct{}

// WithUnit returns ctx inside u, a store's open unit; UnitIn returns it (nil outside one).
// For the stores, which keep their unit's transaction there.
func WithUnit(ctx context.Context, u any) context.Context {
	return context.WithValue(ctx, unitKey{}, u)
}

// UnitIn is the unit ctx is inside (WithUnit), nil when none.
func UnitIn(ctx context.Context) any { return ctx.Value(unitKey{}) }

// ErrAuditNotWritten is the refusal of a change whose line in the audit log could not be
// stored with it (Audit.Audited): nothing of the change was stored, and the same change may be
// asked again later. cause, what the database said, is kept for the log (cx.Error.Cause) and
// not shown.
func ErrAuditNotWritten(cause error) error {
	e := cx.Unavailable(WriteWait, "the change was not made, because its line in the audit log could not be stored with it; nothing was stored: try again later")
	e.Key, e.Cause = "audit_not_written", cause
	return e
}

// ErrNotCommitted is the refusal of a change whose commit failed (Audit.Audited; a transaction
// of records, with its lines, AuditTx, or without: an import). The database refused to commit — a full disk, a
// constraint checked at the end — and nothing of the change was stored, so it may be asked
// again later; or, unknown, the database's answer never came (the connection was lost, or
// the wait for it ended while the commit ran), and the change may have been stored all the
// same: no retry is asked for then, as a second one might make it twice. audited tells that
// its lines in the audit log were in the commit, which the words then name. cause, what the
// database said, is kept for the log (cx.Error.Cause) and not shown.
func ErrNotCommitted(cause error, audited, unknown bool) error {
	key := "not_committed"
	if unknown {
		key = "commit_unknown"
	}
	if audited {
		key += "/audited"
	}
	var e *cx.Error
	if unknown {
		e = cx.Errorf(cx.EUNAVAILABLE, "%s", notCommitted[key])
	} else {
		e = cx.Unavailable(WriteWait, "%s", notCommitted[key])
	}
	e.Key, e.Cause = key, cause
	return e
}

// CommitUnknown reports whether err is ErrNotCommitted's for a commit the database did not
// answer: the change may have been stored, so whoever reports it must not say it was not.
func CommitUnknown(err error) bool {
	var e *cx.Error
	return errors.As(err, &e) && strings.HasPrefix(e.Key, "commit_unknown")
}

// notCommitted is what ErrNotCommitted says, by its key.
var notCommitted = map[string]string{
	"not_committed":         "the change was not stored: the database could not commit it; try again later",
	"not_committed/audited": "the change and its line in the audit log were not stored: the database could not commit them; try again later",
	"commit_unknown": "it is not known whether the change was stored: the database did not answer its commit; " +
		"look whether it is there before you make it again",
	"commit_unknown/audited": "it is not known whether the change and its line in the audit log were stored: the database " +
		"did not answer their commit; look whether the change is there before you make it again",
}

// AuditQuery selects entries of the audit log.
type AuditQuery struct {
	Action string // one action; "" for all
	Actor  string // one actor, compared like names (trimmed, any case); "" for all
	Before int64  // entries with a lower id only: the next page after an entry; 0 for the newest
	Limit  int    // at most this many; 0 for MaxAuditPage
}

// MaxAuditPage is the most entries one AuditLog call returns.
const MaxAuditPage = 500

// PageSize is q.Limit bounded to 1..MaxAuditPage.
func (q AuditQuery) PageSize() int {
	if q.Limit <= 0 || q.Limit > MaxAuditPage {
		return MaxAuditPage
	}
	return q.Limit
}
