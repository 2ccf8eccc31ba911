package clickhouse

import (
	"context"
	"maps"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/calendar"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// TestLayoutsSignature: a change of how any kind's copy reads, buckets or lays out its rows
// changes the signature its settings and tables carry.
func TestLayoutsSignature(t *testing.T) {
	base := layoutsSignature(layouts)
	if len(base) != 8 || base != layoutsSignature(maps.Clone(layouts)) {
		t.Fatalf("signature %q; want 8 hex digits, the same for the same layouts", base)
	}
	for kind, l := range layouts {
		for name, change := range map[string]func(*layout){
			"own":       func(l *layout) { l.own += ", version" },
			"read":      func(l *layout) { l.read += ", 1 AS x" },
			"buckets":   func(l *layout) { l.buckets = "[toUInt32(1)]" },
			"by":        func(l *layout) { l.by = byCustomer + byTime },
			"fromTable": func(l *layout) { l.fromTable += ", toUInt8(1) AS y" },
			"across":    func(l *layout) { l.across = "SELECT id, toUInt8(1) AS y FROM (ROWS)" },
		} {
			if name == "across" && l.by != byTime {
				continue // only a copy by time joins columns worked out across its rows
			}
			other := maps.Clone(layouts)
			c := l
			change(&c)
			other[kind] = c
			if layoutsSignature(other) == base {
				t.Errorf("%s: a change of %s keeps the signature %s", kind, name, base)
			}
		}
	}
}

// TestCopiesOfAnotherLayout: a copy an earlier release made (another signature) is not read,
// even where its setting names a snapshot, and making this release's copy drops it.
func TestCopiesOfAnotherLayout(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	tk := &cx.Ticket{ID: "t1", CreatedAt: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), Channel: "E-mail"}
	if err := db.Insert(ctx, cx.KindTickets, []Change{{tk, 1}}, officeHours(t)); err != nil {
		t.Fatal(err)
	}
	if err := db.SetPosition(ctx, cx.KindTickets, 1); err != nil {
		t.Fatal(err)
	}
	old := db.name + ".tickets_by_time_deadbeef_1"
	if err := db.execSchema(ctx, []string{"CREATE TABLE " + old + " (b UInt32, id String) ENGINE = MergeTree ORDER BY (b, id)"}, "an old copy"); err != nil {
		t.Fatal(err)
	}
	if err := db.SetSetting(ctx, "copied:deadbeef:tickets", "1"); err != nil {
		t.Fatal(err)
	}
	m, err := db.marksOf(ctx, copiedPrefix)
	if err != nil {
		t.Fatal(err)
	}
	if len(m[0]) != 0 {
		t.Errorf("copies read: %v; want none of this release's", m[0])
	}
	if _, err := db.Settle(ctx, cx.KindTickets); err != nil {
		t.Fatal(err)
	}
	var names []string
	rows, err := db.conn.Query(ctx, "SELECT name FROM system.tables WHERE database = ? AND startsWith(name, 'tickets_by_time_')", db.name)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	rows.Close()
	if want := copyTables(cx.KindTickets, 1); !sameJSON(t, names, want) {
		t.Errorf("copies after settling: %v; want only %v", names, want)
	}
	// The earlier release's setting is taken back with its copy: its nodes read the table.
	if m, err := db.marksOf(ctx, "copied:deadbeef:"); err != nil || len(m[0]) != 0 {
		t.Errorf("the earlier release's copies after settling: %v (%v); want none", m, err)
	}
	// And a copy that another release dropped while its setting stands is not read: the
	// report reads the table.
	if err := db.execSchema(ctx, []string{"DROP TABLE " + db.name + "." + copyName(cx.KindTickets, 1)}, "drop the copy"); err != nil {
		t.Fatal(err)
	}
	q := NewQuerier(db, engine.Options{Timezone: time.UTC, Hours: calendar.OfficeHours(time.UTC)})
	from := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	res, err := q.Answer(ctx, engine.Query{From: from, To: from.AddDate(0, 1, 0), Parts: engine.PartTicketCounts})
	if err != nil {
		t.Fatalf("a report after the copy was dropped: %v", err)
	}
	if tk := res.Groups[0].Metrics.Tickets; tk == nil || tk.Created != 1 {
		t.Errorf("tickets after the copy was dropped: %+v; want 1 created", tk)
	}
	// The shipper makes it again when it next settles the table, though nothing was merged.
	if _, err := db.Settle(ctx, cx.KindTickets); err != nil {
		t.Fatal(err)
	}
	if m, err := db.standing(ctx, map[cx.Kind]uint64{cx.KindTickets: 1}); err != nil || m[cx.KindTickets] != 1 {
		t.Errorf("the copy after settling again: %v (%v); want it made again", m, err)
	}
}

// TestSpellingsOfACopy: the names of a dimension read with a copy by time — its spellings up to
// the snapshot and the table's rows since — are as the table gives them, worked out by hand:
// each name once (case and spaces aside), spelled as first shipped, in the order first shipped.
func TestSpellingsOfACopy(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	ticket := func(id, agent, channel string) *cx.Ticket {
		return &cx.Ticket{ID: id, CreatedAt: at, Agent: agent, Channel: channel}
	}
	ship := func(from int64, tks ...*cx.Ticket) {
		t.Helper()
		var changes []Change
		for i, tk := range tks {
			changes = append(changes, Change{tk, from + int64(i)})
		}
		if err := db.Insert(ctx, cx.KindTickets, changes, officeHours(t)); err != nil {
			t.Fatal(err)
		}
		if err := db.SetPosition(ctx, cx.KindTickets, from+int64(len(tks))-1); err != nil {
			t.Fatal(err)
		}
	}
	ship(1, ticket("t1", "Koen Vos", "Mail"), ticket("t2", "anna", "Chat"))
	if _, err := db.Settle(ctx, cx.KindTickets); err != nil {
		t.Fatal(err)
	}
	copied, err := db.standing(ctx, map[cx.Kind]uint64{cx.KindTickets: 2})
	if err != nil || copied[cx.KindTickets] != 2 {
		t.Fatalf("the copy at 2: %v (%v); want it standing", copied, err)
	}
	names := func(d engine.Dim) []string {
		t.Helper()
		_, positions, err := db.shipped(ctx)
		if err != nil {
			t.Fatal(err)
		}
		since := func(kind cx.Kind, snap uint64) bool { return shippedSince(positions, kind, snap) }
		n, err := readNames(ctx, db, d, copied, since, func(name string) *freshSet {
			set := &freshSet{}
			set.ids, set.err = db.readFresh(ctx, name)
			return set
		})
		if err != nil {
			t.Fatal(err)
		}
		return n.shown
	}
	// Nothing shipped since the snapshot: the copy's spellings alone.
	if got, want := names(engine.ByAgent), []string{"", "Koen Vos", "anna"}; !sameJSON(t, got, want) {
		t.Errorf("agents from the copy alone: %q; want %q", got, want)
	}
	// After the snapshot: t1 respelled, a new agent, a spelling of one met before, and a
	// channel met before only in another spelling.
	ship(3, ticket("t1", " koen vos ", "mail"), ticket("t3", "Bea", "Chat"), ticket("t4", "ANNA", "Phone"))
	for _, c := range []struct {
		d    engine.Dim
		want []string
	}{
		{engine.ByAgent, []string{"", "Koen Vos", "anna", "Bea"}},
		{engine.ByChannel, []string{"", "Mail", "Chat", "Phone"}},
	} {
		if got := names(c.d); !sameJSON(t, got, c.want) {
			t.Errorf("%s names with the copy: %q; want %q", c.d, got, c.want)
		}
	}
}

// TestVoicesFromTheCopy: the NPS voices of March 2026 and its weeks, worked out by hand, read
// from the answers' copy by time (each answer's customer's next answer) and, for the customers
// with an answer shipped since its snapshot, grouped by customer as without a copy. The weeks
// begin on Mondays 2, 9, 16, 23 and 30 March.
func TestVoicesFromTheCopy(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	march := func(day, hour int) time.Time { return time.Date(2026, 3, day, hour, 0, 0, 0, time.UTC) }
	nps := func(id, customer string, score int, at time.Time) *cx.Response {
		return &cx.Response{ID: id, Survey: cx.SurveyNPS, Score: score, SubmittedAt: at, CustomerID: customer}
	}
	st := newShipStore(t)
	ship := func(from int64, rs ...cx.Record) {
		t.Helper()
		changes := st.put(t, rs...)
		if changes[0].Seq != from {
			t.Fatalf("the store numbered %s %d; the test counts on %d", cx.String(rs[0]), changes[0].Seq, from)
		}
		if err := db.Insert(ctx, cx.KindResponses, changes, st.derive); err != nil {
			t.Fatal(err)
		}
		if err := db.SetPosition(ctx, cx.KindResponses, from+int64(len(rs))-1); err != nil {
			t.Fatal(err)
		}
	}
	ship(1, nps("a1", "c1", 10, march(2, 9)), nps("a2", "c1", 0, march(10, 9)), nps("a3", "c2", 8, march(3, 9)),
		nps("a4", "", 10, march(4, 9)),
		// Two answers of c3 in one second: the greater id is the latest.
		nps("a5", "c3", 0, march(5, 9)), nps("a6", "c3", 9, march(5, 9)))
	if _, err := db.Settle(ctx, cx.KindResponses); err != nil {
		t.Fatal(err)
	}
	if m, err := db.standing(ctx, map[cx.Kind]uint64{cx.KindResponses: 6}); err != nil || m[cx.KindResponses] != 6 {
		t.Fatalf("the answers' copy at 6: %v (%v); want it standing", m, err)
	}
	q := NewQuerier(db, engine.Options{Timezone: time.UTC, Hours: calendar.OfficeHours(time.UTC)})
	voices := func(t *testing.T, m *metric.Set) [3]int {
		t.Helper()
		if m == nil || m.NPS == nil {
			return [3]int{}
		}
		return [3]int{m.NPS.Promoters, m.NPS.Passives, m.NPS.Detractors}
	}
	check := func(t *testing.T, stage string, month, week1, week2 [3]int) {
		t.Helper()
		res, err := q.Answer(ctx, engine.Query{From: march(1, 0), To: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), Step: engine.StepWeek,
			Parts: engine.PartSurveys})
		if err != nil {
			t.Fatal(err)
		}
		// The weeks from Monday: 23 Feb–2 Mar (cut to March), 2–9 March, 9–16 March, ….
		got := [3][3]int{voices(t, &res.Groups[0].Metrics), voices(t, &res.Buckets[1].Groups[0].Metrics), voices(t, &res.Buckets[2].Groups[0].Metrics)}
		if want := [3][3]int{month, week1, week2}; got != want {
			t.Errorf("%s: voices (promoters, passives, detractors) of March, the week of 2 March and of 9 March %v; want %v", stage, got, want)
		}
	}
	// March: c1's latest is a2 (0), c2's a3 (8), c3's a6 (9), a4 alone (10). The week of 2
	// March: c1's a1 (10; a2 is the next week), a3, a6, a4. The week of 9 March: a2.
	check(t, "from the copy", [3]int{2, 1, 1}, [3]int{3, 1, 0}, [3]int{0, 0, 1})
	// The answers' position passes the snapshot with no answer written (a ticket without
	// answers shipped): the copy is whole, and the plan reads it alone.
	if err := db.SetPosition(ctx, cx.KindResponses, 7); err != nil {
		t.Fatal(err)
	}
	p, err := q.newPlan(ctx, engine.Query{From: march(1, 0), To: march(31, 0), Parts: engine.PartSurveys}, nil)
	if err != nil || p.shippedSince(cx.KindResponses, 6) || !shippedSince(p.positions, cx.KindResponses, 6) {
		t.Fatalf("position 7 past the copy of 6, no answer since: shipped since %v (%v); want the copy read alone", p.shippedSince(cx.KindResponses, 6), err)
	}
	check(t, "position past the copy, no answer since", [3]int{2, 1, 1}, [3]int{3, 1, 0}, [3]int{0, 0, 1})
	// Since the snapshot: c2 answers again later on 3 March (0), and c1's a2 moves to 3 March.
	ship(7, nps("a7", "c2", 0, march(3, 15)), nps("a2", "c1", 0, march(3, 10)))
	check(t, "with answers shipped since", [3]int{2, 0, 2}, [3]int{2, 0, 2}, [3]int{})
}
