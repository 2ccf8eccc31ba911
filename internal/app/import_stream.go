package app

import (
	"context"

	"github.com/klantpuls/klantpuls/internal/engine"
)

// An import command keeps the engine file current (issue 17). Bringing the file up to date by
// reading the import's records back from the database after the commit (CatchUpEngineFile) was
// the slower half of an import: at 26M records, 80 of its 190 seconds went to reading back
// what had just been written. StreamImports lets the imports of a process that owns its engine
// (the `import` command, not a server: its engine is seen by nobody else) put each record into
// the engine as it goes to the database, and the command then only writes the file.

// StreamImports starts the engine for imports that feed it as they write: from the engine file
// at path, or empty when the database is empty. It returns false, doing nothing, when the file
// is missing or refused and the database holds records (why says why a file there was refused):
// the imports then run without an engine and the file is caught up afterwards, as before.
// Only a process whose engine nobody else reads may call it: an import that fails has put
// records in the engine that were never committed, and the engine is dropped (StreamedEngine
// then says so).
func (a *App) StreamImports(ctx context.Context, path string, empty bool) (ok bool, why string, err error) {
	if empty {
		if err := a.LoadEngine(ctx); err != nil {
			return false, "", err
		}
	} else if ok, why, err = a.restoreFile(ctx, path); err != nil || !ok {
		return false, why, err
	}
	a.streaming = true
	return true, "", nil
}

// StreamedEngine tells whether the engine StreamImports started holds every import since: false
// when there was none, or an import failed and the engine was dropped.
func (a *App) StreamedEngine() bool { return a.streaming && a.engine.Load() != nil }

// feed is the engine's loader an import puts its records into (nil when the imports do not
// stream). Its caller holds the write turn; done must be called with whether the import
// committed.
func (a *App) feed() (put *engine.Loader, done func(committed bool)) {
	e := a.engine.Load()
	if !a.streaming || e == nil {
		return nil, func(bool) {}
	}
	l := e.Load()
	return l, func(committed bool) {
		l.Close()
		if !committed {
			// Records of a transaction that did not commit are in it: nobody may use it.
			a.engine.Store(nil)
		}
	}
}
