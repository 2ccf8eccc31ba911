package report

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/chart"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// Export is what a PDF or a workbook shows: the figures of one report or dashboard page, with
// the words around them. The command line (klantpuls report --format pdf|xlsx) and the
// dashboard's export links build one and hand it to the same writers (PDF, XLSX), so a page
// prints the same way from either.
type Export struct {
	Title    string
	Lang     Lang
	Currency string
	// From and To are the period [from, to) as the report JSON writes them; Timezone the
	// account's.
	From, To, Timezone string
	// PeriodName, when set, names the period as the page the export comes from names it — a
	// running one "1 dec 2026 – 7 dec 2026 (t/m vandaag)" (web's view.label) — where From and
	// To alone would not say the period still runs.
	PeriodName string
	// Filters say how the figures were chosen, in Lang: "Kanaal: e-mail", "Per team".
	Filters []string
	// Tables are the figures: a sheet of the workbook each, a table in the PDF.
	Tables []ExportTable
	Charts []chart.Line // the PDF's charts, after the tables
	// ChartNote, when set, is printed under the charts: what a hollow point means.
	ChartNote string
	// Long, when set, is a report written as its CSV is, one figure a row: the workbook's
	// last sheet.
	Long *Document
	// Sections are tables of rows (rows.go), after Tables: a page's lists.
	Sections []Section
	// AsOf, when set, is the moment the figures stand at, said instead of the period: a page
	// read as of now (a ticket, the churn risk list) has no period.
	AsOf time.Time
	// Value, when set, names a data value of a dimension ("channel", "phone") in Lang as the
	// dashboard does ("telefoon"), for the groups of a table and the tickets' channel shares;
	// unset, a value is printed as stored.
	Value func(dim, value string) string
}

// ExportTable is one table of figures: every group of Doc (a row each) and a column per entry
// of Metrics, in its order: a metric's key for its headline figure, or a path into a metric's
// JSON for another of its figures ("tickets.solved", "first_response.business.median": a page
// that shows those exports those). Empty Metrics is every metric's headline.
type ExportTable struct {
	Name    string // the sheet's name, and the heading in the PDF
	Doc     *Document
	Metrics []string
}

// column is one column of a table: a metric, and the path of a figure other than its headline.
type column struct {
	d    *metric.Descriptor
	path []string
}

// columns are the table's columns: every metric's headline in the registry's order when
// Metrics is empty, else those Metrics names, in its order.
func (t ExportTable) columns() []column {
	var out []column
	if len(t.Metrics) == 0 {
		for _, d := range metric.All() {
			out = append(out, column{d: d})
		}
		return out
	}
	for _, m := range t.Metrics {
		if c, ok := columnOf(m); ok {
			out = append(out, c)
		}
	}
	return out
}

// columnOf is the column a metric's key or a path into its JSON names; ok is false for a
// metric the registry does not know.
func columnOf(name string) (c column, ok bool) {
	key, path, split := strings.Cut(name, ".")
	d, known := metric.Lookup(key)
	switch {
	case !known:
		return c, false
	case split:
		return column{d: d, path: strings.Split(path, ".")}, true
	}
	return column{d: d}, true
}

// heading is the column's heading: the metric's label, and for another figure its words
// ("Eerste reactietijd (werkuren, mediaan)").
func (c column) heading(l Lang) string {
	h := c.d.Label.In(string(l))
	if len(c.path) > 0 {
		var parts []string
		for _, p := range c.path {
			if w, ok := labels[l][p]; ok {
				p = w
			}
			parts = append(parts, p)
		}
		h += " (" + strings.Join(parts, ", ") + ")"
	}
	return h
}

// format is how the column's figure is written: the count a figure rests on ("csat.n") as a
// count, any other as its metric's.
func (c column) format() metric.Format {
	if len(c.path) > 0 && c.path[len(c.path)-1] == "n" {
		return metric.FormatCount
	}
	return c.d.Format
}

// besideFigure tells whether the column is the count a figure rests on ("csat.n") printed
// right after a column of the same metric's figure (before, the columns left of it): read
// beside that figure, it needs no name of its own.
func (c column) besideFigure(before []column) bool {
	if len(c.path) == 0 || c.path[len(c.path)-1] != "n" || len(before) == 0 {
		return false
	}
	prev := before[len(before)-1]
	return prev.d == c.d && prev.format() != metric.FormatCount
}

// value is the column's figure in a group: ok is false when the metric is not of the group
// (churn by channel), value nil when it is not measured.
func (c column) value(m *metric.Set) (value *float64, ok bool) {
	if len(c.path) == 0 {
		f, ok := c.d.Read(m)
		return f.Value, ok
	}
	if !c.d.In(m) {
		return nil, false
	}
	raw, err := json.Marshal(m)
	if err != nil {
		return nil, false
	}
	var x any
	if json.Unmarshal(raw, &x) != nil {
		return nil, false
	}
	for _, p := range append([]string{c.d.Key}, c.path...) {
		obj, isObj := x.(map[string]any)
		if !isObj {
			return nil, true
		}
		x = obj[p]
	}
	if f, isNum := x.(float64); isNum {
		return &f, true
	}
	return nil, true
}

// indicative tells whether the column's figure in a group is starred: the headline, or a
// figure that stands in for it (a duration's median or p90, metric.Descriptor.Figures),
// resting on too few answers (Indicative); another figure (a count) carries no star.
func (c column) indicative(m *metric.Set) bool {
	figure := ""
	if len(c.path) > 0 {
		prefix, _, _ := strings.Cut(c.d.Headline.Field, ".")
		// "business.median" of a headline "business.mean": the median stands beside it.
		if len(c.path) != 2 || c.path[0] != prefix || !slices.Contains(c.d.Figures(), c.path[1]) {
			return false
		}
		figure = c.path[1]
	}
	f, ok := c.d.ReadFigure(m, figure)
	return ok && Indicative(c.d, f)
}

// IndicativeFigure tells whether the figure a table's column names ("csat",
// "first_response.business.median") is starred in m: a page that shows such a column asks it,
// as its PDF and workbook do, so they star the same figures.
func IndicativeFigure(m *metric.Set, name string) bool {
	c, ok := columnOf(name)
	return ok && c.indicative(m)
}

// NewExport starts the export of a report document: its period and split in the words of
// lang, one table of every metric.
func NewExport(d *Document, lang Lang) *Export {
	w := labels[lang]
	e := &Export{Title: w["title"], Lang: lang, Currency: d.Currency, From: d.From, To: d.To, Timezone: d.Timezone,
		Tables: []ExportTable{{Name: w["figures"], Doc: d}}}
	if d.Running {
		e.PeriodName = lang.period(d)
	}
	if d.By != nil {
		e.Filters = append(e.Filters, w["split"]+" "+strings.ToLower(w[*d.By]))
	}
	return e
}

// period is a report's period in words, "(loopt nog)" after it while it runs (Document.Running).
func (l Lang) period(d *Document) string {
	if d.Running {
		return l.Period(d.From, d.To) + " (" + labels[l]["running"] + ")"
	}
	return l.Period(d.From, d.To)
}

// Period says the period in words: "1 jan 2026 – 31 mrt 2026", or its PeriodName.
func (e *Export) Period() string {
	if e.PeriodName != "" {
		return e.PeriodName
	}
	return e.Lang.Period(e.From, e.To)
}

// When says what the figures cover, as each page's header says it: "periode: 1 jan 2026 –
// 31 mrt 2026", or "stand: 3 dec 2026 14:05" for a page read as of a moment.
func (e *Export) When() string {
	if !e.AsOf.IsZero() {
		return e.Word("as_of") + ": " + e.Lang.DateTime(e.AsOf)
	}
	return e.Word("period") + ": " + e.Period()
}

// WhenIn is When with the time zone said in it: "periode: 1 mrt 2026 – 31 mrt 2026 (tijdzone
// Europe/Amsterdam)". A period that still runs already ends in a bracket, "(t/m vandaag)", so
// the zone joins it — "(t/m vandaag, tijdzone …)" — rather than open a second one after it.
func (e *Export) WhenIn(zone string) string {
	return bracketed(e.When(), zone)
}

// bracketed is s with more said in brackets after it: inside the bracket s already ends in
// ("(loopt nog, Europe/Amsterdam)"), else in one of its own.
func bracketed(s, more string) string {
	if strings.HasSuffix(s, ")") {
		return strings.TrimSuffix(s, ")") + ", " + more + ")"
	}
	return s + " (" + more + ")"
}

// Word is one of the words around the figures, in the export's language.
func (e *Export) Word(key string) string { return e.Lang.Word(key) }

// groupName is a group's key of d as a row shows it: "(geen)" for the records without one,
// the report's name for the one group of an unsplit report.
func (e *Export) groupName(d *Document, g Group) string {
	switch {
	case g.Key == nil:
		return e.Word("all")
	case *g.Key == "":
		return e.Word("none")
	case d.By != nil:
		return e.valueName(*d.By, *g.Key)
	}
	return *g.Key
}

// valueName is a data value of dim as the export names it (Value); without Value (`klantpuls
// report --format pdf|xlsx`) a channel in the export's language as the dashboard names it
// ("telefoon"), any other value as stored.
func (e *Export) valueName(dim, value string) string {
	switch {
	case e.Value != nil:
		return e.Value(dim, value)
	case dim == string(engine.ByChannel):
		return e.Lang.Channel(value)
	}
	return value
}

// StepFor is the bucket of a period's charts: days up to a month, weeks up to about half a
// year, else months; none past engine.MaxBuckets × 28 days, whose months could pass the bound.
// The dashboard's charts and the printed ones step alike.
func StepFor(from, to time.Time) engine.Step {
	y1, m1, d1 := from.Date()
	y2, m2, d2 := to.Date()
	days := int(time.Date(y2, m2, d2, 12, 0, 0, 0, time.UTC).Sub(time.Date(y1, m1, d1, 12, 0, 0, 0, time.UTC)).Hours() / 24)
	switch {
	case days <= 31:
		return engine.StepDay
	case days <= 190:
		return engine.StepWeek
	case days > engine.MaxBuckets*28:
		return engine.NoStep
	}
	return engine.StepMonth
}

// SetTrends sets the export's charts: the line charts of metrics' headline figures over
// buckets (unsplit: each bucket's first group), titled with the metrics' labels and ticked in
// the export's formats, and the note under them. partial marks the buckets only partly
// measured (engine.SeriesSpan; nil: none), drawn hollow.
func (e *Export) SetTrends(buckets []engine.Bucket, step engine.Step, partial []bool, keys ...string) {
	var labels []string
	for _, b := range buckets {
		labels = append(labels, e.bucketLabel(b.From, step))
	}
	var out []chart.Line
	for _, key := range keys {
		d, ok := metric.Lookup(key)
		if !ok {
			continue
		}
		var values []*float64
		for _, b := range buckets {
			var v *float64
			if len(b.Groups) > 0 {
				if f, ok := d.Read(&b.Groups[0].Metrics); ok {
					v = f.Value
				}
			}
			values = append(values, v)
		}
		format := d.Format
		out = append(out, chart.Line{Title: d.Label.In(string(e.Lang)) + " " + e.Word("per_"+string(step)),
			Labels: labels, Partial: partial, Series: []chart.Series{{Name: d.Label.In(string(e.Lang)), Values: values}},
			Tick: func(x float64) string { return e.tick(format, x) }, Seconds: format == metric.FormatDuration,
			Whole: format == metric.FormatCount || format == metric.FormatInteger})
	}
	e.Charts, e.ChartNote = out, ""
	if len(out) > 0 {
		e.ChartNote = e.PartialNote(partial)
	}
}

// PartialNote is the note under a printed chart with partial buckets (hollow points, lighter
// lines), "" without.
func (e *Export) PartialNote(partial []bool) string {
	if slices.Contains(partial, true) {
		return e.Word("partial_note")
	}
	return ""
}

// tick writes an axis value: whole numbers, a percent sign, a duration.
func (e *Export) tick(f metric.Format, x float64) string {
	switch f {
	case metric.FormatPercent:
		return e.Lang.Number(x, 0) + "%"
	case metric.FormatDuration:
		return e.Lang.Duration(&x)
	case metric.FormatMoney:
		return e.Lang.Money(e.Currency, &x)
	case metric.FormatDecimal:
		return e.Lang.Number(x, 1)
	}
	return e.Lang.Number(x, 0)
}

// bucketLabel is a bucket on the x axis: "2 mrt" for a day or a week (its Monday), "mrt 2026"
// for a month.
func (e *Export) bucketLabel(t time.Time, step engine.Step) string {
	m, ok := months[e.Lang]
	if !ok {
		m = months[Dutch]
	}
	if step == engine.StepMonth {
		return m[t.Month()-1] + " " + t.Format("2006")
	}
	return t.Format("2") + " " + m[t.Month()-1]
}

// ChartMetrics are the headline charts of a printed report: the customers' scores and the
// speed of the first reply, per step of the period.
var ChartMetrics = []string{"nps", "csat", "first_response"}
