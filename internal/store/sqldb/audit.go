package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

var _ store.Audit = (*Store)(nil)

// AddAudit adds an entry to the audit log and sets e.ID; e.At, now when zero, is kept in whole
// seconds.
func (s *Store) AddAudit(ctx context.Context, e *cx.AuditEntry) error {
	at, values, err := store.BindAudit(e)
	if err != nil {
		return err
	}
	id, _, err := s.insert(ctx, "INSERT INTO audit_log ("+store.AuditInsertColumns+
		") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)", values...)
	if err != nil {
		return fmt.Errorf("store: unable to add to the audit log (%s): %w", e.Action, err)
	}
	e.ID, e.At = id, at
	return nil
}

// AuditLog reads entries newest first; its conditions use the (action, id) and (actor_key, id)
// indexes.
func (s *Store) AuditLog(ctx context.Context, q store.AuditQuery) ([]cx.AuditEntry, error) {
	query, args := q.SQL(func(n int) string { return "$" + strconv.Itoa(n) })
	return list(ctx, s, "the audit log", scanAudit, query, args...)
}

func scanAudit(sc scanner) (*cx.AuditEntry, error) {
	var (
		e               cx.AuditEntry
		at              int64
		user, token     sql.NullInt64
		subject, detail sql.NullString
	)
	if err := sc.Scan(&e.ID, &at, &user, &e.Actor, &token, &e.From, &e.Action, &subject, &detail); err != nil {
		return nil, err
	}
	e.At, e.UserID, e.TokenID = store.FromUnix(at), user.Int64, token.Int64
	e.Subject, e.Detail = subject.String, detail.String
	return &e, nil
}
