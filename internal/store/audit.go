package store

import (
	"context"
	"strings"
	"time"

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

// AuditColumns are the columns both stores read an entry from, in scan order.
const AuditColumns = "id, at, user_id, actor, token_id, origin, action, subject, detail"

// SQL returns the query of q over table audit_log, newest first, and its arguments; mark(n)
// writes the store's placeholder for the nth argument (SQLite "?", PostgreSQL "$n").
func (q AuditQuery) SQL(mark func(n int) string) (string, []any) {
	var where []string
	var args []any
	add := func(cond string, arg any) {
		args = append(args, arg)
		where = append(where, cond+" "+mark(len(args)))
	}
	if q.Action != "" {
		add("action =", q.Action)
	}
	if q.Actor != "" {
		add("actor_key =", cx.NameKey(q.Actor))
	}
	if q.Before > 0 {
		add("id <", q.Before)
	}
	query := "SELECT " + AuditColumns + " FROM audit_log"
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	args = append(args, q.PageSize())
	return query + " ORDER BY id DESC LIMIT " + mark(len(args)), args
}

// AuditInsertColumns are the columns an entry is written to, in BindAudit's order.
const AuditInsertColumns = "at, user_id, actor, actor_key, token_id, origin, action, subject, detail"

// BindAudit checks e and returns its time as stored (whole seconds; now when zero) and its
// values in AuditInsertColumns order.
func BindAudit(e *cx.AuditEntry) (time.Time, []any, error) {
	if e.Action == "" {
		return time.Time{}, nil, cx.Errorf(cx.EINVALID, "store: unable to add an audit entry without an action")
	}
	at := Stamp(e.At)
	return at, []any{at.Unix(), BindID(e.UserID), e.Actor, cx.NameKey(e.Actor), BindID(e.TokenID), e.From, e.Action,
		BindText(e.Subject), BindText(e.Detail)}, nil
}
