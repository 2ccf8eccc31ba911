package sqldb

import (
	"context"
	"slices"
	"strconv"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

var _ store.Imports = (*Store)(nil)

const importColumns = "id, started, finished, user_id, actor, file, source, rows_read, written, replaced, refused, status, rejects, error, node, deleted, phase, said"

// AddImport adds a run to the import history and sets run.ID; run.Started, now when zero, is
// kept in whole seconds.
func (s *Store) AddImport(ctx context.Context, run *cx.ImportRun) error {
	if err := checkImport(run); err != nil {
		return err
	}
	started := stamp(run.Started)
	id, _, err := s.insert(ctx, `INSERT INTO imports (started, finished, user_id, actor, file, source, rows_read,
		written, replaced, refused, status, rejects, error, node, deleted, said) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
		started.Unix(), bindInstant(run.Finished), bindID(run.UserID), run.Actor, run.File, run.Source, run.Rows,
		run.Written, run.Replaced, run.Refused, run.Status, bindText(run.Rejects), bindText(run.Error), bindText(run.Node), run.Deleted,
		bindText(run.Said))
	if err := s.failed(err, "add to the import history ("+run.File+")", ""); err != nil {
		return err
	}
	run.ID, run.Started, run.Finished = id, started, seconds(run.Finished)
	return nil
}

// UpdateImport stores the outcome of a run, or how far it has come (its phase); who, when and
// what stay as added.
func (s *Store) UpdateImport(ctx context.Context, run *cx.ImportRun) error {
	if err := checkImport(run); err != nil {
		return err
	}
	n, err := s.exec(ctx, `UPDATE imports SET finished = $1, rows_read = $2, written = $3, replaced = $4, refused = $5,
		status = $6, rejects = $7, error = $8, deleted = $9, phase = $10, said = $11 WHERE id = $12`, bindInstant(run.Finished), run.Rows, run.Written,
		run.Replaced, run.Refused, run.Status, bindText(run.Rejects), bindText(run.Error), run.Deleted, bindText(run.Phase), bindText(run.Said), run.ID)
	if err := changed(n, err, "update", "import "+strconv.FormatInt(run.ID, 10)); err != nil {
		return err
	}
	run.Finished = seconds(run.Finished)
	return nil
}

// ImportRun reads one run of the import history.
func (s *Store) ImportRun(ctx context.Context, id int64) (*cx.ImportRun, error) {
	return one(ctx, s, "import "+strconv.FormatInt(id, 10), scanImport,
		"SELECT "+importColumns+" FROM imports WHERE id = $1", id)
}

// ImportHistory reads runs newest first, a page at a time.
func (s *Store) ImportHistory(ctx context.Context, before int64, limit int) ([]cx.ImportRun, error) {
	if limit <= 0 || limit > store.MaxImportPage {
		limit = store.MaxImportPage
	}
	var args params
	query := "SELECT " + importColumns + " FROM imports"
	if before > 0 {
		query += " WHERE id < " + args.add(before)
	}
	query += " ORDER BY id DESC LIMIT " + args.add(limit)
	return list(ctx, s, "the import history", scanImport, query, args...)
}

// RunningImports reads the runs still running, oldest first.
func (s *Store) RunningImports(ctx context.Context) ([]cx.ImportRun, error) {
	return list(ctx, s, "the imports running", scanImport,
		"SELECT "+importColumns+" FROM imports WHERE status = $1 ORDER BY id", cx.ImportRunning)
}

// checkImport refuses a run the history could not show: without a status it knows, a file or
// someone who imported it.
func checkImport(run *cx.ImportRun) error {
	switch {
	case !slices.Contains(cx.ImportStatuses, run.Status):
		return cx.Errorf(cx.EINVALID, "store: import status %q is not one of %v", run.Status, cx.ImportStatuses)
	case run.File == "" || run.Actor == "" || run.Source == "":
		return cx.Errorf(cx.EINVALID, "store: an import needs a file, an actor and a source")
	}
	return nil
}

func scanImport(r *row) cx.ImportRun {
	return cx.ImportRun{ID: r.Integer(), Started: r.instant(), Finished: r.instant(), UserID: r.Integer(),
		Actor: r.Text(), File: r.Text(), Source: r.Text(), Rows: int(r.Integer()), Written: int(r.Integer()),
		Replaced: int(r.Integer()), Refused: int(r.Integer()), Status: r.Text(), Rejects: r.Text(), Error: r.Text(), Node: r.Text(),
		Deleted: int(r.Integer()), Phase: r.Text(), Said: r.Text()}
}
