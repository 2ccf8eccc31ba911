package app

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/chtest"
	"github.com/klantpuls/klantpuls/internal/clickhouse"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
)

// mustWrite writes recs in one transaction.
func mustWrite(t *testing.T, a *App, recs ...cx.Record) {
	t.Helper()
	if _, err := a.Write(context.Background(), recs, nil); err != nil {
		t.Fatal(err)
	}
}

// TestShipperRebuildsClickHouseOfARestoredStore: the store is the system of record and ClickHouse is derived
// (README: "ClickHouse is derived ... it needs no backup"). After `klantpuls restore` of an
// older backup the store's change sequence goes back below ClickHouse's positions: what the
// backup lacks must leave ClickHouse, and what is written after the restore must reach it.
func TestShipperRebuildsClickHouseOfARestoredStore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path, backup := filepath.Join(dir, "k.db"), filepath.Join(dir, "backup.db")
	chDSN := chtest.Shared(t).NewDatabase(t)
	ams := time.FixedZone("CET", 3600)
	tk := func(id, channel string) *cx.Ticket {
		return &cx.Ticket{ID: id, CreatedAt: time.Date(2026, 3, 2, 10, 0, 0, 0, ams), Channel: channel, Team: "Support"}
	}

	a := openEraseAt(t, path)
	mustWrite(t, a, tk("T1", "email"), tk("T2", "email"))
	db, s := openShipper(t, a, chDSN)
	mustShip(t, s)
	if err := Backup(ctx, path, backup, CommandLine(cx.AuditBackup, backup)); err != nil {
		t.Fatal(err)
	}
	// After the backup: two tickets by chat, shipped.
	mustWrite(t, a, tk("T3", "chat"), tk("T4", "chat"))
	mustShip(t, s)
	a.Close() // a restore refuses a database a process holds open

	if _, err := Restore(ctx, path, backup, cx.AuditEntry{Action: cx.AuditRestore, Subject: "test"}); err != nil {
		t.Fatal(err)
	}
	b := openEraseAt(t, path)
	// After the restore: one ticket by phone.
	mustWrite(t, b, tk("T5", "phone"))
	q := engine.Query{From: time.Date(2026, 3, 1, 0, 0, 0, 0, b.Config.Timezone), To: time.Date(2026, 4, 1, 0, 0, 0, 0, b.Config.Timezone),
		By: engine.ByChannel, Parts: engine.PartTicketCounts}
	// Until the shipper has rebuilt ClickHouse, no report trusts it.
	if _, err := b.ClickHouseQuerier(db).Answer(ctx, q); cx.ErrorCode(err) != cx.EUNAVAILABLE || !strings.Contains(err.Error(), "another database") {
		t.Errorf("a report from ClickHouse before the rebuild: %v; want it refused (unavailable: another database's changes)", err)
	}
	_, s2 := openShipper(t, b, chDSN)
	if _, err := s2.Ship(ctx); err != nil {
		t.Errorf("ship after the restore: %v", err)
	}
	for _, id := range []string{"T1", "T2", "T5"} {
		if n := live(t, db, cx.KindTickets, id); n != 1 {
			t.Errorf("ticket %s (in the restored store) is in ClickHouse %d times; want 1", id, n)
		}
	}
	for _, id := range []string{"T3", "T4"} {
		if n := live(t, db, cx.KindTickets, id); n != 0 {
			t.Errorf("ticket %s (not in the restored store) is in ClickHouse %d times; want 0", id, n)
		}
	}
	// And the report from ClickHouse equals the in-memory engine's.
	mem, err := b.EngineFor(ctx, "a test")
	if err != nil {
		t.Fatal(err)
	}
	sameAnswers(t, mem, b.ClickHouseQuerier(db), map[string]engine.Query{"March by channel": q})
}

// chHolding lists the tables of db (copies included) and their String columns that hold the
// value v in any row (also rows an unmerged or unsettled table still keeps).
func chHolding(t *testing.T, db *clickhouse.DB, v string) []string {
	t.Helper()
	ctx := context.Background()
	rows, err := db.Conn().Query(ctx, "SELECT table, name FROM system.columns WHERE database = ? AND type = 'String' ORDER BY table, name", db.Name())
	if err != nil {
		t.Fatal(err)
	}
	var cols [][2]string
	for rows.Next() {
		var tb, c string
		if err := rows.Scan(&tb, &c); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, [2]string{tb, c})
	}
	rows.Close()
	var out []string
	for _, c := range cols {
		var n uint64
		q := "SELECT count() FROM " + db.Name() + "." + c[0] + " WHERE " + c[1] + " = ?"
		if err := db.Conn().QueryRow(ctx, q, v).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if n > 0 {
			out = append(out, c[0]+"."+c[1])
		}
	}
	return out
}

// TestErasureLeavesNoTraceInClickHouse: an erasure replaces the customer's id — their e-mail address with the
// Shopify and WooCommerce presets — by a pseudonym "in every record" (README, erase), and "No
// free text (... e-mail addresses) leaves the store" for ClickHouse (README, What is shipped).
// After the erasure is shipped, no table ClickHouse holds for reports — a copy by time, by
// customer or by key included — may still hold the address; and the figures stay the engine's.
func TestErasureLeavesNoTraceInClickHouse(t *testing.T) {
	ctx := context.Background()
	a := openEraseAt(t, filepath.Join(t.TempDir(), "k.db"))
	ams := a.Config.Timezone
	const anna = "anna@example.nl"
	at := func(m, d int) time.Time { return time.Date(2026, time.Month(m), d, 10, 0, 0, 0, ams) }
	var recs []cx.Record
	recs = append(recs, &cx.Customer{ID: anna, AcquiredAt: at(1, 5), Segment: "Zakelijk"},
		&cx.Customer{ID: "C2", AcquiredAt: at(1, 6), Segment: "Particulier"})
	for i, c := range []string{anna, "C2", anna, "C2"} {
		id := string(rune('a' + i))
		recs = append(recs,
			&cx.Order{ID: "O" + id, CustomerID: c, OrderedAt: at(2+i, 3), Amount: 40 + float64(i)},
			&cx.Ticket{ID: "T" + id, CustomerID: c, CreatedAt: at(2+i, 4), SolvedAt: at(2+i, 5), Channel: "email", Team: "Support", Agent: "Sanne"},
			&cx.Response{ID: "R" + id, Survey: cx.SurveyNPS, Score: 9 - i, SubmittedAt: at(2+i, 6), TicketID: "T" + id},
			&cx.Response{ID: "S" + id, Survey: cx.SurveyCSAT, Score: 4, SubmittedAt: at(2+i, 6), CustomerID: c})
	}
	// Other customers' records, so that one erasure is a small share of the tables (as on a
	// live installation: no merge is due after it).
	for i := range 300 {
		id := fmt.Sprintf("x%d", i)
		recs = append(recs, &cx.Order{ID: "O" + id, CustomerID: "C2", OrderedAt: at(2+i%4, 7), Amount: 10},
			&cx.Ticket{ID: "T" + id, CustomerID: "C2", CreatedAt: at(2+i%4, 8), Channel: "chat", Team: "Support"},
			&cx.Response{ID: "R" + id, Survey: cx.SurveyCSAT, Score: 1 + i%5, SubmittedAt: at(2+i%4, 9), CustomerID: "C2"},
			&cx.Customer{ID: "C" + id, AcquiredAt: at(1, 9), Segment: "Particulier"})
	}
	mustWrite(t, a, recs...)
	db, s := openShipper(t, a, chtest.Shared(t).NewDatabase(t))
	mustShip(t, s) // the first pass settles the tables and makes the copies
	if got := chHolding(t, db, anna); len(got) == 0 {
		t.Fatal("the address was not shipped to begin with: the test proves nothing")
	}
	res, err := a.Erase(ctx, anna, false)
	if err != nil {
		t.Fatal(err)
	}
	mustShip(t, s)
	if got := chHolding(t, db, anna); len(got) > 0 {
		t.Errorf("after the erasure (pseudonym %s) was shipped, ClickHouse still holds %s in %v", res.Pseudonym, anna, got)
	}
	mem, err := a.EngineFor(ctx, "a test")
	if err != nil {
		t.Fatal(err)
	}
	base := engine.Query{From: at(1, 1), To: at(7, 1), Step: engine.StepMonth, Parts: engine.AllParts}
	cases := map[string]engine.Query{}
	for _, by := range []engine.Dim{engine.ByNone, engine.BySegment, engine.ByChannel} {
		q := base
		q.By = by
		cases["after the erasure, by "+string(by)] = q
	}
	sameAnswers(t, mem, a.ClickHouseQuerier(db), cases)
}

// TestForeignChanges: when the positions ClickHouse keeps are not of the store's changes.
func TestForeignChanges(t *testing.T) {
	at := map[cx.Kind]uint64{cx.KindTickets: 40, cx.KindOrders: 12}
	for _, c := range []struct {
		name, of  string
		positions map[cx.Kind]uint64
		last      int64
		want      string // in the reason; "" none
	}{
		{"the store's, behind it", "store-1", at, 50, ""},
		{"the store's, up to its last change", "store-1", at, 40, ""},
		{"nothing shipped yet", "", nil, 0, ""},
		{"no identity recorded (an earlier release)", "", at, 40, ""},
		{"another store's", "store-0", at, 50, "another database"},
		{"another store's, nothing shipped", "store-0", nil, 50, "another database"},
		{"past the store's last change", "store-1", at, 39, "tickets up to change 40, past the database's last change 39"},
		{"no identity, past the last change", "", at, 12, "tickets up to change 40"},
	} {
		got := foreignChanges("store-1", c.of, c.positions, c.last)
		if c.want == "" && got != "" || c.want != "" && !strings.Contains(got, c.want) {
			t.Errorf("%s: %q; want %q", c.name, got, c.want)
		}
	}
}
