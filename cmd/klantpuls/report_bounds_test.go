package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// Two orders of 1.7e308 can no longer be imported (TestImportRowRules), but a database filled
// by an older version may hold them: every report format then says what is wrong, exits 1
// and prints no half report.
func TestReportOfUnboundedAmounts(t *testing.T) {
	p := newProject(t)
	p.mustImport("customers", "customer_id,acquired_at\nC1,2026-01-01 10:00\n")
	a, err := app.Open(context.Background(), p.db, config.Default())
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 5, 10, 0, 0, 0, time.UTC)
	_, err = a.Ingest(context.Background(), []cx.Record{
		&cx.Order{ID: "O1", CustomerID: "C1", OrderedAt: at, Amount: 1.7e308},
		&cx.Order{ID: "O2", CustomerID: "C1", OrderedAt: at, Amount: 1.7e308},
	})
	a.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"json", "csv", "table"} {
		stdout, stderr, code := p.run("report", "--from", "2026-03-01", "--to", "2026-04-01", "--format", format)
		if code != 1 || stdout != "" || !strings.Contains(stderr, "klantpuls: report: a figure is not a finite number") {
			t.Errorf("%s: exit %d, stdout %.200q, stderr %q", format, code, stdout, stderr)
		}
	}
}
