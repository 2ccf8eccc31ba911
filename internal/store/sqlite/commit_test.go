package sqlite

import (
	"testing"

	"github.com/klantpuls/klantpuls/internal/store/storetest"
)

// TestCommitRefused: a change whose COMMIT SQLite refuses is refused as not stored, naming its
// audit line only when it had one (storetest.CommitRefused). Before the fix every such
// commit said its audit line could not be stored, a unit without a line too, and a
// transaction of records with its line answered an internal error (a 500).
//
// SQLite checks one thing at COMMIT and not before: a deferred foreign key. The store keeps
// foreign keys off (writeOptions); the test turns them on for its one write connection, which
// the pool keeps open, and has an insert into table name a row that is not there.
func TestCommitRefused(t *testing.T) {
	s, _ := openTest(t)
	exec := func(t *testing.T, statement string) {
		t.Helper()
		if _, err := s.write.DB.Exec(statement); err != nil {
			t.Fatal(err)
		}
	}
	exec(t, "PRAGMA foreign_keys = ON")
	exec(t, "CREATE TABLE commit_refusals (id INTEGER PRIMARY KEY)")
	exec(t, "CREATE TABLE commit_refused (refusal INTEGER REFERENCES commit_refusals (id) DEFERRABLE INITIALLY DEFERRED)")
	storetest.CommitRefused(t, s, func(t *testing.T, table string) {
		exec(t, `CREATE TRIGGER "refuse_at_commit_`+table+`" AFTER INSERT ON "`+table+`" BEGIN INSERT INTO commit_refused VALUES (1); END`)
	})
}
