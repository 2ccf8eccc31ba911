package sqldb

import (
	"context"
	"fmt"
	"slices"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// RecordsSeq calls fn with each stored record of kind whose column col holds one of values,
// with its change number (store.SeqRecords). col is the key "id" or a column the table has; by
// the key, a value with no record but a tombstone is handed as a cx.Deletion with the number of
// its deletion, and a value never stored is left out. The lookups go by the table's index on
// col (the key, responses.ticket_id), so they cost what they find, not the table's size.
func (s *Store) RecordsSeq(ctx context.Context, kind cx.Kind, col string, values []string, fn func(cx.Record, int64) error) error {
	t, err := TableFor(kind)
	if err != nil {
		return err
	}
	if !slices.Contains(t.Columns, col) {
		return fmt.Errorf("store: %s has no column %q to look records up by", kind, col)
	}
	byKey := col == t.Columns[0]
	found := map[string]bool{}
	for chunk := range slices.Chunk(values, idsPerRead) {
		var args params
		query := s.sql("SELECT seq, " + t.Read + " FROM " + string(t.Kind) + " WHERE " + col + " IN (" + args.in(chunk) + ")")
		var seq int64
		err := s.records(ctx, nil, t, string(kind)+" by "+col, query, args, func(rec cx.Record) error {
			if byKey {
				found[rec.Key()] = true
			}
			return fn(rec, seq)
		}, &seq)
		if err != nil {
			return err
		}
	}
	if !byKey {
		return nil
	}
	var gone []string
	for _, v := range values {
		if !found[v] {
			gone = append(gone, v)
		}
	}
	for chunk := range slices.Chunk(gone, idsPerRead) {
		args := params{string(kind)}
		ts, err := s.tombstonesWhere(ctx, kind, "id IN ("+args.in(chunk)+")", args...)
		if err != nil {
			return err
		}
		for _, d := range ts {
			if err := fn(cx.Deletion{Of: kind, ID: d.key}, d.seq); err != nil {
				return err
			}
		}
	}
	return nil
}
