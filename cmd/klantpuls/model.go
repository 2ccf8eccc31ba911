package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/importer"
	"github.com/klantpuls/klantpuls/internal/model"
	"github.com/klantpuls/klantpuls/internal/model/churn"
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
			return usageError{fmt.Errorf("--as-of %q is not a date YYYY-MM-DD", c.AsOf)}
		}
		if today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, cfg.Timezone); !asOf.Before(today) {
			return usageError{fmt.Errorf("--as-of %s is not over yet: the models observe days up to yesterday (%s)",
				c.AsOf, today.AddDate(0, 0, -1).Format(time.DateOnly))}
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
	defer e.sayRescoreDue(a, importer.Lang(language("")))
	to := time.Date(asOf.Year(), asOf.Month(), asOf.Day()+1, 0, 0, 0, 0, cfg.Timezone)
	f, err := a.ModelFit(e.ctx, to)
	if err != nil {
		// The churn model stands without the value models: a table still shows its backtest.
		if c.Format == "table" {
			if b, note := churnBacktest(e, a, to); b != nil {
				printChurnBacktest(e.stdout, b, note)
			}
		}
		return fmt.Errorf("model fit as of %s: %w; no figures", asOf.Format(time.DateOnly), err)
	}
	doc := modelFitDoc{AsOf: asOf.Format(time.DateOnly), Customers: f.Customers, RepeatBuyers: f.RepeatBuyers,
		TimeUnit: "week", BGNBD: f.BGNBD, GammaGamma: f.GammaGamma}
	doc.ChurnBacktest, doc.Note = churnBacktest(e, a, to)
	if c.Format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(doc)
	}
	b, g := doc.BGNBD, doc.GammaGamma
	_, err = fmt.Fprintf(e.stdout, "as of %s: %d customers, %d with a repeat purchase (time in weeks)\n"+
		"BG/NBD       r=%.4f alpha=%.4f a=%.4f b=%.4f log-likelihood=%.2f\n"+
		"Gamma-Gamma  p=%.4f q=%.4f gamma=%.4f\n",
		doc.AsOf, doc.Customers, doc.RepeatBuyers, b.R, b.Alpha, b.A, b.B, b.LogLik, g.P, g.Q, g.Gamma)
	if err != nil {
		return err
	}
	return printChurnBacktest(e.stdout, doc.ChurnBacktest, doc.Note)
}

// churnBacktest fits the churn risk model as of the day before to and reports its backtest,
// or nil and why not.
func churnBacktest(e *env, a *app.App, to time.Time) (*churnBacktestDoc, string) {
	settings, err := a.Settings(e.ctx)
	if err != nil {
		return nil, fmt.Sprintf("churn_backtest is null: the settings cannot be read (%v)", err)
	}
	cr, err := a.ChurnRisk(e.ctx, to, web.SLATargets(settings))
	if err != nil || cr == nil {
		return nil, fmt.Sprintf("churn_backtest is null: the churn risk model cannot be fitted (%v)", err)
	}
	note := "churn risk: usable, the Risico page ranks customers"
	if !cr.Backtest.Usable() {
		note = fmt.Sprintf("churn risk: below AUC %.1f or %d churned customers, the Risico page shows no ranking", churn.MinAUC, churn.MinChurned)
	}
	b := cr.Backtest
	return &churnBacktestDoc{Cutoff: cr.Cutoff.Format(time.DateOnly), Label: cr.Label, Features: cr.Features,
		AUC: finite(b.AUC), Calibration: b.Calibration, TopLift: finite(b.TopLift), Scored: b.Scored, Churned: b.Churned,
		Trained: b.Trained, TrainChurn: b.TrainChurn, Usable: b.Usable(), FitSeconds: cr.Fitted.Seconds()}, note
}

// figure is x with the given decimals, "–" when there is none.
func figure(x *float64, decimals int) string {
	if x == nil {
		return "–"
	}
	return strconv.FormatFloat(*x, 'f', decimals, 64)
}

// printChurnBacktest writes the backtest as a table: the figures, then observed against
// predicted per tenth of the customers by risk.
func printChurnBacktest(w io.Writer, b *churnBacktestDoc, note string) error {
	if b == nil {
		_, err := fmt.Fprintln(w, note)
		return err
	}
	fmt.Fprintf(w, "churn risk   cut-off %s (label %s): AUC %s, top-decile lift %s, %d scored (%d churned), trained on %d (%d churned), fitted in %.1f s\n",
		b.Cutoff, b.Label, figure(b.AUC, 3), figure(b.TopLift, 2), b.Scored, b.Churned, b.Trained, b.TrainChurn, b.FitSeconds)
	fmt.Fprintln(w, "decile       n  predicted  observed")
	for i, d := range b.Calibration {
		fmt.Fprintf(w, "%6d %7d %9.1f%% %8.1f%%\n", i+1, d.N, 100*d.Predicted, 100*d.Observed)
	}
	_, err := fmt.Fprintln(w, note)
	return err
}
