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

// A mapped JSON export holds to the rule of a canonical one (TestJSONWholeNumbers): a JSON
// number passed on as written, 9.0 or 90e-1, is the score 9; a string "9.0" is refused naming
// the export's column and line.
func TestMappedJSONWholeNumbers(t *testing.T) {
	m, err := mapping.Parse("enquete.toml", []byte(`title = "Enquête (JSON)"
[kinds.responses.fields]
response_id = { column = "id" }
survey = { value = "nps" }
score = { column = "answer.score" }
submitted_at = { column = "submitted" }
`))
	if err != nil {
		t.Fatal(err)
	}
	file := `{"id":"A1","answer":{"score":9.0},"submitted":"2026-03-02 10:00"}` + "\n" +
		`{"id":"A2","answer":{"score":90e-1},"submitted":"2026-03-02 10:00"}` + "\n" +
		`{"id":"A3","answer":{"score":"9.0"},"submitted":"2026-03-02 10:00"}` + "\n"
	md := &Mapped{Map: m, File: "enquete.json", Config: config.Default()}
	var scores []int
	_, err = md.From(strings.NewReader(file))(func(r cx.Record) error {
		scores = append(scores, r.(*cx.Response).Score)
		return nil
	})
	errs := rowErrors(t, err)
	want := `enquete.json:3: answer.score: "9.0" is not a whole number: write digits only (3)`
	if len(errs) != 1 || errs[0].Error() != want {
		t.Errorf("errors %v, want %s", errs, want)
	}
	if len(scores) != 2 || scores[0] != 9 || scores[1] != 9 {
		t.Errorf("scores handed on %v, want [9 9] (A1, A2)", scores)
	}
}
