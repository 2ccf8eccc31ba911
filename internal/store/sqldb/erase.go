package sqldb

import (
	"context"
	"fmt"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

var _ store.ErasureTx = (*Tx)(nil)

// ForgetInvitations removes the address of a customer's invitations (store.Erasure).
func (s *Store) ForgetInvitations(ctx context.Context, customerID, email, pseudonym string) (int, error) {
	n, err := s.exec(ctx, `UPDATE invitations SET email = NULL, email_key = NULL, error = NULL,
		customer_id = CASE WHEN customer_id = $1 THEN $3 ELSE customer_id END
		WHERE (customer_id = $1 AND customer_id <> '') OR (email_key = $2 AND email_key <> '')`,
		customerID, cx.NameKey(email), pseudonym)
	if err != nil {
		return 0, s.failed(err, "forget the invitations of customer "+pseudonym, "")
	}
	return int(n), nil
}

// ForgetInAudit renames an audit subject (store.Erasure).
func (s *Store) ForgetInAudit(ctx context.Context, subject, replacement string) (int, error) {
	n, err := s.exec(ctx, "UPDATE audit_log SET subject = $2 WHERE subject = $1", subject, replacement)
	if err != nil {
		return 0, s.failed(err, "forget "+replacement+" in the audit log", "")
	}
	return int(n), nil
}

// ErasedCustomers returns the keyed hashes of the erased customer ids (store.Erasure).
func (s *Store) ErasedCustomers(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT hash FROM erasures")
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the erased customers: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, fmt.Errorf("store: unable to read the erased customers: %w", err)
		}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to read the erased customers: %w", err)
	}
	return out, nil
}

// RememberErasure keeps an erased customer's hash in the records' transaction (store.ErasureTx).
func (tx *Tx) RememberErasure(hash string, at time.Time) error {
	switch {
	case tx.done:
		return errDone
	case tx.err != nil:
		return tx.err
	}
	_, err := tx.bulk.Exec("INSERT INTO erasures (hash, erased_at) VALUES ($1, $2) ON CONFLICT (hash) DO NOTHING", hash, at.Unix())
	if err != nil {
		tx.err = err // PostgreSQL ends a transaction at a failed statement: only a rollback is left
		return fmt.Errorf("store: unable to remember an erasure: %w", err)
	}
	return nil
}
