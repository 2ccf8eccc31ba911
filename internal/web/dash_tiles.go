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

// tileDef is one KPI of the overview: how to read it from a report, show it, and judge it.
type tileDef struct {
	Key    string
	Page   string // the page with the details
	Higher bool   // higher is better (NPS) or lower is (first response time)
	Unit   string // the unit of its target: "", "%", "h", "€"
	value  func(m *metric.Set) (*float64, int)
	format func(l report.Lang, x *float64) string
	ci     func(m *metric.Set) *metric.Interval
	test   func(cur, prev *metric.Set) (metric.Change, bool) // significance of the change
	scale  float64                                           // target unit → value unit (hours → seconds)
	// applies tells whether the metric is in a set; customer metrics and IQS are left out
	// under some filters (churn by channel has no meaning). nil: always.
	applies func(m *metric.Set) bool
}

func customerMetric(m *metric.Set) bool { return m.Churn != nil }

var tileDefs = []tileDef{
	{Key: "nps", Page: "/feedback", Higher: true,
		value:  func(m *metric.Set) (*float64, int) { return m.NPS.Value, m.NPS.N },
		format: func(l report.Lang, x *float64) string { return l.Score(x) },
		ci:     func(m *metric.Set) *metric.Interval { return m.NPS.CI95 },
		test:   func(c, p *metric.Set) (metric.Change, bool) { return metric.NPSChange(*c.NPS, *p.NPS) }},
	{Key: "csat", Page: "/feedback", Higher: true, Unit: "%",
		value:  func(m *metric.Set) (*float64, int) { return m.CSAT.Value, m.CSAT.N },
		format: func(l report.Lang, x *float64) string { return l.Percent(x) },
		ci:     func(m *metric.Set) *metric.Interval { return m.CSAT.CI95 },
		test: func(c, p *metric.Set) (metric.Change, bool) {
			return metric.ProportionChange(c.CSAT.Positive, c.CSAT.N, p.CSAT.Positive, p.CSAT.N)
		}},
	{Key: "ces", Page: "/feedback", Higher: true, Unit: "%",
		value:  func(m *metric.Set) (*float64, int) { return m.CES.Value, m.CES.N },
		format: func(l report.Lang, x *float64) string { return l.Percent(x) }},
	{Key: "first_response", Page: "/service", Unit: "h", scale: 3600,
		value: func(m *metric.Set) (*float64, int) {
			return m.FirstResponse.Business.Median, m.FirstResponse.Business.N
		},
		format: func(l report.Lang, x *float64) string { return l.Duration(x) }},
	{Key: "resolution", Page: "/service", Unit: "h", scale: 3600,
		value:  func(m *metric.Set) (*float64, int) { return m.Resolution.Business.Median, m.Resolution.Business.N },
		format: func(l report.Lang, x *float64) string { return l.Duration(x) }},
	{Key: "fcr", Page: "/service", Higher: true, Unit: "%",
		value:  func(m *metric.Set) (*float64, int) { return m.FCR.Value, m.FCR.N },
		format: func(l report.Lang, x *float64) string { return l.Percent(x) }},
	{Key: "churn", Page: "/customers", applies: customerMetric, Unit: "%",
		value:  func(m *metric.Set) (*float64, int) { return m.Churn.Value, m.Churn.Start },
		format: func(l report.Lang, x *float64) string { return l.Percent(x) }},
	{Key: "retention", Page: "/customers", applies: customerMetric, Higher: true, Unit: "%",
		value:  func(m *metric.Set) (*float64, int) { return m.Retention.Value, m.Retention.Start },
		format: func(l report.Lang, x *float64) string { return l.Percent(x) }},
	{Key: "clv", Page: "/customers", applies: customerMetric, Higher: true, Unit: "€",
		value:  func(m *metric.Set) (*float64, int) { return m.CLV.Simple, m.CLV.Buyers },
		format: func(l report.Lang, x *float64) string { return l.Money(x) }},
	{Key: "iqs", Page: "/team", Higher: true, applies: func(m *metric.Set) bool { return m.IQS != nil },
		value:  func(m *metric.Set) (*float64, int) { return m.IQS.Value, m.IQS.N },
		format: func(l report.Lang, x *float64) string { return l.Plain(x, 1) }},
	{Key: "feedback_response", Page: "/feedback", Higher: true, Unit: "%",
		value:  func(m *metric.Set) (*float64, int) { return m.FeedbackResponse.Value, m.FeedbackResponse.N },
		format: func(l report.Lang, x *float64) string { return l.Percent(x) }},
}

func available(d tileDef, m *metric.Set) bool { return d.applies == nil || d.applies(m) }

// tile is one KPI as the overview shows it.
type tile struct {
	Key, Label, Value, Href string
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
// its sparkline.
func makeTile(d tileDef, l report.Lang, p *page, cur, prev *metric.Set, points []*metric.Set, target string) tile {
	t := tile{Key: d.Key, Label: p.T("tile_" + d.Key)}
	if !available(d, cur) {
		t.NA = true
		return t
	}
	x, n := d.value(cur)
	t.N, t.Value, t.NoData, t.Indicative = n, d.format(l, x), x == nil, x != nil && n < 30
	if d.ci != nil {
		if ci := d.ci(cur); ci != nil {
			t.CI = fmt.Sprintf("%s: %s – %s", p.T("ci95"), d.format(l, &ci[0]), d.format(l, &ci[1]))
		}
	}
	if px, _ := d.value(prev); x != nil && px != nil {
		t.Change = describeChange(d, l, p, *x-*px, cur, prev)
	}
	if target != "" && x != nil {
		if want, err := strconv.ParseFloat(strings.ReplaceAll(target, ",", "."), 64); err == nil {
			scaled := want
			if d.scale != 0 {
				scaled = want * d.scale
			}
			met := *x >= scaled
			if !d.Higher {
				met = *x <= scaled
			}
			t.Target = &targetState{Text: fmt.Sprintf("%s %s", p.T("target"), d.format(l, &scaled)), Met: met}
		}
	}
	var series []*float64
	for _, m := range points {
		if available(d, m) {
			v, _ := d.value(m)
			series = append(series, v)
		}
	}
	t.Spark = sparkline(series, p.T("tile_"+d.Key))
	return t
}

// describeChange shows a change with an arrow. Only a statistically significant change (NPS,
// CSAT: p < 0.05) is coloured good or bad; others stay neutral, so noise does not look like news.
func describeChange(d tileDef, l report.Lang, p *page, diff float64, cur, prev *metric.Set) *change {
	c := &change{Arrow: "→", Class: "flat"}
	switch {
	case diff > 0:
		c.Arrow = "▲"
	case diff < 0:
		c.Arrow = "▼"
	}
	switch d.Unit {
	case "h":
		a := math.Abs(diff)
		c.Text = l.Duration(&a)
	case "€":
		c.Text = l.Money(&diff)
	case "%":
		c.Text = l.Number(diff, 1) + " " + p.T("points")
	default:
		c.Text = l.Number(diff, 0)
	}
	if d.Unit != "h" && diff > 0 {
		c.Text = "+" + c.Text
	}
	c.Title = p.T("vs_previous")
	if d.test != nil {
		if res, ok := d.test(cur, prev); ok {
			c.Title += fmt.Sprintf(" · p = %s", l.Number(res.P, 3))
			if res.Significant && diff != 0 {
				if (diff > 0) == d.Higher {
					c.Class = "good"
				} else {
					c.Class = "bad"
				}
				c.Title += " · " + p.T("significant")
			} else {
				c.Title += " · " + p.T("not_significant")
			}
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
