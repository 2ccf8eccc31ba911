package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
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
