package sqlitetest

import "testing"

// ConnectionSetAside copies the row of connection id of the SQLite database at path aside and
// returns a func that puts it back as it was, sealed secret included. Removed in between (through
// the app) and its secret given to a new connection, it makes the two connections sharing one
// secret that a release before klantpuls refused that could leave in a database.
func ConnectionSetAside(t testing.TB, path, id string) (putBack func()) {
	t.Helper()
	table := `"aside_connection_` + id + `"`
	execSQL(t, path, `CREATE TABLE `+table+` AS SELECT * FROM connections WHERE id = ?`, id)
	if execSQL(t, path, `UPDATE `+table+` SET id = id`) != 1 { // CREATE TABLE … AS counts no rows
		t.Fatalf("sqlitetest: no connection %s to set aside", id)
	}
	return func() {
		t.Helper()
		execSQL(t, path, `INSERT INTO connections SELECT * FROM `+table)
		execSQL(t, path, `DROP TABLE `+table)
	}
}
