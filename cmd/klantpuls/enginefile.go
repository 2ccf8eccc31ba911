package main

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/config"
)

// The commands that answer from the engine (report, model fit, digest send, serve) start it
// from the engine file (--engine-file, app.EngineFile) and leave the file current for the next
// one; import brings an existing file up to date with what it committed (README, The engine
// file).

// engineFile is the engine file of the database: --engine-file, else beside a SQLite database.
func (e *env) engineFile() string { return app.EngineFile(e.globals.EngineFile, e.globals.DB) }

// startEngine loads a's engine from the engine file when it is usable, else from the
// database. Why a file there was refused goes to stderr in one line. The commands that call it
// answer and end, so the file's columns are used where they lie (app.App.Brief).
func (e *env) startEngine(a *app.App) (app.Started, error) {
	a.Brief = true
	return a.StartEngine(e.ctx, e.engineFile())
}

// openStarted opens the database, which must exist, with cfg and starts its engine
// (startEngine): the commands that answer from the engine begin so.
func (e *env) openStarted(cfg *config.Config) (*app.App, app.Started, error) {
	if err := e.mustExist(); err != nil {
		return nil, app.Started{}, err
	}
	a, err := e.openWith(cfg)
	if err != nil {
		return nil, app.Started{}, err
	}
	started, err := e.startEngine(a)
	if err != nil {
		a.Close()
		return nil, app.Started{}, err
	}
	return a, started, nil
}

// openUnstarted opens the database of an existing project without loading its engine: a command
// whose figures come from elsewhere (ClickHouse) loads it only if it asks the engine itself.
func (e *env) openUnstarted(cfg *config.Config) (*app.App, app.Started, error) {
	if err := e.mustExist(); err != nil {
		return nil, app.Started{}, err
	}
	a, err := e.openWith(cfg)
	return a, app.Started{}, err
}

// keepEngineFile writes the engine file after a command answered, when the engine was loaded
// from the database or caught up on many changes (app.Started.Rewrite): the next command
// starts from it. A file that cannot be written costs the next command time, not this one its
// answer: a warning, no failure.
func (e *env) keepEngineFile(a *app.App, st app.Started) {
	path := e.engineFile()
	if path == "" || a.Engine() == nil || !st.Rewrite() {
		return
	}
	start := time.Now()
	if err := a.SaveSnapshot(path); err != nil {
		a.Log.Warn(sayEngineFileNotWritten, slog.String("file", path), slog.Any("error", err))
		return
	}
	a.Log.Debug("engine file written", slog.String("file", path), slog.Duration("took", time.Since(start)))
}

// refreshEngineFile brings an existing engine file up to date after an import wrote records
// (app.CatchUpEngineFile), and makes one when the database was empty before the import
// (build). Otherwise, without a usable file, it does nothing (a refused one is named on
// stderr): the next command that needs the engine loads it and writes the file.
func (e *env) refreshEngineFile(a *app.App, build bool) {
	path := e.engineFile()
	if path == "" {
		return
	}
	a.Brief = true // the import ends after it
	st, err := a.CatchUpEngineFile(e.ctx, path, build)
	switch {
	case err != nil:
		a.Log.Warn(sayEngineFileBehind, slog.String("file", path), slog.Any("error", err))
	case st.Refused != "" && build:
		a.Log.Warn(sayEngineFileMadeAnew, slog.String("file", path), slog.String("why", st.Refused))
	case st.Refused != "":
		refusedEngineFile(a, path, st.Refused)
	}
}

// streamImports has the imports feed the engine as they write when the engine file can be
// kept so (app.App.StreamImports): from the file, or from nothing into an empty database. A
// refused file is named on stderr, with why, and refused says so: it is not looked at again
// after the import (a file ahead of the database, once the import's changes have passed its
// number, must not be taken for current) but left to the next report, which writes it anew.
func (e *env) streamImports(a *app.App, empty bool) (ok, refused bool, err error) {
	path := e.engineFile()
	if path == "" {
		return false, false, nil
	}
	a.Brief = true // the import ends after it
	ok, why, err := a.StreamImports(e.ctx, path, empty)
	if why != "" {
		refusedEngineFile(a, path, why)
	}
	return ok, why != "", err
}

// saveStreamedEngine writes the engine the imports fed: first catching up on what another
// process committed meanwhile (usually nothing).
func (e *env) saveStreamedEngine(a *app.App) {
	path := e.engineFile()
	if _, err := a.CatchUp(e.ctx); err != nil {
		a.Log.Warn(sayEngineFileBehind, slog.String("file", path), slog.Any("error", err))
		return
	}
	if err := a.SaveSnapshot(path); err != nil {
		a.Log.Warn(sayEngineFileNotWritten, slog.String("file", path), slog.Any("error", err))
	}
}

// dropEngineFile removes the engine file (after an erasure, whose words it may hold, or a
// restore, whose database it was not made of): the next command rebuilds it.
func (e *env) dropEngineFile() error {
	path := e.engineFile()
	if path == "" {
		return nil
	}
	if err := app.RemoveEngineFile(path); err != nil {
		return fmt.Errorf("%s: %w", msgEngineFileNotRemoved.In(e.lang, path), err)
	}
	return nil
}

// refusedEngineFile says on stderr that the engine file at path was not used, and why: the
// next report writes it anew.
func refusedEngineFile(a *app.App, path, why string) {
	a.Log.Warn(sayEngineFileRefused, slog.String("file", path), slog.String("why", why))
}
