package sqldb

import (
	"context"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// ForgetInvitations removes the address of a customer's invitations (store.Erasure).
func (s *Store) ForgetInvitations(ctx context.Context, customerID, email string) (int, error) {
	n, err := s.exec(ctx, `UPDATE invitations SET email = NULL, email_key = NULL, error = NULL
		WHERE (customer_id = $1 AND customer_id <> '') OR (email_key = $2 AND email_key <> '')`,
		customerID, cx.NameKey(email))
	if err != nil {
		return 0, s.failed(err, "forget the invitations of customer "+customerID, "")
	}
	return int(n), nil
}
