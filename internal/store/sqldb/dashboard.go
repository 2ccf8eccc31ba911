package sqldb

import (
	"context"

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
	var err error
	if value == "" {
		_, err = s.exec(ctx, "DELETE FROM settings WHERE key = $1", key)
	} else {
		_, err = s.exec(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	}
	return s.failed(err, "save setting "+key, "")
}
