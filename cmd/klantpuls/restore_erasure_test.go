package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
	"github.com/klantpuls/klantpuls/internal/web"
)

// TestRestoreErasesAgainWhomTheReplacedDatabaseErased restores a backup taken before two
// customers were erased, one with --purge: the restore erases them again in it, as `klantpuls
// erase` did — its personal data is nowhere in the restored file, the purged customer's answer
// leaves the figures again, the other customers are as they were — and says so on stderr and in
// its audit entry; the erasures are remembered, so their rows imported again are stored under
// their pseudonyms. The restore only counted them and asked for their ids, which the database
// does not keep: the backup's personal data was back (GDPR article 17).
func TestRestoreErasesAgainWhomTheReplacedDatabaseErased(t *testing.T) {
	inEnglish(t)
	if onPostgres {
		t.Skip("a SQLite file")
	}
	p := newProject(t)
	p.mustImport("customers", "customer_id,acquired_at,name,email\n"+
		"anna@example.nl,2025-01-10,Anna de Vries,anna@example.nl\n"+
		"piet@example.nl,2025-01-11,Piet Jansen,piet.jansen@example.nl\n"+
		"C-3,2025-01-12,Bram Smit,bram@example.nl\n")
	p.mustImport("responses", "response_id,survey,score,submitted_at,customer_id,comment\n"+
		"R1,nps,10,2026-03-03 10:00,anna@example.nl,Het vogelhuisje kwam gebroken aan\n"+
		"R2,nps,0,2026-03-03 11:00,piet@example.nl,Pakket van Piet was zoek\n"+
		"R3,nps,10,2026-03-03 12:00,C-3,Prima geholpen\n")
	p.mustImport("orders", "order_id,customer_id,ordered_at,amount\nO1,anna@example.nl,2026-03-02 10:00,20.00\n")
	backup := mustBackup(t, p, "backup.db")
	for _, args := range [][]string{{"erase", "--customer", "anna@example.nl"}, {"erase", "--customer", "piet@example.nl", "--purge"}} {
		if _, stderr, code := p.run(args...); code != 0 {
			t.Fatalf("%v: %s", args, stderr)
		}
	}
	_, stderr, code := p.run("restore", "--force", backup)
	if code != 0 {
		t.Fatalf("restore: %s", stderr)
	}
	if !strings.Contains(stderr, "2 customers erased again (1 purged)") || strings.Contains(stderr, "klantpuls erase") {
		t.Errorf("restore of a backup from before two erasures:\n%s", stderr)
	}
	erased := []string{"anna@example.nl", "Anna de Vries", "vogelhuisje", "piet@example.nl", "Piet Jansen", "piet.jansen", "Pakket van Piet"}
	for _, side := range []string{"", "-wal"} {
		data, err := os.ReadFile(p.db + side)
		if os.IsNotExist(err) {
			continue
		} else if err != nil {
			t.Fatal(err)
		}
		for _, s := range erased {
			if bytes.Contains(data, []byte(s)) {
				t.Errorf("the restored klantpuls.db%s holds %q", side, s)
			}
		}
	}
	for _, s := range erased {
		if cells := sqlitetest.CellsHolding(t, p.db, s); len(cells) > 0 {
			t.Errorf("the restored database holds %q in %v", s, cells)
		}
	}
	for _, s := range []string{"Bram Smit", "bram@example.nl", "Prima geholpen"} {
		if cells := sqlitetest.CellsHolding(t, p.db, s); len(cells) == 0 {
			t.Errorf("%q, of a customer not erased, is gone", s)
		}
	}
	// R1 stays counted under its pseudonym, R2 was purged: R1 and R3.
	if n := p.report("2026-03-01", "2026-04-01").num("groups.0.metrics.nps.n"); n != 2 {
		t.Errorf("NPS answers after the restore: %v, want 2 (the purged one left out again)", n)
	}
	log, err := app.AuditLogOf(context.Background(), p.db)
	if err != nil {
		t.Fatal(err)
	}
	if last := log[len(log)-1]; last.Action != cx.AuditRestore || !strings.Contains(web.AuditDetail("en", last), "2 customers erased again (1 purged)") {
		t.Errorf("the restore's audit entry: %+v", last)
	}
	// The erasures are remembered, under the key of the database replaced.
	path := p.file("again.csv", "customer_id,acquired_at,name\nanna@example.nl,2025-01-10,Anna de Vries\n")
	if _, stderr, code := p.run("import", "--kind", "customers", "--lang", "en", path); code != 0 || !strings.Contains(stderr, "1 record is of an erased customer") {
		t.Errorf("importing anna@example.nl after the restore: exit %d\n%s", code, stderr)
	}
	if cells := sqlitetest.CellsHolding(t, p.db, "Anna de Vries"); len(cells) > 0 {
		t.Errorf("Anna de Vries imported again after the restore is in %v", cells)
	}
	// A backup that holds every erasure says nothing of them.
	again := mustBackup(t, p, "again.db")
	if _, stderr, code := p.run("restore", "--force", again); code != 0 || strings.Contains(stderr, "erased") {
		t.Errorf("restore of a backup with every erasure: %d %s", code, stderr)
	}
}
