package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/pressly/goose/v3"
)

// AddressKeys is the migration, at version, that keys the addresses of unsubscribes and
// invitations stored before by their bare address (cx.AddressKey). They were keyed by the
// address as written, lower-cased: an unsubscribe of "Jan de Vries <jan@example.nl>" did not
// stop an invitation to jan@example.nl, nor did that invitation's sending throttle the next.
// It is written in Go so that the rule is the one the code compares by, not a second one in
// each dialect's SQL. Its Down keeps the bare keys, which the release before compares as it
// compares any address written bare.
func AddressKeys(version int64, d Dialect) *goose.Migration {
	return goose.NewGoMigration(version, &goose.GoFunc{RunTx: func(ctx context.Context, tx *sql.Tx) error {
		if err := rekeyUnsubscribes(ctx, tx, d); err != nil {
			return fmt.Errorf("store: unable to key the unsubscribes by their bare address: %w", err)
		}
		if err := rekeyInvitations(ctx, tx, d); err != nil {
			return fmt.Errorf("store: unable to key the invitations by their bare address: %w", err)
		}
		return nil
	}}, nil)
}

// rekeyUnsubscribes moves each unsubscribe whose key is not its address's onto it; of two that
// become one (the address unsubscribed as written two ways) the first time stays. An erased
// customer's keyed hash is no address and keeps its key.
func rekeyUnsubscribes(ctx context.Context, tx *sql.Tx, d Dialect) error {
	type moved struct {
		from, to string
		at       int64
	}
	var moves []moved
	if err := eachRow(ctx, tx, "SELECT email_key, at FROM unsubscribes", func(rows *sql.Rows) error {
		var m moved
		if err := rows.Scan(&m.from, &m.at); err != nil {
			return err
		}
		if m.to = cx.AddressKey(m.from); m.to != m.from {
			moves = append(moves, m)
		}
		return nil
	}); err != nil {
		return err
	}
	for _, m := range moves {
		if _, err := tx.ExecContext(ctx, d.SQL("DELETE FROM unsubscribes WHERE email_key = $1"), m.from); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, d.SQL(`INSERT INTO unsubscribes (email_key, at) VALUES ($1, $2)
			ON CONFLICT (email_key) DO UPDATE SET at = CASE WHEN excluded.at < unsubscribes.at THEN excluded.at ELSE unsubscribes.at END`),
			m.to, m.at); err != nil {
			return err
		}
	}
	return nil
}

// rekeyInvitations keys each invitation by its address's key, so the throttle and an
// erasure find it however the address was written.
func rekeyInvitations(ctx context.Context, tx *sql.Tx, d Dialect) error {
	moves := map[string]string{}
	if err := eachRow(ctx, tx, "SELECT DISTINCT email_key FROM invitations WHERE email_key IS NOT NULL", func(rows *sql.Rows) error {
		var key string
		if err := rows.Scan(&key); err != nil {
			return err
		}
		if to := cx.AddressKey(key); to != key {
			moves[key] = to
		}
		return nil
	}); err != nil {
		return err
	}
	for from, to := range moves {
		if _, err := tx.ExecContext(ctx, d.SQL("UPDATE invitations SET email_key = $1 WHERE email_key = $2"), to, from); err != nil {
			return err
		}
	}
	return nil
}

// eachRow calls fn with each row of query, read to its end before any row is changed.
func eachRow(ctx context.Context, tx *sql.Tx, query string, fn func(*sql.Rows) error) error {
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
