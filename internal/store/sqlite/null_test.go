package sqlite

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store/sqldb"
	"github.com/klantpuls/klantpuls/internal/store/storetest"
)

// TestNullLiterals: a full batch writes the columns that are empty in all its rows as NULL
// literals (nullColumns), and another batch of the same kind with other empty columns, or a
// value in one, gets a statement of its own, up to maxNullVariants: what is read back is what
// was written, row by row.
func TestNullLiterals(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	full := batchRowsOf(mustTable(t, cx.KindResponses))
	n := 6*full + 17 // six full batches and a short one
	// Which optional columns a row fills depends on its batch: none in batch 0, a comment in
	// every row of batch 1, one comment in batch 2, a channel in all of batch 3, comment and
	// channel alternating in batch 4, both in all of batch 5 (a fifth set of empty columns:
	// past maxNullVariants, written by the statement that binds every column), and none in the
	// short last batch.
	comment := func(i int) string {
		switch b, r := i/full, i%full; {
		case b == 1, b == 2 && r == 100, b == 4 && r%2 == 0, b == 5:
			return fmt.Sprintf("c%d", i)
		}
		return ""
	}
	channel := func(i int) string {
		switch b, r := i/full, i%full; {
		case b == 3, b == 4 && r%2 == 1, b == 5:
			return "chat"
		}
		return ""
	}
	storetest.Write(t, s, n, func(i int) cx.Record {
		return &cx.Response{ID: fmt.Sprintf("R%d", i), Survey: "nps", Score: i % 11, SubmittedAt: at,
			CustomerID: fmt.Sprintf("C%d", i%7), Comment: comment(i), Channel: channel(i)}
	}, true)
	rows, err := s.read.QueryContext(ctx, "SELECT id, coalesce(comment, '-'), coalesce(channel, '-'), score, customer_id FROM responses")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	seen := 0
	for rows.Next() {
		var id, gotComment, gotChannel, customer string
		var score int
		if err := rows.Scan(&id, &gotComment, &gotChannel, &score, &customer); err != nil {
			t.Fatal(err)
		}
		var i int
		fmt.Sscanf(id, "R%d", &i)
		wantComment, wantChannel := comment(i), channel(i)
		if wantComment == "" {
			wantComment = "-"
		}
		if wantChannel == "" {
			wantChannel = "-"
		}
		if gotComment != wantComment || gotChannel != wantChannel || score != i%11 || customer != fmt.Sprintf("C%d", i%7) {
			t.Errorf("%s: comment %q channel %q score %d customer %s; want %q %q %d C%d",
				id, gotComment, gotChannel, score, customer, wantComment, wantChannel, i%11, i%7)
		}
		seen++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if seen != n {
		t.Errorf("%d rows read back, want %d", seen, n)
	}
}

func mustTable(t *testing.T, kind cx.Kind) *sqldb.Table {
	t.Helper()
	tb, err := sqldb.TableFor(kind)
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

// TestNullColumns: the columns NULL in every row of a batch, never the key, and the values left
// to bind without them.
func TestNullColumns(t *testing.T) {
	tb := &sqldb.Table{Kind: cx.KindResponses, Columns: []string{"id", "a", "b", "c"}}
	for _, c := range []struct {
		name string
		rows [][]any // the table's columns; seq is added
		want uint64
	}{
		{"all filled", [][]any{{"k1", "x", int64(1), "y"}, {"k2", "x", int64(2), "z"}}, 0},
		{"b empty in all", [][]any{{"k1", "x", nil, "y"}, {"k2", "x", nil, "z"}}, 1 << 2},
		{"b empty in one", [][]any{{"k1", "x", nil, "y"}, {"k2", "x", int64(2), "z"}}, 0},
		{"a and c empty", [][]any{{"k1", nil, int64(1), nil}, {"k2", nil, int64(2), nil}}, 1<<1 | 1<<3},
		{"all but key empty", [][]any{{"k1", nil, nil, nil}}, 1<<1 | 1<<2 | 1<<3},
	} {
		b := sqldb.NewBatch(tb, 4, 1)
		for r, row := range c.rows {
			b.Args = append(b.Args, row...)
			b.Args = append(b.Args, int64(100+r)) // seq
			b.Rows++
		}
		got := nullColumns(b)
		if got != c.want {
			t.Errorf("%s: null columns %b, want %b", c.name, got, c.want)
			continue
		}
		var want []any
		for r, row := range c.rows {
			for i, v := range row {
				if c.want&(1<<i) == 0 {
					want = append(want, v)
				}
			}
			want = append(want, int64(100+r))
		}
		if args := withoutNull(nil, b, got); fmt.Sprint(args) != fmt.Sprint(want) {
			t.Errorf("%s: bound %v, want %v", c.name, args, want)
		}
	}
}
