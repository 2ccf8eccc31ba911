package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer"
)

type importCmd struct {
	Kind     string   `required:"" enum:"customers,orders,tickets,messages,responses,mentions,reviews,events" help:"Kind of file: ${enum}."`
	Files    []string `arg:"" name:"FILE" help:"CSV files in the canonical columns (docs/import.md): comma, semicolon or tab separated; UTF-8, Windows-1252 or UTF-16."`
	Timezone string   `help:"Time zone of times without an offset, such as Europe/Amsterdam or UTC (default: the account's, from the configuration)." placeholder:"ZONE"`
}

// Run imports each file in its own transaction: a file with any bad row commits nothing, and
// every bad row is listed as FILE:LINE: column: reason.
func (c *importCmd) Run(e *env) error {
	kind, err := cx.ParseKind(c.Kind)
	if err != nil {
		return usageError{err}
	}
	var zone *time.Location
	if c.Timezone != "" {
		if zone, err = time.LoadLocation(c.Timezone); err != nil || c.Timezone == "Local" {
			return usageError{fmt.Errorf("--timezone: %q is not a time zone name such as Europe/Amsterdam or UTC", c.Timezone)}
		}
	}
	a, err := e.open()
	if err != nil {
		return err
	}
	defer a.Close()
	failed := 0
	for _, name := range c.Files {
		if err := importOne(e, a, kind, name, zone); err != nil {
			var rowErrs *importer.Errors
			if !errors.As(err, &rowErrs) && cx.ErrorCode(err) == cx.EINTERNAL {
				return err
			}
			fmt.Fprintln(e.stderr, err)
			fmt.Fprintf(e.stderr, "%s: nothing imported\n", name)
			failed++
		}
	}
	if failed > 0 {
		return cx.Errorf(cx.EINVALID, "%d of %d files not imported", failed, len(c.Files))
	}
	return nil
}

func importOne(e *env, a *app.App, kind cx.Kind, name string, zone *time.Location) error {
	f, err := os.Open(name)
	if err != nil {
		return cx.Errorf(cx.ENOTFOUND, "%s: cannot open: %v", name, errors.Unwrap(err))
	}
	defer f.Close()
	var r io.Reader = f
	var bar *progressbar.ProgressBar
	if isTerminal(e.stderr) {
		size := int64(-1)
		if fi, err := f.Stat(); err == nil {
			size = fi.Size()
		}
		bar = progressbar.NewOptions64(size,
			progressbar.OptionSetWriter(e.stderr),
			progressbar.OptionSetDescription(name),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
		pr := progressbar.NewReader(f, bar)
		r = &pr
	}
	start := time.Now()
	var progress func(int)
	if bar != nil {
		progress = func(rows int) {
			bar.Describe(fmt.Sprintf("%s: %d rows, %.0f rows/s", name, rows, float64(rows)/time.Since(start).Seconds()))
		}
	}
	rd := importer.Reader{Kind: kind, File: name, Config: a.Config, Timezone: zone}
	res, err := a.Import(e.ctx, kind, rd.From(r), progress)
	if bar != nil {
		bar.Finish()
	}
	if err != nil {
		e.audit(a, cx.AuditImport, name, fmt.Sprintf("%s: refused, nothing imported", kind))
		return err
	}
	e.audit(a, cx.AuditImport, name, fmt.Sprintf("%s: %d rows read, %d written", kind, res.Rows, res.Written))
	secs := time.Since(start).Seconds()
	fmt.Fprintf(e.stderr, "%s: %d rows read, %d written (%.0f rows/s)\n", name, res.Rows, res.Written,
		float64(res.Rows)/max(secs, 1e-9))
	return nil
}
