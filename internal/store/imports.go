package store

import (
	"context"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Imports keeps the import history: one row per file imported, from the command line or the
// browser, added when the import starts and brought up to date when it ends. Like the audit
// log, it stands apart from records: replacing or erasing records never touches it.
type Imports interface {
	// AddImport adds a run and sets run.ID; a zero run.Started is now. Its status must be one
	// of cx.ImportStatuses (cx.EINVALID otherwise).
	AddImport(ctx context.Context, run *cx.ImportRun) error
	// UpdateImport stores what came of a run: its counts, status, rejects file, error, phase
	// and finish time (all but who, when and what, which stay as added). cx.ENOTFOUND for an
	// unknown id.
	UpdateImport(ctx context.Context, run *cx.ImportRun) error
	// ImportRun reads one run; cx.ENOTFOUND when there is none of that id.
	ImportRun(ctx context.Context, id int64) (*cx.ImportRun, error)
	// ImportHistory reads runs newest first: those with an id below before (0: from the
	// newest), at most limit (1..MaxImportPage; anything else is MaxImportPage).
	ImportHistory(ctx context.Context, before int64, limit int) ([]cx.ImportRun, error)
	// RunningImports reads the runs whose status is running, oldest first.
	RunningImports(ctx context.Context) ([]cx.ImportRun, error)
}

// MaxImportPage is the most runs one ImportHistory call returns.
const MaxImportPage = 500
