package sqldb

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

var (
	_ store.Audit   = (*Store)(nil)
	_ store.AuditTx = (*Tx)(nil)
)

// AddAudit adds an entry to the audit log and sets e.ID; e.At, now when zero, is kept in whole
// seconds. Inside a unit (Audited) it is one of the unit's lines.
func (s *Store) AddAudit(ctx context.Context, e *cx.AuditEntry) error {
	query, args, at, err := auditRow(e)
	if err != nil {
		return err
	}
	id, _, err := s.insert(ctx, query, args...)
	if err := s.failed(err, "add to the audit log ("+e.Action+")", ""); err != nil {
		return err
	}
	e.ID, e.At = id, at
	return nil
}

// AddAudit adds an entry to the audit log in the transaction of records, so that the records
// and their line commit together (store.AuditTx); it sets e.ID, and e.At as Store.AddAudit does.
func (tx *Tx) AddAudit(e *cx.AuditEntry) error {
	if err := tx.usable(); err != nil {
		return err
	}
	query, args, at, err := auditRow(e)
	if err == nil {
		err = textOnly(args)
	}
	if err != nil {
		return err
	}
	var id int64
	if _, err := tx.bulk.QueryRow(query+" RETURNING id", args, &id); err != nil {
		tx.err = err // PostgreSQL ends a transaction at a failed statement: only a rollback is left
		return store.ErrAuditNotWritten(err)
	}
	e.ID, e.At, tx.audited = id, at, true
	return nil
}

// auditRow is the INSERT of e into the audit log and its arguments, and the time it keeps.
func auditRow(e *cx.AuditEntry) (string, []any, time.Time, error) {
	if e.Action == "" {
		return "", nil, time.Time{}, cx.Errorf(cx.EINVALID, "store: unable to add an audit entry without an action")
	}
	at := stamp(e.At)
	return `INSERT INTO audit_log (at, user_id, actor, actor_key, token_id, origin, action, subject, detail, words)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, []any{at.Unix(), bindID(e.UserID), e.Actor,
			cx.NameKey(e.Actor), bindID(e.TokenID), e.From, e.Action, bindText(e.Subject), bindText(e.Detail),
			bindText(wordsText(e.Words))}, at, nil
}

// wordsText is how the words column keeps an entry's phrases: a JSON array of arrays, each
// its key and then its values — [["role","manager"],["sessions_ended"]]; "" for none.
func wordsText(phrases []cx.AuditPhrase) string {
	if len(phrases) == 0 {
		return ""
	}
	rows := make([][]string, len(phrases))
	for i, p := range phrases {
		rows[i] = append([]string{p.Key}, p.Args...)
	}
	b, _ := json.Marshal(rows) // strings only: it cannot fail
	return string(b)
}

// phrasesOf reads the words column back (wordsText); false when it holds no phrases it can read.
func phrasesOf(text string) ([]cx.AuditPhrase, bool) {
	var rows [][]string
	if err := json.Unmarshal([]byte(text), &rows); err != nil || len(rows) == 0 {
		return nil, false
	}
	phrases := make([]cx.AuditPhrase, 0, len(rows))
	for _, r := range rows {
		if len(r) == 0 {
			return nil, false
		}
		p := cx.AuditPhrase{Key: r[0]}
		if len(r) > 1 { // none as cx.Phrase makes none: nil
			p.Args = r[1:]
		}
		phrases = append(phrases, p)
	}
	return phrases, true
}

// AuditLog reads entries newest first; its conditions use the (action, id) and (actor_key, id)
// indexes.
func (s *Store) AuditLog(ctx context.Context, q store.AuditQuery) ([]cx.AuditEntry, error) {
	var args params
	var where []string
	if q.Action != "" {
		where = append(where, "action = "+args.add(q.Action))
	}
	if q.Actor != "" {
		where = append(where, "actor_key = "+args.add(cx.NameKey(q.Actor)))
	}
	if q.Before > 0 {
		where = append(where, "id < "+args.add(q.Before))
	}
	query := "SELECT id, at, user_id, actor, token_id, origin, action, subject, detail, words FROM audit_log"
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += " ORDER BY id DESC LIMIT " + args.add(q.PageSize())
	return list(ctx, s, "the audit log", scanAudit, query, args...)
}

// scanAudit reads an entry; words it cannot read are shown as they are stored, in its detail,
// rather than lost.
func scanAudit(r *row) cx.AuditEntry {
	e := cx.AuditEntry{ID: r.Integer(), At: r.instant(), UserID: r.Integer(), Actor: r.Text(), TokenID: r.Integer(),
		From: r.Text(), Action: r.Text(), Subject: r.Text(), Detail: r.Text()}
	if words := r.Text(); words != "" {
		var ok bool
		if e.Words, ok = phrasesOf(words); !ok && e.Detail == "" {
			e.Detail = words
		}
	}
	return e
}
