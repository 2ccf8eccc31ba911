package ingest

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestRefusalCountsItsFields: a refusal's detail counts its invalid fields in English a reader
// can quote — "1 invalid field", not "1 invalid fields" — and names how many it lists when it
// lists fewer than it found (100, as the CSV import lists rows).
func TestRefusalCountsItsFields(t *testing.T) {
	cfg := config.Default()
	response := func(id, score string) string {
		return `{"response_id":"` + id + `","survey":"nps","score":` + score + `,"submitted_at":"2026-12-01 10:00"}`
	}
	many := make([]string, 101)
	for i := range many {
		many[i] = response(fmt.Sprintf("R%d", i), "11")
	}
	for _, tc := range []struct{ name, body, detail string }{
		{"one", response("R1", "11"), "1 invalid field; nothing was stored"},
		{"two", "[" + response("R1", "11") + "," + response("R2", "12") + "]", "2 invalid fields; nothing was stored"},
		{"more than are listed", "[" + strings.Join(many, ",") + "]", "101 invalid fields (the first 100 listed); nothing was stored"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read(cx.KindResponses, cfg, []byte(tc.body))
			var p *Error
			if !errors.As(err, &p) || p.Detail != tc.detail {
				t.Errorf("got %v, want %q", err, tc.detail)
			}
		})
	}
	t.Run("a patch", func(t *testing.T) {
		recs, err := Read(cx.KindResponses, cfg, []byte(response("R1", "9")))
		if err != nil {
			t.Fatal(err)
		}
		_, err = Patch(cx.KindResponses, cfg, recs[0], []byte(`{"comment":"a","Comment":"b"}`))
		var p *Error
		if !errors.As(err, &p) || p.Detail != "1 invalid field; nothing was stored" {
			t.Errorf("got %v, want %q", err, "1 invalid field; nothing was stored")
		}
	})
}
