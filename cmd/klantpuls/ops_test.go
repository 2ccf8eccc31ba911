package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestBackupAndRestore backs a SQLite database up, changes it, and restores the backup.
func TestBackupAndRestore(t *testing.T) {
	p := newProject(t)
	p.mustImport("tickets", "ticket_id,created_at\nT1,2026-03-02 10:00\nT2,2026-03-03 10:00\n")
	backup := filepath.Join(p.dir, "backup.db")
	if _, stderr, code := p.run("backup", backup); code != 0 {
		t.Fatalf("backup: %s", stderr)
	}
	if _, stderr, code := p.run("backup", backup); code != 1 || !strings.Contains(stderr, "exists") {
		t.Errorf("a backup over an existing file: %d %s", code, stderr)
	}
	p.mustImport("tickets", "ticket_id,created_at\nT3,2026-03-04 10:00\n")
	if n := p.report("2026-03-01", "2026-04-01").num("groups.0.metrics.tickets.created"); n != 3 {
		t.Fatalf("before restoring: %v tickets", n)
	}
	if _, stderr, code := p.run("restore", backup); code != 1 || !strings.Contains(stderr, "--force") {
		t.Errorf("restore over a database without --force: %d %s", code, stderr)
	}
	if _, stderr, code := p.run("restore", "--force", backup); code != 0 {
		t.Fatalf("restore: %s", stderr)
	}
	if n := p.report("2026-03-01", "2026-04-01").num("groups.0.metrics.tickets.created"); n != 2 {
		t.Errorf("after restoring: %v tickets, want the backup's 2", n)
	}
	notDB := p.file("junk.db", "this is not a database")
	if _, stderr, code := p.run("restore", "--force", notDB); code != 1 || !strings.Contains(stderr, "not a sound SQLite database") {
		t.Errorf("restoring junk: %d %s", code, stderr)
	}
	if _, _, code := p.run("migrate"); code != 0 {
		t.Error("migrate on an up-to-date database")
	}
}
