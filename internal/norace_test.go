package internal_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestRaceSkipsRunWithoutRace: a test that skips under the race detector (`if raceDetector {
// t.Skip(...) }`: the demo year's reports take minutes there) must be run by the Makefile's
// second `go test`, the one without it — else it runs nowhere. Two of ClickHouse's parity
// tests (issue 18 point 2) skipped under -race and were in no list, so CI never ran them.
func TestRaceSkipsRunWithoutRace(t *testing.T) {
	makefile, err := os.ReadFile("../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	// $(GO) test -count=1 -run '^(TestA|TestB)$$' ./cmd/klantpuls/
	line := regexp.MustCompile(`(?m)^\t\$\(GO\) test -count=1 -run '([^']+)' (\./\S+/)$`).FindSubmatch(makefile)
	if line == nil {
		t.Fatal("the Makefile has no `$(GO) test -count=1 -run '…' ./PACKAGE/` line without the race detector")
	}
	run, err := regexp.Compile(strings.ReplaceAll(string(line[1]), "$$", "$"))
	if err != nil {
		t.Fatalf("the Makefile's -run %q: %v", line[1], err)
	}
	dir := filepath.Clean(filepath.Join("..", string(line[2])))
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
			if !ok || !strings.HasPrefix(fn.Name.Name, "Test") || fn.Body == nil || !skipsUnderRace(fn.Body) {
				continue
			}
			found++
			if filepath.Dir(path) != dir || !run.MatchString(fn.Name.Name) {
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
