package sqlitetest

import (
	"database/sql"
	"strings"
	"testing"
)

// RefuseInserts has the SQLite database at path refuse every new row of table, as a full disk
// or a broken file would refuse a write, until the returned func lifts it: what a test of a
// write that must be all or nothing uses to fail its last part.
func RefuseInserts(t testing.TB, path, table string) (lift func()) {
	t.Helper()
	return refuse(t, path, table, "")
}

// RefuseInsertsOf is RefuseInserts of only the rows whose column holds value (an upsert's too):
// what a test of a write of several rows uses to fail it halfway, after rows it wrote before.
func RefuseInsertsOf(t testing.TB, path, table, column, value string) (lift func()) {
	t.Helper()
	return refuse(t, path, table, ` WHEN NEW."`+column+`" = '`+strings.ReplaceAll(value, "'", "''")+`'`)
}

// RefuseDeletes has the SQLite database at path refuse to delete any row of table, as a full
// disk or a broken file would refuse a write, until the returned func lifts it: what a test of a
// deletion that must be all or nothing uses to fail it after the rows it deleted before.
func RefuseDeletes(t testing.TB, path, table string) (lift func()) {
	t.Helper()
	return trigger(t, path, "refuse_deletes_"+table, "DELETE", table, "", "deletions refused")
}

// RefuseUpdates has the SQLite database at path refuse to change any row of table, as a full
// disk or a broken file would refuse a write, until the returned func lifts it: what a test of
// a step that must not be taken for done without its record uses to fail that record.
func RefuseUpdates(t testing.TB, path, table string) (lift func()) {
	t.Helper()
	return trigger(t, path, "refuse_updates_"+table, "UPDATE", table, "", "updates refused")
}

func refuse(t testing.TB, path, table, when string) (lift func()) {
	t.Helper()
	return trigger(t, path, "refuse_"+table, "INSERT", table, when, "new rows refused")
}

// trigger has table abort, saying refused, before each row event (INSERT, UPDATE, DELETE) that when (a
// WHEN clause, or "") picks, until lift drops it.
func trigger(t testing.TB, path, name, event, table, when, refused string) (lift func()) {
	t.Helper()
	name = `"` + name + `"`
	execSQL(t, path, `CREATE TRIGGER `+name+` BEFORE `+event+` ON "`+table+`"`+when+`
		BEGIN SELECT RAISE(ABORT, 'sqlitetest: `+refused+`'); END`)
	return func() { execSQL(t, path, "DROP TRIGGER "+name) }
}

func execSQL(t testing.TB, path, statement string, args ...any) (changed int64) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := db.Exec(statement, args...)
	if err != nil {
		t.Fatalf("sqlitetest: %v", err)
	}
	changed, _ = res.RowsAffected()
	return changed
}
