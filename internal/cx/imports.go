package cx

import "time"

// ImportRun is one import of a file, in the import history: who imported what, when, from
// which source, and what came of it. The command line and the browser both record theirs.
type ImportRun struct {
	ID       int64     `json:"id"`
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished,omitzero"` // zero while it runs
	UserID   int64     `json:"user_id,omitempty"` // the user who imported; 0 on the command line
	// Actor is who imported, as people read it: an e-mail address or "cli:<os user>".
	Actor string `json:"actor"`
	File  string `json:"file"` // the file's name as it was given (its base name in the browser)
	// Source is how the file was read: a canonical kind ("tickets"), "preset:NAME" or
	// "map:FILE" (a mapping file).
	Source  string `json:"source"`
	Rows    int    `json:"rows"`    // data rows read
	Written int    `json:"written"` // records inserted or changed
	// Replaced is how many of the written records replaced one stored with the same key.
	Replaced int `json:"replaced"`
	// Deleted is how many stored records the file deleted (a mapping's delete rule: an order
	// the export shows cancelled).
	Deleted int    `json:"deleted"`
	Refused int    `json:"refused"` // rows refused (written to the rejects file)
	Status  string `json:"status"`  // one of the Import… statuses
	// Rejects is where the refused rows were written (a path on the server); "" when none.
	Rejects string `json:"rejects,omitempty"`
	Error   string `json:"error,omitempty"` // why it failed, for people
	// Said is what klantpuls says of how the run ended, as the key of its words (ImportSaid…),
	// said in the reader's language when shown; "" when Error alone says it. Error holds no
	// words of it then: a run ended at a server's start has no one's language to be said in.
	Said string `json:"said,omitempty"`
	// Node is the serve process running an import started in the browser (host:pid,
	// app.Holder); "" on the command line.
	Node string `json:"-"`
	// Phase is how far a browser import had come when it was last recorded: "" while it reads
	// and writes, then ImportCommitting and ImportCommitted. A run its server left running when
	// killed is ended by it (app.EndAbandonedImports).
	Phase string `json:"-"`
}

// The phases of an import in the browser (ImportRun.Phase).
const (
	// ImportCommitting: PostgreSQL was sent the import's COMMIT, and may have committed it.
	ImportCommitting = "committing"
	// ImportCommitted: the import committed; the engine catches up on it.
	ImportCommitted = "committed"
)

// What klantpuls says of how an import ended (ImportRun.Said).
const (
	// ImportSaidAbandoned: its server was gone before the commit; nothing is stored.
	ImportSaidAbandoned = "abandoned"
	// ImportSaidAbandonedCommit: its server was gone during the commit; maybe stored.
	ImportSaidAbandonedCommit = "abandoned_commit"
	// ImportSaidAbandonedCommitted: its server was gone after the commit, before the figures
	// were brought up to date; they are when it starts again.
	ImportSaidAbandonedCommitted = "abandoned_committed"
	// ImportSaidFiguresLater: committed, then stopped before the figures were brought up to
	// date with it; they are at the next start (of the server, or a command's engine).
	ImportSaidFiguresLater = "figures_later"
	// ImportSaidFiguresBehind: committed, but the figures were not brought up to date with it.
	ImportSaidFiguresBehind = "figures_behind"
	// ImportSaidStoppedAfterCommit: a command's import stopped after its commit, before the
	// figures were brought up to date with it; they are at the next start.
	ImportSaidStoppedAfterCommit = "stopped_after_commit"
	// ImportSaidStopped: stopped before its commit; nothing is stored.
	ImportSaidStopped = "stopped"
)

// The statuses of an import.
const (
	ImportRunning = "running"
	ImportDone    = "done"   // committed (with --skip-invalid, perhaps with rows refused)
	ImportFailed  = "failed" // nothing committed
	// ImportUnknown: the database did not answer the commit (the server stopped during it, the
	// connection broke off), so it may have committed: importing the file again replaces what
	// of it is stored.
	ImportUnknown = "unknown"
)

// ImportStatuses are the statuses an import can have.
var ImportStatuses = []string{ImportRunning, ImportDone, ImportFailed, ImportUnknown}

// SavedMapping is a mapping file (docs/mapping.md) saved by name from the browser import, to
// read later files of the same source by: their header recognises it as it recognises a
// preset, and `klantpuls import --mapping NAME` reads by it on the command line.
type SavedMapping struct {
	Name   string    `json:"name"`
	Text   string    `json:"text"` // the mapping file, TOML; checked by the mapping parser when saved
	Saved  time.Time `json:"saved"`
	UserID int64     `json:"user_id,omitempty"` // who saved it; 0 on the command line
	Actor  string    `json:"actor"`             // an e-mail address or "cli:<os user>"
}
