package sqldb

import (
	"fmt"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

var _ store.VersionTx = (*Tx)(nil)

// DeletedVersion reads the version kept of a deleted record (store.VersionTx), stored as the
// attribute cx.SourceVersion is: RFC 3339 in UTC.
func (tx *Tx) DeletedVersion(kind cx.Kind, key string) (time.Time, error) {
	if err := tx.usable(); err != nil {
		return time.Time{}, err
	}
	var at string
	found, err := tx.bulk.QueryRow("SELECT source_updated_at FROM deleted_versions WHERE kind = $1 AND id = $2",
		[]any{string(kind), key}, &at)
	if err != nil {
		tx.err = err // PostgreSQL ends a transaction at a failed statement: only a rollback is left
		return time.Time{}, fmt.Errorf("store: unable to read the version of deleted %s %q: %w", kind, key, err)
	}
	if !found {
		return time.Time{}, nil
	}
	t, ok := cx.ParseVersion(at)
	if !ok {
		return time.Time{}, fmt.Errorf("store: the version of deleted %s %q, %q, is no time", kind, key, at)
	}
	return t, nil
}

// KeepDeletedVersion keeps the version of a deleted record (store.VersionTx).
func (tx *Tx) KeepDeletedVersion(kind cx.Kind, key string, at time.Time) error {
	return tx.execVersion("keep", `INSERT INTO deleted_versions (kind, id, source_updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (kind, id) DO UPDATE SET source_updated_at = excluded.source_updated_at`,
		kind, key, at.UTC().Format(time.RFC3339Nano))
}

// ForgetDeletedVersion removes the version kept of a deleted record (store.VersionTx).
func (tx *Tx) ForgetDeletedVersion(kind cx.Kind, key string) error {
	return tx.execVersion("forget", "DELETE FROM deleted_versions WHERE kind = $1 AND id = $2", kind, key)
}

func (tx *Tx) execVersion(what, query string, kind cx.Kind, key string, more ...any) error {
	_, err := tx.execBulk(fmt.Sprintf("%s the version of deleted %s %q", what, kind, key), query, append([]any{string(kind), key}, more...)...)
	return err
}

// execBulk runs a statement in the transaction's bulk writes and returns the number of rows it
// changed; a failure leaves only a rollback (PostgreSQL ends a transaction at a failed
// statement), and is said as "unable to what".
func (tx *Tx) execBulk(what, query string, args ...any) (int64, error) {
	if err := tx.usable(); err != nil {
		return 0, err
	}
	if err := textOnly(args); err != nil { // before PostgreSQL would abort the transaction
		return 0, fmt.Errorf("store: unable to %s: %w", what, err)
	}
	n, err := tx.bulk.Exec(query, args...)
	if err != nil {
		tx.err = err
		return 0, fmt.Errorf("store: unable to %s: %w", what, err)
	}
	return n, nil
}

// usable is nil while the transaction can still read and write.
func (tx *Tx) usable() error {
	switch {
	case tx.done:
		return errDone
	case tx.err != nil:
		return tx.err
	}
	return nil
}
