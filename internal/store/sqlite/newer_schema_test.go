package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"testing"
)

// TestNewerSchemaNamesTheNewestVersion opens a database that a newer klantpuls brought through
// several migrations this one does not know (versions 9990 to 9999, as an upgrade of several
// releases leaves it): the refusal names the newest, 9999, every time — the version the
// operator must run at least. It named one of the unknown versions at random (a map's order):
// a database at 41 was said to be at 38, and the next try said another.
func TestNewerSchemaNamesTheNewestVersion(t *testing.T) {
	path := newDatabase(t)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for v := 9990; v <= 9999; v++ {
		if _, err := db.Exec("INSERT INTO goose_db_version (version_id, is_applied) VALUES (?, 1)", v); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	want := "brought to schema version 9999 by a newer klantpuls"
	for i := range 10 {
		s, err := Open(context.Background(), path)
		if err == nil {
			s.Close()
			t.Fatal("a database of a newer klantpuls was opened")
		}
		if !strings.Contains(err.Error(), want) {
			t.Fatalf("open %d: %v; want it to say %q", i+1, err, want)
		}
		if err := CheckBackup(context.Background(), path); err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("check %d: %v; want it to say %q", i+1, err, want)
		}
	}
}
