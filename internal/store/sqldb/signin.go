package sqldb

import (
	"context"
	"fmt"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// ClaimSignIn counts a sign-in attempt on account (see store.Accounts). The account's row is made
// if missing and read within one write transaction, so no other attempt, in this process or
// another, reads it between this one's read and write: SQLite's transaction holds the database
// from BEGIN; on PostgreSQL the row is locked (FOR UPDATE) and a parallel attempt on any node
// waits for this one and reads what it wrote.
func (s *Store) ClaimSignIn(ctx context.Context, account string, now time.Time, limit store.SignInLimit) (bool, time.Time, error) {
	if !cx.IsText(account) {
		// No account is it (heldText), so none is held back or counted: PostgreSQL refuses its
		// row. The caller's limit per client address still counts the attempt.
		return false, time.Time{}, nil
	}
	fail := func(doing string, err error) (bool, time.Time, error) {
		return false, time.Time{}, fmt.Errorf("store: unable to %s: %w", doing, err)
	}
	lock, skipLocked := s.d.forUpdate(), ""
	if lock != "" {
		// SKIP LOCKED: the sweep leaves alone the rows other attempts hold.
		skipLocked = lock + " SKIP LOCKED"
	}
	tx, err := s.beginAlone(ctx)
	if err != nil {
		return fail("count a sign-in", err)
	}
	defer tx.Rollback()
	_, err = tx.ExecContext(ctx, s.sql(`INSERT INTO sign_in_failures (account, failures, last_at, held_until)
		VALUES ($1, 0, 0, 0) ON CONFLICT (account) DO NOTHING`), account)
	if err != nil {
		return fail("count a sign-in of "+account, err)
	}
	var st store.SignInState
	var last, until int64
	err = tx.QueryRowContext(ctx, s.sql("SELECT failures, last_at, held_until FROM sign_in_failures WHERE account = $1"+lock),
		account).Scan(&st.Failures, &last, &until)
	if err != nil {
		return fail("read the sign-ins of "+account, err)
	}
	st.Last, st.HeldUntil = fromUnix(last), fromUnix(until)
	next, held := limit.Claim(st, now)
	if held {
		return true, st.HeldUntil, nil
	}
	// Runs nobody continued within the forget period are over: sweep them, so addresses tried
	// once do not pile up.
	_, err = tx.ExecContext(ctx, s.sql(`DELETE FROM sign_in_failures WHERE account IN
		(SELECT account FROM sign_in_failures WHERE last_at < $1 AND account <> $2`+skipLocked+")"),
		now.Add(-limit.Forget).Unix(), account)
	if err != nil {
		return fail("sweep old sign-ins", err)
	}
	_, err = tx.ExecContext(ctx, s.sql("UPDATE sign_in_failures SET failures = $2, last_at = $3, held_until = $4 WHERE account = $1"),
		account, next.Failures, next.Last.Unix(), next.HeldUntil.Unix())
	if err == nil {
		err = tx.Commit()
	}
	if err != nil {
		return fail("count a sign-in of "+account, err)
	}
	return false, time.Time{}, nil
}

// SignInSucceeded clears the account's failures.
func (s *Store) SignInSucceeded(ctx context.Context, account string) error {
	if !cx.IsText(account) { // counted nowhere (ClaimSignIn)
		return nil
	}
	_, err := s.exec(ctx, "DELETE FROM sign_in_failures WHERE account = $1", account)
	return s.failed(err, "clear the sign-ins of "+account, "")
}
