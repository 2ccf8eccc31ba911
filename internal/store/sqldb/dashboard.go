package sqldb

import (
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/klantpuls/klantpuls/internal/store"
)

var _ store.Dashboard = (*Store)(nil)

// Settings reads every setting.
func (s *Store) Settings(ctx context.Context) (map[string]string, error) {
	pairs, err := list(ctx, s, "settings", func(r *row) [2]string { return [2]string{r.Text(), r.Text()} },
		"SELECT key, value FROM settings")
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(pairs))
	for _, kv := range pairs {
		out[kv[0]] = kv[1]
	}
	return out, nil
}

// SetSetting stores a setting; an empty value removes it. It reads nothing first and locks no
// table, as SetSettings does to say what its keys held: its write still waits for a SetSettings
// holding the table (PostgreSQL's LOCK TABLE there refuses every writer).
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	return s.inTx(ctx, "save setting "+key, func(tx execer) error { return s.writeSetting(ctx, tx, key, value) })
}

// SetSettings stores settings in one transaction, in the order of their keys; an empty value
// removes its key. A write refused halfway keeps none. It returns what the keys held before,
// read in the transaction with the settings locked against other writers (store.Dashboard).
func (s *Store) SetSettings(ctx context.Context, values map[string]string) (map[string]string, error) {
	keys := slices.Sorted(maps.Keys(values))
	doing := "save setting " + strings.Join(keys, ", ")
	if len(keys) > 1 {
		doing = "save settings " + strings.Join(keys, ", ")
	}
	was := make(map[string]string, len(keys))
	err := s.inTx(ctx, doing, func(tx execer) error {
		if len(keys) == 0 {
			return nil
		}
		if lock := s.d.lockTable("settings"); lock != "" {
			if _, err := tx.ExecContext(ctx, lock); err != nil {
				return err
			}
		}
		var args params
		pairs, err := listOn(ctx, s, tx, "settings", func(r *row) [2]string { return [2]string{r.Text(), r.Text()} },
			"SELECT key, value FROM settings WHERE key IN ("+args.in(keys)+")", args...)
		if err != nil {
			return err
		}
		for _, kv := range pairs {
			was[kv[0]] = kv[1]
		}
		for _, key := range keys {
			if err := s.writeSetting(ctx, tx, key, values[key]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return was, nil
}

// writeSetting stores one setting in tx; an empty value removes it.
func (s *Store) writeSetting(ctx context.Context, tx execer, key, value string) error {
	var err error
	if value == "" {
		_, err = tx.ExecContext(ctx, s.sql("DELETE FROM settings WHERE key = $1"), key)
	} else {
		_, err = tx.ExecContext(ctx, s.sql(`INSERT INTO settings (key, value) VALUES ($1, $2)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`), key, value)
	}
	return err
}
