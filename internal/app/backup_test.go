package app

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
	"github.com/klantpuls/klantpuls/internal/store/sqlite"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// TestRestoreThatFailsLeavesNoCopy restores a backup whose copy fails half-way (a damaged page
// CheckBackup would have found): the restore's partial copy is removed, not left beside the
// database for the next restore to find.
func TestRestoreThatFailsLeavesNoCopy(t *testing.T) {
	dir := t.TempDir()
	path, backup := filepath.Join(dir, "k.db"), filepath.Join(dir, "backup.db")
	sqlitetest.Fresh(t, path)
	sqlitetest.Damaged(t, backup)
	if _, err := Restore(context.Background(), path, backup, cx.AuditEntry{Action: cx.AuditRestore, Subject: "test"}); err == nil {
		t.Fatal("a damaged backup was restored")
	}
	if _, err := os.Lstat(path + ".restore"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the restore's copy after the failure: %v, want none", err)
	}
}

// TestRestoreOfAnOlderBackupMigratesTheCopy restores backups an older release made: the copy is
// brought up to date before it takes the database's place, so a migration that fails on it
// leaves the database as it was — its records, no restore in its audit log — and no copy beside
// it, and says so. The backup was put in place first and migrated after: a failing migration
// left the database gone and, in its place, a file this klantpuls could not open.
func TestRestoreOfAnOlderBackupMigratesTheCopy(t *testing.T) {
	ctx := context.Background()
	live := func(t *testing.T) (path string) {
		path = filepath.Join(t.TempDir(), "k.db")
		a, err := Open(ctx, sqlitetest.FreshUnlessThere(t, path), nil)
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		if _, err := a.Ingest(ctx, []cx.Record{&cx.Ticket{ID: "T1", CreatedAt: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}}); err != nil {
			t.Fatal(err)
		}
		return path
	}
	entry := cx.AuditEntry{Action: cx.AuditRestore, Actor: "test", Subject: "backup.db"}
	t.Run("brought up to date", func(t *testing.T) {
		path := live(t)
		backup := filepath.Join(t.TempDir(), "backup.db")
		sqlitetest.OfAnOlderRelease(t, backup, 27)
		if _, err := Restore(ctx, path, backup, entry); err != nil {
			t.Fatal(err)
		}
		a, err := Open(ctx, path, nil)
		if err != nil {
			t.Fatalf("the restored database: %v", err)
		}
		defer a.Close()
		if _, err := a.Record(ctx, cx.KindTickets, "T1"); cx.ErrorCode(err) != cx.ENOTFOUND {
			t.Errorf("T1 after restoring a backup without it: %v", err)
		}
	})
	t.Run("a migration that fails", func(t *testing.T) {
		path := live(t)
		backup := filepath.Join(t.TempDir(), "backup.db")
		sqlitetest.OfAnOlderReleaseThatCannotBeMigrated(t, backup)
		if err := CheckBackup(ctx, backup); err != nil {
			t.Fatalf("the check before the restore: %v", err)
		}
		_, err := Restore(ctx, path, backup, entry)
		if err == nil || !strings.Contains(err.Error(), path+" is left as it was") || !strings.Contains(err.Error(), "erased_authors") {
			t.Errorf("the restore: %v, want it refused saying the database is left as it was, and why", err)
		}
		for _, side := range []string{".restore", ".restore-wal", ".restore-shm", ".restore.lock"} {
			if _, err := os.Lstat(path + side); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("%s after the failure: %v, want none", side, err)
			}
		}
		a, err := Open(ctx, path, nil)
		if err != nil {
			t.Fatalf("the database after the failed restore: %v", err)
		}
		defer a.Close()
		if _, err := a.Record(ctx, cx.KindTickets, "T1"); err != nil {
			t.Errorf("T1 after the failed restore: %v", err)
		}
		log, err := a.AuditLog(ctx, store.AuditQuery{})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range log {
			if e.Action == cx.AuditRestore {
				t.Errorf("the failed restore is in the audit log: %+v", e)
			}
		}
	})
}

// TestRestoreOpensTheReplacedDatabaseOnce: a restore reads what it keeps of the database it
// replaces — its audit log, its erasures — in one open of it. It opened it twice (its audit log,
// then its erasures), each open checking its schema and preparing the writer's statements, and
// each close writing its journal back. A connection to the database, in WAL mode, makes its -shm
// file, and the last one closed removes it: the kernel counts them (inotify), for one open and
// close, for the look at the file a claim takes (sqlite.Ours), and for the restore.
func TestRestoreOpensTheReplacedDatabaseOnce(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path, backup := filepath.Join(dir, "k.db"), filepath.Join(t.TempDir(), "backup.db")
	sqlitetest.Fresh(t, path)
	sqlitetest.Fresh(t, backup)
	once := shmMade(t, dir, func() {
		a, err := Open(ctx, path, nil)
		if err != nil {
			t.Fatal(err)
		}
		a.Close()
	})
	look := shmMade(t, dir, func() {
		if err := sqlite.Ours(ctx, path); err != nil {
			t.Fatal(err)
		}
	})
	restore := shmMade(t, dir, func() {
		if _, err := Restore(ctx, path, backup, cx.AuditEntry{Action: cx.AuditRestore, Actor: "test", Subject: "backup.db"}); err != nil {
			t.Fatal(err)
		}
	})
	if once == 0 || restore-look != once {
		t.Errorf("the restore made k.db-shm %d times: its claim's look %d, and %d opens of %d each; want one", restore, look, (restore-look)/max(once, 1), once)
	}
}

// shmMade counts the times k.db-shm is made in dir while do runs.
func shmMade(t *testing.T, dir string, do func()) int {
	t.Helper()
	fd, err := syscall.InotifyInit1(syscall.IN_NONBLOCK | syscall.IN_CLOEXEC)
	if err != nil {
		t.Skipf("no inotify: %v", err)
	}
	defer syscall.Close(fd)
	if _, err := syscall.InotifyAddWatch(fd, dir, syscall.IN_CREATE); err != nil {
		t.Fatal(err)
	}
	do()
	made := 0
	buf := make([]byte, 64<<10)
	for {
		n, err := syscall.Read(fd, buf)
		if n <= 0 || err != nil {
			return made
		}
		for off := 0; off+syscall.SizeofInotifyEvent <= n; {
			ev := (*syscall.InotifyEvent)(unsafe.Pointer(&buf[off]))
			name := buf[off+syscall.SizeofInotifyEvent : off+syscall.SizeofInotifyEvent+int(ev.Len)]
			if string(bytes.TrimRight(name, "\x00")) == "k.db-shm" {
				made++
			}
			off += syscall.SizeofInotifyEvent + int(ev.Len)
		}
	}
}
