package storetest_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/pgtest"
	"github.com/klantpuls/klantpuls/internal/store"
	"github.com/klantpuls/klantpuls/internal/store/postgres"
	"github.com/klantpuls/klantpuls/internal/store/postgres/postgrestest"
	"github.com/klantpuls/klantpuls/internal/store/sqlite"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
	"github.com/klantpuls/klantpuls/internal/store/storetest"
)

// TestMain stops the PostgreSQL server the contract's tests share.
func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	os.Exit(code)
}

// databases are what the contract runs on: fresh names a new, empty database (a SQLite file, a
// PostgreSQL database) and open opens a store on it. A second store on one database stands for
// another process (SQLite) or node (PostgreSQL).
var databases = []struct {
	name  string
	fresh func(t *testing.T) string
	open  func(ctx context.Context, where string) (storetest.Full, error)
}{
	{"SQLite", func(t *testing.T) string { return sqlitetest.New(t) },
		func(ctx context.Context, path string) (storetest.Full, error) { return sqlite.Open(ctx, path) }},
	{"PostgreSQL", func(t *testing.T) string { return postgrestest.Fresh(t) },
		func(ctx context.Context, dsn string) (storetest.Full, error) { return postgres.Open(ctx, dsn) }},
}

func TestContract(t *testing.T) {
	for _, db := range databases {
		t.Run(db.name, func(t *testing.T) {
			storetest.Run(t, func(t *testing.T) (storetest.Full, func(*testing.T) storetest.Full) {
				where := db.fresh(t)
				open := func(t *testing.T) storetest.Full {
					s, err := db.open(context.Background(), where)
					return storetest.Keep(t, s, err)
				}
				return open(t), open
			})
		})
	}
}

// refuseInserts has the database at where refuse every new row of table (its test helper's
// trigger), as a full disk or a broken table would.
var refuseInserts = map[string]func(t testing.TB, where, table string) func(){
	"SQLite": sqlitetest.RefuseInserts, "PostgreSQL": pgtest.RefuseInserts,
}

// TestAuditLineRefusedByDatabase: a change whose line the database refuses to store is not
// stored either — through a unit (Audited) and through a transaction of records (AuditTx) —
// and is refused as unavailable, nothing stored, not as an internal fault.
func TestAuditLineRefusedByDatabase(t *testing.T) {
	for _, db := range databases {
		t.Run(db.name, func(t *testing.T) {
			ctx := context.Background()
			where := db.fresh(t)
			refuseInserts[db.name](t, where, "audit_log")
			s, err := db.open(ctx, where)
			s = storetest.Keep(t, s, err)

			err = s.Audited(ctx, func(ctx context.Context) ([]cx.AuditEntry, error) {
				u := &cx.User{Email: "anouk@shop.nl", PasswordHash: "x", Role: cx.RoleManager}
				if err := s.CreateUser(ctx, u); err != nil {
					return nil, err
				}
				_, err := s.SetSettings(ctx, map[string]string{"target.nps": "40"})
				return []cx.AuditEntry{{Actor: "bram@shop.nl", Action: cx.AuditUserCreate, Subject: u.Email}}, err
			})
			if cx.ErrorCode(err) != cx.EUNAVAILABLE || !strings.Contains(err.Error(), "audit log") {
				t.Fatalf("Audited with the line refused = %v (%s), want unavailable, naming the audit log", err, cx.ErrorCode(err))
			}
			if u, err := s.UserByEmail(ctx, "anouk@shop.nl"); cx.ErrorCode(err) != cx.ENOTFOUND {
				t.Errorf("the user was stored without their line: %+v, %v", u, err)
			}
			if got, err := s.Settings(ctx); err != nil || got["target.nps"] != "" {
				t.Errorf("settings %v, %v: the setting was stored without its line", got, err)
			}

			tx, err := s.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			if err := tx.Put(&cx.Customer{ID: "C1", AcquiredAt: time.Now()}); err != nil {
				t.Fatal(err)
			}
			err = tx.(store.AuditTx).AddAudit(&cx.AuditEntry{Actor: "bram@shop.nl", Action: cx.AuditRecordDelete})
			if cx.ErrorCode(err) != cx.EUNAVAILABLE {
				t.Errorf("AddAudit in a transaction with the line refused = %v, want unavailable", err)
			}
			if _, err := tx.Commit(); err == nil {
				t.Error("a transaction whose line was refused committed")
			}
			if n, err := s.Count(ctx, cx.KindCustomers); err != nil || n != 0 {
				t.Errorf("Count = %d, %v; want 0: the records were stored without their line", n, err)
			}
		})
	}
}
