package app

import (
	"context"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// The import history (store.Imports): each file imported, from the command line or the
// browser, with who, when, how it was read and what came of it.

// PresetSource begins the Source of a run read by a preset ("preset:zendesk-tickets"), in the
// history and the browser's form alike; a canonical kind stands alone ("tickets").
const PresetSource = "preset:"

// StartImport adds run to the history as running (its Status is set) and sets run.ID and
// run.Started. Call it before Import: on SQLite the history is written through the one write
// connection, which an import holds until it commits.
func (a *App) StartImport(ctx context.Context, run *cx.ImportRun) error {
	run.Status, run.Node = cx.ImportRunning, Holder()
	cleanRun(run)
	return a.imports.AddImport(ctx, run)
}

// FinishImport records what came of a started run: its counts, status (done or failed),
// rejects file and error; a zero run.Finished is now.
func (a *App) FinishImport(ctx context.Context, run *cx.ImportRun) error {
	if run.Finished.IsZero() {
		run.Finished = time.Now()
	}
	cleanRun(run)
	return a.imports.UpdateImport(ctx, run)
}

// abandoned is the status of a run whose process was gone before it ended, and what is said of
// it (cx.ImportSaid…, in the reader's words when shown: no one's language is known at a start),
// by how far it had come: before its commit nothing of it is stored; during a commit PostgreSQL
// may have committed it; after its commit it is done, with the counts recorded then.
func abandoned(run cx.ImportRun) (status, said string) {
	switch run.Phase {
	case cx.ImportCommitting:
		return cx.ImportUnknown, cx.ImportSaidAbandonedCommit
	case cx.ImportCommitted:
		return cx.ImportDone, cx.ImportSaidAbandonedCommitted
	}
	return cx.ImportFailed, cx.ImportSaidAbandoned
}

// recordPhase records that run has come to phase (cx.ImportCommitting, cx.ImportCommitted), with
// the counts res has by then. On SQLite the import holds the one write connection until its
// commit, so it is not told of the commit to come: SQLite stores a commit whole once its last
// write is done, and a kill before that stored nothing, as a run without a phase says. A phase
// not recorded is a warning: the import goes on.
func (a *App) recordPhase(ctx context.Context, run *cx.ImportRun, phase string, res ImportResult) {
	if phase == cx.ImportCommitting && a.dbFile != "" {
		return
	}
	run.Phase, run.Rows, run.Written, run.Replaced, run.Deleted = phase, res.Rows, res.Written, res.Replaced, res.Deleted
	if err := a.imports.UpdateImport(ctx, run); err != nil {
		a.logger().Warn(LogImportPhaseNotRecorded, "import", run.ID, "phase", phase, "error", err)
	}
}

// EndAbandonedImports ends the runs left "running" by a serve of this machine that is gone
// (Gone): killed before it could record their end. Each ends as its phase says (abandoned).
// Their uploads are the caller's. Called when serve starts, before it starts any import.
func (a *App) EndAbandonedImports(ctx context.Context) (ended int, err error) {
	runs, err := a.imports.RunningImports(ctx)
	if err != nil {
		return 0, err
	}
	for _, run := range runs {
		if !Gone(run.Node) {
			continue
		}
		run.Finished = time.Time{}
		run.Status, run.Said = abandoned(run)
		if err := a.FinishImport(ctx, &run); err != nil {
			return ended, err
		}
		ended++
	}
	return ended, nil
}

// RecordImport adds a run that has ended to the history in one step, as the command line does
// after each file: run.Started is when the import began, Status cx.ImportDone, cx.ImportFailed
// or cx.ImportUnknown. CommandLineImport fills in who and from where.
func (a *App) RecordImport(ctx context.Context, run cx.ImportRun) (cx.ImportRun, error) {
	if run.Finished.IsZero() {
		run.Finished = time.Now()
	}
	cleanRun(&run)
	err := a.imports.AddImport(ctx, &run)
	return run, err
}

// CommandLineImport is a history run of a file imported on the command line: the operating
// system's user imported it ("cli:beheer"), as the audit log names them (CommandLine).
func CommandLineImport(file, source string, started time.Time) cx.ImportRun {
	return cx.ImportRun{Started: started, Actor: CommandLine("", "").Actor, File: file, Source: source}
}

// ImportRun reads one run of the history (cx.ENOTFOUND when there is none).
func (a *App) ImportRun(ctx context.Context, id int64) (*cx.ImportRun, error) {
	return a.imports.ImportRun(ctx, id)
}

// ImportHistory reads the history newest first: runs with an id below before (0: the newest),
// at most limit.
func (a *App) ImportHistory(ctx context.Context, before int64, limit int) ([]cx.ImportRun, error) {
	return a.imports.ImportHistory(ctx, before, limit)
}

// cleanRun makes the text of a run storable, as Audit does: a file name comes from a browser.
func cleanRun(run *cx.ImportRun) {
	run.Actor, run.File, run.Source = clean(run.Actor, 320), clean(run.File, 320), clean(run.Source, 320)
	run.Rejects, run.Error = clean(run.Rejects, 1000), clean(run.Error, 4000)
}
