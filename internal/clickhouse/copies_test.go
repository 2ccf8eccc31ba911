package clickhouse

import (
	"context"
	"maps"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/calendar"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
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
			"own":     func(l *layout) { l.own += ", version" },
			"read":    func(l *layout) { l.read += ", 1 AS x" },
			"buckets": func(l *layout) { l.buckets = "[toUInt32(1)]" },
			"by":      func(l *layout) { l.by = byCustomer + byTime },
		} {
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
		n, err := readNames(ctx, db, d, copied, positions)
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
