package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// TestReportUnchanged pins the report JSON of the demo year (seed 1, until 2026-07-01) for the
// year and its last month, unsplit and by every dimension. The files in testdata/golden were
// written by klantpuls before the store and metric seams were redesigned (issue 10), so a
// refactoring that changes one byte of any report fails here. When a change to the figures is
// intended (a spec change), write them again with KLANTPULS_GOLDEN=write and say why in the commit.
func TestReportUnchanged(t *testing.T) {
	if testing.Short() {
		t.Skip("the demo year takes a few seconds")
	}
	if raceDetector {
		t.Skip("ten engine loads of the demo year take minutes under -race; make test runs this without it")
	}
	p := goldenProject(t)
	eachGolden(t, p, func(t *testing.T, path, got string) {
		if os.Getenv("KLANTPULS_GOLDEN") == "write" {
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if got != string(want) {
			t.Errorf("the report differs from %s (%d bytes, want %d); first difference at byte %d",
				path, len(got), len(want), firstDifference(got, string(want)))
		}
	})
}

// goldenProject is a project holding the demo data the golden reports are of: a copy of the
// database goldenDatabase makes once per test process (the reports from ClickHouse and the
// golden files each made the demo year again, seconds of CPU each).
func goldenProject(t *testing.T) *project {
	t.Helper()
	p := &project{t: t, dir: t.TempDir()}
	p.db = filepath.Join(p.dir, "klantpuls.db")
	goldenDatabase(t, p.db)
	return p
}

// goldenDatabase writes a SQLite database holding the demo data of the golden reports, made by
// `klantpuls demo` on first use.
var goldenDatabase = sqlitetest.Made(func(db string) error {
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"--db", db, "demo", "--seed", "1", "--until", "2026-07-01"}, io.Discard, &stderr); code != 0 {
		return fmt.Errorf("demo: exit %d\n%s", code, stderr.String())
	}
	return nil
})

// eachGolden runs the report of each golden file (the year and its last month, unsplit and by
// every dimension) in p, as a subtest, and hands check the file's path and the report.
func eachGolden(t *testing.T, p *project, check func(t *testing.T, path, got string)) {
	periods := []struct{ name, from, to string }{
		{"year", "2025-07-01", "2026-07-01"},
		{"month", "2026-06-01", "2026-07-01"},
	}
	for _, period := range periods {
		for _, by := range []string{"none", "channel", "team", "agent", "segment", "category"} {
			name := period.name + "-" + by + ".json"
			t.Run(name, func(t *testing.T) {
				args := []string{"report", "--from", period.from, "--to", period.to, "--format", "json"}
				if by != "none" {
					args = append(args, "--by", by)
				}
				got, stderr, code := p.run(args...)
				if code != 0 {
					t.Fatalf("report: exit %d\n%s", code, stderr)
				}
				check(t, filepath.Join("testdata", "golden", name), got)
			})
		}
	}
}

func firstDifference(a, b string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
