package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/store/postgres/postgrestest"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// The tests of this package drive the real command line in process: CSV files in a temp dir,
// `klantpuls import` into a real SQLite file, `klantpuls report --format json` out, parsed as
// plain JSON so that field names are checked as the contract (data.md section 4) spells them.

// project is one temp dir with a database and, optionally, a config file.
type project struct {
	t      *testing.T
	dir    string
	db     string // a SQLite file in dir, or a PostgreSQL database (onPostgres)
	config string
}

// onPostgres makes newProject use a PostgreSQL database: TestOnPostgres runs the same tests
// against both stores. Tests do not run in parallel, so a package variable will do.
var onPostgres bool

func newProject(t *testing.T) *project {
	t.Helper()
	p := &project{t: t, dir: t.TempDir()}
	p.db = filepath.Join(p.dir, "klantpuls.db")
	if onPostgres {
		p.db = postgrestest.Fresh(t)
	} else {
		sqlitetest.Fresh(t, p.db)
	}
	return p
}

// withConfig writes a klantpuls.toml the commands will use.
func (p *project) withConfig(toml string) *project {
	p.config = p.file("klantpuls.toml", toml)
	return p
}

// file writes a file into the project and returns its path.
func (p *project) file(name, content string) string {
	p.t.Helper()
	path := filepath.Join(p.dir, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		p.t.Fatal(err)
	}
	return path
}

// run runs klantpuls with --db (and --config) set for the project. An import without --lang
// speaks English here, whatever the machine's locale: the tests were written against its words
// so. TestImportSpeaksAsReportDoes checks the default (Dutch unless the locale is English).
func (p *project) run(args ...string) (stdout, stderr string, code int) {
	p.t.Helper()
	all := []string{"--db", p.db}
	if p.config != "" {
		all = append(all, "--config", p.config)
	}
	args = importInEnglish(args)
	var out, errOut bytes.Buffer
	code = run(context.Background(), append(all, args...), &out, &errOut)
	return out.String(), errOut.String(), code
}

// inEnglish makes the commands t runs speak English ($KLANTPULS_LANG), as project.run makes an
// import: the tests of what a command does were written against its English words.
// TestCommandsSayInTheirLanguage checks its words in both languages.
func inEnglish(t *testing.T) { t.Setenv("KLANTPULS_LANG", "en") }

// importInEnglish gives an import command line without --lang the flag --lang en.
func importInEnglish(args []string) []string {
	at := slices.Index(args, "import")
	if at < 0 || slices.ContainsFunc(args, func(a string) bool { return a == "--lang" || strings.HasPrefix(a, "--lang=") }) {
		return args
	}
	return slices.Concat(args[:at+1], []string{"--lang", "en"}, args[at+1:])
}

// mustImport imports CSV content of a kind and fails the test on any error.
func (p *project) mustImport(kind, csv string) {
	p.t.Helper()
	path := p.file(kind+".csv", csv)
	if _, stderr, code := p.run("import", "--kind", kind, path); code != 0 {
		p.t.Fatalf("import %s: exit %d\n%s", kind, code, stderr)
	}
}

// report runs `report --format json` and returns the parsed document.
func (p *project) report(from, to string, extra ...string) doc {
	p.t.Helper()
	stdout, stderr, code := p.run(append([]string{"report", "--from", from, "--to", to, "--format", "json"}, extra...)...)
	if code != 0 {
		p.t.Fatalf("report: exit %d\n%s", code, stderr)
	}
	var d map[string]any
	if err := json.Unmarshal([]byte(stdout), &d); err != nil {
		p.t.Fatalf("report is not JSON: %v\n%s", err, stdout)
	}
	return doc{p.t, d}
}

// doc is a parsed report with path look-ups: "groups.0.metrics.nps.value".
type doc struct {
	t *testing.T
	m map[string]any
}

func (d doc) get(path string) (any, bool) {
	var cur any = d.m
	for _, part := range strings.Split(path, ".") {
		switch c := cur.(type) {
		case map[string]any:
			v, ok := c[part]
			if !ok {
				return nil, false
			}
			cur = v
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i >= len(c) {
				return nil, false
			}
			cur = c[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

// num returns the number at path; the test fails when it is missing or null.
func (d doc) num(path string) float64 {
	d.t.Helper()
	v, ok := d.get(path)
	if !ok {
		d.t.Fatalf("%s: missing", path)
	}
	f, ok := v.(float64)
	if !ok {
		d.t.Fatalf("%s = %v, want a number", path, v)
	}
	return f
}

// isNull tells whether path holds JSON null (and exists).
func (d doc) isNull(path string) bool {
	v, ok := d.get(path)
	return ok && v == nil
}

// expect checks numbers: want maps a path (under groups.0.metrics unless it starts with
// "groups.") to its expected value, compared within tol.
func (d doc) expect(tol float64, want map[string]float64) {
	d.t.Helper()
	for path, w := range want {
		if !strings.HasPrefix(path, "groups.") {
			path = "groups.0.metrics." + path
		}
		if got := d.num(path); math.Abs(got-w) > tol {
			d.t.Errorf("%s = %v, want %v", path, got, w)
		}
	}
}

// expectNull checks that paths hold null.
func (d doc) expectNull(paths ...string) {
	d.t.Helper()
	for _, path := range paths {
		if !strings.HasPrefix(path, "groups.") {
			path = "groups.0.metrics." + path
		}
		if !d.isNull(path) {
			v, _ := d.get(path)
			d.t.Errorf("%s = %v, want null", path, v)
		}
	}
}

// csvRows builds a CSV body: a header and rows produced by f(i) for i in [0, n).
func csvRows(header string, n int, f func(i int) string) string {
	var b strings.Builder
	b.WriteString(header + "\n")
	for i := range n {
		fmt.Fprintln(&b, f(i))
	}
	return b.String()
}

// --help names each default as data.md section 1 and README's environment table give them:
// --db klantpuls.db, serve's --addr 127.0.0.1:8080, --grace 30s and --drain 0s. A flag's
// placeholder (DSN, HOST:PORT) hides the default kong would otherwise show.
func TestHelpNamesDefaults(t *testing.T) {
	for _, c := range []struct {
		args []string
		want []string
	}{
		{nil, []string{"(default: klantpuls.db in the working directory)"}},
		{[]string{"serve"}, []string{"default 127.0.0.1:8080;", "(default 30s)", "default 0s)"}},
		{[]string{"token", "create"}, []string{"(default never)"}},
	} {
		var out, errOut bytes.Buffer
		if code := run(context.Background(), append(c.args, "--help"), &out, &errOut); code != 0 {
			t.Errorf("%v --help: exit %d", c.args, code)
		}
		help := strings.Join(strings.Fields(out.String()), " ") // as wrapped for no terminal
		for _, want := range c.want {
			if !strings.Contains(help, want) {
				t.Errorf("klantpuls %v --help does not name the default %q:\n%s", c.args, want, help)
			}
		}
	}
}

// A mistyped --db given to a command that reads or changes what a database holds is refused as
// report refuses it ("no database at …", exit 1), and no empty database is made there — user
// list answered "no users" from one. The commands that fill a new database make it: import,
// the first sync (--since), serve, demo, migrate, user add and connection add. import
// --list-presets lists the presets without one.
func TestMissingDatabaseIsNotMade(t *testing.T) {
	inEnglish(t)
	t.Setenv("KLANTPULS_USER_PASSWORD", "een-lang-wachtwoord-2026")
	for _, c := range []struct {
		args []string
		code int
		made bool
	}{
		{[]string{"user", "list"}, 1, false},
		{[]string{"user", "set", "--email", "anna@example.nl", "--role", "agent"}, 1, false},
		{[]string{"user", "password", "--email", "anna@example.nl"}, 1, false},
		{[]string{"user", "remove", "--email", "anna@example.nl"}, 1, false},
		{[]string{"token", "create", "--name", "helpdesk"}, 1, false},
		{[]string{"connection", "list"}, 1, false},
		{[]string{"connection", "remove", "3"}, 1, false},
		{[]string{"delete", "--kind", "tickets", "--id", "T1"}, 1, false},
		{[]string{"erase", "--customer", "C1"}, 1, false},
		{[]string{"erase", "--customer", "anna@example.nl", "--ahead"}, 1, false},
		{[]string{"digest", "schedule", "anna@example.nl", "--daily"}, 1, false},
		{[]string{"digest", "send", "anna@example.nl", "--base-url", "https://klantpuls.example.nl"}, 1, false},
		{[]string{"sync", "zendesk"}, 1, false},
		{[]string{"model", "fit"}, 1, false},
		{[]string{"rescore"}, 1, false},
		{[]string{"import", "--list-presets"}, 0, false},
		{[]string{"migrate"}, 0, true},
		{[]string{"user", "add", "--email", "lead@example.nl"}, 0, true},
	} {
		typo := filepath.Join(t.TempDir(), "klantpul.db")
		var out, errOut bytes.Buffer
		code := run(context.Background(), append([]string{"--db", typo}, c.args...), &out, &errOut)
		_, err := os.Stat(typo)
		if code != c.code || (err == nil) != c.made {
			t.Errorf("%v on a --db that is not there: exit %d, want %d; database made: %v, want %v\n%s", c.args, code, c.code, err == nil, c.made, errOut.String())
		}
		if !c.made && c.code != 0 && !strings.Contains(errOut.String(), "no database at "+typo) {
			t.Errorf("%v: the refusal does not name the file:\n%s", c.args, errOut.String())
		}
	}
}

// TestFirstSyncWithoutSinceSaysSince: a sync without --since on a database that is not there
// is refused as a later sync without its first, the way README's setup begins — not sent to
// import or the demo, which do not make a sync's cursor.
func TestFirstSyncWithoutSinceSaysSince(t *testing.T) {
	inEnglish(t)
	typo := filepath.Join(t.TempDir(), "klantpul.db")
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"--db", typo, "sync", "freshdesk"}, &out, &errOut)
	if code != 1 || !strings.Contains(errOut.String(), "no database at "+typo) ||
		!strings.Contains(errOut.String(), "klantpuls sync freshdesk --since 2026-01-01") {
		t.Errorf("sync without --since on no database: exit %d, want 1 naming the file and the first sync's --since:\n%s", code, errOut.String())
	}
}

// A list flag's placeholder is its one item: kong adds ",..." itself. connection add --help
// showed --kinds=KIND,…,... (a placeholder "KIND,…" and kong's ellipsis after it).
func TestHelpWritesAListFlagOnce(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"connection", "add", "--help"}, &out, &errOut); code != 0 {
		t.Fatalf("connection add --help: exit %d: %s", code, errOut.String())
	}
	if help := out.String(); !strings.Contains(help, "--kinds=KIND,...") || strings.Contains(help, "…,...") {
		t.Errorf("connection add --help does not write --kinds=KIND,...:\n%s", help)
	}
}
