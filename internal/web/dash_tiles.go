package web

import (
	"fmt"
	"html/template"
	"math"
	"strings"

	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/report"
)

// tileDef is one KPI of the overview: the metric's descriptor (label, headline, format,
// direction, change test) and the page with its details.
type tileDef struct {
	Key  string
	Page string // the page with the details
	Unit string // the unit its target is typed in: "", "%", "h", "€"
	desc *metric.Descriptor
}

// tileDefs are the tiles of the overview, in order.
var tileDefs = []tileDef{
	newTileDef("nps", "/feedback"), newTileDef("csat", "/feedback"), newTileDef("ces", "/feedback"),
	newTileDef("first_response", "/service"), newTileDef("resolution", "/service"), newTileDef("fcr", "/service"),
	newTileDef("churn", "/customers"), newTileDef("retention", "/customers"), newTileDef("clv", "/customers"),
	newTileDef("iqs", "/team"), newTileDef("feedback_response", "/feedback"), newTileDef("sentiment", "/feedback"),
}

func newTileDef(key, page string) tileDef {
	d, ok := metric.Lookup(key)
	if !ok {
		panic("web: a tile for metric " + key + ", which has no descriptor")
	}
	unit := map[metric.Format]string{metric.FormatPercent: "%", metric.FormatDuration: "h", metric.FormatMoney: "€"}[d.Format]
	return tileDef{Key: key, Page: page, Unit: unit, desc: d}
}

// tile is one KPI as the overview shows it.
type tile struct {
	Key, Label, Value string
	Href              string // the page with the details, none when the user may not open it
	Drill             string // the records behind the figure (dash_links.go)
	Explain           string // what the metric measures, one line
	Figure            string // which figure the value is, when a metric has several (a mean)
	N                 int
	NA                bool // the metric does not apply under the filter
	NoData            bool
	Unread            bool   // the figures were not read (the page says a part was not loaded)
	Missing           string // what a tile without a figure says (noFigure)
	Indicative        bool   // n < 30
	CI                string // the 95% interval, shown on hover
	Change            *change
	Target            *targetState
	Spark             template.HTML
}

type change struct {
	Arrow, Text, Class, Title string
	// Word says on the tile what the colour shows (beter, slechter, niet significant), for
	// whoever does not tell red from green (WCAG 1.4.1); "" for no change.
	Word string
}

type targetState struct {
	Text string
	Met  bool
}

// tileSeries is the sparkline of a tile: a set per bucket up to now, and which are partial.
// (A CLV needs no guard against short buckets: it is computed over the 12 months before each
// bucket's end, metrics.md section 3, never stretched from a few days.)
type tileSeries struct {
	sets    []*metric.Set
	partial []bool
}

// makeTile builds a tile from the current and the previous period's sets and the points of
// its sparkline. Its value is the metric's headline, the figure the report table and the CSV
// show for it too.
func makeTile(d tileDef, v view, p *page, cur, prev *metric.Set, points tileSeries, target string) tile {
	l := v.Lang
	t := tile{Key: d.Key, Label: p.T("tile_" + d.Key), Explain: d.desc.Explain.In(string(l))}
	if d.desc.Format == metric.FormatDuration {
		t.Figure = p.T("headline_" + strings.ReplaceAll(d.desc.Headline.Field, ".", "_"))
	}
	f, ok := d.desc.Read(cur)
	if !ok {
		t.NA = true
		return t
	}
	x, n := f.Value, f.N
	t.N, t.Value, t.NoData, t.Indicative = n, l.Figure(d.desc.Format, p.Currency, x), x == nil, report.Indicative(d.desc, f)
	if t.NoData {
		t.Missing, _ = noFigure(p, d.Key, cur) // a tile opens its records either way
	}
	if ci := d.desc.Interval(cur); ci != nil {
		t.CI = fmt.Sprintf("%s: %s – %s", p.T("ci95"), l.Figure(d.desc.Format, p.Currency, &ci[0]), l.Figure(d.desc.Format, p.Currency, &ci[1]))
	}
	if pf, _ := d.desc.Read(prev); x != nil && pf.Value != nil {
		t.Change = describeChange(d, l, p, *x-*pf.Value, cur, prev)
	}
	if target != "" && x != nil {
		if scaled, ok := d.desc.Target(target); ok {
			t.Target = &targetState{Text: fmt.Sprintf("%s %s", p.T("target"), l.Figure(d.desc.Format, p.Currency, &scaled)), Met: d.desc.Meets(*x, scaled)}
		}
	}
	var series []*float64
	for _, m := range points.sets {
		pt, _ := d.desc.Read(m)
		series = append(series, pt.Value)
	}
	t.Spark = sparkline(series, points.partial, p.T("tile_"+d.Key))
	return t
}

// noFigure is what a figure without a value says, on a tile and on the Klanten page alike, and
// whether it measured nothing (none): "Niet gemeten" when nothing could be measured; a simple
// CLV of a year with buyers but no lifespan (no churn in that year, or no customers at its
// start: metric.NewCLV) says "Te weinig gegevens", as the README has it — there were orders,
// too few to give a lifetime, and their list opens. none comes from the figures, so a page
// never tells the two apart by their words.
func noFigure(p *page, key string, cur *metric.Set) (text string, none bool) {
	if key == "clv" && cur.CLV != nil && cur.CLV.Buyers > 0 {
		return p.T("too_little_data"), false
	}
	return p.T("not_measured"), true
}

// describeChange shows a change with an arrow, coloured by report.JudgeChange and said in a word
// beside it (better, worse, not significant for a grey one, or too few measurements) and in full in its title (better
// or worse; the p-value, significant or not), so colour is not the only sign.
func describeChange(d tileDef, l report.Lang, p *page, diff float64, cur, prev *metric.Set) *change {
	c := &change{}
	j := report.JudgeChange(d.desc, diff, cur, prev)
	diff, res, tested := j.Diff, j.Test, j.Tested
	c.Arrow, c.Text = l.Change(d.desc.Format, p.Currency, p.T("points"), diff)
	c.Title = p.T("vs_previous")
	hasTest := d.desc.Test != metric.NoTest
	c.Class = j.Class
	if j.Few {
		// Grey for too few measurements (report.ChangeClass): neither better nor worse.
		c.Word = p.T("change_few")
		c.Title += " · " + c.Word
		return c
	}
	if c.Class == "good" || c.Class == "bad" || c.Class == "ns" {
		word := map[bool]string{true: "change_better", false: "change_worse"}[d.desc.Direction.Good(diff)]
		c.Title += " · " + p.T(word)
		c.Word = p.T(word)
	}
	if c.Class == "ns" {
		c.Word = p.T("not_significant")
	}
	switch {
	case tested && res.Significant:
		c.Title += " · " + l.PValue(res.P) + " · " + p.T("significant")
	case tested:
		c.Title += " · " + l.PValue(res.P) + " · " + p.T("not_significant")
	case hasTest && c.Class == "ns":
		c.Title += " · " + p.T("not_testable")
	}
	return c
}

// sparkline draws points as a small inline SVG line (no script needed); nil points are gaps.
// A line to or from a partial bucket (engine.SeriesSpan) is dashed and its point hollow, so a week
// still running does not read as a dip.
func sparkline(points []*float64, partial []bool, label string) template.HTML {
	const w, h = 120.0, 32.0
	lo, hi, values := math.Inf(1), math.Inf(-1), 0
	for _, p := range points {
		if p != nil {
			lo, hi, values = math.Min(lo, *p), math.Max(hi, *p), values+1
		}
	}
	if values < 2 { // one point is no trend: a lone dot said nothing
		return ""
	}
	if hi == lo {
		lo, hi = lo-1, hi+1
	}
	xy := func(i int) string {
		return fmt.Sprintf("%.1f,%.1f", 3+(w-6)*float64(i)/float64(len(points)-1), h-3-(h-6)*(*points[i]-lo)/(hi-lo))
	}
	part := func(i int) bool { return i < len(partial) && partial[i] }
	var solid, dashed, dots strings.Builder
	for i, p := range points {
		if p == nil {
			continue
		}
		if i+1 < len(points) && points[i+1] != nil {
			path := &solid
			if part(i) || part(i+1) {
				path = &dashed
			}
			fmt.Fprintf(path, "M%sL%s", xy(i), xy(i+1))
		}
		lone := (i == 0 || points[i-1] == nil) && (i+1 == len(points) || points[i+1] == nil)
		if lone || part(i) {
			c := strings.Split(xy(i), ",")
			fill := "currentColor"
			if part(i) {
				fill = "#fff"
			}
			fmt.Fprintf(&dots, `<circle cx="%s" cy="%s" r="2" fill="%s" stroke="currentColor"/>`, c[0], c[1], fill)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="spark" viewBox="0 0 %g %g" width="%g" height="%g" role="img" aria-label="%s">`, w, h, w, h, template.HTMLEscapeString(label))
	if solid.Len() > 0 {
		fmt.Fprintf(&b, `<path fill="none" stroke="currentColor" stroke-width="1.5" d="%s"/>`, solid.String())
	}
	if dashed.Len() > 0 {
		fmt.Fprintf(&b, `<path class="partial" fill="none" stroke="currentColor" stroke-width="1.5" stroke-dasharray="3 2" d="%s"/>`, dashed.String())
	}
	b.WriteString(dots.String())
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // built from numbers and an escaped label only
}
