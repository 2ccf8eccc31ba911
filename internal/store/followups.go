package store

import "github.com/klantpuls/klantpuls/internal/cx"

// FollowUpTx is a write transaction (Tx) that writes an answer's follow-up with the answer, so
// that both commit or neither does: an answer marked replied with its follow-up done, an
// answer deleted with its follow-up. Both databases' stores are one.
type FollowUpTx interface {
	// SetFollowUp is Surveys.SetFollowUp inside the transaction.
	SetFollowUp(f *cx.FollowUp) error
	// DeleteFollowUp removes the follow-up of the answer with responseID, and tells whether
	// there was one.
	DeleteFollowUp(responseID string) (found bool, err error)
}
