package sqldb

import (
	"context"

	"github.com/klantpuls/klantpuls/internal/cx"
)

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
