package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer"
)

// An import started in the browser runs in the background, one at a time on a node, through
// app.Import like the command line's: all or nothing, or with "skip invalid rows" the good rows
// and a rejects file. Its page polls its status, so it can be left and come back to.

// startImport records the run in the history and starts it; the upload is taken from those
// waiting (its file is removed when the import ends).
func (s *Server) startImport(r *http.Request, u *upload, how readAs, skipInvalid bool, lang importer.Lang) (*cx.ImportRun, error) {
	f := s.importFiles
	f.mu.Lock()
	if f.busy() {
		f.mu.Unlock()
		return nil, cx.Errorf(cx.ECONFLICT, "%s", words[language(r)]["import_running"])
	}
	p := &importProgress{size: u.Size}
	f.running[0] = p // held until the run has its id
	f.mu.Unlock()
	pr := principalOf(r)
	run := &cx.ImportRun{Started: s.now(), UserID: pr.user.ID, Actor: pr.user.Email, File: u.Name, Source: how.history()}
	err := s.app.StartImport(r.Context(), run)
	f.mu.Lock()
	delete(f.running, 0)
	if err == nil {
		f.running[run.ID] = p
	}
	f.mu.Unlock()
	if err != nil {
		return nil, err
	}
	if _, err := f.take(u.ID, u.UserID, s.now()); err != nil { // another tab started it meanwhile
		run.Status, run.Error = cx.ImportFailed, err.Error()
		s.app.FinishImport(r.Context(), run)
		f.mu.Lock()
		delete(f.running, run.ID)
		f.mu.Unlock()
		return nil, err
	}
	audit := cx.AuditEntry{UserID: pr.user.ID, Actor: pr.user.Email, From: clientAddr(r), Action: cx.AuditImport, Subject: u.Name}
	f.runs.Add(1)
	go s.runImport(u, how, run, p, skipInvalid, lang, audit)
	return run, nil
}

// runImport reads and commits the file, then records what came of it.
func (s *Server) runImport(u *upload, how readAs, run *cx.ImportRun, p *importProgress, skipInvalid bool, lang importer.Lang, audit cx.AuditEntry) {
	defer s.importFiles.runs.Done() // last: the file removed and the run recorded (Serve waits)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { // a server that shuts down stops the import (importEnded)
		select {
		case <-s.done:
			cancel()
		case <-ctx.Done():
		}
	}()
	defer os.Remove(u.Path)
	if h := s.importFiles.hold; h != nil {
		select {
		case <-h:
		case <-ctx.Done():
		}
	}
	err := s.importFile(ctx, u, how, run, p, skipInvalid, lang)
	run.Status = cx.ImportDone
	if err != nil {
		run.Status, run.Said, run.Error = importEnded(err, ctx.Err() != nil, u.Name, lang)
		if e := (*cx.Error)(nil); errors.As(err, &e) && e.Cause != nil {
			s.log.Warn("import refused", slog.Int64("import", run.ID), slog.Any("error", err), slog.Any("cause", e.Cause))
		}
	}
	run.Finished = s.now()
	p.ended.Store(true) // before the history says so (importProgress.ended)
	// Not ctx itself: the goroutine above still reads it, and the run is recorded even when
	// the server is stopping.
	after := context.WithoutCancel(ctx)
	if err := s.app.FinishImport(after, run); err != nil {
		s.log.Error("import history not written", "import", run.ID, "error", err)
	}
	audit.At = s.now()
	audit.Words = []cx.AuditPhrase{cx.Phrase("import", strconv.Itoa(run.Rows), run.Source, strconv.Itoa(run.Written),
		strconv.Itoa(run.Replaced), strconv.Itoa(run.Deleted), strconv.Itoa(run.Refused), cx.Word("import_"+run.Status))}
	if err := s.app.Audit(after, audit); err != nil {
		s.log.Error("audit log not written", "action", audit.Action, "error", err)
	}
	s.importFiles.mu.Lock()
	delete(s.importFiles.running, run.ID)
	s.importFiles.mu.Unlock()
}

// importEnded is the status and the words, in those of the page it was started on as its rows'
// errors are, of an import of file that ended in err; stopped tells the server was shutting
// down. A commit the database did not answer (a stop during it, a connection broken off) may
// have been stored all the same, so only an import stopped before its commit says nothing was
// imported. An import stopped after its commit, while the engine caught up on it, is done: the
// figures show it when the engine loads on the next start. A commit the database refused says
// the import was not stored; what the database said is for the log.
func importEnded(err error, stopped bool, file string, lang importer.Lang) (status, said, text string) {
	switch {
	case errors.Is(err, app.ErrNotCaughtUp) && stopped:
		return cx.ImportDone, cx.ImportSaidFiguresLater, ""
	case errors.Is(err, app.ErrNotCaughtUp):
		return cx.ImportDone, cx.ImportSaidFiguresBehind, ""
	case app.CommitUnknown(err):
		return cx.ImportUnknown, "", importer.MsgMaybeImported.In(lang, file) + ". " + words[string(lang)]["import_commit_unanswered"]
	// The stop may surface as the store's own error ("statement is closed": the cancelled
	// transaction took its statements with it) rather than context.Canceled.
	case errors.Is(err, context.Canceled) || stopped:
		return cx.ImportFailed, cx.ImportSaidStopped, ""
	}
	return cx.ImportFailed, "", refusal(string(lang), err)
}

// importSaid is what a run's history says of how it ended, in lang: the words of its
// cx.ImportSaid… key when it has one (naming its file where they do), else its text as stored.
func importSaid(lang string, run cx.ImportRun) string {
	if run.Said == "" {
		return run.Error
	}
	form, ok := words[lang]["import_said_"+run.Said]
	if !ok { // a newer release's: its key, as a stored code shows (codeWord)
		return run.Said
	}
	if strings.Contains(form, "%s") {
		return fmt.Sprintf(form, run.File)
	}
	return form
}

// EndAbandonedImports cleans up after a serve of this machine that was killed during an import:
// its runs left "running" in the history are ended by how far they had come (failed before their
// commit; app.EndAbandonedImports), and the
// uploads it left are removed. Called when serve starts, before it takes requests.
func (s *Server) EndAbandonedImports(ctx context.Context) error {
	ended, err := s.app.EndAbandonedImports(ctx)
	if err != nil {
		return err
	}
	if removed := app.RemoveLeftBehind(s.importFiles.dir, uploadPrefix); ended > 0 || removed > 0 {
		s.log.Warn("imports of a server that was killed ended, their uploads removed",
			slog.Int("imports", ended), slog.Int("uploads", removed))
	}
	return nil
}

// importFile does the import and fills in run's counts and rejects file.
func (s *Server) importFile(ctx context.Context, u *upload, how readAs, run *cx.ImportRun, p *importProgress, skipInvalid bool, lang importer.Lang) error {
	var rejects *importer.RejectsCSV
	if skipInvalid {
		path := s.importFiles.rejectsPath(run.ID)
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return err
		}
		out, err := os.Create(path)
		if err != nil {
			return fmt.Errorf("the rejects file cannot be written: %w", err)
		}
		defer func() {
			out.Close()
			if run.Refused == 0 {
				os.Remove(path)
				run.Rejects = ""
			}
		}()
		rejects, run.Rejects = importer.NewRejectsCSV(out), path
	}
	var rj importer.Rejects
	if rejects != nil {
		rj = rejects
	}
	read := s.reading(how, u.Name, rj, lang)
	sh, done, err := openSheet(u, lang, func(r io.Reader) io.Reader { return counting{r, &p.bytes} })
	if err != nil {
		return err
	}
	defer done()
	res, err := s.app.ImportRecorded(ctx, run, func(put func(cx.Record) error) (int, error) { return read(sh, put) },
		func(rows int) { p.rows.Store(int64(rows)) })
	run.Rows, run.Written, run.Replaced, run.Deleted = res.Rows, res.Written, res.Replaced, res.Deleted
	if rejects != nil {
		run.Refused = rejects.Count
		if ferr := rejects.Flush(); err == nil {
			err = ferr
		}
	}
	return err
}

// rejectsPath is where the refused rows of import id are written.
func (f *importFiles) rejectsPath(id int64) string {
	return filepath.Join(f.dir, "rejects", strconv.FormatInt(id, 10)+".rejects.csv")
}

// busy tells whether an import on this node still reads or commits its file; f.mu is held.
func (f *importFiles) busy() bool {
	for _, p := range f.running {
		if !p.ended.Load() {
			return true
		}
	}
	return false
}

// progressOf returns the progress of an import running on this node, or nil.
func (f *importFiles) progressOf(id int64) *importProgress {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.running[id]
}
