package internal_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestRaceSkipsRunWithoutRace: a test that skips under the race detector (`if raceDetector {
// t.Skip(...) }`: the demo year's reports take minutes there) must be run by the Makefile's
// second `go test`, the one without it — else it runs nowhere. Two of ClickHouse's parity
// tests (issue 18 point 2) skipped under -race and were in no list, so CI never ran them. And
// every test that run names must skip under the race detector (else it runs twice, minutes
// each) and be there; the run has the first's timeout (go test's default, 10 minutes, is less).
func TestRaceSkipsRunWithoutRace(t *testing.T) {
	makefile, err := os.ReadFile("../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	line := regexp.MustCompile(`(?m)^\t\$\(GO\) test -count=1 -timeout \$\(TESTTIMEOUT\) -run '\^\(([\w|]+)\)\$\$' (\./\S+/)$`).FindSubmatch(makefile)
	if line == nil {
		t.Fatal("the Makefile has no `$(GO) test -count=1 -timeout $(TESTTIMEOUT) -run '^(TestA|TestB)$$' ./PACKAGE/` line without the race detector")
	}
	names := strings.Split(string(line[1]), "|")
	dir := filepath.Clean(filepath.Join("..", string(line[2])))
	skips := map[string]bool{} // the tests of dir: whether each skips under the race detector
	found := 0
	err = filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == ".git" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || !strings.HasPrefix(fn.Name.Name, "Test") || fn.Body == nil {
				continue
			}
			skipped := skipsUnderRace(fn.Body)
			if filepath.Dir(path) == dir {
				skips[fn.Name.Name] = skipped
			}
			if !skipped {
				continue
			}
			found++
			if filepath.Dir(path) != dir || !slices.Contains(names, fn.Name.Name) {
				t.Errorf("%s: %s skips under the race detector, but the Makefile's run without it (-run %s %s) leaves it out",
					path, fn.Name.Name, line[1], line[2])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found == 0 {
		t.Error("no test skips under the race detector: is the check still looking for the right statement?")
	}
	for _, name := range names {
		skipped, ok := skips[name]
		switch {
		case !ok:
			t.Errorf("the Makefile's run without the race detector names %s, which is no test of %s", name, line[2])
		case !skipped:
			t.Errorf("the Makefile's run without the race detector names %s, which does not skip under it: it runs twice", name)
		}
	}
}

// skipsUnderRace tells whether body has `if raceDetector { … }` at its top level.
func skipsUnderRace(body *ast.BlockStmt) bool {
	for _, s := range body.List {
		if is, ok := s.(*ast.IfStmt); ok {
			if id, ok := is.Cond.(*ast.Ident); ok && id.Name == "raceDetector" {
				return true
			}
		}
	}
	return false
}
