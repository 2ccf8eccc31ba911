package app

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/chtest"
	"github.com/klantpuls/klantpuls/internal/clickhouse"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/demo"
	"github.com/klantpuls/klantpuls/internal/store/postgres/postgrestest"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// shipSize is the demo year at a fortieth of its people and a thirtieth of its tickets: every
// kind, several batches of the larger ones at shipTestBatch, seconds to write and ship.
var shipSize = demo.Size{Customers: 1000, Orders: 1500, Tickets: 1500, Responses: 600, Mentions: 60, Reviews: 90, Events: 800}

const shipTestBatch = 700

// openShip opens an App on a new SQLite file holding the (small) demo year, and a ClickHouse
// database of its own on the test server.
func openShip(t *testing.T) (*App, *clickhouse.DB, *Shipper) {
	t.Helper()
	return openShipOn(t, filepath.Join(t.TempDir(), "k.db"))
}

// openShipOn is openShip on the database dsn (a SQLite file or a PostgreSQL database).
func openShipOn(t *testing.T, dsn string) (*App, *clickhouse.DB, *Shipper) {
	t.Helper()
	ctx := context.Background()
	cfg, err := config.Parse(nil, "klantpuls.toml")
	if err != nil {
		t.Fatal(err)
	}
	a, err := Open(ctx, sqlitetest.FreshUnlessThere(t, dsn), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	_, err = a.Bulk(ctx, func(put func(cx.Record) error) error {
		return demo.Generate(demo.Options{Seed: 3, Size: shipSize, Location: ams, Days: 365}, func(_ cx.Kind, batch []cx.Record) error {
			for _, r := range batch {
				if err := put(r); err != nil {
					return err
				}
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	db, s := openShipper(t, a, chtest.Shared(t).NewDatabase(t))
	s.Batch = shipTestBatch
	return a, db, s
}

// openShipper opens the ClickHouse database of dsn and a's shipper into it, both closed when
// the test ends.
func openShipper(t *testing.T, a *App, dsn string) (*clickhouse.DB, *Shipper) {
	t.Helper()
	db, err := clickhouse.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s, err := a.NewShipper(db)
	if err != nil {
		t.Fatal(err)
	}
	return db, s
}

// sameCounts checks that ClickHouse holds, per kind, as many records as the store, read both
// ways a ReplacingMergeTree is read (FINAL and argMax), and returns the store's counts.
func sameCounts(t *testing.T, a *App, db *clickhouse.DB) map[cx.Kind]int {
	t.Helper()
	ctx := context.Background()
	want := map[cx.Kind]int{}
	for _, kind := range cx.Kinds {
		n, err := a.store.Count(ctx, kind)
		if err != nil {
			t.Fatal(err)
		}
		want[kind] = n
		for _, how := range []clickhouse.Dedup{clickhouse.Final, clickhouse.ArgMax} {
			got, err := db.Count(ctx, kind, how)
			if err != nil || got != n {
				t.Errorf("%s (dedup %d): ClickHouse holds %d, %v; the store %d", kind, how, got, err, n)
			}
		}
	}
	return want
}

func mustShip(t *testing.T, s *Shipper) Shipped {
	t.Helper()
	got, err := s.Ship(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestShipDemoYear(t *testing.T) {
	t.Run("SQLite", func(t *testing.T) { testShipDemoYear(t, filepath.Join(t.TempDir(), "k.db")) })
	t.Run("PostgreSQL", func(t *testing.T) { testShipDemoYear(t, postgrestest.Fresh(t)) })
}

func testShipDemoYear(t *testing.T, dsn string) {
	a, db, s := openShipOn(t, dsn)
	first := mustShip(t, s)
	counts := sameCounts(t, a, db)
	for _, kind := range cx.Kinds {
		if counts[kind] == 0 || first[kind] != counts[kind] {
			t.Errorf("%s: shipped %d changes of %d records", kind, first[kind], counts[kind])
		}
	}
	if counts[cx.KindTickets] <= shipTestBatch {
		t.Fatalf("only %d tickets: the test does not ship several batches", counts[cx.KindTickets])
	}
	if again := mustShip(t, s); again.Total() != 0 {
		t.Errorf("a second pass shipped %v; want nothing", again)
	}
	sameCounts(t, a, db)
}

// TestShipAfterACrash ships everything, then rewinds the positions as a crash between the
// inserts and the position writes leaves them: the second pass ships every change again, and
// no count changes.
func TestShipAfterACrash(t *testing.T) {
	a, db, s := openShip(t)
	ctx := context.Background()
	first := mustShip(t, s)
	for _, kind := range cx.Kinds {
		if err := db.SetPosition(ctx, kind, 0); err != nil {
			t.Fatal(err)
		}
	}
	if again := mustShip(t, s); again.Total() != first.Total() {
		t.Errorf("after the rewind %d changes were shipped again; want all %d", again.Total(), first.Total())
	}
	sameCounts(t, a, db)
}

// TestShipChanges: an update replaces the record's row, a deletion and an erasure's purge
// remove records, an erasure without purge keeps them, a record stored again after its
// deletion is back.
func TestShipChanges(t *testing.T) {
	a, db, s := openShip(t)
	ctx := context.Background()
	mustShip(t, s)
	ticket, customer := firstKey(t, a, cx.KindTickets), firstKey(t, a, cx.KindCustomers)
	rec, err := a.store.(interface {
		Record(context.Context, cx.Kind, string) (cx.Record, error)
	}).Record(ctx, cx.KindTickets, ticket)
	if err != nil {
		t.Fatal(err)
	}
	tk := *rec.(*cx.Ticket)
	tk.Team = "Escalaties"
	if _, err := a.Write(ctx, []cx.Record{&tk}, nil); err != nil {
		t.Fatal(err)
	}
	if err := a.Delete(ctx, cx.KindTickets, ticket); err != nil {
		t.Fatal(err)
	}
	res, err := a.Erase(ctx, customer, true)
	if err != nil || res.Deleted == 0 {
		t.Fatalf("erase %q: %+v, %v", customer, res, err)
	}
	// An erasure without purge stores the customer's records again without their text and
	// under a pseudonym: they ship as new versions of the same rows, and the customer's row as
	// a deletion of the old id and a row of the pseudonym.
	kept := secondKey(t, a, cx.KindCustomers)
	res, err = a.Erase(ctx, kept, false)
	if err != nil || res.Erased == 0 {
		t.Fatalf("erase %q without purge: %+v, %v", kept, res, err)
	}
	shipped := mustShip(t, s)
	if n, m := live(t, db, cx.KindCustomers, kept), live(t, db, cx.KindCustomers, res.Pseudonym); n != 0 || m != 1 {
		t.Errorf("the customer erased without purge is in ClickHouse %d times by id, %d by pseudonym; want 0 and 1", n, m)
	}
	if shipped[cx.KindTickets] == 0 || shipped[cx.KindCustomers] < 2 {
		t.Errorf("shipped %v; want the ticket's and the customer's changes", shipped)
	}
	sameCounts(t, a, db)
	if n := live(t, db, cx.KindTickets, ticket); n != 0 {
		t.Errorf("the deleted ticket is in ClickHouse %d times", n)
	}
	if n := live(t, db, cx.KindCustomers, customer); n != 0 {
		t.Errorf("the erased customer is in ClickHouse %d times", n)
	}
	tk.Team = "Terug"
	if _, err := a.Write(ctx, []cx.Record{&tk}, nil); err != nil {
		t.Fatal(err)
	}
	mustShip(t, s)
	sameCounts(t, a, db)
	var team string
	q := "SELECT team FROM " + db.Name() + ".tickets FINAL WHERE id = ? AND deleted = 0"
	if err := db.Conn().QueryRow(ctx, q, ticket).Scan(&team); err != nil || team != "Terug" {
		t.Errorf("the ticket stored again: team %q, %v; want Terug", team, err)
	}
}

// firstKey is the key of the first stored record of kind.
func firstKey(t *testing.T, a *App, kind cx.Kind) string {
	t.Helper()
	var key string
	err := a.store.Stream(context.Background(), kind, func(r cx.Record) error {
		if key == "" {
			key = r.Key()
		}
		return nil
	})
	if err != nil || key == "" {
		t.Fatalf("no %s stored: %v", kind, err)
	}
	return key
}

// secondKey is the key of the second stored record of kind.
func secondKey(t *testing.T, a *App, kind cx.Kind) string {
	t.Helper()
	var keys []string
	err := a.store.Stream(context.Background(), kind, func(r cx.Record) error {
		keys = append(keys, r.Key())
		return nil
	})
	if err != nil || len(keys) < 2 {
		t.Fatalf("fewer than two %s stored: %v", kind, err)
	}
	return keys[1]
}

// live counts the rows of id in kind's table that are not deleted, one per id (FINAL).
func live(t *testing.T, db *clickhouse.DB, kind cx.Kind, id string) int {
	t.Helper()
	var n uint64
	q := "SELECT count() FROM " + db.Name() + "." + string(kind) + " FINAL WHERE id = ? AND deleted = 0"
	if err := db.Conn().QueryRow(context.Background(), q, id).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return int(n)
}

// TestShipAfterTheHoursChanged: tickets carry business seconds computed with the hours they
// were shipped under; a shipper under other hours ships every ticket again, with its seconds
// worked out anew, and nothing else.
func TestShipAfterTheHoursChanged(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dsn := filepath.Join(dir, "k.db")
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	tk := &cx.Ticket{ID: "T-uren", CreatedAt: time.Date(2026, 3, 2, 16, 0, 0, 0, ams), // a Monday
		FirstReplyAt: time.Date(2026, 3, 3, 10, 0, 0, 0, ams)}
	chDSN := chtest.Shared(t).NewDatabase(t)
	ship := func(file string) (*App, *clickhouse.DB, Shipped) {
		var cfg *config.Config
		var err error
		if cfg, err = config.Parse([]byte(file), "klantpuls.toml"); err != nil {
			t.Fatal(err)
		}
		a, err := Open(ctx, dsn, cfg)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { a.Close() })
		db, s := openShipper(t, a, chDSN)
		return a, db, mustShip(t, s)
	}
	a, _, _ := ship("")
	// The reply-time sample of its messages is measured with the hours too (the replies table).
	question := &cx.Message{ID: "M-vraag", TicketID: tk.ID, At: tk.CreatedAt, Author: cx.AuthorCustomer}
	answer := &cx.Message{ID: "M-antwoord", TicketID: tk.ID, At: tk.FirstReplyAt, Author: cx.AuthorAgent}
	if _, err := a.Write(ctx, []cx.Record{tk, &cx.Customer{ID: "C1", AcquiredAt: tk.CreatedAt}, question, answer}, nil); err != nil {
		t.Fatal(err)
	}
	a.Close()
	_, db, first := ship("") // office hours, 09:00-17:00: 1 h on Monday, 1 h on Tuesday
	if got := firstReplyBiz(t, db, tk.ID); got != 7200 {
		t.Errorf("under office hours the first reply took %d business seconds; want 7200", got)
	}
	if got := replyBiz(t, db, answer.ID); got != 7200 {
		t.Errorf("under office hours the reply took %d business seconds; want 7200", got)
	}
	if first[cx.KindTickets] != 1 {
		t.Errorf("first pass shipped %v", first)
	}
	week := "[hours.default]\nmon = [\"08:00-18:00\"]\ntue = [\"08:00-18:00\"]\nwed = [\"08:00-18:00\"]\nthu = [\"08:00-18:00\"]\nfri = [\"08:00-18:00\"]\n"
	_, db, again := ship(week) // 08:00-18:00: 2 h on Monday, 2 h on Tuesday
	if again[cx.KindTickets] != 1 || again[cx.KindCustomers] != 0 {
		t.Errorf("under other hours the pass shipped %v; want the ticket again and nothing else", again)
	}
	if got := firstReplyBiz(t, db, tk.ID); got != 14400 {
		t.Errorf("under 08:00-18:00 the first reply took %d business seconds; want 14400", got)
	}
	if got := replyBiz(t, db, answer.ID); got != 14400 {
		t.Errorf("under 08:00-18:00 the reply took %d business seconds; want 14400", got)
	}
	if again[cx.KindMessages] != 0 {
		t.Errorf("under other hours the pass shipped %d messages; want none (the ticket's derivation reads them in ClickHouse)", again[cx.KindMessages])
	}
	if _, _, same := ship(week); same.Total() != 0 {
		t.Errorf("under the same hours again the pass shipped %v; want nothing", same)
	}
}

func firstReplyBiz(t *testing.T, db *clickhouse.DB, id string) uint32 {
	t.Helper()
	var secs *uint32
	q := "SELECT first_reply_biz FROM " + db.Name() + ".tickets FINAL WHERE id = ? AND deleted = 0"
	if err := db.Conn().QueryRow(context.Background(), q, id).Scan(&secs); err != nil || secs == nil {
		t.Fatalf("first_reply_biz of %s: %v, %v", id, secs, err)
	}
	return *secs
}

func replyBiz(t *testing.T, db *clickhouse.DB, message string) uint32 {
	t.Helper()
	var secs uint32
	q := "SELECT biz_seconds FROM " + db.Name() + ".replies FINAL WHERE id = ? AND deleted = 0"
	if err := db.Conn().QueryRow(context.Background(), q, message).Scan(&secs); err != nil {
		t.Fatalf("biz_seconds of %s: %v", message, err)
	}
	return secs
}
