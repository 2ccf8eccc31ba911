package sqldb

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

var _ store.ErasureTx = (*Tx)(nil)

// ForgetInvitations removes the address of a customer's invitations (store.Erasure).
func (s *Store) ForgetInvitations(ctx context.Context, customerID string, emails []string, pseudonym string) (int, error) {
	sentTo, args := emailKeysIn(emails, 3)
	n, err := s.exec(ctx, `UPDATE invitations SET email = NULL, email_key = NULL, error = NULL,
		customer_id = CASE WHEN customer_id = $1 THEN $2 ELSE customer_id END
		WHERE (customer_id = $1 AND customer_id <> '') OR `+sentTo,
		append([]any{customerID, pseudonym}, args...)...)
	if err != nil {
		return 0, s.failed(err, "forget the invitations of customer "+pseudonym, "")
	}
	return int(n), nil
}

// HashUnsubscribe stores an erased address's unsubscribe under its hash (store.Erasure). The
// first time it was at stays; one stored under the hash already (the old link clicked again
// after the erasure) is kept.
func (s *Store) HashUnsubscribe(ctx context.Context, email, hashed string) (bool, error) {
	key := cx.AddressKey(email)
	if key == "" {
		return false, nil
	}
	// Two statements, each safe to run again: an erasure cut off between them is done by the next.
	if _, err := s.exec(ctx, `UPDATE unsubscribes SET email_key = $2 WHERE email_key = $1
		AND NOT EXISTS (SELECT 1 FROM unsubscribes WHERE email_key = $2)`, key, hashed); err != nil {
		return false, s.failed(err, "hash an erased customer's unsubscribe", "")
	}
	n, err := s.exec(ctx, "DELETE FROM unsubscribes WHERE email_key = $1", key)
	if err != nil {
		return false, s.failed(err, "hash an erased customer's unsubscribe", "")
	}
	return n > 0, nil
}

// InvitationsOf returns the invitations of a customer (store.Erasure), oldest first.
func (s *Store) InvitationsOf(ctx context.Context, customerID string, emails []string) ([]cx.Invitation, error) {
	sentTo, args := emailKeysIn(emails, 2)
	return list(ctx, s, "the invitations of a customer", scanInvitation, invitationColumns+
		" WHERE (customer_id = $1 AND customer_id <> '') OR "+sentTo+" ORDER BY created_at, id", append([]any{customerID}, args...)...)
}

// emailKeysIn is the condition that an invitation's email_key is one of emails' (cx.NameKey; an
// empty one matches none), with its arguments, numbered from first.
func emailKeysIn(emails []string, first int) (string, []any) {
	var marks []string
	var args []any
	for _, e := range emails {
		if key := cx.AddressKey(e); key != "" && !slices.Contains(args, any(key)) {
			args = append(args, key)
			marks = append(marks, fmt.Sprintf("$%d", first+len(marks)))
		}
	}
	if len(marks) == 0 {
		return "FALSE", nil
	}
	return "email_key IN (" + strings.Join(marks, ", ") + ")", args
}

// ForgetInAudit renames an audit subject (store.Erasure).
func (s *Store) ForgetInAudit(ctx context.Context, subject, replacement string) (int, error) {
	n, err := s.exec(ctx, "UPDATE audit_log SET subject = $2 WHERE subject = $1", subject, replacement)
	if err != nil {
		return 0, s.failed(err, "forget "+replacement+" in the audit log", "")
	}
	return int(n), nil
}

// ForgetTombstones removes tombstones of kind (store.Erasure).
func (s *Store) ForgetTombstones(ctx context.Context, kind cx.Kind, ids []string) error {
	for _, id := range ids {
		if _, err := s.exec(ctx, "DELETE FROM tombstones WHERE kind = $1 AND id = $2", string(kind), id); err != nil {
			return s.failed(err, "forget the tombstones of erased customers", "")
		}
	}
	return nil
}

// ErasedCustomers returns the keyed hashes of the erased customer ids (store.Erasure).
func (s *Store) ErasedCustomers(ctx context.Context) ([]string, error) {
	return s.hashes(ctx, "erasures", "the erased customers", "TRUE")
}

// PurgedCustomers returns the keyed hashes of the purged customer ids (store.Erasure).
func (s *Store) PurgedCustomers(ctx context.Context) ([]string, error) {
	return s.hashes(ctx, "erasures", "the purged customers", "purged = 1")
}

// ErasedAuthors returns the keyed hashes of the erased customers' mention authors (store.Erasure).
func (s *Store) ErasedAuthors(ctx context.Context) ([]string, error) {
	return s.hashes(ctx, "erased_authors", "the erased authors", "TRUE")
}

// hashes reads the column hash of the rows of table (erasures or erased_authors) where (SQL, its
// arguments args) picks.
func (s *Store) hashes(ctx context.Context, table, what, where string, args ...any) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, s.sql("SELECT hash FROM "+table+" WHERE "+where), args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read %s: %w", what, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, fmt.Errorf("store: unable to read %s: %w", what, err)
		}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to read %s: %w", what, err)
	}
	return out, nil
}

// ErasedSince returns the keyed hashes of the customer ids erased under change numbers in
// (after, upTo] (store.Erasure).
func (s *Store) ErasedSince(ctx context.Context, after, upTo int64) ([]string, error) {
	return s.hashes(ctx, "erasures", "the erased customers", "seq > $1 AND seq <= $2", after, upTo)
}

// RememberErasure keeps an erased customer's hash in the records' transaction (store.ErasureTx),
// under the next change number: the first of the records the erasure writes after it, or, when
// it writes none, that of the next commit. An erasure asked again with purge marks it purged.
func (tx *Tx) RememberErasure(hash string, at time.Time, purged bool) error {
	p := 0
	if purged {
		p = 1
	}
	return tx.remember(`INSERT INTO erasures (hash, erased_at, seq, purged) VALUES ($1, $2, $3, $4)
		ON CONFLICT (hash) DO UPDATE SET purged = CASE WHEN excluded.purged = 1 THEN 1 ELSE erasures.purged END`,
		hash, at.Unix(), tx.seq+1, p)
}

// RememberErasedAuthor keeps the hash of an erased customer's mention author in the records'
// transaction (store.ErasureTx).
func (tx *Tx) RememberErasedAuthor(hash string, at time.Time) error {
	return tx.remember("INSERT INTO erased_authors (hash, erased_at) VALUES ($1, $2) ON CONFLICT (hash) DO NOTHING",
		hash, at.Unix())
}

// remember runs insert, which keeps a hash (erasures or erased_authors; one there already stays).
func (tx *Tx) remember(insert string, args ...any) error {
	_, err := tx.execBulk("remember an erasure", insert, args...)
	return err
}
