package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/report"
)

type reportCmd struct {
	From   string `required:"" help:"First day of the period (YYYY-MM-DD), included." placeholder:"DATE"`
	To     string `required:"" help:"Day after the period (YYYY-MM-DD): the period is [from, to)." placeholder:"DATE"`
	By     string `enum:",channel,team,agent,segment,category" default:"" help:"Split by channel, team, agent, segment or category (the tickets' contact reason)." placeholder:"DIM"`
	Format string `enum:"table,json,csv" default:"table" help:"Output: table (for people), json (the contract) or csv."`
	Lang   string `enum:",nl,en" default:"" env:"KLANTPULS_LANG" help:"Language of the table: nl or en (default: from $LANG, else nl)."`
}

// Run prints every metric for the period.
func (c *reportCmd) Run(e *env) error {
	cfg, err := e.loadConfig()
	if err != nil {
		return err
	}
	from, to, err := report.ParsePeriod(c.From, c.To, cfg.Timezone)
	if err != nil {
		return usageError{fmt.Errorf("--%v", err)}
	}
	by, err := engine.ParseDim(c.By)
	if err != nil {
		return usageError{err}
	}
	if err := mustExist(e.globals.DB); err != nil {
		return err
	}
	a, err := e.openWith(cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	q := engine.Query{From: from, To: to, By: by}
	groups, err := a.Report(e.ctx, q)
	if err != nil {
		return err
	}
	doc := report.New(q, cfg.Timezone, cfg.Money.Currency, groups)
	switch c.Format {
	case "json":
		return report.JSON(e.stdout, doc)
	case "csv":
		return report.CSV(e.stdout, doc)
	}
	return report.Table(e.stdout, doc, language(c.Lang))
}

// language picks the table's language: the flag, else Dutch unless $LANG asks for English.
func language(flag string) report.Lang {
	if flag != "" {
		return report.Lang(flag)
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

// mustExist refuses to report on a database file that is not there: opening it would create an
// empty one and print a report of nothing.
func mustExist(dsn string) error {
	if strings.Contains(dsn, "://") {
		return nil
	}
	if _, err := os.Stat(dsn); err != nil {
		return cx.Errorf(cx.ENOTFOUND, "no database at %s: import data first (klantpuls import) or fill it with klantpuls demo", dsn)
	}
	return nil
}
