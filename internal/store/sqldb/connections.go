package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

var (
	_ store.Connections = (*Store)(nil)
	_ store.DeliveryTx  = (*Tx)(nil)
)

const connectionColumns = `id, source, name, kinds, created, user_id, actor, deliveries, last_delivery, errors,
	last_error, last_error_at, api_token IS NOT NULL, event, last_error_words`

// maxLastError bounds the reason kept with a connection's last error: it may quote a payload.
const maxLastError = 500

// CreateConnection stores c, its sealed secret and its sealed API token (nil: NULL);
// c.CreatedAt, now when zero, is kept in whole seconds.
func (s *Store) CreateConnection(ctx context.Context, c *cx.Connection, sealed, sealedToken []byte) error {
	if c.ID == "" || c.Source == "" || c.Name == "" || len(c.Kinds) == 0 || c.Actor == "" || len(sealed) == 0 {
		return cx.Errorf(cx.EINVALID, "store: a connection needs an id, a source, a name, kinds, a secret and an actor")
	}
	created := stamp(c.CreatedAt)
	var token any // a nil []byte is no NULL to every driver
	if len(sealedToken) > 0 {
		token = sealedToken
	}
	_, err := s.exec(ctx, `INSERT INTO connections (id, source, name, secret, kinds, created, user_id, actor, api_token)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		c.ID, c.Source, c.Name, sealed, joinKinds(c.Kinds), created.Unix(), bindID(c.UserID), c.Actor, token)
	if err := s.failed(err, "create connection "+c.ID, "a connection has id "+c.ID); err != nil {
		return err
	}
	c.CreatedAt, c.APIToken = created, token != nil
	return nil
}

// ConnectionToken reads a connection's sealed API token; nil when it has none.
func (s *Store) ConnectionToken(ctx context.Context, id string) ([]byte, error) {
	sealed, err := one(ctx, s, "connection "+id, func(r *row) []byte { return r.bytes() },
		"SELECT api_token FROM connections WHERE id = $1", id)
	if err != nil {
		return nil, err
	}
	return *sealed, nil
}

// Connection reads one connection and its sealed secret.
func (s *Store) Connection(ctx context.Context, id string) (*cx.Connection, []byte, error) {
	type withSecret struct {
		c      cx.Connection
		sealed []byte
	}
	found, err := one(ctx, s, "connection "+id, func(r *row) withSecret {
		c := scanConnection(r)
		return withSecret{c, r.bytes()}
	}, "SELECT "+connectionColumns+", secret FROM connections WHERE id = $1", id)
	if err != nil {
		return nil, nil, err
	}
	return &found.c, found.sealed, nil
}

// Connections reads every connection, oldest first.
func (s *Store) Connections(ctx context.Context) ([]cx.Connection, error) {
	return list(ctx, s, "the connections", scanConnection,
		"SELECT "+connectionColumns+" FROM connections ORDER BY created, id")
}

// DeleteConnection removes a connection and its delivery ids, in one transaction.
func (s *Store) DeleteConnection(ctx context.Context, id string) error {
	found := func(n int64, err error) error { return changed(n, err, "delete", "connection "+id) }
	return s.inTx(ctx, "delete connection "+id, func(tx execer) error {
		if err := found(rowsChanged(tx.ExecContext(ctx, s.sql("DELETE FROM connections WHERE id = $1"), id))); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, s.sql("DELETE FROM hook_deliveries WHERE connection_id = $1"), id)
		return err
	})
}

// DeliverySeen tells whether the connection accepted a delivery of that id.
func (s *Store) DeliverySeen(ctx context.Context, id, delivery string) (bool, error) {
	var n int
	err := s.reader(ctx).QueryRowContext(ctx, s.sql("SELECT count(*) FROM hook_deliveries WHERE connection_id = $1 AND delivery = $2"),
		id, delivery).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: unable to read the deliveries of connection %s: %w", id, err)
	}
	return n > 0, nil
}

// Delivered counts an accepted delivery, remembers its id and forgets ids older than forget.
func (s *Store) Delivered(ctx context.Context, id, delivery string, at, forget time.Time) error {
	return s.inTx(ctx, "count a delivery of connection "+id, func(tx execer) error {
		_, err := deliver(func(query string, args ...any) (int64, error) {
			return rowsChanged(tx.ExecContext(ctx, s.sql(query), args...))
		}, id, delivery, at, forget)
		return err
	})
}

// Deliver is Delivered inside the records' transaction (store.DeliveryTx), so that a delivery's
// records, its count and its id commit together, in one write turn and one sync to disk.
func (tx *Tx) Deliver(id, delivery string, at, forget time.Time) (repeat bool, err error) {
	switch {
	case tx.done:
		return false, errDone
	case tx.err != nil:
		return false, tx.err
	}
	if repeat, err = deliver(tx.bulk.Exec, id, delivery, at, forget); err != nil {
		tx.err = err // PostgreSQL ends a transaction at a failed statement: only a rollback is left
	}
	return repeat, err
}

// The statements of deliver. Every webhook delivery runs them: SQLite prepares them once
// (DeliveryStatements).
const (
	countDelivery    = "UPDATE connections SET deliveries = deliveries + 1, last_delivery = $2 WHERE id = $1"
	forgetDeliveries = "DELETE FROM hook_deliveries WHERE seen < $1"
	rememberDelivery = `INSERT INTO hook_deliveries (connection_id, delivery, seen) VALUES ($1, $2, $3)
		ON CONFLICT (connection_id, delivery) DO NOTHING`
)

// DeliveryStatements are the statements Tx.Deliver runs through Bulk.Exec.
var DeliveryStatements = []string{countDelivery, forgetDeliveries, rememberDelivery}

// deliver counts a delivery of connection id accepted at at, forgets the ids remembered before
// forget (none when it is zero) and remembers delivery (when not ""); repeat tells that it was
// remembered already, and it then stays as it was. exec runs one statement written with $n
// placeholders.
func deliver(exec func(query string, args ...any) (int64, error), id, delivery string, at, forget time.Time) (repeat bool, err error) {
	n, err := exec(countDelivery, id, at.Unix())
	if err := changed(n, err, "count a delivery of", "connection "+id); err != nil {
		return false, err
	}
	if !forget.IsZero() {
		if _, err := exec(forgetDeliveries, forget.Unix()); err != nil {
			return false, fmt.Errorf("store: unable to forget old deliveries: %w", err)
		}
	}
	if delivery == "" {
		return false, nil
	}
	n, err = exec(rememberDelivery, id, delivery, at.Unix())
	if err != nil {
		return false, fmt.Errorf("store: unable to remember delivery %s of connection %s: %w", delivery, id, err)
	}
	return n == 0, nil
}

// BindEvent sets the connection's event when it has none and reads the one it has. The update
// changes no row once an event is bound, so of two first deliveries at once, on any node, the
// one committed first binds and the other reads its event.
func (s *Store) BindEvent(ctx context.Context, id, event string) (string, error) {
	if event == "" {
		return "", cx.Errorf(cx.EINVALID, "store: bind connection %s to an event: no event", id)
	}
	if _, err := s.exec(ctx, "UPDATE connections SET event = $2 WHERE id = $1 AND event IS NULL", id, event); err != nil {
		return "", fmt.Errorf("store: unable to bind connection %s to event %s: %w", id, event, err)
	}
	bound, err := one(ctx, s, "connection "+id, func(r *row) string { return r.Text() },
		"SELECT event FROM connections WHERE id = $1", id)
	if err != nil {
		return "", err
	}
	return *bound, nil
}

// DeliveryFailed counts a delivery refused or failed, keeping the start of why and its words
// (as the audit log keeps an entry's: wordsText), or none.
func (s *Store) DeliveryFailed(ctx context.Context, id string, at time.Time, why string, words []cx.AuditPhrase) error {
	if len(why) > maxLastError {
		why = strings.ToValidUTF8(why[:maxLastError], "") + "…"
	}
	n, err := s.exec(ctx, `UPDATE connections SET errors = errors + 1, last_error = $2, last_error_at = $3,
		last_error_words = $4 WHERE id = $1`, id, why, at.Unix(), bindText(wordsText(words)))
	return changed(n, err, "count an error of", "connection "+id)
}

// SettingOnce stores value under key unless the key has one, and returns the one stored.
func (s *Store) SettingOnce(ctx context.Context, key, value string) (string, error) {
	// Read first: stored already (nearly always), it costs no write, so a write transaction of
	// this process can read a key (app's erased customers) while it holds SQLite's one writer.
	var stored string
	err := s.reader(ctx).QueryRowContext(ctx, s.sql("SELECT value FROM settings WHERE key = $1"), key).Scan(&stored)
	if err == nil {
		return stored, nil
	} else if !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("store: unable to read setting %s: %w", key, err)
	}
	if _, err := s.exec(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`,
		key, value); err != nil {
		return "", fmt.Errorf("store: unable to store setting %s: %w", key, err)
	}
	if err := s.reader(ctx).QueryRowContext(ctx, s.sql("SELECT value FROM settings WHERE key = $1"), key).Scan(&stored); err != nil {
		return "", fmt.Errorf("store: unable to read setting %s: %w", key, err)
	}
	return stored, nil
}

func scanConnection(r *row) cx.Connection {
	c := cx.Connection{ID: r.Text(), Source: r.Text(), Name: r.Text()}
	for _, k := range strings.Split(r.Text(), ",") {
		c.Kinds = append(c.Kinds, cx.Kind(k))
	}
	c.CreatedAt, c.UserID, c.Actor = r.instant(), r.Integer(), r.Text()
	c.Deliveries, c.LastDelivery, c.Errors = r.Integer(), r.instant(), r.Integer()
	c.LastError, c.LastErrorAt, c.APIToken = r.Text(), r.instant(), r.Flag()
	c.Event = r.Text()
	// Words it cannot read leave the English of last_error, shown as it is.
	c.LastErrorWords, _ = phrasesOf(r.Text())
	return c
}

func joinKinds(kinds []cx.Kind) string {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ",")
}

// execer is a transaction as inTx hands it over.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// inTx runs fn in one write transaction and commits it; an error from fn rolls it back and is
// returned (a coded one as it is, others naming doing). Inside a unit (Audited) fn runs in the
// unit's transaction, which commits with the unit, and an error fails the whole unit.
func (s *Store) inTx(ctx context.Context, doing string, fn func(tx execer) error) error {
	said := func(err error) error {
		if err == nil || strings.HasPrefix(err.Error(), "store: ") { // said already (changed)
			return err
		}
		return fmt.Errorf("store: unable to %s: %w", doing, err)
	}
	if u := s.unitOf(ctx); u != nil {
		tx, err := u.begin()
		if err == nil {
			err = fn(textTx{tx})
		}
		u.failed(err)
		return said(err)
	}
	tx, err := s.beginAlone(ctx)
	if err != nil {
		return fmt.Errorf("store: unable to %s: %w", doing, err)
	}
	defer tx.Rollback()
	if err := fn(textTx{tx}); err != nil {
		return said(err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: unable to %s: %w", doing, err)
	}
	return nil
}

// textTx is a transaction whose writes refuse text no store holds (textOnly).
type textTx struct{ *sql.Tx }

func (tx textTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if err := textOnly(args); err != nil {
		return nil, err
	}
	return tx.Tx.ExecContext(ctx, query, args...)
}

// rowsChanged is the number of rows an ExecContext changed.
func rowsChanged(res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
