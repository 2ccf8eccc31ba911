package docs

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/config"
)

// TestGeneratedDocs fails when a generated file in docs/ is not what the code makes of it
// now; with KLANTPULS_DOCS=write it writes the files instead.
func TestGeneratedDocs(t *testing.T) {
	openapi, err := os.ReadFile(filepath.Join("..", "web", "openapi.json"))
	if err != nil {
		t.Fatal(err)
	}
	for name, generate := range map[string]func() ([]byte, error){
		"metrics.md": func() ([]byte, error) { return Metrics(openapi) },
		"import.md":  Import,
		"mapping.md": Mapping,
	} {
		t.Run(name, func(t *testing.T) {
			want, err := generate()
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("..", "..", "docs", name)
			if os.Getenv("KLANTPULS_DOCS") == "write" {
				if err := os.WriteFile(path, want, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			const how = "write it with `go generate ./internal/docs/` (or KLANTPULS_DOCS=write go test ./internal/docs/) and commit it"
			got, err := os.ReadFile(path)
			switch {
			case err != nil:
				t.Errorf("docs/%s: %v; %s", name, err, how)
			case !bytes.Equal(got, want):
				t.Errorf("docs/%s is stale: the code it is generated from changed; %s", name, how)
			}
		})
	}
}

// The generated documents say what the registry and the importer say, checked by hand on a
// few lines a reader relies on.
func TestGeneratedDocsContent(t *testing.T) {
	openapi, err := os.ReadFile(filepath.Join("..", "web", "openapi.json"))
	if err != nil {
		t.Fatal(err)
	}
	metrics, err := Metrics(openapi)
	if err != nil {
		t.Fatal(err)
	}
	imports, err := Import()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ doc, want string }{
		{string(metrics), "| [First response time](#first_response) | Eerste reactietijd | `first_response` | `business.mean` | lower is better | none | channel, team, agent, segment, category |"},
		{string(metrics), "| [Transfer rate](#transfers) | Doorgezet | `transfers` | `value` | lower is better | pooled two-proportion z-test | channel, team, agent, segment, category |"},
		{string(metrics), "- **Example.** In March five tickets are solved with `transfers` 0, 2, empty, 1 and 0"},
		{string(metrics), "| [Churn](#churn) | Verloop (churn) | `churn` | `value` | lower is better | none | segment |"},
		{string(metrics), "- **Unit and display.** seconds, shown as 1 u 05 m (Dutch) or 1 h 05 m (English)"},
		{string(metrics), "- **Change test.** the NPS z-test; the dashboard and the e-mail digest colour a change good or bad only when p < 0.05"},
		// An untested change is coloured on the tiles and in the digests by direction alone
		// (README, Overzicht and Digests): the page said "never coloured" while a CES tile showed
		// its change green, "beter".
		{string(metrics), "- **Change test.** none: the dashboard and the e-mail digest colour a change by the metric's direction alone (better or worse), never calling it significant"},
		{string(metrics), "| `business.median` | Median in seconds (linear interpolation between closest ranks); null when n is 0. |"},
		{string(imports), "| `ticket_id` | key |"},
		{string(imports), "| `criterion` | key |"},
		{string(imports), "| `acquired_at` | yes |"},
		// The importer's own messages, as a user sees them.
		{string(imports), "customers.csv:2: acquired_at: 2026-03-29 02:30 does not exist in Europe/Amsterdam (clocks go from 02:00 to 03:00 that night): give an offset such as +01:00, or import with --timezone"},
		{string(imports), "tickets.csv:1: created_at: required column missing (a tickets file needs ticket_id, created_at)"},
		{string(imports), "responses.csv:2: score: 11 is outside the nps scale 0..10"},
		{string(imports), "customers.csv:3: customer_id: duplicate key \"C1\" (first at line 2)"},
	} {
		if !strings.Contains(tt.doc, tt.want) {
			t.Errorf("the document lacks %q", tt.want)
		}
	}
}

// The example of docs/configuration.md is read by the configuration reader itself: a key that
// does not exist or a value out of bounds fails here, not in a user's hands.
func TestConfigurationExampleLoads(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "configuration.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), "```toml\n")
	example, _, closed := strings.Cut(rest, "```")
	if !ok || !closed {
		t.Fatal("docs/configuration.md has no ```toml block")
	}
	cfg, err := config.Parse([]byte(example), "docs/configuration.md")
	if err != nil {
		t.Fatal(err)
	}
	// A few settings read back as the example gives them.
	if cfg.CSAT.PositiveMin != 4 || len(cfg.Criteria) != 2 || !cfg.Criteria[1].Critical || cfg.Invitations.LinkDays != 30 {
		t.Errorf("the example reads as %+v", cfg)
	}
}
