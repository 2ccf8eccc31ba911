package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// TestImportHistory records a browser import from start to end and a command-line import in
// one step, and reads them back newest first; a file name with a line break is stored on one line.
func TestImportHistory(t *testing.T) {
	ctx := context.Background()
	a, err := Open(ctx, sqlitetest.New(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	started := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	web := &cx.ImportRun{Started: started, UserID: 1, Actor: "anouk@shop.nl", File: "zendesk\nmaart.csv",
		Source: "preset:zendesk-tickets"}
	if err := a.StartImport(ctx, web); err != nil {
		t.Fatal(err)
	}
	if web.Status != cx.ImportRunning || web.ID == 0 || web.File != "zendesk maart.csv" {
		t.Errorf("started: %+v; want running, with an id, the file name on one line", web)
	}
	web.Rows, web.Written, web.Refused, web.Status = 30, 28, 2, cx.ImportDone
	if err := a.FinishImport(ctx, web); err != nil {
		t.Fatal(err)
	}
	if web.Finished.IsZero() {
		t.Error("FinishImport left Finished zero; want now")
	}
	run := CommandLineImport("tickets.csv", "tickets", started.Add(time.Minute))
	run.Rows, run.Written, run.Status = 1200, 1200, cx.ImportDone
	cli, err := a.RecordImport(ctx, run)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(cli.Actor, "cli:") {
		t.Errorf("command-line import by %q, want cli:<user>", cli.Actor)
	}
	got, err := a.ImportHistory(ctx, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != cli.ID || got[1].ID != web.ID || got[1].Written != 28 || got[1].Status != cx.ImportDone {
		t.Errorf("history %+v; want the command-line run, then the browser run with 28 written, done", got)
	}
	one, err := a.ImportRun(ctx, web.ID)
	if err != nil || one.Refused != 2 {
		t.Errorf("ImportRun(%d) = %+v, %v; want 2 refused", web.ID, one, err)
	}
}
