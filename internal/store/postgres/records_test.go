package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
	"github.com/klantpuls/klantpuls/internal/store/sqlite"
	"github.com/klantpuls/klantpuls/internal/store/storetest"
)

// sameRecords are records of every kind with every field, values at the edges of their types,
// and records without the optional fields, written in two transactions with an update between.
func sameRecords() [][]cx.Record {
	far := time.Date(2999, 12, 31, 23, 59, 59, 0, time.UTC)
	before := time.Date(1969, 7, 20, 20, 17, 40, 0, time.UTC)
	huge, tiny, negative := math.MaxFloat64, math.SmallestNonzeroFloat64, -0.25
	big, small := math.MaxInt32, math.MinInt32
	return [][]cx.Record{
		append(storetest.FullRecords(), storetest.MinimalRecords()...),
		{
			&cx.Ticket{ID: "T1", CreatedAt: far, FirstReplyAt: before, Complaint: false, Reopens: &big,
				AgentReplies: &small, WaitSeconds: &huge, HandleSeconds: &tiny, Transfers: &small,
				Attrs: cx.Attrs{"leeg": "", "regels": "één\ntwee\t\"drie\"", "emoji": "👍"}},
			&cx.Order{ID: "O3", CustomerID: "C1", OrderedAt: before, Amount: negative, GrossMargin: &huge},
			&cx.Response{ID: "R3", Survey: cx.SurveyCES, Score: -7, SubmittedAt: time.Unix(0, 0).UTC()},
			&cx.Review{ReviewID: "V1", Criterion: "  TOON ", ReviewedAt: far, Agent: "Anouk"},
			&cx.Customer{ID: "C3 met spatie", AcquiredAt: before, Name: "Zoë d'Hondt & Zn."},
		},
	}
}

// TestSameRowsAsSQLite writes the same records into both stores and reads them back: both
// schemas must hold the same data the same way, with the same columns.
func TestSameRowsAsSQLite(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "klantpuls.db")
	lite, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	pg, _ := openFresh(t)
	for _, recs := range sameRecords() {
		if l, p := storetest.Put(t, lite, recs...), storetest.Put(t, pg, recs...); l != p {
			t.Errorf("written: SQLite %d, PostgreSQL %d", l, p)
		}
	}
	for _, kind := range cx.Kinds {
		if l, p := storetest.StreamAll(t, lite, kind), storetest.StreamAll(t, pg, kind); !reflect.DeepEqual(l, p) {
			t.Errorf("%s:\nSQLite     %+v\nPostgreSQL %+v", kind, l, p)
		}
		if l, p := changes(t, lite, kind), changes(t, pg, kind); !reflect.DeepEqual(l, p) {
			t.Errorf("changes of %s: SQLite %v, PostgreSQL %v", kind, l, p)
		}
	}
	if l, p := lastSeq(t, lite), lastSeq(t, pg); l != p {
		t.Errorf("last seq: SQLite %d, PostgreSQL %d", l, p)
	}

	// The same columns, in the same order; PostgreSQL's ord stands in for SQLite's rowid.
	db, err := sql.Open("sqlite", path+"?_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, kind := range cx.Kinds {
		var l, p []string
		rows, err := db.QueryContext(ctx, "SELECT name FROM pragma_table_info(?) ORDER BY cid", string(kind))
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var name string
			if err := rows.Scan(&name); err != nil {
				t.Fatal(err)
			}
			l = append(l, name)
		}
		rows.Close()
		pgRows, err := pg.pool.Query(ctx, "SELECT column_name::text FROM information_schema.columns "+
			"WHERE table_schema = current_schema() AND table_name = $1 AND column_name <> 'ord' "+
			"ORDER BY ordinal_position", string(kind))
		if err != nil {
			t.Fatal(err)
		}
		if p, err = pgx.CollectRows(pgRows, pgx.RowTo[string]); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(l, p) || len(l) == 0 {
			t.Errorf("columns of %s: SQLite %v, PostgreSQL %v", kind, l, p)
		}
	}
}

// changes returns the key of every change of kind, in sequence order, and the highest number.
func changes(t *testing.T, s store.Store, kind cx.Kind) []string {
	t.Helper()
	var keys []string
	last, err := s.Changes(context.Background(), kind, 0, func(rec cx.Record) error {
		keys = append(keys, rec.Key())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return append(keys, fmt.Sprint("up to ", last))
}

func lastSeq(t *testing.T, s store.Store) int64 {
	t.Helper()
	seq, err := s.LastSeq(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return seq
}
