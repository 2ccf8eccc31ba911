package sqldb

import (
	"fmt"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

var _ store.FollowUpTx = (*Tx)(nil)

// setFollowUp stores f by exec, in a transaction of records or on its own: the follow-up of
// its answer replaced. f.UpdatedAt, now when zero, is kept in whole seconds.
func setFollowUp(f *cx.FollowUp, exec func(query string, args ...any) error) error {
	if f.ResponseID == "" {
		return cx.Errorf(cx.EINVALID, "store: unable to store a follow-up without an answer")
	}
	updated := stamp(f.UpdatedAt)
	err := exec(`INSERT INTO followups (response_id, owner_id, reply, status, updated_at, reply_sentiment)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (response_id) DO UPDATE SET owner_id = excluded.owner_id,
		reply = excluded.reply, status = excluded.status, updated_at = excluded.updated_at,
		reply_sentiment = excluded.reply_sentiment`,
		f.ResponseID, bindID(f.OwnerID), bindText(f.Reply), f.Status, updated.Unix(), bindPointer(f.ReplySentiment))
	if err != nil {
		return err
	}
	f.UpdatedAt = updated
	return nil
}

// SetFollowUp stores f with the transaction's records (store.FollowUpTx).
func (tx *Tx) SetFollowUp(f *cx.FollowUp) error {
	return setFollowUp(f, func(query string, args ...any) error {
		_, err := tx.execBulk("store the follow-up of answer "+f.ResponseID, query, args...)
		return err
	})
}

// DeleteFollowUp removes an answer's follow-up with the transaction's records
// (store.FollowUpTx).
func (tx *Tx) DeleteFollowUp(responseID string) (bool, error) {
	n, err := tx.execBulk("delete the follow-up of answer "+responseID, "DELETE FROM followups WHERE response_id = $1", responseID)
	return n > 0, err
}

// FollowUps reads the follow-ups of the answers with responseIDs in the transaction, by answer
// id (store.FollowUpTx), each row locked against other writers until it ends.
func (tx *Tx) FollowUps(responseIDs []string) (map[string]cx.FollowUp, error) {
	if err := tx.usable(); err != nil {
		return nil, err
	}
	out := make(map[string]cx.FollowUp)
	r := &row{values: make([]any, 6)} // followUpColumns
	dest := make([]any, len(r.values))
	for i := range r.values {
		dest[i] = &r.values[i]
	}
	// One answer at a time: a save reads one, an assignment the few ticked on a page.
	for _, id := range responseIDs {
		if !cx.IsText(id) { // no stored key; PostgreSQL would abort the transaction (heldText)
			continue
		}
		found, err := tx.bulk.QueryRow(followUpColumns+" WHERE response_id = $1"+tx.d.forUpdate(), []any{id}, dest...)
		if err != nil {
			tx.err = err
			return nil, fmt.Errorf("store: unable to read the follow-up of answer %s: %w", id, err)
		}
		if !found {
			continue
		}
		r.i = 0
		f := scanFollowUp(r)
		if r.err != nil {
			return nil, fmt.Errorf("store: unable to read the follow-up of answer %s: %w", id, r.err)
		}
		out[id] = f
	}
	return out, nil
}

// IsUser tells whether a user with id exists, read in the transaction and their row locked
// until it ends (store.FollowUpTx): a removal of the user waits, and then finds the follow-up
// this one wrote, which it gives back to the team's queue (Store.DeleteUser).
func (tx *Tx) IsUser(id int64) (bool, error) {
	if err := tx.usable(); err != nil {
		return false, err
	}
	var got any
	found, err := tx.bulk.QueryRow("SELECT id FROM users WHERE id = $1"+tx.d.forUpdate(), []any{id}, &got)
	if err != nil {
		tx.err = err
		return false, fmt.Errorf("store: unable to read user %d: %w", id, err)
	}
	return found, nil
}
