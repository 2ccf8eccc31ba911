package web

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
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

// targetScale turns a target as typed (hours) into the headline's unit (seconds).
func (d tileDef) targetScale() float64 {
	if d.desc.Format == metric.FormatDuration {
		return 3600
	}
	return 1
}

// tile is one KPI as the overview shows it.
type tile struct {
	Key, Label, Value, Href string
	Explain                 string // what the metric measures, one line
	Figure                  string // which figure the value is, when a metric has several (a mean)
	N                       int
	NA                      bool // the metric does not apply under the filter
	NoData                  bool
	Indicative              bool   // n < 30
	CI                      string // the 95% interval, shown on hover
	Change                  *change
	Target                  *targetState
	Spark                   template.HTML
}

type change struct {
	Arrow, Text, Class, Title string
}

type targetState struct {
	Text string
	Met  bool
}

// makeTile builds a tile from the current and the previous period's sets and the points of
// its sparkline. Its value is the metric's headline, the figure the report table and the CSV
// show for it too.
func makeTile(d tileDef, l report.Lang, p *page, cur, prev *metric.Set, points []*metric.Set, target string) tile {
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
	t.N, t.Value, t.NoData, t.Indicative = n, l.Figure(d.desc.Format, p.Currency, x), x == nil, x != nil && n < 30
	if ci := d.desc.Interval(cur); ci != nil {
		t.CI = fmt.Sprintf("%s: %s – %s", p.T("ci95"), l.Figure(d.desc.Format, p.Currency, &ci[0]), l.Figure(d.desc.Format, p.Currency, &ci[1]))
	}
	if pf, _ := d.desc.Read(prev); x != nil && pf.Value != nil {
		t.Change = describeChange(d, l, p, *x-*pf.Value, cur, prev)
	}
	if target != "" && x != nil {
		if want, err := strconv.ParseFloat(strings.ReplaceAll(target, ",", "."), 64); err == nil {
			scaled := want * d.targetScale()
			met := *x >= scaled
			if d.desc.Direction == metric.LowerIsBetter {
				met = *x <= scaled
			}
			t.Target = &targetState{Text: fmt.Sprintf("%s %s", p.T("target"), l.Figure(d.desc.Format, p.Currency, &scaled)), Met: met}
		}
	}
	var series []*float64
	for _, m := range points {
		if pt, ok := d.desc.Read(m); ok {
			series = append(series, pt.Value)
		}
	}
	t.Spark = sparkline(series, p.T("tile_"+d.Key))
	return t
}

// describeChange shows a change with an arrow. Only a statistically significant change (the
// metric's test: NPS, CSAT; p < 0.05) is coloured good or bad, by the metric's direction;
// others stay neutral, so noise does not look like news.
func describeChange(d tileDef, l report.Lang, p *page, diff float64, cur, prev *metric.Set) *change {
	c := &change{Arrow: "→", Class: "flat"}
	switch {
	case diff > 0:
		c.Arrow = "▲"
	case diff < 0:
		c.Arrow = "▼"
	}
	switch d.desc.Format {
	case metric.FormatDuration:
		a := math.Abs(diff)
		c.Text = l.Duration(&a)
	case metric.FormatMoney:
		c.Text = l.Money(p.Currency, &diff)
	case metric.FormatPercent:
		c.Text = l.Number(diff, 1) + " " + p.T("points")
	default:
		c.Text = l.Number(diff, 0)
	}
	if d.desc.Format != metric.FormatDuration && diff > 0 {
		c.Text = "+" + c.Text
	}
	c.Title = p.T("vs_previous")
	if res, ok := d.desc.Change(cur, prev); ok {
		c.Title += fmt.Sprintf(" · p = %s", l.Number(res.P, 3))
		if res.Significant && diff != 0 {
			if d.desc.Direction != metric.NoDirection {
				c.Class = "bad"
				if d.desc.Direction.Good(diff) {
					c.Class = "good"
				}
			}
			c.Title += " · " + p.T("significant")
		} else {
			c.Title += " · " + p.T("not_significant")
		}
	}
	return c
}

// sparkline draws points as a small inline SVG line (no script needed); nil points are gaps.
func sparkline(points []*float64, label string) template.HTML {
	const w, h = 120.0, 32.0
	lo, hi, any := math.Inf(1), math.Inf(-1), false
	for _, p := range points {
		if p != nil {
			lo, hi, any = math.Min(lo, *p), math.Max(hi, *p), true
		}
	}
	if !any || len(points) < 2 {
		return ""
	}
	if hi == lo {
		lo, hi = lo-1, hi+1
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="spark" viewBox="0 0 %g %g" width="%g" height="%g" role="img" aria-label="%s">`, w, h, w, h, template.HTMLEscapeString(label))
	var seg []string
	flush := func() {
		if len(seg) > 1 {
			fmt.Fprintf(&b, `<polyline fill="none" stroke="currentColor" stroke-width="1.5" points="%s"/>`, strings.Join(seg, " "))
		} else if len(seg) == 1 {
			xy := strings.Split(seg[0], ",")
			fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="1.5" fill="currentColor"/>`, xy[0], xy[1])
		}
		seg = seg[:0]
	}
	for i, p := range points {
		if p == nil {
			flush()
			continue
		}
		x := w * float64(i) / float64(len(points)-1)
		y := h - 2 - (h-4)*(*p-lo)/(hi-lo)
		seg = append(seg, fmt.Sprintf("%.1f,%.1f", x, y))
	}
	flush()
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // built from numbers and an escaped label only
}
