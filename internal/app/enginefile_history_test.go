package app

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestEngineFileOfAnotherHistoryRefused: the engine file names the change it was made after,
// and a start checks the database holds it. Two copies of one database (one put back from a
// copy of its file, or two servers' copies sharing a file) keep the database's id and number
// their changes on from where they parted: once the other copy's number passes the file's,
// it took the file for its own and counted records it never had (the refusal was by number
// only). A change of the named record since the file, or its deletion, is history the file
// did not see and is applied on top, as any other.
func TestEngineFileOfAnotherHistoryRefused(t *testing.T) {
	ctx := ActingAs(context.Background(), cx.AuditEntry{Actor: "cli:admin"})
	dir := t.TempDir()
	db, copied, file := filepath.Join(dir, "a.db"), filepath.Join(dir, "copy.db"), filepath.Join(dir, "a.db.engine")
	a := openFile(t, db, nil)
	if _, err := a.Ingest(ctx, answers("R", 3)); err != nil {
		t.Fatal(err)
	}
	if _, err := a.DatabaseID(ctx); err != nil { // the copy keeps it
		t.Fatal(err)
	}
	a.Close()
	// The copy is the database as it stands, made by SQLite (klantpuls backup): a copy of its
	// file by hand missed, under a busy CI run, the records still in the journal beside it.
	if err := Backup(ctx, db, copied, cx.AuditEntry{Actor: "cli:admin", Action: cx.AuditBackup}); err != nil {
		t.Fatal(err)
	}
	a = openFile(t, db, nil)
	if _, err := a.Ingest(ctx, answers("OLD", 3)); err != nil { // 6 answers, the file made after them
		t.Fatal(err)
	}
	if _, err := a.StartEngine(ctx, ""); err != nil {
		t.Fatal(err)
	}
	if err := a.SaveSnapshot(file); err != nil {
		t.Fatal(err)
	}

	// The copy parts: 4 other answers, its number past the file's.
	c := openFile(t, copied, nil)
	if _, err := c.Ingest(ctx, answers("NEW", 4)); err != nil {
		t.Fatal(err)
	}
	if last, _ := c.store.LastSeq(ctx); last <= a.Seq() {
		t.Fatalf("the copy's number %d has not passed the file's %d: the test proves nothing", last, a.Seq())
	}
	st, err := c.StartEngine(ctx, file)
	if err != nil || st.FromFile || !strings.Contains(st.Refused, "not of this database's history") {
		t.Errorf("the copy from the file: %+v, %v; want refused as another history", st, err)
	}
	var held bytes.Buffer
	if err := c.Engine().Snapshot(&held, 0); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]bool{"R2": true, "NEW0": true, "OLD0": false} {
		if bytes.Contains(held.Bytes(), []byte(id)) != want {
			t.Errorf("the copy's engine holds answer %s: %v, want %v (it holds R0–R2 and NEW0–NEW3)", id, !want, want)
		}
	}

	// The database the file was made of: the record it names changed since, then deleted.
	if _, err := a.Ingest(ctx, []cx.Record{&cx.Response{ID: "OLD2", Survey: "nps", Score: 10, SubmittedAt: march(9, 10, 0)}}); err != nil {
		t.Fatal(err)
	}
	b := openFile(t, db, nil)
	if st, err := b.StartEngine(ctx, file); err != nil || !st.FromFile || st.Applied != 1 || b.Engine().Records() != 6 {
		t.Errorf("after a change of the record the file names: %+v, %v, %d records; want from the file, 1 applied, 6", st, err, b.Engine().Records())
	}
	if err := a.Delete(ctx, cx.KindResponses, "OLD2"); err != nil {
		t.Fatal(err)
	}
	b = openFile(t, db, nil)
	// (Records counts a deleted record's id still.)
	if st, err := b.StartEngine(ctx, file); err != nil || !st.FromFile || st.Deleted != 1 {
		t.Errorf("after its deletion: %+v, %v; want from the file, the deletion applied", st, err)
	}
}
