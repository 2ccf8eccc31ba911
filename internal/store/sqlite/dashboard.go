package sqlite

import (
	"context"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Record reads one record of kind by its key.
func (s *Store) Record(ctx context.Context, kind cx.Kind, key string) (cx.Record, error) {
	var found cx.Record
	err := s.selectWhere(ctx, kind, "id = ?", []any{key}, func(r cx.Record) error {
		found = r
		return nil
	})
	if err != nil {
		return nil, err
	}
	if found == nil {
		return nil, cx.Errorf(cx.ENOTFOUND, "no %s %q", strings.TrimSuffix(string(kind), "s"), key)
	}
	return found, nil
}
