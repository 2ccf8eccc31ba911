package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/importer"
	"github.com/klantpuls/klantpuls/internal/model"
	"github.com/klantpuls/klantpuls/internal/model/churn"
	"github.com/klantpuls/klantpuls/internal/report"
	"github.com/klantpuls/klantpuls/internal/web"
)

type modelCmd struct {
	Fit modelFitCmd `cmd:"" help:"Fit the BG/NBD and Gamma-Gamma models on the orders and print their parameters, and the churn risk model's backtest (README, Customer value)."`
}

type modelFitCmd struct {
	AsOf   string `name:"as-of" help:"Last day observed (YYYY-MM-DD), included; default and at the latest yesterday." placeholder:"DATE"`
	Format string `enum:"table,json" default:"table" help:"Output: table (for people) or json."`
}

// modelFitDoc is what 'model fit' prints: the parameters (time in weeks), the counts they rest
// on, and the churn risk model's time-split backtest (null when it cannot be fitted: the note
// says why).
type modelFitDoc struct {
	AsOf          string            `json:"as_of"`
	Customers     int               `json:"customers"`
	RepeatBuyers  int               `json:"repeat_buyers"`
	TimeUnit      string            `json:"time_unit"`
	BGNBD         model.BGNBD       `json:"bgnbd"`
	GammaGamma    model.GammaGamma  `json:"gamma_gamma"`
	ChurnBacktest *churnBacktestDoc `json:"churn_backtest"`
	Note          string            `json:"note"`
}

// churnBacktestDoc is the churn risk model's backtest: fitted on the 90 days before the
// cut-off, scored on the 90 days after it (engine.ChurnRisk).
type churnBacktestDoc struct {
	Cutoff      string         `json:"cutoff"`
	Label       string         `json:"label"` // churned_at, or bgnbd when the data has no churn dates
	Features    []string       `json:"features"`
	AUC         *float64       `json:"auc"` // null when nobody (or everybody) left after the cut-off
	Calibration []churn.Decile `json:"calibration"`
	TopLift     *float64       `json:"top_decile_lift"`
	Scored      int            `json:"scored"`
	Churned     int            `json:"churned"`
	Trained     int            `json:"trained"`
	TrainChurn  int            `json:"training_churned"`
	Usable      bool           `json:"usable"` // AUC ≥ 0.6 and ≥ 50 churned: the Risico page ranks
	FitSeconds  float64        `json:"fit_seconds"`
}

// finite is x, or nil when it is NaN (JSON has no NaN).
func finite(x float64) *float64 {
	if math.IsNaN(x) {
		return nil
	}
	return &x
}

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
			return e.refused(msgModelNotADate, c.AsOf)
		}
		if today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, cfg.Timezone); !asOf.Before(today) {
			return e.refused(msgModelNotOver, c.AsOf, today.AddDate(0, 0, -1).Format(time.DateOnly))
		}
	}
	a, started, err := e.openStarted(cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	defer e.keepEngineFile(a, started)
	// Also when the value models cannot be fitted: the churn model's backtest reads the share
	// of negative comments.
	defer e.sayRescoreDue(a)
	to := time.Date(asOf.Year(), asOf.Month(), asOf.Day()+1, 0, 0, 0, 0, cfg.Timezone)
	f, err := a.ModelFit(e.ctx, to)
	if err != nil {
		// The churn model stands without the value models: a table still shows its backtest.
		if c.Format == "table" {
			if b, note := churnBacktest(e, a, to); b != nil {
				e.printChurnBacktest(b, note)
			}
		}
		day := asOf.Format(time.DateOnly)
		if few := (model.ErrTooFewRepeatBuyers{}); errors.As(err, &few) {
			return errors.New(msgModelTooFew.In(e.lang, few.Got, day, e.whole(few.Got), e.number(model.MinRepeatBuyers, 0)))
		}
		return fmt.Errorf("%s: %w", msgModelNoFigures.In(e.lang, day), err)
	}
	doc := modelFitDoc{AsOf: asOf.Format(time.DateOnly), Customers: f.Customers, RepeatBuyers: f.RepeatBuyers,
		TimeUnit: "week", BGNBD: f.BGNBD, GammaGamma: f.GammaGamma}
	var note modelNote
	doc.ChurnBacktest, note = churnBacktest(e, a, to)
	// The JSON is for scripts, its note in the English of its field names.
	doc.Note = note.In(importer.English)
	if c.Format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(doc)
	}
	b, g := doc.BGNBD, doc.GammaGamma
	e.say(e.stdout, msgModelFitted, doc.AsOf, e.count(countCustomers, doc.Customers), e.whole(doc.RepeatBuyers))
	// The parameters by their names in the papers, in every language; their values as the
	// language writes numbers (the JSON is for scripts).
	p4 := func(x float64) string { return e.number(x, 4) }
	_, err = fmt.Fprintf(e.stdout, "BG/NBD       r=%s alpha=%s a=%s b=%s log-likelihood=%s\n"+
		"Gamma-Gamma  p=%s q=%s gamma=%s\n", p4(b.R), p4(b.Alpha), p4(b.A), p4(b.B), e.number(b.LogLik, 2), p4(g.P), p4(g.Q), p4(g.Gamma))
	if err != nil {
		return err
	}
	return e.printChurnBacktest(doc.ChurnBacktest, note)
}

// modelNote is what model fit notes of the churn risk model: a message and its arguments,
// said in the table's language and in English in the JSON. A number among the arguments is
// written as the language writes it (numbers).
type modelNote struct {
	m       importer.Message
	args    []any
	numbers []float64 // after args, with the decimals of each
	places  []int
}

func (n modelNote) In(l importer.Lang) string {
	args := slices.Clone(n.args)
	for i, x := range n.numbers {
		args = append(args, report.Lang(l).Number(x, n.places[i]))
	}
	return n.m.In(l, args...)
}

// churnBacktest fits the churn risk model as of the day before to and reports its backtest,
// or nil and why not.
func churnBacktest(e *env, a *app.App, to time.Time) (*churnBacktestDoc, modelNote) {
	settings, err := a.Settings(e.ctx)
	if err != nil {
		return nil, modelNote{m: noteNoSettings, args: []any{err}}
	}
	cr, err := a.ChurnRisk(e.ctx, to, web.SLATargets(settings))
	if err != nil || cr == nil {
		return nil, modelNote{m: noteNoChurnModel, args: []any{err}}
	}
	note := modelNote{m: noteChurnUsable}
	if !cr.Backtest.Usable() {
		note = modelNote{m: noteChurnUnusable, numbers: []float64{churn.MinAUC, churn.MinChurned}, places: []int{1, 0}}
	}
	b := cr.Backtest
	return &churnBacktestDoc{Cutoff: cr.Cutoff.Format(time.DateOnly), Label: cr.Label, Features: cr.Features,
		AUC: finite(b.AUC), Calibration: b.Calibration, TopLift: finite(b.TopLift), Scored: b.Scored, Churned: b.Churned,
		Trained: b.Trained, TrainChurn: b.TrainChurn, Usable: b.Usable(), FitSeconds: cr.Fitted.Seconds()}, note
}

// printChurnBacktest writes the backtest as a table: the figures, then observed against
// predicted per tenth of the customers by risk.
func (e *env) printChurnBacktest(b *churnBacktestDoc, note modelNote) error {
	w := e.stdout
	if b == nil {
		_, err := fmt.Fprintln(w, note.In(e.lang))
		return err
	}
	l, n := report.Lang(e.lang), e.whole
	e.say(w, msgChurnBacktest, b.Cutoff, b.Label, l.Plain(b.AUC, 3), l.Plain(b.TopLift, 2), n(b.Scored), n(b.Churned), n(b.Trained), n(b.TrainChurn),
		e.number(b.FitSeconds, 1))
	e.say(w, msgChurnDeciles)
	for i, d := range b.Calibration {
		predicted, observed := 100*d.Predicted, 100*d.Observed
		fmt.Fprintf(w, "%6d %7s %10s %9s\n", i+1, n(d.N), l.Percent(&predicted), l.Percent(&observed))
	}
	_, err := fmt.Fprintln(w, note.In(e.lang))
	return err
}
