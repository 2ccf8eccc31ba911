package store

import (
	"context"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Audit keeps the audit log: who signed in (or tried), changed users, tokens, surveys, sites,
// alert rules and targets, imported, restored or deleted, when and from where. Its table
// stands apart from records and accounts on purpose: erasing or replacing records (a
// customer's right to be forgotten included) never touches it, and deleting a user or token
// keeps the lines that name them. Lines are only ever added.
type Audit interface {
	AddAudit(ctx context.Context, e *cx.AuditEntry) error // sets e.ID; a zero e.At is now
	// AuditLog reads entries, newest first.
	AuditLog(ctx context.Context, q AuditQuery) ([]cx.AuditEntry, error)
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
