package store

import "github.com/klantpuls/klantpuls/internal/cx"

// FollowUpTx is a write transaction (Tx) that writes an answer's follow-up with the answer, so
// that both commit or neither does: an answer marked replied with its follow-up done, an
// answer deleted with its follow-up. Both databases' stores are one.
type FollowUpTx interface {
	// FollowUps is Surveys.FollowUps inside the transaction, each row read locked against
	// other writers until it ends (on PostgreSQL; SQLite's transaction holds the whole
	// database): what a save or an assignment writes back, and says in the audit log it
	// changed, is the follow-up as it stands, not as an earlier read found it.
	FollowUps(responseIDs []string) (map[string]cx.FollowUp, error)
	// SetFollowUp is Surveys.SetFollowUp inside the transaction.
	SetFollowUp(f *cx.FollowUp) error
	// IsUser tells whether a user with id exists, their row locked against removal until the
	// transaction ends (on PostgreSQL; SQLite's transaction holds the whole database): the
	// owner a save or an assignment writes is one who is a user when it commits.
	IsUser(id int64) (bool, error)
	// DeleteFollowUp removes the follow-up of the answer with responseID, and tells whether
	// there was one.
	DeleteFollowUp(responseID string) (found bool, err error)
}
