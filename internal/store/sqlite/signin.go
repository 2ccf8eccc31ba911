package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/klantpuls/klantpuls/internal/store"
)

// ClaimSignIn counts a sign-in attempt on account (see store.Accounts). The transaction takes
// the write lock at BEGIN (_txlock=immediate), so no other attempt, in this process or
// another, reads the row between this one's read and write.
func (s *Store) ClaimSignIn(ctx context.Context, account string, now time.Time, limit store.SignInLimit) (bool, time.Time, error) {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return false, time.Time{}, fmt.Errorf("store: unable to count a sign-in: %w", err)
	}
	defer tx.Rollback()
	var st store.SignInState
	var last, until int64
	err = tx.QueryRowContext(ctx, "SELECT failures, last_at, held_until FROM sign_in_failures WHERE account = ?",
		account).Scan(&st.Failures, &last, &until)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return false, time.Time{}, fmt.Errorf("store: unable to read the sign-ins of %s: %w", account, err)
	default:
		st.Last, st.HeldUntil = store.FromUnix(last), store.FromUnix(until)
	}
	next, held := limit.Claim(st, now)
	if held {
		return true, st.HeldUntil, nil
	}
	// Runs nobody continued within the forget period are over: sweep them, so addresses tried
	// once do not pile up.
	if _, err := tx.ExecContext(ctx, "DELETE FROM sign_in_failures WHERE last_at < ?", now.Add(-limit.Forget).Unix()); err != nil {
		return false, time.Time{}, fmt.Errorf("store: unable to sweep old sign-ins: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO sign_in_failures (account, failures, last_at, held_until)
		VALUES (?1, ?2, ?3, ?4) ON CONFLICT (account) DO UPDATE SET failures = ?2, last_at = ?3, held_until = ?4`,
		account, next.Failures, next.Last.Unix(), next.HeldUntil.Unix())
	if err != nil {
		return false, time.Time{}, fmt.Errorf("store: unable to count a sign-in of %s: %w", account, err)
	}
	if err := tx.Commit(); err != nil {
		return false, time.Time{}, fmt.Errorf("store: unable to count a sign-in of %s: %w", account, err)
	}
	return false, time.Time{}, nil
}

// SignInSucceeded clears the account's failures.
func (s *Store) SignInSucceeded(ctx context.Context, account string) error {
	if _, err := s.exec(ctx, "DELETE FROM sign_in_failures WHERE account = ?", account); err != nil {
		return fmt.Errorf("store: unable to clear the sign-ins of %s: %w", account, err)
	}
	return nil
}
