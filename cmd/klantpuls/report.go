package main

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/report"
)

type reportCmd struct {
	From   string `required:"" help:"First day of the period (YYYY-MM-DD), included." placeholder:"DATE"`
	To     string `required:"" help:"Day after the period (YYYY-MM-DD): the period is [from, to)." placeholder:"DATE"`
	By     string `enum:",channel,team,agent,segment,category" default:"" help:"Split by channel, team, agent, segment or category (the tickets' contact reason)." placeholder:"DIM"`
	Format string `enum:"table,json,csv,xlsx,pdf" default:"table" help:"Output: table (for people), json (the contract), csv, xlsx (a workbook: the figures and every figure in long form) or pdf (A4, with charts)."`
	Out    string `help:"Write to this file instead of stdout. xlsx and pdf need it on a terminal; piped, they go to stdout." placeholder:"FILE" type:"path"`
	Lang   string `enum:",nl,en" default:"" env:"KLANTPULS_LANG" help:"Language of all the command says: the table, xlsx and pdf, its messages and warnings; nl or en (default: from $LANG, else nl)."`
}

// Run prints every metric for the period.
func (c *reportCmd) Run(e *env) error {
	e.sayIn(language(c.Lang))
	cfg, err := e.loadConfig()
	if err != nil {
		return err
	}
	from, to, err := report.ParsePeriod(c.From, c.To, cfg.Timezone)
	var period *report.PeriodError
	if errors.As(err, &period) {
		return usageError{errors.New(period.Flags(language(c.Lang)))}
	} else if err != nil {
		return usageError{err}
	}
	by, err := engine.ParseDim(c.By)
	if err != nil {
		return usageError{err}
	}
	if (c.Format == "xlsx" || c.Format == "pdf") && c.Out == "" && isTerminal(e.stdout) {
		// A workbook or a PDF printed on a terminal is noise that can upset it.
		return e.refused(msgReportWritesFile, c.Format, c.Format)
	}
	// [engine] kind = "clickhouse": the figures come from ClickHouse ($KLANTPULS_CLICKHOUSE
	// replaces engine.clickhouse, as at serve), caught up first, and the engine is not loaded.
	fromClickHouse := cfg.Engine.Kind == config.EngineClickHouse
	open := e.openStarted
	if fromClickHouse {
		open = e.openUnstarted
	}
	a, started, err := open(cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	dsn := cmp.Or(os.Getenv("KLANTPULS_CLICKHOUSE"), cfg.Engine.ClickHouse)
	closeCH, err := a.AnswerFromClickHouse(e.ctx, dsn, true)
	if err != nil {
		return err
	}
	defer closeCH()
	q := engine.Query{From: from, To: to, By: by}
	groups, err := a.Report(e.ctx, q)
	if err != nil {
		return err
	}
	// The PDF's charts: the whole's headline figures (not one group's) per day, week or
	// month of the period, as the dashboard steps them.
	var buckets []engine.Bucket
	step := report.StepFor(from, to)
	if c.Format == "pdf" && step != engine.NoStep {
		res, err := a.Query(e.ctx, engine.Query{From: from, To: to, Step: step})
		if err != nil {
			return err
		}
		buckets = res.Buckets
	}
	doc := report.New(q, cfg.Timezone, cfg.Money.Currency, groups)
	doc.MarkRunning(time.Now())
	if err := c.write(e, doc, buckets, step); err != nil {
		return err
	}
	e.sayRescoreDue(a)
	// After the answer: the next report starts from the file.
	e.keepEngineFile(a, started)
	return nil
}

// write writes the report in its format, to --out when given (made whole first: a report that
// fails leaves no file), else to stdout.
func (c *reportCmd) write(e *env, doc *report.Document, buckets []engine.Bucket, step engine.Step) error {
	var out bytes.Buffer
	var err error
	lang := report.Lang(e.lang)
	switch c.Format {
	case "json":
		err = report.JSON(&out, doc)
	case "csv":
		err = report.CSV(&out, doc)
	case "xlsx":
		x := report.NewExport(doc, lang)
		x.Long = doc
		err = report.XLSX(&out, x)
	case "pdf":
		x := report.NewExport(doc, lang)
		bounds := make([][2]time.Time, len(buckets))
		for i, b := range buckets {
			bounds[i] = [2]time.Time{b.From, b.To}
		}
		// As the dashboard draws them: up to now, the running bucket and those the period cuts hollow.
		n, partial := engine.SeriesSpan(bounds, step, time.Now())
		x.SetTrends(buckets[:n], step, partial, report.ChartMetrics...)
		err = report.PDF(&out, x)
	default:
		err = report.Table(&out, doc, lang)
	}
	if err != nil {
		return err
	}
	if c.Out == "" {
		_, err = e.stdout.Write(out.Bytes())
		return err
	}
	if err := os.WriteFile(c.Out, out.Bytes(), 0o644); err != nil {
		return fmt.Errorf("--out: %w", err)
	}
	return nil
}

// language picks the language a command speaks — report's table, the words of import and
// rescore, the hints of digest and model — by one rule: the flag, else $KLANTPULS_LANG (which
// kong also fills a --lang with), else Dutch unless the locale ($LC_ALL, $LC_MESSAGES, $LANG)
// asks for English.
func language(flag string) report.Lang {
	if flag != "" {
		return report.Lang(flag)
	}
	if l := report.Lang(os.Getenv("KLANTPULS_LANG")); l == report.Dutch || l == report.English {
		return l
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if l := strings.ToLower(os.Getenv(v)); l != "" {
			if strings.HasPrefix(l, "en") {
				return report.English
			}
			return report.Dutch
		}
	}
	return report.Dutch
}
