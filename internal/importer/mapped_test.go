package importer

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer/mapping"
)

// FuzzMapped reads arbitrary files by every preset (p picks it), the presets' test exports
// (cmd/klantpuls/testdata/presets) as seeds. Whatever the bytes, the reader does not panic,
// every error names a line of the file, and a file read without errors gives each key of a
// kind once.
func FuzzMapped(f *testing.F) {
	presets := mapping.Presets()
	for i, m := range presets {
		data, err := os.ReadFile(filepath.Join("..", "..", "cmd", "klantpuls", "testdata", "presets", m.Name+".csv"))
		if errors.Is(err, os.ErrNotExist) { // a preset for a JSON file
			data, err = os.ReadFile(filepath.Join("..", "..", "cmd", "klantpuls", "testdata", "presets", m.Name+".json"))
		}
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(i), string(data))
		f.Add(uint8(i), strings.Replace(string(data), "\n", "\n\n", 2))
	}
	f.Fuzz(func(t *testing.T, p uint8, file string) {
		m := presets[int(p)%len(presets)]
		md := &Mapped{Map: m, File: "in.csv", Config: config.Default()}
		seen := map[string]bool{}
		_, err := md.From(strings.NewReader(file))(func(r cx.Record) error {
			key := string(r.RecordKind()) + "\x00" + r.Key()
			if seen[key] {
				t.Fatalf("%s handed on twice", key)
			}
			seen[key] = true
			return nil
		})
		var errs *Errors
		switch {
		case err == nil:
		case errors.As(err, &errs):
			lines := strings.Count(file, "\n") + strings.Count(file, "\r") + 1
			for _, e := range errs.List {
				if e.Line < 1 || e.Line > lines {
					t.Fatalf("error on line %d of a file of %d lines: %v", e.Line, lines, e)
				}
			}
		default:
			t.Fatalf("not a row error: %v", err)
		}
	})
}
