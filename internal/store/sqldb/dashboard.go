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

// SetSetting stores a setting; an empty value removes it.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	return s.SetSettings(ctx, map[string]string{key: value})
}

// SetSettings stores settings in one transaction, in the order of their keys; an empty value
// removes its key. A write refused halfway keeps none.
func (s *Store) SetSettings(ctx context.Context, values map[string]string) error {
	keys := slices.Sorted(maps.Keys(values))
	doing := "save setting " + strings.Join(keys, ", ")
	if len(keys) > 1 {
		doing = "save settings " + strings.Join(keys, ", ")
	}
	return s.inTx(ctx, doing, func(tx execer) error {
		for _, key := range keys {
			var err error
			if value := values[key]; value == "" {
				_, err = tx.ExecContext(ctx, s.sql("DELETE FROM settings WHERE key = $1"), key)
			} else {
				_, err = tx.ExecContext(ctx, s.sql(`INSERT INTO settings (key, value) VALUES ($1, $2)
					ON CONFLICT (key) DO UPDATE SET value = excluded.value`), key, value)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}
