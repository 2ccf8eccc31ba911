package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/klantpuls/klantpuls/internal/chtest"
	"github.com/klantpuls/klantpuls/internal/nearjson"
)

// TestReportFromClickHouse: with [engine] kind = "clickhouse", `klantpuls report` ships what the
// store holds beyond ClickHouse first, then answers from ClickHouse without loading the engine:
// on the demo half year of TestReportUnchanged, the whole report JSON of every --by, over a year
// and a month, equals the in-memory engine's golden files (testdata/golden) — counts exactly,
// the other numbers to 1e-9 relative, every field and group alike. A record written after the
// first report is in the next.
func TestReportFromClickHouse(t *testing.T) {
	if testing.Short() {
		t.Skip("the demo year takes a few seconds")
	}
	if raceDetector {
		t.Skip("twelve reports of the demo year from ClickHouse take minutes under -race; make test runs this without it")
	}
	p := goldensFromClickHouse(t, chtest.Shared(t).NewDatabase(t))
	if _, err := os.Stat(p.db + ".engine"); err == nil {
		t.Error("the reports from ClickHouse wrote an engine file: they loaded the engine")
	}
	t.Run("a record written since is in the next report", func(t *testing.T) {
		p.mustImport("tickets", "ticket_id,created_at,channel\nCH-NEW,2026-06-15 10:00,Telefoon\n")
		got, stderr, code := p.run("report", "--from", "2026-06-01", "--to", "2026-07-01", "--format", "json")
		if code != 0 {
			t.Fatalf("report: exit %d\n%s", code, stderr)
		}
		var now, before struct {
			Groups []struct {
				Metrics struct {
					Tickets struct{ Created int } `json:"tickets"`
				} `json:"metrics"`
			} `json:"groups"`
		}
		want, _ := os.ReadFile(filepath.Join("testdata", "golden", "month-none.json"))
		if json.Unmarshal([]byte(got), &now) != nil || json.Unmarshal(want, &before) != nil || len(now.Groups) != 1 || len(before.Groups) != 1 ||
			now.Groups[0].Metrics.Tickets.Created != before.Groups[0].Metrics.Tickets.Created+1 {
			t.Errorf("tickets created %+v; want one more than the golden's %+v", now.Groups, before.Groups)
		}
	})
}

// goldensFromClickHouse reports the golden files' reports from the ClickHouse database of dsn
// ([engine] kind = "clickhouse") in a project of their demo data, each equal to its golden file
// (nearjson: counts exactly, the rest to 1e-9), and returns the project.
func goldensFromClickHouse(t *testing.T, dsn string) *project {
	t.Helper()
	p := goldenProject(t)
	p.withConfig(fmt.Sprintf("[engine]\nkind = \"clickhouse\"\nclickhouse = %q\n", dsn))
	eachGolden(t, p, func(t *testing.T, path, got string) {
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		nearjson.Same(t, "", nearjson.DecodeText(t, got), nearjson.DecodeText(t, string(want)))
	})
	return p
}
