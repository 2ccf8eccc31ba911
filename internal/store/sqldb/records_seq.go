package sqldb

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// seqChunk is how many values one lookup binds: below SQLite's and PostgreSQL's limits on
// parameters, large enough that a step of the ClickHouse shipper takes few round trips.
const seqChunk = 500

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
	for chunk := range slices.Chunk(values, seqChunk) {
		args := make([]any, len(chunk))
		marks := make([]string, len(chunk))
		for i, v := range chunk {
			args[i], marks[i] = v, fmt.Sprintf("$%d", i+1)
		}
		query := s.sql("SELECT seq, " + t.List + " FROM " + string(t.Kind) + " WHERE " + col + " IN (" + strings.Join(marks, ", ") + ")")
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
	for chunk := range slices.Chunk(gone, seqChunk) {
		args := []any{string(kind)}
		marks := make([]string, len(chunk))
		for i, v := range chunk {
			args, marks[i] = append(args, v), fmt.Sprintf("$%d", i+2)
		}
		rows, err := s.db.QueryContext(ctx, s.sql("SELECT id, seq FROM tombstones WHERE kind = $1 AND id IN ("+strings.Join(marks, ", ")+")"), args...)
		if err != nil {
			return fmt.Errorf("store: unable to read the deletions of %s: %w", kind, err)
		}
		var ts []tombstone
		for rows.Next() {
			var d tombstone
			if err := rows.Scan(&d.key, &d.seq); err != nil {
				rows.Close()
				return fmt.Errorf("store: unable to read the deletions of %s: %w", kind, err)
			}
			ts = append(ts, d)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return fmt.Errorf("store: unable to read the deletions of %s: %w", kind, err)
		}
		for _, d := range ts {
			if err := fn(cx.Deletion{Of: kind, ID: d.key}, d.seq); err != nil {
				return err
			}
		}
	}
	return nil
}
