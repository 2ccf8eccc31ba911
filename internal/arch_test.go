// Package internal_test holds the architecture test: the imports of every package of the
// module, as `go list` reports them, checked against the arrows of DESIGN.md.
package internal_test

import (
	"bytes"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/klantpuls/klantpuls/"

// layers, top to bottom, as DESIGN.md draws them: cmd → web/importer/report → app →
// engine/store → metric/calendar → cx. A package imports packages of its own layer or below,
// never above. Packages DESIGN does not name sit beside the ones that use them. A package of
// the module in no layer fails the test: a new package must be placed. "p/..." stands for every
// package under p.
var layers = [][]string{
	{"cmd/klantpuls", "bench", "internal/soak", "internal", // internal: this test
		"internal/docs",      // writes docs/ from the registry and the importer: reads from every layer
		"internal/web/walk"}, // the browser walk of every page: starts app and web, drives internal/browsertest
	{"internal/web", "internal/importer", "internal/importer/...", "internal/report", "internal/ingest", "internal/survey",
		"internal/survey/form", "internal/alert", "internal/digest", "internal/hook", "internal/hooks", "internal/mail", "internal/demo", "internal/pull"},
	{"internal/app"},
	{"internal/engine", "internal/store", "internal/store/...", "internal/config", "internal/auth",
		"internal/clickhouse"}, // the engine's records in ClickHouse, beside the store (issue 18)
	{"internal/metric", "internal/model", "internal/model/churn", "internal/calendar", "internal/text", "internal/theme", "internal/chart"},
	{"internal/cx",
		"internal/nameorder", // the order names are listed in, for the store's key and every list (x/text, so not in cx)
		"internal/pgtest", "internal/chtest", "internal/smtptest", "internal/browsertest", "internal/pdftest",
		"internal/testneed", "internal/nearjson"},
}

// edge is one import: from imports to (module packages without the module path), in a test
// file of from when test.
type edge struct {
	from, to string
	test     bool
}

// rule is one arrow of DESIGN.md turned round: the imports it forbids.
type rule struct {
	name    string
	forbids func(e edge) bool
}

var rules = []rule{
	{"dependencies point one way: cmd → web/importer/report → app → engine/store → metric/calendar → cx",
		func(e edge) bool { return layerOf(e.to) >= 0 && layerOf(e.to) < layerOf(e.from) }},
	{"the engine never imports the store: it is fed records, so it is tested without a database",
		func(e edge) bool {
			return e.from == "internal/engine" && isStore(e.to) || isStore(e.from) && e.to == "internal/engine"
		}},
	{"the engine takes the typed values it needs, not the config",
		func(e edge) bool { return e.from == "internal/engine" && e.to == "internal/config" }},
	{"metric, model and calendar do no I/O", func(e edge) bool {
		return (e.from == "internal/metric" || e.from == "internal/model" || e.from == "internal/model/churn" || e.from == "internal/calendar") && (doesIO(e.to) || isDatabase(e.to))
	}},
	{"cx is domain types on the standard library only", func(e edge) bool {
		return e.from == "internal/cx" && strings.Contains(strings.Split(e.to, "/")[0], ".")
	}},
	{"web never imports the store nor database/sql: web writes no SQL",
		func(e edge) bool {
			return e.from == "internal/web" && (isStore(e.to) && !(e.test && isTestDatabase(e.to)) || isDatabase(e.to))
		}},
	{"nothing but app writes to the store, so no write can bypass the engine", func(e edge) bool {
		return isStore(e.to) && e.from != "internal/app" && !isStore(e.from) && !(e.test && isTestDatabase(e.to))
	}},
	{"no SQL is written outside internal/store (and internal/clickhouse, the derived copy)", func(e edge) bool {
		return isDatabase(e.to) && !isStore(e.from) && e.from != "internal/clickhouse"
	}},
	{"test helpers are for tests: the binary never starts a database, mail or browser of its own",
		func(e edge) bool { return !e.test && isTestHelper(e.to) && !isTestHelper(e.from) }},
}

// exception is an import a rule forbids that is allowed anyway, and why.
type exception struct {
	from, to string
	tests    bool // only in test files of from
	why      string
}

var exceptions = []exception{
	{from: "internal/engine", to: "internal/demo", tests: true,
		why: "the demo year is the realistic data the engine's series are checked on, bucket by bucket " +
			"against queries of each bucket alone; demo imports only cx and calendar, so there is no cycle"},
	{from: "internal/app", to: "internal/demo", tests: true,
		why: "the shipper's tests ship the demo year into ClickHouse (issue 18); demo imports only cx and " +
			"calendar, so there is no cycle"},
	{from: "internal/clickhouse", to: "internal/demo", tests: true,
		why: "the ClickHouse querier's customer figures are checked against the engine's on the demo year " +
			"(issue 18); demo imports only cx and calendar, so there is no cycle"},
	{from: "internal/clickhouse", to: "internal/store/sqlite", tests: true,
		why: "the shipper derives an answer from its ticket and other answers as the store holds them " +
			"(Derive.Store); its tests write their records into a real SQLite store first, as the app does"},
	{from: "internal/soak", to: "internal/store", tests: true,
		why: "the soak harness checks what the running binary committed by reading the store as an outsider"},
	{from: "internal/soak", to: "internal/store/sqlite", tests: true, why: "as above, on SQLite"},
	{from: "internal/soak", to: "internal/store/postgres", tests: true, why: "as above, on PostgreSQL"},
	{from: "internal/app", to: "internal/ingest",
		why: "a patch is checked inside its write transaction (App.Write, after Tx.Get) with exactly the rules " +
			"of a record sent whole (ingest.Patch → ingest.Read), not a second validator; ingest is pure " +
			"(bytes in, records out) and imports only cx, config and importer, none of which imports app"},
	{from: "internal/pgtest", to: "github.com/jackc/pgx/v5",
		why: "test helper: starts a throwaway PostgreSQL and creates a database per test"},
	{from: "internal/chtest", to: "github.com/ClickHouse/clickhouse-go/v2",
		why: "test helper: starts a throwaway ClickHouse, waits for it and drops a test's database"},
}

func layerOf(pkg string) int {
	for i, l := range layers {
		for _, p := range l {
			if p == pkg || strings.HasSuffix(p, "/...") && strings.HasPrefix(pkg, strings.TrimSuffix(p, "...")) {
				return i
			}
		}
	}
	return -1
}

func isStore(pkg string) bool {
	return pkg == "internal/store" || strings.HasPrefix(pkg, "internal/store/")
}

// isTestDatabase tells whether pkg is a test helper that sets a test's database up from outside
// app; any package's tests may take one. Besides a new database as a copy of one migrated once
// (sqlitetest.Fresh, postgrestest.Fresh), sqlitetest makes the files the binary must meet
// (another program's, an older or a newer release's, a damaged one), injects faults (triggers
// that refuse writes) and reads what a file holds. These write rows and triggers past app on
// purpose: they make the database that the code under test then meets through app, or the
// binary, as it would a user's; the rule is about that code's own writes. The binary imports
// none of them (the rule on test helpers).
func isTestDatabase(pkg string) bool {
	return pkg == "internal/store/sqlite/sqlitetest" || pkg == "internal/store/postgres/postgrestest"
}

func isTestHelper(pkg string) bool {
	return slices.Contains([]string{"internal/pgtest", "internal/chtest", "internal/smtptest", "internal/browsertest", "internal/store/storetest",
		"internal/store/sqlite/sqlitetest", "internal/store/postgres/postgrestest"}, pkg)
}

// isDatabase tells whether pkg talks SQL: database/sql or a driver.
func isDatabase(pkg string) bool {
	for _, p := range []string{"database/sql", "modernc.org/sqlite", "modernc.org/libc", "github.com/jackc/pgx", "github.com/lib/pq",
		"github.com/mattn/go-sqlite3", "github.com/ClickHouse/clickhouse-go"} {
		if pkg == p || strings.HasPrefix(pkg, p+"/") {
			return true
		}
	}
	return false
}

// doesIO tells whether a standard package reaches files, the network or processes.
func doesIO(pkg string) bool {
	for _, p := range []string{"os", "net", "syscall", "io/fs", "io/ioutil", "plugin"} {
		if pkg == p || strings.HasPrefix(pkg, p+"/") {
			return true
		}
	}
	return false
}

// check returns what is wrong with edges: imports a rule forbids and no exception allows,
// module packages in no layer, and exceptions nothing needs any more.
func check(edges []edge) []string {
	var problems []string
	used := make([]bool, len(exceptions))
	placed := map[string]bool{}
	for _, e := range edges {
		for _, p := range []string{e.from, e.to} {
			if strings.HasPrefix(p, "internal") || strings.HasPrefix(p, "cmd/") || p == "bench" {
				if layerOf(p) < 0 && !placed[p] {
					placed[p] = true
					problems = append(problems, fmt.Sprintf("%s is in no layer: place it in layers (arch_test.go)", p))
				}
			}
		}
		for _, r := range rules {
			if !r.forbids(e) {
				continue
			}
			i := slices.IndexFunc(exceptions, func(x exception) bool {
				return x.from == e.from && x.to == e.to && (e.test || !x.tests)
			})
			if i >= 0 {
				used[i] = true
				continue
			}
			where := ""
			if e.test {
				where = " (in a test)"
			}
			problems = append(problems, fmt.Sprintf("%s imports %s%s: %s", e.from, e.to, where, r.name))
		}
	}
	for i, x := range exceptions {
		if !used[i] {
			problems = append(problems, fmt.Sprintf("the exception %s → %s is no longer needed: remove it", x.from, x.to))
		}
	}
	return problems
}

// moduleEdges lists every import of every package of the module, test files included.
func moduleEdges(t *testing.T) []edge {
	t.Helper()
	cmd := exec.Command("go", "list", "-e", "-f",
		`{{.ImportPath}}{{"\t"}}{{join .Imports " "}}{{"\t"}}{{join .TestImports " "}} {{join .XTestImports " "}}`, "./...")
	cmd.Dir = ".." // the module's root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	var edges []edge
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			t.Fatalf("go list printed %q", line)
		}
		from := strings.TrimPrefix(f[0], module)
		for i, list := range f[1:] {
			for _, to := range strings.Fields(list) {
				edges = append(edges, edge{from: from, to: strings.TrimPrefix(to, module), test: i == 1})
			}
		}
	}
	if len(edges) < 100 {
		t.Fatalf("go list found only %d imports: is this the module's root?", len(edges))
	}
	return edges
}

// TestImportsFollowDesign fails on any import of the module that DESIGN.md's arrows forbid.
func TestImportsFollowDesign(t *testing.T) {
	for _, p := range check(moduleEdges(t)) {
		t.Error(p)
	}
}

// TestRulesRefuse shows that each rule refuses what it must and lets the design's own arrows
// pass: the imports this test was written against.
func TestRulesRefuse(t *testing.T) {
	for _, tt := range []struct {
		e    edge
		want bool // refused
	}{
		{edge{from: "internal/web", to: "internal/store"}, true},
		{edge{from: "internal/web", to: "internal/store/sqlite", test: true}, true},
		{edge{from: "internal/web", to: "database/sql"}, true},
		{edge{from: "cmd/klantpuls", to: "internal/store/sqlite"}, true},
		{edge{from: "internal/survey", to: "internal/store"}, true},
		{edge{from: "internal/alert", to: "internal/store"}, true},
		{edge{from: "internal/engine", to: "internal/store"}, true},
		{edge{from: "internal/engine", to: "internal/app"}, true},
		{edge{from: "internal/app", to: "internal/web"}, true},
		{edge{from: "internal/metric", to: "os"}, true},
		{edge{from: "internal/calendar", to: "net/http"}, true},
		{edge{from: "internal/metric", to: "internal/engine"}, true},
		{edge{from: "internal/cx", to: "github.com/BurntSushi/toml"}, true},
		{edge{from: "internal/report", to: "modernc.org/sqlite"}, true},
		{edge{from: "internal/web", to: "internal/pgtest"}, true},
		{edge{from: "internal/web", to: "github.com/ClickHouse/clickhouse-go/v2"}, true},
		{edge{from: "internal/app", to: "internal/chtest"}, true},
		{edge{from: "internal/newthing", to: "internal/cx"}, true}, // in no layer
		{edge{from: "cmd/klantpuls", to: "internal/web"}, false},
		{edge{from: "internal/web", to: "internal/app"}, false},
		{edge{from: "internal/app", to: "internal/store/sqlite"}, false},
		{edge{from: "internal/store/sqlite", to: "database/sql"}, false},
		{edge{from: "internal/store/sqlite", to: "internal/store/storetest", test: true}, false},
		{edge{from: "internal/engine", to: "internal/metric"}, false},
		{edge{from: "internal/metric", to: "gonum.org/v1/gonum/stat/distuv"}, false},
		{edge{from: "internal/web", to: "internal/browsertest", test: true}, false},
		{edge{from: "internal/clickhouse", to: "github.com/ClickHouse/clickhouse-go/v2"}, false},
		{edge{from: "internal/app", to: "internal/clickhouse"}, false},
		{edge{from: "internal/app", to: "internal/chtest", test: true}, false},
	} {
		name := fmt.Sprintf("%s → %s (test %v)", tt.e.from, tt.e.to, tt.e.test)
		t.Run(name, func(t *testing.T) {
			var got []string
			for _, p := range check([]edge{tt.e}) {
				if !strings.HasPrefix(p, "the exception") { // one edge leaves most exceptions unused
					got = append(got, p)
				}
			}
			if refused := len(got) > 0; refused != tt.want {
				t.Errorf("refused %v, want %v: %q", refused, tt.want, got)
			}
		})
	}
}
