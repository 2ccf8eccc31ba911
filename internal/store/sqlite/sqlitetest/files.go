package sqlitetest

import (
	"context"
	"testing"

	"github.com/klantpuls/klantpuls/internal/store/sqlite"
)

// AnotherProgram writes at path a SQLite file with another program's tables: no klantpuls
// database, which every command must refuse without a trace.
func AnotherProgram(t testing.TB, path string) {
	t.Helper()
	execSQL(t, path, "CREATE TABLE facturen (nr INTEGER); CREATE TABLE klanten (naam TEXT)")
}

// MigratedByANewerRelease marks the klantpuls database at path as migrated by a release newer
// than this one (a migration this build does not know), as a backup of a newer installation is.
func MigratedByANewerRelease(t testing.TB, path string) {
	t.Helper()
	execSQL(t, path, "INSERT INTO goose_db_version (version_id, is_applied) VALUES (9999, 1)")
}

// OfAnOlderRelease writes at path a klantpuls database that a release knowing the migrations up
// to version only made, as a backup of an older installation is: what a restore brings up to
// date.
func OfAnOlderRelease(t testing.TB, path string, version int64) {
	t.Helper()
	if err := sqlite.MigrateUpTo(context.Background(), path, version); err != nil {
		t.Fatalf("sqlitetest: unable to migrate %s up to version %d: %v", path, version, err)
	}
}

// OfAnOlderReleaseThatCannotBeMigrated writes at path a database of the release before
// migration 28 that holds a table erased_authors of its own (made by hand, say): migration 28,
// which makes that table, fails on it, as any migration can fail on a file it does not expect.
func OfAnOlderReleaseThatCannotBeMigrated(t testing.TB, path string) {
	t.Helper()
	OfAnOlderRelease(t, path, 27)
	execSQL(t, path, "CREATE TABLE erased_authors (hash TEXT)")
}

// ScoredAs stores score as the sentiment of the row id of table (responses or mentions) in the
// SQLite database at path, past the write path and its change sequence: what a release whose
// sentiment scorer read the text otherwise stored, as a database of that release holds it.
func ScoredAs(t testing.TB, path, table, id string, score float64) {
	t.Helper()
	if table != "responses" && table != "mentions" {
		t.Fatalf("sqlitetest: %s holds no sentiment score; responses and mentions do", table)
	}
	if execSQL(t, path, `UPDATE "`+table+`" SET sentiment = ? WHERE id = ?`, score, id) != 1 {
		t.Fatalf("sqlitetest: no row %s in %s to score", id, table)
	}
}

// NameUnrecorded removes value of dimension (channel, team, agent, category or segment) from the
// names table of the database at path: as a release before that table (its node still writing
// beside newer ones in a rolling upgrade) leaves a record whose name no newer node wrote yet.
func NameUnrecorded(t testing.TB, path, dimension, value string) {
	t.Helper()
	if execSQL(t, path, "DELETE FROM names WHERE dimension = ? AND value = ?", dimension, value) != 1 {
		t.Fatalf("sqlitetest: no name %s %q recorded to remove", dimension, value)
	}
}
