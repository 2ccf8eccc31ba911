package sqlitetest

import "testing"

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
