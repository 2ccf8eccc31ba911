package digest

import (
	"fmt"
	"net/url"
	"time"

	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/report"
)

// headlines are the KPIs a digest leads with, in order: the dashboard's first tiles.
var headlines = []string{"nps", "csat", "ces", "first_response", "resolution", "fcr"}

// chartKeys are the three charts, over the last ChartPeriods periods.
var chartKeys = []string{"nps", "csat", "first_response"}

// ChartPeriods is how many periods the charts show, the last full one last.
const ChartPeriods = 8

// row is one headline KPI of the period as the digest shows it.
type row struct {
	Key, Label, Value   string
	N                   string // the count the value rests on, "1.200" as the tile writes it; "" for a metric without one
	Change              string // "▲ +9" or "–"
	Class               string // as the tile's (report.JudgeChange): "good", "bad", "ns" (grey), "flat"; "" for no change
	Verdict             string // "significant beter", or "beter" for a metric without a test, when good or bad; why when grey: "niet significant", "te weinig metingen"
	Note                string // footnote mark naming the test, "" for a metric without one
	Target, TargetClass string // "doel 40: gehaald" / "met" | "missed" | ""
	Bench, BenchClass   string
}

// view is everything a digest shows, in the recipient's language.
type view struct {
	r             Recipient
	lang          report.Lang
	From, To      time.Time // the period, [From, To)
	PrevFrom      time.Time
	Rows          []row
	Tests         []string // the tests named in the footnotes, in order of their marks
	Indicative    bool     // a figure is starred: it rests on fewer than 30 answers
	Drivers       []string // the period's strongest drivers, in words
	Emerging      []string // emerging terms
	Charts        []chartData
	Link, Unsub   string
	UnsubPostLink string
}

type chartData struct {
	Key, Title string
	PNG        []byte
}

// Starts returns the starts of the n periods of frequency f before the one now is in, and the
// start of that one (n+1 instants, oldest first), at local midnight in now's location: the last
// full period is [starts[n-1], starts[n]) (engine.Step.Starts).
func Starts(f Frequency, now time.Time, n int) []time.Time { return step(f).Starts(now, n) }

func step(f Frequency) engine.Step {
	switch f {
	case Monthly:
		return engine.StepMonth
	case Weekly:
		return engine.StepWeek
	}
	return engine.StepDay
}

// view asks the engine for the period, the previous one of equal length (as the dashboard
// its link opens compares: a month's is the 31 days before March, not February) and the
// chart buckets.
func (b *Builder) view(e *engine.Engine, r Recipient, filter map[engine.Dim]string, settings map[string]string, now time.Time) (*view, error) {
	starts := Starts(r.Every, now, ChartPeriods)
	from, to := starts[ChartPeriods-1], starts[ChartPeriods]
	v := &view{r: r, lang: report.Lang(r.Lang), From: from, To: to, PrevFrom: engine.PreviousFrom(from, to)}
	if v.lang != report.English {
		v.lang = report.Dutch
	}
	res, err := e.Query(engine.Query{From: starts[0], To: v.To, Filter: filter, Step: step(r.Every)})
	if err != nil {
		return nil, fmt.Errorf("digest: %w", err)
	}
	if n := len(res.Buckets); n != ChartPeriods {
		return nil, fmt.Errorf("digest: the engine returned %d periods, not %d", n, ChartPeriods)
	}
	both, err := e.Query(engine.Query{From: v.From, To: v.To, PreviousFrom: v.PrevFrom, Filter: filter})
	if err != nil {
		return nil, fmt.Errorf("digest: %w", err)
	}
	if len(both.Groups) == 0 || len(both.Previous) == 0 {
		return nil, fmt.Errorf("digest: the engine returned no figures for the period or the one before")
	}
	cur, prev := &both.Groups[0].Metrics, &both.Previous[0].Metrics

	for _, key := range headlines {
		d, _ := metric.Lookup(key)
		if rw, ok := b.row(v, d, cur, prev, settings); ok {
			v.Rows = append(v.Rows, rw)
		}
	}
	for _, key := range chartKeys {
		d, _ := metric.Lookup(key)
		png, err := b.chart(v, d, res.Buckets)
		if err != nil {
			return nil, err
		}
		v.Charts = append(v.Charts, chartData{Key: key, Title: d.Label.In(string(v.lang)), PNG: png})
	}
	if b.SLA != nil {
		why, err := e.Why(engine.Query{From: v.From, To: v.To, PreviousFrom: v.PrevFrom, Filter: filter},
			func(team string) int64 { return b.SLA(settings, team) })
		if err != nil {
			return nil, fmt.Errorf("digest: %w", err)
		}
		v.Drivers, v.Emerging = b.why(v, why)
	}
	v.Link = b.link(r, v.From, v.To)
	v.Unsub, v.UnsubPostLink = b.unsubscribeLinks(r)
	return v, nil
}

// link is the dashboard's overview of the same period and scope, in the recipient's language.
func (b *Builder) link(r Recipient, from, to time.Time) string {
	q := url.Values{}
	q.Set("period", "custom")
	q.Set("from", from.Format(time.DateOnly))
	q.Set("to", to.Format(time.DateOnly)) // exclusive, as the dashboard reads it
	switch {
	case r.Agent != "" && r.Role == "agent":
		q.Set("agent", r.Agent)
	case r.Team != "":
		q.Set("team", r.Team)
	}
	q.Set("lang", r.Lang)
	return b.BaseURL + "/?" + q.Encode()
}
