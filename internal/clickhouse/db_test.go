package clickhouse

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/calendar"
	"github.com/klantpuls/klantpuls/internal/chtest"
	"github.com/klantpuls/klantpuls/internal/cx"
)

func TestMain(m *testing.M) {
	code := m.Run()
	chtest.Stop()
	os.Exit(code)
}

// open opens a fresh database on the shared test server.
func open(t *testing.T) *DB {
	t.Helper()
	dsn := chtest.Shared(t).NewDatabase(t)
	db, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// openRelayed opens a fresh database on the shared test server through a relay, which the
// test closes as a stopped ClickHouse closes its port.
func openRelayed(t *testing.T) (*DB, *chtest.Relay) {
	t.Helper()
	dsn, relay := chtest.Shared(t).NewRelayedDatabase(t)
	db, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, relay
}

func officeHours(t *testing.T) *Derive {
	t.Helper()
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	cal, err := calendar.New(calendar.OfficeHours(ams))
	if err != nil {
		t.Fatal(err)
	}
	return &Derive{Calendar: func(string) *calendar.Calendar { return cal }}
}

func TestOpenTwiceKeepsTheRows(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	d := officeHours(t)
	if err := db.Insert(ctx, cx.KindEvents, []Change{{&cx.Event{ID: "e1", CustomerID: "c1", Kind: "login", At: time.Unix(1.7e9, 0)}, 3}}, d); err != nil {
		t.Fatal(err)
	}
	again, err := Open(ctx, "clickhouse://"+db.addr+"/"+db.name)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if n, err := again.Count(ctx, cx.KindEvents, Final); err != nil || n != 1 {
		t.Fatalf("count after a second Open = %d, %v; want 1", n, err)
	}
}

// TestReplacing pins what the shipper relies on, on the server the tests run (18.16 here):
// per id the row of the highest version wins, whether the rows are merged yet or not, read
// with FINAL or with argMax; a deletion is a row of a higher version.
func TestReplacing(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	d := officeHours(t)
	at := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	msg := func(id, author string) *cx.Message {
		return &cx.Message{ID: id, TicketID: "t1", At: at, Author: author}
	}
	// Three inserts are three parts: nothing is merged yet.
	steps := [][]Change{
		{{msg("m1", "customer"), 1}, {msg("m2", "customer"), 2}, {msg("m3", "agent"), 3}},
		{{msg("m1", "agent"), 4}, {cx.Deletion{Of: cx.KindMessages, ID: "m2"}, 5}},
		{{msg("m1", "agent"), 4}, {msg("m3", "agent"), 3}}, // shipped again: no new rows
	}
	for _, s := range steps {
		if err := db.Insert(ctx, cx.KindMessages, s, d); err != nil {
			t.Fatal(err)
		}
	}
	check := func(when string) {
		t.Helper()
		for _, how := range []Dedup{Final, ArgMax} {
			if n, err := db.Count(ctx, cx.KindMessages, how); err != nil || n != 2 {
				t.Errorf("%s, dedup %d: count = %d, %v; want 2 (m1 and m3; m2 deleted)", when, how, n, err)
			}
		}
		var author string
		q := "SELECT author FROM " + db.name + ".messages FINAL WHERE id = 'm1'"
		if err := db.conn.QueryRow(ctx, q).Scan(&author); err != nil || author != "agent" {
			t.Errorf("%s: m1's author = %q, %v; want the version 4 row's agent", when, author, err)
		}
		q = "SELECT argMax(author, version) FROM " + db.name + ".messages WHERE id = 'm1'"
		if err := db.conn.QueryRow(ctx, q).Scan(&author); err != nil || author != "agent" {
			t.Errorf("%s: argMax m1's author = %q, %v", when, author, err)
		}
	}
	check("before a merge")
	if err := db.conn.Exec(ctx, "OPTIMIZE TABLE "+db.name+".messages FINAL"); err != nil {
		t.Fatal(err)
	}
	check("after a merge")
	var rows uint64
	if err := db.conn.QueryRow(ctx, "SELECT count() FROM "+db.name+".messages").Scan(&rows); err != nil || rows != 3 {
		t.Errorf("rows after the merge = %d, %v; want 3 (m1, m3 and m2's deletion)", rows, err)
	}
}

// TestTicketRow reads back what a ticket ships as, the business seconds worked out by hand.
func TestTicketRow(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	created := time.Date(2026, 11, 30, 16, 0, 0, 0, ams) // a Monday, an hour before closing
	three := 3
	tk := &cx.Ticket{ID: "t1", CreatedAt: created, Team: "Support", Channel: "email", Complaint: true,
		FirstReplyAt: time.Date(2026, 12, 1, 10, 0, 0, 0, ams), // Tuesday 10:00: 1 h + 1 h
		SolvedAt:     time.Date(2026, 12, 4, 9, 30, 0, 0, ams), // Friday 09:30: 1 + 8 + 8 + 8 h + 30 min
		Reopens:      &three}
	bad := &cx.Ticket{ID: "t2", CreatedAt: created, SolvedAt: created.Add(-time.Hour)} // solved before created
	if err := db.Insert(ctx, cx.KindTickets, []Change{{tk, 7}, {bad, 8}}, officeHours(t)); err != nil {
		t.Fatal(err)
	}
	var (
		createdAt, firstSolved time.Time
		complaint              uint8
		reopens, replies       *int32
		frBiz, fsBiz, sBiz     *uint32
		version                uint64
	)
	q := "SELECT created_at, first_solved_at, complaint, reopens, agent_replies, first_reply_biz, first_solved_biz, solved_biz, version FROM " +
		db.name + ".tickets FINAL WHERE id = 't1'"
	if err := db.conn.QueryRow(ctx, q).Scan(&createdAt, &firstSolved, &complaint, &reopens, &replies, &frBiz, &fsBiz, &sBiz, &version); err != nil {
		t.Fatal(err)
	}
	if !createdAt.Equal(created) || firstSolved.Unix() != 0 || complaint != 1 || version != 7 {
		t.Errorf("created %v, first solved %v, complaint %d, version %d", createdAt, firstSolved, complaint, version)
	}
	if reopens == nil || *reopens != 3 || replies != nil {
		t.Errorf("reopens %v, agent replies %v; want 3 and absent", reopens, replies)
	}
	want := uint32((1+8+8+8)*3600 + 1800)
	if frBiz == nil || *frBiz != 7200 || sBiz == nil || *sBiz != want || fsBiz == nil || *fsBiz != want {
		t.Errorf("business seconds: first reply %v, first solved %v, solved %v; want 7200, %d, %d", frBiz, fsBiz, sBiz, want, want)
	}
	q = "SELECT solved_biz FROM " + db.name + ".tickets FINAL WHERE id = 't2'"
	if err := db.conn.QueryRow(ctx, q).Scan(&sBiz); err != nil || sBiz != nil {
		t.Errorf("a ticket solved before it was created: solved_biz %v, %v; want absent", sBiz, err)
	}
}

func TestPosition(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	if p, err := db.Position(ctx, cx.KindOrders); err != nil || p != 0 {
		t.Fatalf("position of nothing shipped = %d, %v", p, err)
	}
	for _, seq := range []int64{50, 120, 80} { // the last written counts, also when lower
		if err := db.SetPosition(ctx, cx.KindOrders, seq); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SetPosition(ctx, cx.KindEvents, 9); err != nil {
		t.Fatal(err)
	}
	if p, err := db.Position(ctx, cx.KindOrders); err != nil || p != 80 {
		t.Fatalf("position = %d, %v; want 80", p, err)
	}
	if p, err := db.Position(ctx, cx.KindEvents); err != nil || p != 9 {
		t.Fatalf("events' position = %d, %v; want 9", p, err)
	}
}

func TestInsertRefusesAnotherKind(t *testing.T) {
	db := open(t)
	err := db.Insert(context.Background(), cx.KindOrders, []Change{{&cx.Event{ID: "e"}, 1}}, officeHours(t))
	if err == nil {
		t.Fatal("an event was inserted among orders")
	}
}

func TestSettingsAndRebuild(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	if v, err := db.Setting(ctx, "business_hours"); err != nil || v != "" {
		t.Fatalf("a setting never written = %q, %v", v, err)
	}
	for _, v := range []string{"a", "b"} {
		if err := db.SetSetting(ctx, "business_hours", v); err != nil {
			t.Fatal(err)
		}
	}
	if v, err := db.Setting(ctx, "business_hours"); err != nil || v != "b" {
		t.Fatalf("setting = %q, %v; want the last written, b", v, err)
	}
	d := officeHours(t)
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	if err := db.Insert(ctx, cx.KindTickets, []Change{{&cx.Ticket{ID: "t1", CreatedAt: at}, 4}}, d); err != nil {
		t.Fatal(err)
	}
	if err := db.Insert(ctx, cx.KindOrders, []Change{{&cx.Order{ID: "o1", OrderedAt: at, Amount: 10}, 5}}, d); err != nil {
		t.Fatal(err)
	}
	for kind, seq := range map[cx.Kind]int64{cx.KindTickets: 4, cx.KindOrders: 5} {
		if err := db.SetPosition(ctx, kind, seq); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Rebuild(ctx, cx.KindTickets); err != nil {
		t.Fatal(err)
	}
	tickets, _ := db.Count(ctx, cx.KindTickets, Final)
	orders, _ := db.Count(ctx, cx.KindOrders, Final)
	tp, _ := db.Position(ctx, cx.KindTickets)
	op, _ := db.Position(ctx, cx.KindOrders)
	if tickets != 0 || tp != 0 || orders != 1 || op != 5 {
		t.Errorf("after rebuilding tickets: %d tickets at position %d, %d orders at %d; want 0 at 0, 1 at 5", tickets, tp, orders, op)
	}
}
