package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/model"
)

type modelCmd struct {
	Fit modelFitCmd `cmd:"" help:"Fit the BG/NBD and Gamma-Gamma models on the orders and print their parameters (README, Customer value)."`
}

type modelFitCmd struct {
	AsOf   string `name:"as-of" help:"Last day observed (YYYY-MM-DD), included; default yesterday." placeholder:"DATE"`
	Format string `enum:"table,json" default:"table" help:"Output: table (for people) or json."`
}

// modelFitDoc is what 'model fit' prints: the parameters (time in weeks), the counts they rest
// on, and the churn model's backtest, which does not exist yet.
type modelFitDoc struct {
	AsOf          string           `json:"as_of"`
	Customers     int              `json:"customers"`
	RepeatBuyers  int              `json:"repeat_buyers"`
	TimeUnit      string           `json:"time_unit"`
	BGNBD         model.BGNBD      `json:"bgnbd"`
	GammaGamma    model.GammaGamma `json:"gamma_gamma"`
	ChurnBacktest *struct{}        `json:"churn_backtest"`
	Note          string           `json:"note"`
}

const churnNote = "churn_backtest is null: the churn risk model is not built yet"

// Run fits the models as of the given day (the orders of that day included) and prints them.
// Too few repeat buyers is no figure: a message and exit status 1.
func (c *modelFitCmd) Run(e *env) error {
	cfg, err := e.loadConfig()
	if err != nil {
		return err
	}
	now := time.Now().In(cfg.Timezone)
	asOf := time.Date(now.Year(), now.Month(), now.Day()-1, 0, 0, 0, 0, cfg.Timezone)
	if c.AsOf != "" {
		if asOf, err = time.ParseInLocation(time.DateOnly, strings.TrimSpace(c.AsOf), cfg.Timezone); err != nil {
			return usageError{fmt.Errorf("--as-of %q is not a date YYYY-MM-DD", c.AsOf)}
		}
	}
	if err := mustExist(e.globals.DB); err != nil {
		return err
	}
	a, err := e.openWith(cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	to := time.Date(asOf.Year(), asOf.Month(), asOf.Day()+1, 0, 0, 0, 0, cfg.Timezone)
	f, err := a.ModelFit(e.ctx, to)
	if err != nil {
		return fmt.Errorf("model fit as of %s: %w; no figures", asOf.Format(time.DateOnly), err)
	}
	doc := modelFitDoc{AsOf: asOf.Format(time.DateOnly), Customers: f.Customers, RepeatBuyers: f.RepeatBuyers,
		TimeUnit: "week", BGNBD: f.BGNBD, GammaGamma: f.GammaGamma, Note: churnNote}
	if c.Format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(doc)
	}
	b, g := doc.BGNBD, doc.GammaGamma
	_, err = fmt.Fprintf(e.stdout, "as of %s: %d customers, %d with a repeat purchase (time in weeks)\n"+
		"BG/NBD       r=%.4f alpha=%.4f a=%.4f b=%.4f log-likelihood=%.2f\n"+
		"Gamma-Gamma  p=%.4f q=%.4f gamma=%.4f\n%s\n",
		doc.AsOf, doc.Customers, doc.RepeatBuyers, b.R, b.Alpha, b.A, b.B, b.LogLik, g.P, g.Q, g.Gamma, churnNote)
	return err
}
