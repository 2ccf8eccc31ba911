package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestRestoreRefusesAnOpenDatabaseInItsLanguage: a restore over a database a serve has open is
// refused naming the process (README, Backups), in the command's language as every refusal is.
// A Dutch run said "… is open in process N (…): stop it first" in English.
func TestRestoreRefusesAnOpenDatabaseInItsLanguage(t *testing.T) {
	if onPostgres {
		t.Skip("SQLite only: restore is SQLite's")
	}
	p := newProject(t)
	backup := filepath.Join(p.dir, "backup.db")
	if _, stderr, code := p.run("backup", backup); code != 0 {
		t.Fatalf("backup: exit %d\n%s", code, stderr)
	}
	n := startNode(t, p.db)
	// The node's command line, as /proc/PID/cmdline holds it, words joined by spaces.
	holder := fmt.Sprintf("%d (%s --db %s serve --addr 127.0.0.1:0)", n.cmd.Process.Pid, os.Args[0], p.db)
	for _, lang := range []string{"nl", "en"} {
		t.Run(lang, func(t *testing.T) {
			t.Setenv("KLANTPULS_LANG", lang)
			p.says(inLang(lang)("klantpuls: "+p.db+" is in gebruik bij proces "+holder+": stop dat eerst",
				"klantpuls: "+p.db+" is open in process "+holder+": stop it first"), 1,
				"restore", "--force", backup)
		})
	}
}
