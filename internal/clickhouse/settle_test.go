package clickhouse

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestSettledReadsAsFinal ships the drawn records of the parity test, settles every table, then
// changes a few records (tickets to another channel, answers deleted and added, a mention
// deleted, a customer's segment changed) and ships them without a merge, and again with one.
// At each stage the querier reads a different form of every table (settledTable: FINAL, the
// settled rows and the fresh ones beside them, the settled rows alone) and must answer as the
// engine does, and each table's rows must be those a FINAL read gives. A position set back
// takes the marks of the tables shipped with it back. Tickets and answers are read from their
// copies by time once settled (copies.go): a figure counted from every bucket of its ticket, a
// ticket missing from a bucket of one of its figures, or a changed answer read from the copy
// too, each fails the queries.
func TestSettledReadsAsFinal(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	ams, opts, e := parityEngine(t)
	st := newShipStore(t)
	q := NewQuerier(db, opts)
	ship := func(recs ...cx.Record) {
		t.Helper()
		e.Apply(recs...)
		byKind := map[cx.Kind][]Change{}
		for _, c := range st.put(t, recs...) {
			byKind[c.Record.RecordKind()] = append(byKind[c.Record.RecordKind()], c)
		}
		last, err := st.LastSeq(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// Tickets, messages and answers in one step, as the shipper has them (their answers
		// derived again when tickets change).
		step := ShipStep{Tickets: byKind[cx.KindTickets], Messages: byKind[cx.KindMessages], Responses: byKind[cx.KindResponses], UpTo: last}
		if err := db.InsertStep(ctx, step, st.derive); err != nil {
			t.Fatal(err)
		}
		for _, kind := range cx.Kinds {
			if changes := byKind[kind]; len(changes) > 0 && !shipsWith(kind, cx.KindTickets) {
				if err := db.Insert(ctx, kind, changes, st.derive); err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, kind := range cx.Kinds {
			if err := db.SetPosition(ctx, kind, last); err != nil {
				t.Fatal(err)
			}
		}
	}
	settle := func(share uint64) map[cx.Kind]Settled {
		t.Helper()
		out := map[cx.Kind]Settled{}
		for _, kind := range TableKinds() {
			s, err := db.settle(ctx, kind, share)
			if err != nil {
				t.Fatal(err)
			}
			out[kind] = s
		}
		return out
	}
	check := func(stage string) {
		t.Helper()
		t.Run(stage, func(t *testing.T) {
			sameAnswers(t, e, q, parityQueries(ams))
			marks, err := db.settledMarks(ctx)
			if err != nil {
				t.Fatal(err)
			}
			_, at, err := db.shipped(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, tb := range tables {
				cols := "id, " + tb.cols[0].name
				name := db.name + "." + string(tb.kind)
				row := "concat(id, ' ', toString(" + tb.cols[0].name + "))"
				got, want := rowsOf(t, db, row, settledTable(name, cols, marks[tb.kind], at[positionOf(tb.kind)])), rowsOf(t, db, row, settledTable(name, cols, 0, 0))
				if !slices.Equal(got, want) {
					t.Errorf("%s: rows %v; want (FINAL) %v", tb.kind, got, want)
				}
			}
		})
	}

	recs := drawRecords(ams)
	ship(recs...)
	check("shipped, no marks")

	first := settle(0)
	last, _ := st.LastSeq(ctx)
	for _, kind := range []cx.Kind{cx.KindTickets, cx.KindResponses, cx.KindMentions, cx.KindCustomers, KindReplies} {
		if s := first[kind]; s.Mark != last || (kind != KindReplies && (!s.Merged || s.Fresh == 0)) {
			t.Errorf("%s settled: %+v; want merged, marked %d", kind, s, last)
		}
	}
	copies := func(stage string, want uint64) {
		t.Helper()
		m, err := db.marksOf(ctx, copiedPrefix)
		if err != nil {
			t.Fatal(err)
		}
		for kind, l := range layouts {
			if l.by != byTime {
				continue // the orders' copy: copies_orders_test.go
			}
			if m[0][kind] != want {
				t.Errorf("%s: the copy of %s is of snapshot %d; want %d", stage, kind, m[0][kind], want)
			}
			// The copy of the snapshot before is kept for the reports reading it, no older one.
			var n uint64
			if err := db.conn.QueryRow(ctx, "SELECT count() FROM system.tables WHERE database = ? AND startsWith(name, ?)",
				db.name, string(kind)+"_by_time_").Scan(&n); err != nil || n > 2*uint64(len(copyTables(kind, want))) {
				t.Errorf("%s: %d tables of copies of %s (%v); want those of 2 at most", stage, n, kind, err)
			}
		}
	}
	copies("settled", uint64(last))
	check("settled")

	// A few changes: each table has fresh rows beside its settled ones.
	var changes []cx.Record
	for _, r := range recs {
		switch v := r.(type) {
		case *cx.Ticket:
			if v.ID < "t12" && v.ID >= "t10" {
				moved := *v
				moved.Channel = "Telefoon"
				changes = append(changes, &moved)
			}
		case *cx.Customer:
			if v.ID == "c1" {
				c := *v
				c.Segment = "Zakelijk"
				changes = append(changes, &c)
			}
		}
	}
	for i := range 3 {
		changes = append(changes, cx.Deletion{Of: cx.KindResponses, ID: fmt.Sprintf("r%03d", i)},
			&cx.Response{ID: fmt.Sprintf("n%d", i), Survey: cx.SurveyNPS, Score: 3 * i, SubmittedAt: time.Date(2026, 3, 10+i, 9, 0, 0, 0, ams),
				TicketID: "t11", CustomerID: "c2"})
	}
	changes = append(changes, cx.Deletion{Of: cx.KindMentions, ID: "m3"})
	ship(changes...)
	second := settle(1) // a merge only when the fresh rows are as many as the table's
	for _, kind := range []cx.Kind{cx.KindTickets, cx.KindResponses, cx.KindMentions, cx.KindCustomers} {
		if s := second[kind]; s.Merged || s.Fresh == 0 || s.Mark != first[kind].Mark {
			t.Errorf("%s after a few changes: %+v; want fresh rows, not merged, the mark as before (%d)", kind, s, first[kind].Mark)
		}
	}
	check("fresh rows beside the settled ones")

	third := settle(0)
	last, _ = st.LastSeq(ctx)
	for _, kind := range []cx.Kind{cx.KindTickets, cx.KindResponses, cx.KindMentions, cx.KindCustomers} {
		if s := third[kind]; !s.Merged || s.Mark != last {
			t.Errorf("%s settled again: %+v; want merged, marked %d", kind, s, last)
		}
	}
	copies("settled again", uint64(last))
	check("settled again")

	// Set back below the marks: the tables shipped with the tickets lose theirs, the others keep them.
	if err := db.SetPosition(ctx, cx.KindMessages, 1); err != nil {
		t.Fatal(err)
	}
	marks, err := db.settledMarks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range TableKinds() {
		_, kept := marks[kind]
		if want := !shipsWith(kind, cx.KindMessages); kept != want {
			t.Errorf("%s: a mark after the messages' position was set back: %v; want %v", kind, kept, want)
		}
	}
	copies("a position set back", 0) // both are shipped with the messages
	check("a position set back")
}

// rowsOf reads the SQL row (a String) of every row of a table's SQL, sorted.
func rowsOf(t *testing.T, db *DB, row, table string) []string {
	t.Helper()
	sql := "SELECT " + row + " FROM " + table
	p := &plan{q: &Querier{db: db}} // the fresh ids a settled table names, as a plan sends them
	ctx, err := p.withFresh(context.Background(), sql)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := db.conn.Query(ctx, sql)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// settledMarks reads the settled mark of every table that has one.
func (db *DB) settledMarks(ctx context.Context) (map[cx.Kind]uint64, error) {
	m, err := db.marksOf(ctx, settledPrefix)
	if err != nil {
		return nil, err
	}
	return m[0], nil
}
