package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer"
	"github.com/klantpuls/klantpuls/internal/importer/mapping"
)

type importCmd struct {
	Kind        string   `help:"Kind of klantpuls's own file (docs/import.md): customers, orders, tickets, messages, responses, mentions, reviews or events." placeholder:"KIND"`
	Preset      string   `help:"Read another tool's export by a preset (see --list-presets): it yields its kinds itself, so no --kind." placeholder:"NAME"`
	Map         string   `help:"Read another tool's export by your own mapping file (docs/mapping.md)." type:"path" placeholder:"FILE"`
	Mapping     string   `help:"Read another tool's export by a mapping saved by name in the browser import (see --list-presets)." placeholder:"NAME"`
	ListPresets bool     `help:"List the presets (the tools whose exports klantpuls reads, and their documentation) and the mappings saved in the browser import."`
	Files       []string `arg:"" optional:"" name:"FILE" help:"CSV files (comma, semicolon or tab separated; UTF-8, Windows-1252 or UTF-16) or Excel workbooks (.xlsx)."`
	Sheet       string   `help:"The sheet of an Excel workbook to read (default: the first)." placeholder:"NAME"`
	Timezone    string   `help:"Time zone of times without an offset, such as Europe/Amsterdam or UTC (default: the account's, from the configuration)." placeholder:"ZONE"`
	SkipInvalid bool     `help:"Import the good rows of a file and write every refused row, with its reason in a last column 'fout', to a rejects file. Without it a file with any bad row imports nothing."`
	Rejects     string   `help:"Where --skip-invalid writes the refused rows (default: FILE.rejects.csv beside each file)." type:"path" placeholder:"PATH"`
	Lang        string   `enum:",nl,en" default:"" env:"KLANTPULS_LANG" help:"Language of the import's messages: nl or en (default: from $LANG, else nl, as report's table)."`

	zone *time.Location
	kind cx.Kind      // of a canonical file
	mapp *mapping.Map // of a tool's export, with --preset or --map
	// unsaid: no source given and no preset recognises the file; the saved mappings are
	// looked at once the database is open (noSaved).
	unsaid bool
	// written counts the records the files committed: an engine file is brought up to date
	// with them afterwards (refreshEngineFile).
	written int
}

// Run imports each file in its own transaction (all kinds of a tool's export in one): a file
// with any bad row commits nothing, and every bad row is listed as FILE:LINE: column: reason;
// with --skip-invalid the good rows are committed and the bad ones written to a rejects file.
func (c *importCmd) Run(e *env) error {
	e.sayIn(language(c.Lang))
	if c.ListPresets {
		return c.listPresets(e)
	}
	if err := c.source(e); err != nil {
		return err
	}
	var err error
	if c.Timezone != "" {
		if c.zone, err = time.LoadLocation(c.Timezone); err != nil || c.Timezone == "Local" {
			return e.refused(importer.MsgBadTimezone, c.Timezone)
		}
	}
	switch {
	case c.Rejects != "" && !c.SkipInvalid:
		return e.refused(importer.MsgRejectsWithoutSkip)
	case c.Rejects != "" && len(c.Files) > 1:
		return e.refused(importer.MsgRejectsOneFile)
	}
	a, err := e.open()
	if err != nil {
		return err
	}
	defer a.Close()
	// An import into an empty database makes the engine file (its records are all the
	// import's); into one that holds more, it brings an existing file up to date.
	empty, err := a.Empty(e.ctx)
	if err != nil {
		return err
	}
	streamed, refused, err := e.streamImports(a, empty)
	if err != nil {
		return err
	}
	defer func() {
		switch {
		case c.written == 0, refused: // a refused file was named
		case streamed && a.StreamedEngine():
			e.saveStreamedEngine(a)
		default:
			e.refreshEngineFile(a, empty)
		}
	}()
	if c.unsaid {
		return c.noSaved(e, a)
	}
	if err := c.savedMapping(e, a); err != nil {
		return err
	}
	failed := 0
	for _, name := range c.Files {
		if err := c.importOne(e, a, name); err != nil {
			var rowErrs *importer.Errors
			if !errors.As(err, &rowErrs) && cx.ErrorCode(err) == cx.EINTERNAL {
				return err
			}
			// Through refusal, as every other refusal is said: a keyed one (a refused commit,
			// not_committed) in the command's language, the file named on the line after.
			fmt.Fprintln(e.stderr, terminalLines(refusal(err, e.lang)))
			sayCause(e.stderr, err, e.lang)
			if app.CommitUnknown(err) {
				fmt.Fprintln(e.stderr, terminalLines(importer.MsgMaybeImported.In(e.lang, name)))
			} else {
				fmt.Fprintln(e.stderr, terminalLines(importer.MsgNothingImported.In(e.lang, name)))
			}
			failed++
		}
	}
	if failed > 0 {
		return cx.Errorf(cx.EINVALID, "%s", importer.MsgFilesFailed.In(e.lang, len(c.Files), e.whole(failed), e.whole(len(c.Files))))
	}
	e.sayRescoreDue(a)
	return nil
}

func (c *importCmd) importOne(e *env, a *app.App, name string) error {
	f, err := openFile(name)
	if err != nil {
		return cx.Errorf(cx.ENOTFOUND, "%s", importer.MsgCannotOpen.In(e.lang, name, importer.FileReason(err, e.lang)))
	}
	defer f.Close()
	rejects, err := c.openRejects(e, name)
	if err != nil {
		return err
	}
	var refused importer.Rejects
	if rejects != nil {
		refused = rejects
		defer rejects.close()
	}
	counted := &byteCounter{r: f}
	r, bar := progressReader(e, f, counted, name)
	sh := importer.Open(r, name, c.Sheet, e.lang)
	defer sh.Close()
	var read func(put func(cx.Record) error) (int, error)
	what := string(c.kind) // for the audit log
	if c.mapp != nil {
		md := importer.Mapped{Map: c.mapp, File: name, Config: a.Config, Timezone: c.zone, Rejects: refused, Lang: e.lang}
		read = func(put func(cx.Record) error) (int, error) { return md.ReadSheet(sh, put) }
		what = c.mapp.Name
	} else {
		rd := importer.Reader{Kind: c.kind, File: name, Config: a.Config, Timezone: c.zone, Rejects: refused, Lang: e.lang}
		read = func(put func(cx.Record) error) (int, error) { return rd.ReadSheet(sh, put) }
	}
	start := time.Now()
	// The rows read and the bytes they took, as the reader passed them on, give the engine an
	// estimate of the file's rows (app.ImportExpecting).
	var rowsRead, bytesRead atomic.Int64
	progress := func(rows int) {
		rowsRead.Store(int64(rows))
		bytesRead.Store(counted.n.Load())
		if bar != nil {
			bar.Describe(msgImportProgress.In(e.lang, name, e.count(importer.CountRows, rows), e.number(float64(rows)/time.Since(start).Seconds(), 0)))
		}
	}
	expect := func() int {
		fi, err := f.Stat()
		if b := bytesRead.Load(); err == nil && b > 0 {
			return int(float64(fi.Size()) * float64(rowsRead.Load()) / float64(b))
		}
		return 0
	}
	res, err := a.ImportExpecting(e.ctx, read, progress, expect)
	if bar != nil {
		bar.Finish()
	}
	// Stopped after its commit, before the engine caught up on it (app.ErrNotCaughtUp, as the
	// browser's import tells it): the file is stored, and is said and recorded as imported, the
	// figures following at the next start — not as nothing imported.
	said := ""
	if errors.Is(err, app.ErrNotCaughtUp) {
		said, err = cx.ImportSaidStoppedAfterCommit, nil
	}
	if err == nil && rejects != nil {
		err = rejects.Flush()
	}
	run := app.CommandLineImport(name, c.historySource(), start)
	if err != nil {
		outcome, status := "import_refused", cx.ImportFailed
		if app.CommitUnknown(err) {
			outcome, status = "import_commit_unknown", cx.ImportUnknown
		}
		e.audit(a, cx.AuditImport, name, cx.Phrase(outcome, what))
		run.Status, run.Error = status, err.Error()
		e.history(a, run)
		return err
	}
	c.written += res.Written
	printed, audit := c.summary(e, what, name, res, rejects, time.Since(start))
	fmt.Fprintln(e.stderr, printed)
	if res.Deleted > 0 {
		fmt.Fprintln(e.stderr, importer.MsgImportedDeleted.In(e.lang, name, e.whole(res.Deleted)))
	}
	if res.Forgotten > 0 {
		fmt.Fprintln(e.stderr, importer.MsgImportedForgotten.In(e.lang, res.Forgotten, name, e.whole(res.Forgotten)))
	}
	if said != "" {
		fmt.Fprintln(e.stderr, importer.MsgImportedFiguresLater.In(e.lang, name))
		audit = append(audit, cx.Phrase("figures_later"))
	}
	e.audit(a, cx.AuditImport, name, audit...)
	run.Status, run.Rows, run.Written, run.Replaced, run.Deleted = cx.ImportDone, res.Rows, res.Written, res.Replaced, res.Deleted
	run.Said = said
	if rejects != nil && rejects.Count > 0 {
		rejects.keep = true
		run.Refused, run.Rejects = rejects.Count, rejects.path
		fmt.Fprintln(e.stderr, importer.MsgRejectsAt.In(e.lang, name, importer.RejectsColumn, rejects.path))
	}
	e.history(a, run)
	return nil
}

// openFile opens a file to import; a directory is refused as the system refuses to read it
// (it opens without complaint on Linux and fails at the first read, as an error of ours).
func openFile(name string) (*os.File, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: syscall.EISDIR}
	}
	return f, nil
}

// historySource says how a file was read, as the import history names it.
func (c *importCmd) historySource() string {
	switch {
	case c.Preset != "":
		return app.PresetSource + c.Preset
	case c.Map != "":
		return "map:" + c.Map
	case c.Mapping != "":
		return app.SavedSource + c.Mapping
	}
	return string(c.kind)
}

// history adds a run to the import history the dashboard shows; like the audit log, a failure
// to write it is a warning, not a failed import. An import stopped by Ctrl-C is recorded too.
func (e *env) history(a *app.App, run cx.ImportRun) {
	ctx, cancel := e.afterStop()
	defer cancel()
	if _, err := a.RecordImport(ctx, run); err != nil {
		e.log.Warn(sayHistoryNotWritten, slog.Any("error", err))
	}
}

// progressReader shows a progress bar of the file's bytes when stderr is a terminal.
func progressReader(e *env, f *os.File, r io.Reader, name string) (io.Reader, *progressbar.ProgressBar) {
	if !isTerminal(e.stderr) {
		return r, nil
	}
	size := int64(-1)
	if fi, err := f.Stat(); err == nil {
		size = fi.Size()
	}
	bar := progressbar.NewOptions64(size,
		progressbar.OptionSetWriter(e.stderr),
		progressbar.OptionSetDescription(name),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
	pr := progressbar.NewReader(r, bar)
	return &pr, bar
}

// rejectsFile is a rejects file being written; it is removed unless it is kept, so no empty
// or stale file of an earlier run is left beside the input.
type rejectsFile struct {
	*importer.RejectsCSV
	f    *os.File
	path string
	keep bool
}

func (c *importCmd) openRejects(e *env, name string) (*rejectsFile, error) {
	if !c.SkipInvalid {
		return nil, nil
	}
	path := c.Rejects
	if path == "" {
		path = name + ".rejects.csv"
	}
	if in, err := os.Stat(name); err == nil {
		if out, err := os.Stat(path); err == nil && os.SameFile(in, out) {
			return nil, e.refused(importer.MsgRejectsIsInput, path)
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, cx.Errorf(cx.EINVALID, "%s", importer.MsgCannotWriteRejects.In(e.lang, path, importer.FileReason(err, e.lang)))
	}
	return &rejectsFile{RejectsCSV: importer.NewRejectsCSV(f), f: f, path: path}, nil
}

func (r *rejectsFile) close() {
	r.f.Close()
	if !r.keep {
		os.Remove(r.path)
	}
}

// byteCounter counts the bytes read through it.
type byteCounter struct {
	r io.Reader
	n atomic.Int64
}

func (c *byteCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}
