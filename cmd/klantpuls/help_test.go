package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// A new user types `klantpuls help` and `klantpuls help import` before they think of --help;
// both answered "unexpected argument help", exit 2. They print what --help prints, exit 0, and
// the top help lists the command.
func TestHelpCommandAnswersAsHelpFlag(t *testing.T) {
	help := func(args ...string) (string, int) {
		var out, errOut bytes.Buffer
		code := run(context.Background(), args, &out, &errOut)
		return out.String() + errOut.String(), code
	}
	for _, c := range []struct {
		name string
		help []string
		flag []string
	}{
		{"the commands", []string{"help"}, []string{"--help"}},
		{"a command", []string{"help", "import"}, []string{"import", "--help"}},
		{"a subcommand", []string{"help", "connection", "add"}, []string{"connection", "add", "--help"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, code := help(c.help...)
			want, wantCode := help(c.flag...)
			if code != 0 || wantCode != 0 || got != want {
				t.Errorf("klantpuls %s: exit %d, want %d and the help of klantpuls %s:\n%s\nwant:\n%s",
					strings.Join(c.help, " "), code, wantCode, strings.Join(c.flag, " "), got, want)
			}
		})
	}
	if top, _ := help("--help"); !strings.Contains(strings.Join(strings.Fields(top), " "), "help Show the help of a command") {
		t.Errorf("--help does not list the help command:\n%s", top)
	}
	if out, code := help("help", "nonsense"); code != 2 || !strings.Contains(out, "nonsense") {
		t.Errorf("klantpuls help nonsense: exit %d, want 2 naming it:\n%s", code, out)
	}
}
