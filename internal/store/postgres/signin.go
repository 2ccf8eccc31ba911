package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/klantpuls/klantpuls/internal/store"
)

// ClaimSignIn counts a sign-in attempt on account (see store.Accounts). The row is made if
// missing and then locked (FOR UPDATE) for the transaction, so a parallel attempt on any node
// waits for this one and reads what it wrote.
func (s *Store) ClaimSignIn(ctx context.Context, account string, now time.Time, limit store.SignInLimit) (bool, time.Time, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return false, time.Time{}, fmt.Errorf("store: unable to count a sign-in: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	_, err = tx.Exec(ctx, `INSERT INTO sign_in_failures (account, failures, last_at, held_until)
		VALUES ($1, 0, 0, 0) ON CONFLICT (account) DO NOTHING`, account)
	if err != nil {
		return false, time.Time{}, fmt.Errorf("store: unable to count a sign-in of %s: %w", account, err)
	}
	var st store.SignInState
	var last, until int64
	err = tx.QueryRow(ctx, "SELECT failures, last_at, held_until FROM sign_in_failures WHERE account = $1 FOR UPDATE",
		account).Scan(&st.Failures, &last, &until)
	if err != nil {
		return false, time.Time{}, fmt.Errorf("store: unable to read the sign-ins of %s: %w", account, err)
	}
	st.Last, st.HeldUntil = store.FromUnix(last), store.FromUnix(until)
	next, held := limit.Claim(st, now)
	if held {
		return true, st.HeldUntil, nil
	}
	// Runs nobody continued within the forget period are over: sweep them, so addresses tried
	// once do not pile up. SKIP LOCKED leaves rows other attempts hold alone.
	_, err = tx.Exec(ctx, `DELETE FROM sign_in_failures WHERE account IN
		(SELECT account FROM sign_in_failures WHERE last_at < $1 AND account <> $2 FOR UPDATE SKIP LOCKED)`,
		now.Add(-limit.Forget).Unix(), account)
	if err != nil {
		return false, time.Time{}, fmt.Errorf("store: unable to sweep old sign-ins: %w", err)
	}
	_, err = tx.Exec(ctx, "UPDATE sign_in_failures SET failures = $2, last_at = $3, held_until = $4 WHERE account = $1",
		account, next.Failures, next.Last.Unix(), next.HeldUntil.Unix())
	if err != nil {
		return false, time.Time{}, fmt.Errorf("store: unable to count a sign-in of %s: %w", account, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return false, time.Time{}, fmt.Errorf("store: unable to count a sign-in of %s: %w", account, err)
	}
	return false, time.Time{}, nil
}

// SignInSucceeded clears the account's failures.
func (s *Store) SignInSucceeded(ctx context.Context, account string) error {
	if _, err := s.exec(ctx, "DELETE FROM sign_in_failures WHERE account = $1", account); err != nil {
		return fmt.Errorf("store: unable to clear the sign-ins of %s: %w", account, err)
	}
	return nil
}
