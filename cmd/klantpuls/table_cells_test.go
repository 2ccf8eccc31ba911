package main

import (
	"strings"
	"testing"
)

// A name in a command's table is someone's text: an agent's or team's name as typed in a form
// or sent to the API, a connection's last error as a server wrote it. A line break would start a
// row no one has, a tab a column, a terminal's escape would recolour or clear the screen; each
// control character is shown as U+FFFD, as the report table shows a name (report.clip).
func TestTableCellsShowNoControlCharacters(t *testing.T) {
	inEnglish(t)
	p := newProject(t)
	t.Setenv("KLANTPULS_USER_PASSWORD", "paarse olifant op de fiets")
	const agent, team = "Anna\x1b[2J", "Noord\nlead@example.com\tadmin"
	if _, stderr, code := p.run("user", "add", "--email", "anna@example.com", "--role", "agent", "--agent", agent, "--team", team); code != 0 {
		t.Fatalf("user add: exit %d %s", code, stderr)
	}
	stdout, stderr, code := p.run("user", "list")
	if code != 0 {
		t.Fatalf("user list: exit %d %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if len(lines) != 2 || strings.ContainsRune(stdout, '\x1b') ||
		!strings.Contains(lines[1], "Anna\uFFFD[2J") || !strings.Contains(lines[1], "Noord\uFFFDlead@example.com\uFFFDadmin") {
		t.Errorf("user list, want a heading and one row with the names' control characters as \uFFFD:\n%q", stdout)
	}
}
