package web

import (
	"net/url"
	"time"

	"github.com/klantpuls/klantpuls/internal/engine"
)

// Every figure on the dashboard opens the records behind it: the drill-down list (GET /drill,
// branch drill) with the metric's key, the view's period, filters and language, and the
// figure's own split (a team's row adds team=…). A chart point opens the same list for its
// bucket alone: period=custom&from=…&to=… (`to` exclusive, as report.ParsePeriod reads it).

// drillPath is the drill-down list's address.
const drillPath = "/drill"

// drill is the URL of the records behind a figure of metric key in the view, with pairs (a
// split row's filter, e.g. "team", "Support") added; "" for a metric without a list
// (engagement, a weighted share), which /drill refuses: its figure is no link.
func (v view) drill(key string, pairs ...string) string {
	if _, ok := engine.Drillable(key); !ok {
		return ""
	}
	return v.link(drillPath, append([]string{"metric", key, "lang", string(v.Lang)}, pairs...)...)
}

// Drill is the URL of the records behind a figure of metric key on this page (templates).
func (d *dashPage) Drill(key string, pairs ...string) string { return d.View.drill(key, pairs...) }

// bucketDrill is what a chart carries for a click on a point (app.js): each bucket's bounds,
// the dates a drill URL's from and to take, to exclusive. A series carries its own URL (its
// metric and filter), to which app.js sets period=custom, from and to.
type bucketDrill struct {
	From []string `json:"from"`
	To   []string `json:"to"`
}

// bucketBounds are the bounds of buckets in the form of a drill URL.
func bucketBounds(bs [][2]time.Time) *bucketDrill {
	b := &bucketDrill{From: []string{}, To: []string{}}
	for _, x := range bs {
		b.From, b.To = append(b.From, x[0].Format(time.DateOnly)), append(b.To, x[1].Format(time.DateOnly))
	}
	return b
}

// bucketURL is the drill URL of one bucket of a series: base (a drill URL of the view) for
// the period from–to. app.js builds the same from the chart's data; the table beside a chart
// uses this one, so a keyboard reaches every point's records too.
func bucketURL(base, from, to string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	q := u.Query()
	q.Set("period", "custom")
	q.Set("from", from)
	q.Set("to", to)
	u.RawQuery = q.Encode()
	return u.String()
}

// chartTable is a chart's figures as a table of links, one row per bucket, one cell per series:
// the chart's points for keyboard and screen-reader users, each opening its records.
type chartTable struct {
	Columns []string
	Rows    []chartRow
}

type chartRow struct {
	Label string // the bucket's first day
	Cells []chartCell
}

type chartCell struct {
	Value, Href string
}

// pointsTable builds the table of a line chart's data, its buckets named by day and its values
// written by format.
func pointsTable(data lineData, day func(time.Time) string, format func(*float64) string) *chartTable {
	if data.Bounds == nil {
		return nil
	}
	t := &chartTable{}
	for _, s := range data.Series {
		t.Columns = append(t.Columns, s.Name)
	}
	for i, x := range data.X {
		row := chartRow{Label: x}
		if t, err := time.Parse(time.DateOnly, x); err == nil {
			row.Label = day(t)
		}
		for _, s := range data.Series {
			var v *float64
			if i < len(s.Data) {
				v = s.Data[i]
			}
			cell := chartCell{Value: format(v)}
			if s.Drill != "" {
				cell.Href = bucketURL(s.Drill, data.Bounds.From[i], data.Bounds.To[i])
			}
			row.Cells = append(row.Cells, cell)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// ticketURL is the address of a ticket's page; customerURL of a customer's.
func ticketURL(id string) string   { return "/tickets/" + url.PathEscape(id) }
func customerURL(id string) string { return "/customers/" + url.PathEscape(id) }

// withRecords gives a line chart its link to all its records and its table of points.
func withRecords(c chart, d *dashPage, records string, format func(*float64) string) chart {
	c.Records, c.RecordsText, c.TableText = records, d.T("see_records"), d.T("as_table")
	if data, ok := c.Data.(lineData); ok {
		c.Table = pointsTable(data, d.View.date, format)
	}
	return c
}
