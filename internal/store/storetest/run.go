package storetest

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"testing"
	"testing/fstest"
	"time"

	"github.com/pressly/goose/v3"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
	"github.com/klantpuls/klantpuls/internal/store/sqldb"
)

// Full is a store of everything: records, accounts, surveys, the dashboard's reads, the audit
// log, the import history and the saved mappings, as both databases' stores are.
type Full interface {
	store.Store
	store.Accounts
	store.Surveys
	store.Dashboard
	store.Audit
	store.Imports
	store.Mappings
	store.Syncs
}

// Run runs the whole contract. open returns a new, empty store, closed when the test ends, and a
// function that opens another store on the same database, as a restarted process or a second
// node would.
func Run(t *testing.T, open func(t *testing.T) (Full, func(t *testing.T) Full)) {
	fresh := func(t *testing.T) Full {
		s, _ := open(t)
		return s
	}
	t.Run("records", func(t *testing.T) {
		Records(t, func(t *testing.T) (store.Store, func(t *testing.T) store.Store) {
			s, reopen := open(t)
			return s, func(t *testing.T) store.Store { return reopen(t) }
		})
	})
	t.Run("accounts", func(t *testing.T) { Accounts(t, func(t *testing.T) store.Accounts { return fresh(t) }) })
	t.Run("audit", func(t *testing.T) { Audit(t, func(t *testing.T) store.Audit { return fresh(t) }) })
	t.Run("audited", func(t *testing.T) { AuditedChanges(t, fresh) })
	t.Run("imports", func(t *testing.T) { Imports(t, func(t *testing.T) store.Imports { return fresh(t) }) })
	t.Run("mappings", func(t *testing.T) { Mappings(t, func(t *testing.T) store.Mappings { return fresh(t) }) })
	t.Run("syncs", func(t *testing.T) { Syncs(t, func(t *testing.T) store.Syncs { return fresh(t) }) })
	t.Run("surveys", func(t *testing.T) { Surveys(t, func(t *testing.T) store.Surveys { return fresh(t) }) })
	t.Run("alerts", func(t *testing.T) { Alerts(t, func(t *testing.T) store.Surveys { return fresh(t) }) })
	t.Run("dashboard", func(t *testing.T) {
		Dashboard(t, func(t *testing.T) RecordsAndDashboard { return fresh(t) })
	})
	t.Run("users", func(t *testing.T) { Users(t, func(t *testing.T) AccountsAndSurveys { return fresh(t) }) })
	t.Run("reopen", func(t *testing.T) {
		Reopen(t, func(t *testing.T) (AccountsAndSurveys, func(*testing.T) AccountsAndSurveys) {
			s, reopen := open(t)
			return s, func(t *testing.T) AccountsAndSurveys { return reopen(t) }
		})
	})
}

// Keep fails t on err and closes s when the test ends.
func Keep[S interface{ Close() error }](t testing.TB, s S, err error) S {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Write puts n records made by rec in one transaction, then commits it or rolls it back.
func Write(t testing.TB, s store.Store, n int, rec func(i int) cx.Record, commit bool) {
	t.Helper()
	tx, err := s.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for i := range n {
		if err := tx.Put(rec(i)); err != nil {
			t.Fatal(err)
		}
	}
	if commit {
		_, err = tx.Commit()
	} else {
		err = tx.Rollback()
	}
	if err != nil {
		t.Fatal(err)
	}
}

// UnsubscribeKeepsTheFirstTime reads, through db, what the interface does not show: asking again,
// in any case, leaves the one row at the first time.
func UnsubscribeKeepsTheFirstTime(t *testing.T, s store.Surveys, db *sql.DB) {
	ctx := context.Background()
	for _, step := range []struct {
		email string
		day   int
	}{{"Anouk@Shop.nl", 3}, {" anouk@shop.NL ", 4}, {"Anouk@Shop.nl", 2}} {
		if err := s.Unsubscribe(ctx, step.email, on(step.day, 9, 0)); err != nil {
			t.Fatal(err)
		}
	}
	var n int
	var first int64
	if err := db.QueryRowContext(ctx, "SELECT count(*), max(at) FROM unsubscribes").Scan(&n, &first); err != nil {
		t.Fatal(err)
	}
	if got := time.Unix(first, 0).UTC(); n != 1 || got != on(3, 9, 0) {
		t.Errorf("%d rows, at %v; want 1 row kept at the first time %v", n, got, on(3, 9, 0))
	}
}

// MigrationsDown runs the Down of every migration of m (one dialect's set) after version,
// which leaves the records, and then their Up again, on s, on db, with a survey and a user.
// tableExists is the query of whether the table named by its one argument exists.
func MigrationsDown(t *testing.T, s AccountsAndSurveys, db *sql.DB, dialect goose.Dialect, m sqldb.Migrations, version int64, tableExists string) {
	ctx := context.Background()
	p, err := sqldb.Provider(db, dialect, m)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateSurvey(ctx, npsSurvey()); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateUser(ctx, anouk()); err != nil {
		t.Fatal(err)
	}
	names := []string{"users", "sessions", "tokens", "setup_links", "settings", "surveys", "invitations",
		"unsubscribes", "sites", "alert_rules", "alerts", "followups", "audit_log", "sign_in_failures", "imports", "deleted_versions"}
	tables := func() (n int) {
		for _, name := range names {
			var found int
			if err := db.QueryRowContext(ctx, tableExists, name).Scan(&found); err != nil {
				t.Fatal(err)
			}
			n += found
		}
		return n
	}
	if _, err := p.DownTo(ctx, version); err != nil {
		t.Fatal(err)
	}
	if n := tables(); n != 0 {
		t.Errorf("%d account, settings, survey, audit, sign-in, import and deleted versions' tables after Down, want 0", n)
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatal(err)
	}
	if n := tables(); n != len(names) {
		t.Errorf("%d of those tables after Up, want %d", n, len(names))
	}
	if got, err := s.ListSurveys(ctx); err != nil || len(got) != 0 {
		t.Errorf("ListSurveys after Down and Up = %+v, %v; want none", got, err)
	}
	if n, err := s.CountUsers(ctx); err != nil || n != 0 {
		t.Errorf("CountUsers after Down and Up = %d, %v; want 0", n, err)
	}
}

// MigrateAsksGooseOnlyForWhatIsMissing migrates db, which has every migration of m (one
// dialect's set), with files of the same versions that goose could not parse (left alone: nothing
// is missing), then with one version more (goose applies it), then with a version missing below
// the applied ones (goose refuses), and with unparseable files that miss one (goose is asked).
func MigrateAsksGooseOnlyForWhatIsMissing(t *testing.T, db *sql.DB, dialect goose.Dialect, m sqldb.Migrations, tableExists string) {
	fsys := m.SQL
	with := func(files fs.FS) sqldb.Migrations { return sqldb.Migrations{SQL: files, Go: m.Go} }
	ctx := context.Background()
	garbled, real := fstest.MapFS{}, fstest.MapFS{}
	err := fs.WalkDir(fsys, "migrations", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, name)
		garbled[name] = &fstest.MapFile{Data: []byte("this is not SQL;\n")}
		real[name] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil || len(real) < 2 {
		t.Fatalf("%d migrations read: %v", len(real), err)
	}
	if _, err := sqldb.Migrate(ctx, db, dialect, with(garbled)); err != nil {
		t.Errorf("every version applied, unparseable files: %v; want them left alone", err)
	}
	next := &fstest.MapFile{Data: []byte("-- +goose Up\nCREATE TABLE later (a INTEGER);\n-- +goose Down\nDROP TABLE later;\n")}
	real["migrations/99999_later.sql"] = next
	if _, err := sqldb.Migrate(ctx, db, dialect, with(real)); err != nil {
		t.Fatalf("one version more: %v", err)
	}
	var n int
	if err := db.QueryRowContext(ctx, tableExists, "later").Scan(&n); err != nil || n != 1 {
		t.Errorf("the new version's table: %d, %v; want it made", n, err)
	}
	// An older klantpuls, which knows only fsys's versions, on the database the newer one migrated.
	var newer *sqldb.NewerSchemaError
	if _, err := sqldb.Migrate(ctx, db, dialect, m); !errors.As(err, &newer) || newer.Schema != 99999 {
		t.Errorf("a database of a newer schema (99999): %v; want it refused, naming the version", err)
	}
	garbled["migrations/99999_later.sql"] = next
	real["migrations/99998_missing.sql"] = next
	if _, err := sqldb.Migrate(ctx, db, dialect, with(real)); err == nil {
		t.Error("a version below the applied ones is missing: no error; want goose's refusal")
	}
	delete(real, "migrations/99998_missing.sql")
	garbled["migrations/99997_gap.sql"] = &fstest.MapFile{Data: []byte("this is not SQL;\n")}
	if _, err := sqldb.Migrate(ctx, db, dialect, with(garbled)); err == nil {
		t.Error("a version missing among unparseable files: no error; want goose asked, and its parse failing")
	}
}

// AddressKeysMigrated brings db back to before migration version (sqldb.AddressKeys), keys rows
// as the releases before it did — by the address as written, lower-cased — and migrates again:
// an unsubscribe of "Jan de Vries <jan@example.nl>" stops jan@example.nl, in any writing; of two
// writings of one address unsubscribed the first time stays; an invitation sent to "Anouk
// <Anouk@Shop.nl>" throttles anouk@shop.nl; an erased customer's keyed hash keeps its key; an
// address that bounced before is held back (the migration after it). d
// writes the placeholders of the rows put in as the releases before kept them.
func AddressKeysMigrated(t *testing.T, s store.Surveys, db *sql.DB, d sqldb.Dialect, dialect goose.Dialect, m sqldb.Migrations, version int64) {
	ctx := context.Background()
	p := migratedBefore(t, db, dialect, m, version)
	inv := &cx.Invitation{ID: "old", SurveyID: 1, Email: "Anouk <Anouk@Shop.nl>", Channel: "email", Lang: "nl",
		Status: cx.InviteSent, CreatedAt: on(10, 9, 0), SentAt: on(10, 9, 0)}
	bounced := &cx.Invitation{ID: "bounced", SurveyID: 1, Email: "Gone <Gone@Shop.nl>", Channel: "email", Lang: "nl",
		Status: cx.InviteBounced, CreatedAt: on(11, 9, 0)}
	for _, i := range []*cx.Invitation{inv, bounced} {
		if err := s.CreateInvitation(ctx, i); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{"UPDATE invitations SET email_key = $1 WHERE id = $2", []any{"anouk <anouk@shop.nl>", "old"}},
		{"UPDATE invitations SET email_key = $1 WHERE id = $2", []any{"gone <gone@shop.nl>", "bounced"}},
		{"INSERT INTO unsubscribes (email_key, at) VALUES ($1, $2)", []any{"jan de vries <jan@example.nl>", on(3, 9, 0).Unix()}},
		{"INSERT INTO unsubscribes (email_key, at) VALUES ($1, $2)", []any{"piet@example.nl", on(5, 9, 0).Unix()}},
		{"INSERT INTO unsubscribes (email_key, at) VALUES ($1, $2)", []any{`"piet" <piet@example.nl>`, on(4, 9, 0).Unix()}},
		{"INSERT INTO unsubscribes (email_key, at) VALUES ($1, $2)", []any{"erased-00ff", on(6, 9, 0).Unix()}},
	} {
		if _, err := db.ExecContext(ctx, d.SQL(q.sql), q.args...); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatal(err)
	}
	for _, email := range []string{"jan@example.nl", "JAN@Example.NL", `"Jan" <jan@example.nl>`, "Jan de Vries <jan@example.nl>", "piet@example.nl", "erased-00ff"} {
		if off, err := s.Unsubscribed(ctx, email); err != nil || !off {
			t.Errorf("Unsubscribed(%q) after the migration = %v, %v; want true", email, off, err)
		}
	}
	var n int
	var first int64
	if err := db.QueryRowContext(ctx, d.SQL("SELECT count(*), min(at) FROM unsubscribes WHERE email_key = $1"), "piet@example.nl").Scan(&n, &first); err != nil {
		t.Fatal(err)
	}
	if got := time.Unix(first, 0).UTC(); n != 1 || got != on(4, 9, 0) {
		t.Errorf("piet@example.nl: %d rows, at %v; want 1 row at the first time %v", n, got, on(4, 9, 0))
	}
	if last, err := s.LastInvited(ctx, "anouk@shop.nl"); err != nil || last != on(10, 9, 0) {
		t.Errorf("LastInvited(anouk@shop.nl) after the migration = %v, %v; want %v", last, err, on(10, 9, 0))
	}
	// The next migration holds back the addresses that bounced before it, by their key.
	if got, err := s.HeldBack(ctx, "gone@shop.nl"); err != nil || got != cx.InviteBounced {
		t.Errorf("HeldBack(gone@shop.nl), bounced before the migrations = %q, %v; want %q", got, err, cx.InviteBounced)
	}
	// And a later one keeps the bounce apart from the unsubscribe, from the first refusal.
	if got, err := s.Bounced(ctx, "gone@shop.nl"); err != nil || !got {
		t.Errorf("Bounced(gone@shop.nl), bounced before the migrations = %v, %v; want true", got, err)
	}
	if got, err := s.Bounces(ctx); err != nil || len(got) != 1 || got[0] != (cx.Bounce{Address: "gone@shop.nl", Since: on(11, 9, 0)}) {
		t.Errorf("Bounces after the migrations = %v, %v; want gone@shop.nl since %v", got, err, on(11, 9, 0))
	}
}

// migratedBefore is db's migrations brought back to just before version, as the releases
// before that migration left the schema: the caller puts rows in as they kept them, then
// migrates Up.
func migratedBefore(t *testing.T, db *sql.DB, dialect goose.Dialect, m sqldb.Migrations, version int64) *goose.Provider {
	t.Helper()
	p, err := sqldb.Provider(db, dialect, m)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.DownTo(context.Background(), version-1); err != nil {
		t.Fatal(err)
	}
	return p
}
