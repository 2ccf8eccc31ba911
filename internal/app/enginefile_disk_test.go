package app

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestEngineFileNotWiderThanDatabase: the engine file holds the customers' ids (here an
// e-mail address) and the words of their comments. It was always written 0644: a database
// kept private (made under umask 077, or chmod 600) got an engine file every user of the
// machine could read. It takes the database file's read and write bits, no more.
func TestEngineFileNotWiderThanDatabase(t *testing.T) {
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	a, db, file, good := smallEngineFile(t)
	if !bytes.Contains(good, []byte("jan@voorbeeld.nl")) || !bytes.Contains(good, []byte("hernia")) {
		t.Fatal("the engine file does not hold the customer's id and words: the test proves nothing")
	}
	for _, mode := range []os.FileMode{0o600, 0o640, 0o644} {
		if err := os.Chmod(db, mode); err != nil {
			t.Fatal(err)
		}
		if err := a.SaveSnapshot(file); err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(file)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != mode {
			t.Errorf("the database %v: its engine file %v, want %v", mode, fi.Mode().Perm(), mode)
		}
	}
}

// TestEngineFileThroughSymlink: an administrator who keeps the engine file on another disk by
// a symbolic link at its path (klantpuls.db.engine -> /fast/kp.engine) found the link
// replaced by a plain file on the first write: the target was never written again, nor
// removed by `klantpuls erase`, and kept the customers' ids and words of the day the link
// was made. The file is written where the link points and removed there; the link stays.
func TestEngineFileThroughSymlink(t *testing.T) {
	ctx := context.Background()
	a, _, file, _ := smallEngineFile(t)
	target := filepath.Join(t.TempDir(), "kp.engine")
	if err := os.Rename(file, target); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, file); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Ingest(ctx, answers("B", 2)); err != nil {
		t.Fatal(err)
	}
	if err := a.SaveSnapshot(file); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(file); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the symbolic link at the engine file's path was replaced (%v, %v)", fi.Mode(), err)
	}
	b := openFile(t, a.dbFile, nil)
	if st, err := b.StartEngine(ctx, file); err != nil || !st.FromFile || st.Applied != 0 || b.Engine().Records() != a.Engine().Records() {
		t.Errorf("a start through the link: %+v, %v, %d records; want the file written through it, nothing to apply, %d",
			st, err, b.Engine().Records(), a.Engine().Records())
	}
	if err := RemoveEngineFile(file); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(target); !os.IsNotExist(err) {
		t.Errorf("after the removal the link's target is still there (%v)", err)
	}
	if _, err := os.Lstat(file); err != nil {
		t.Errorf("the removal took the link away: %v", err)
	}
	// The link left pointing at nothing: the next write puts the file where it points.
	if err := a.SaveSnapshot(file); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(target); err != nil {
		t.Errorf("a write through a link to no file yet: %v", err)
	}
}

// TestEngineFileOlderThanErasureWrittenAgain: a `klantpuls report` loaded the engine from the
// database (no file yet) while `klantpuls erase` ran (which removes the engine file); the
// report then wrote its file, made before the erasure. Every later start read that file,
// applied the erasure in memory and, having caught up on fewer than 10,000 records, never
// wrote it again: the erased customer's e-mail address and the words of their comment stayed
// on disk for good (a customer known by an answer only was not even forgotten in memory: no
// customer row was deleted). A start that catches up on an erasure or a deletion writes the
// file again at once, and a server's keeper does at its next look.
func TestEngineFileOlderThanErasureWrittenAgain(t *testing.T) {
	ctx := ActingAs(context.Background(), cx.AuditEntry{Actor: "cli:admin"})
	dir := t.TempDir()
	db, file := filepath.Join(dir, "klantpuls.db"), filepath.Join(dir, "klantpuls.db.engine")
	seed := openFile(t, db, nil)
	if _, err := seed.Ingest(ctx, append(answers("A", 5), &cx.Response{ID: "R1", Survey: "nps", Score: 2,
		SubmittedAt: march(4, 10, 0), CustomerID: "jan@voorbeeld.nl", Comment: "Mijn hernia-operatie ging mis door jullie vertraging"})); err != nil {
		t.Fatal(err)
	}
	report := openFile(t, db, nil) // the report process: no file, loads the database
	if st, err := report.StartEngine(ctx, file); err != nil || st.FromFile {
		t.Fatalf("report start: %+v %v", st, err)
	}
	server := openFile(t, db, nil) // a server beside them, its engine file elsewhere
	serverFile := filepath.Join(dir, "server.engine")
	if _, err := server.StartEngine(ctx, ""); err != nil {
		t.Fatal(err)
	}
	if err := server.SaveSnapshot(serverFile); err != nil {
		t.Fatal(err)
	}
	keeper := server.KeepEngineFile(serverFile, Started{FromFile: true}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if keeper.due(time.Now()) {
		t.Fatal("the keeper would write a file just written: the test proves nothing")
	}

	if _, err := seed.Erase(ctx, "jan@voorbeeld.nl", false); err != nil { // `klantpuls erase`
		t.Fatal(err)
	}
	if err := RemoveEngineFile(file); err != nil { // what the erase command does after
		t.Fatal(err)
	}
	if err := report.SaveSnapshot(file); err != nil { // the report answered: it writes its file
		t.Fatal(err)
	}
	if b := readFile(t, file); !bytes.Contains(b, []byte("jan@voorbeeld.nl")) || !bytes.Contains(b, []byte("hernia")) {
		t.Fatal("the report's file does not hold the erased customer: the test proves nothing")
	}

	next := openFile(t, db, nil) // the next report starts from that file and catches up
	st, err := next.StartEngine(ctx, file)
	if err != nil || !st.FromFile || !st.Rewrite() {
		t.Fatalf("the next start: %+v, %v; want from the file, to be written again (it caught up on an erasure)", st, err)
	}
	if err := next.SaveSnapshot(file); err != nil {
		t.Fatal(err)
	}
	if _, err := server.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if !keeper.due(time.Now()) {
		t.Error("the server caught up on the erasure, and its keeper would leave its file until 10 minutes have passed")
	}
	keeper.Save()
	for _, f := range []string{file, serverFile} {
		b := readFile(t, f)
		for _, word := range []string{"jan@voorbeeld.nl", "hernia"} {
			if bytes.Contains(b, []byte(word)) {
				t.Errorf("after the erasure, %s still holds %q", filepath.Base(f), word)
			}
		}
	}
}
