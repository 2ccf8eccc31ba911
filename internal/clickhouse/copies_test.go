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
	if want := copyName(cx.KindTickets, 1); len(names) != 1 || names[0] != want {
		t.Errorf("copies after settling: %v; want only %s", names, want)
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
