package digest

import (
	"bytes"
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/klantpuls/klantpuls/internal/chart"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/report"
)

// row builds a headline KPI's line; false when the metric does not apply to the scope (an
// agent's churn) so the digest leaves it out rather than showing a dash for ever.
func (b *Builder) row(v *view, d *metric.Descriptor, cur, prev *metric.Set, settings map[string]string) (row, bool) {
	l, w := v.lang, words(string(v.lang))
	f, ok := d.Read(cur)
	if !ok {
		return row{}, false
	}
	value, none := l.Measured(d.Format, b.Currency, f.Value)
	rw := row{Key: d.Key, Label: d.Label.In(string(l)), Value: value, Change: "–"}
	if d.Headline.N != "" {
		// Every rate carries its n (metrics.md section 0), as the overview's tile shows it under
		// the value: a star says the count is small, the count says how small.
		rw.N = l.Number(float64(f.N), 0)
	}
	if none {
		return rw, true
	}
	if report.Indicative(d, f) {
		// Starred as the report table and the overview's tiles do, the star explained below.
		rw.Value += "*"
		v.Indicative = true
	}
	x := *f.Value
	if pf, _ := d.Read(prev); pf.Value != nil {
		// Coloured as the overview's tile colours it (report.JudgeChange): by the metric's
		// direction, and for a metric with a test only when it finds the change significant,
		// grey otherwise: noise in a small week must not read as news.
		j := report.JudgeChange(d, x-*pf.Value, cur, prev)
		arrow, text := l.Change(d.Format, b.Currency, w.Points, j.Diff)
		rw.Change, rw.Class = arrow+" "+text, j.Class
		if j.Tested {
			rw.Note = v.footnote(d.Test.Name().In(string(v.lang)), w)
		}
		// Said in words as well, for the text part and for readers who do not see colour; a
		// grey change in the tile's words (describeChange): too few measurements (report's
		// change_few), or a metric's test that finds it not significant or cannot test it
		// (not_significant). No change, or no direction, says nothing.
		good := j.Class == "good"
		switch {
		case j.Few:
			rw.Verdict = l.Word("change_few")
		case j.Class == "ns":
			rw.Verdict = l.Word("not_significant")
		case j.Class != "good" && j.Class != "bad":
		case d.Test != metric.NoTest:
			rw.Verdict = map[bool]string{true: w.Better, false: w.Worse}[good]
		default:
			rw.Verdict = map[bool]string{true: w.Good, false: w.Bad}[good]
		}
	}
	if t, ok := d.Target(settings[d.TargetSetting()]); ok && d.Direction != metric.NoDirection {
		rw.Target, rw.TargetClass = judged(d, l, b.Currency, x, t, w.Target, w)
	}
	if bench, ok := b.Benchmarks[d.Key]; ok && d.Direction != metric.NoDirection {
		t, _ := d.Target(strconv.FormatFloat(bench, 'f', -1, 64))
		rw.Bench, rw.BenchClass = judged(d, l, b.Currency, x, t, w.Benchmark, w)
	}
	return rw, true
}

// judged says a figure against a target or benchmark: "doel 40: gehaald".
func judged(d *metric.Descriptor, l report.Lang, currency string, x, t float64, name string, w wordSet) (string, string) {
	if d.Meets(x, t) {
		return fmt.Sprintf("%s %s: %s", name, l.Figure(d.Format, currency, &t), w.Met), "met"
	}
	return fmt.Sprintf("%s %s: %s", name, l.Figure(d.Format, currency, &t), w.Missed), "missed"
}

// footnote returns the mark of the footnote naming test, adding the note at first use.
func (v *view) footnote(test string, w wordSet) string {
	for i, t := range v.Tests {
		if t == test {
			return marks[i]
		}
	}
	v.Tests = append(v.Tests, test)
	return marks[len(v.Tests)-1]
}

var marks = []string{"¹", "²", "³", "⁴"}

// chart draws one metric's headline over the buckets as a PNG.
func (b *Builder) chart(v *view, d *metric.Descriptor, buckets []engine.Bucket) ([]byte, error) {
	c := chart.Line{Title: d.Label.In(string(v.lang)), Width: 600, Height: 250,
		Tick:    func(x float64) string { return v.lang.Number(x, 0) },
		Seconds: d.Format == metric.FormatDuration, Whole: d.Format == metric.FormatInteger}
	if d.Format == metric.FormatDuration {
		c.Tick = func(x float64) string { return v.lang.Duration(&x) }
	}
	s := chart.Series{Name: d.Label.In(string(v.lang))}
	c.Labels = axisLabels(v, buckets)
	for _, bk := range buckets {
		var x *float64
		if len(bk.Groups) > 0 {
			f, _ := d.Read(&bk.Groups[0].Metrics)
			x = f.Value
		}
		s.Values = append(s.Values, x)
	}
	c.Series = []chart.Series{s}
	var buf bytes.Buffer
	if err := c.PNG(&buf); err != nil {
		return nil, fmt.Errorf("digest: chart %s: %w", d.Key, err)
	}
	return buf.Bytes(), nil
}

// axisLabels name the buckets on a chart's x axis as the dashboard's charts name them (app.js
// labels): each one's first day ("23 Nov"), with its year when they span two, or its month
// ("Nov 2026"), in the recipient's language.
func axisLabels(v *view, buckets []engine.Bucket) []string {
	name := v.lang.Day
	switch {
	case v.r.Every == Monthly:
		name = v.lang.Month
	case len(buckets) > 0 && buckets[0].From.Year() != buckets[len(buckets)-1].From.Year():
		name = v.lang.Date
	}
	out := make([]string, len(buckets))
	for i, bk := range buckets {
		out[i] = name(bk.From)
	}
	return out
}

// why picks the period's three strongest drivers (by impact on NPS and CSAT) and up to three
// emerging terms, in words: named and measured as on the Waarom page (report.Lang.Driver,
// report.Lang.Points).
func (b *Builder) why(v *view, w *engine.Why) (drivers, emerging []string) {
	type scored struct {
		text   string
		impact float64
	}
	themes := map[string]string{}
	for _, th := range w.Themes {
		themes[th.Key] = v.lang.Theme(th)
	}
	var all []scored
	add := func(kpi, unit string, nps bool, ds []engine.Driver) {
		for _, d := range ds {
			// Only a factor whose effect its test finds real, on 30 answers or more either side,
			// is named: a digest has no room to explain noise, nor the page's small-n mark.
			if d.Impact == nil || d.Value == nil || !d.Significant || d.Indicative() {
				continue
			}
			all = append(all, scored{fmt.Sprintf("%s — %s %s %s", v.lang.Driver(d, themes), kpi, v.lang.Points(d.Value, nps), unit), *d.Impact})
		}
	}
	ws := words(string(v.lang))
	add("NPS", ws.ScorePoints, true, w.NPS)
	add("CSAT", ws.Points, false, w.CSAT)
	sort.SliceStable(all, func(i, j int) bool { return math.Abs(all[i].impact) > math.Abs(all[j].impact) })
	for i := 0; i < len(all) && i < 3; i++ {
		drivers = append(drivers, all[i].text)
	}
	for i := 0; i < len(w.Emerging) && i < 3; i++ {
		emerging = append(emerging, fmt.Sprintf("%s (%d)", w.Emerging[i].Term, w.Emerging[i].Count))
	}
	return drivers, emerging
}
