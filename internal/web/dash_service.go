package web

import (
	"math"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// chart is the data of one chart, rendered by app.js with ECharts (the numbers are also in a
// table or in the tiles, so the page reads without script).
type chart struct {
	Kind  string // line, bar, stacked, heatmap
	Label string
	Unit  string // "%", or "" for counts: the axis and tooltip say it
	Data  any
	Note  string // under the chart: what its shaded (partial) buckets are, when it has any
	// Records opens the records behind the whole chart (dash_links.go); Table is its points as
	// links, for keyboard users. The words are the page's: the chart partial has no T.
	Records, RecordsText, TableText string
	Table                           *chartTable
	// Empty is said instead of the chart when it has no value to draw (drawable).
	Empty string
}

// drawable gives a chart without a single value to draw "Geen gegevens in deze periode" to
// show instead: empty axes, or blank space, said nothing of why (no tickets, no customers yet),
// and a chart of no series at all stopped app.js, which then enhanced nothing after it.
func drawable(c chart, p *page) chart {
	has := true
	switch data := c.Data.(type) {
	case lineData:
		has = slices.ContainsFunc(data.Series, func(s series) bool {
			return slices.ContainsFunc(s.Data, func(x *float64) bool { return x != nil })
		})
	case heatData:
		has = data.Max > 0
	}
	if !has {
		c.Empty = p.T("no_data")
	}
	return c
}

// partialNote is the note under a chart with partial buckets, "" without.
func partialNote(p *page, partial []bool) string {
	if slices.Contains(partial, true) {
		return p.T("partial_note")
	}
	return ""
}

type series struct {
	Name string     `json:"name"`
	Data []*float64 `json:"data"`
	// Metric is the key of what the series counts, and Drill the URL of its records in the
	// view (dash_links.go); a click on a point sets its bucket as the period. "" for a series
	// no filter selects (records without a channel).
	Metric string `json:"metric,omitempty"`
	Drill  string `json:"drill,omitempty"`
}

type lineData struct {
	X      []string `json:"x"`
	Series []series `json:"series"`
	// Partial marks the buckets that are partly measured (engine.SeriesSpan): app.js shades them and
	// says so in the tooltip.
	Partial []bool `json:"partial,omitempty"`
	// Max caps the value axis where a figure cannot go higher (100 for a share in %).
	Max *float64 `json:"max,omitempty"`
	// Bounds are each bucket's from and to (exclusive), for a click on a point.
	Bounds *bucketDrill `json:"bounds,omitempty"`
}

type heatData struct {
	X    []string `json:"x"`
	Y    []string `json:"y"`
	Data [][3]int `json:"data"`
	Max  int      `json:"max"`
}

// durationRow is one service time with its figures, formatted.
type durationRow struct {
	Label, Drill                         string
	BizMedian, BizP90, CalMedian, CalP90 string
	N                                    int
	Few                                  bool // n < 30: the row's figures are indicative
}

type slaRow struct {
	Team, Target, Rate string
	Due, Breached      int
	Indicative         bool // the breach rate rests on fewer than 30 tickets due
}

type servicePage struct {
	Durations       []durationRow
	FCR             string
	FCRN            int
	Means           []figure // the mean wait and handle time, each on its n (estimate)
	FCRIndicative   bool
	FCRNone         bool   // FCR measures no ticket: "not measured", nothing to open
	Unanswered      string // "Niet gemeten" when the data has no replies at all
	SLA             []slaRow
	SLAStep         engine.Step // the step of the Werkvoorraad's SLA line for the view (slaStep)
	Volume, Heatmap chart
	Reasons         []reasonRow // contact reasons (dash_service_reasons.go)
	ReasonsTotal    *reasonRow
	HeatTable       [7][24]int
	Days            []string
}

// servicePageMetrics are the metrics the service page reads of its period: its durations,
// FCR, and the total row of the contact reasons (reasonMetrics).
var servicePageMetrics = []string{"first_response", "reply_time", "resolution", "first_resolution",
	"complaint_resolution", "fcr", "wait_time", "handle_time", "tickets", "transfers", "csat"}

// DefaultSLA is the first-response target of a team without one of its own: 8 business hours
// (metrics.md section 2, "SLA").
const DefaultSLA = 8 * time.Hour

func (s *Server) servicePage(w http.ResponseWriter, r *http.Request) {
	d := s.newDash(r, "nav_service", "/service")
	// A period still running is measured up to today, as the page names it (view.label) and its
	// download measures it (buildExport): a record dated after today is in neither, and the
	// charts end today.
	ctx, v, l := r.Context(), d.View.measured(), d.View.Lang
	// Service figures, and the CSAT beside the contact reasons: no customer figures or models.
	q := v.query(engine.ByNone)
	q.Parts = engine.PartService | engine.PartReplies | engine.PartSurveys
	q.Metrics = servicePageMetrics
	m := s.one(ctx, q)
	sp := &servicePage{Unanswered: d.T("not_measured")}
	if u := m.FirstResponse.Unanswered; u != nil {
		sp.Unanswered = d.Num(*u) // 1.202 as every figure of the page
	}
	for _, row := range []struct {
		key string
		st  metric.ServiceTime
	}{{"first_response", metric.ServiceTime{Calendar: m.FirstResponse.Calendar, Business: m.FirstResponse.Business}},
		{"reply_time", *m.ReplyTime}, {"resolution", *m.Resolution}, {"first_resolution", *m.FirstResolution},
		{"complaint_resolution", metric.ServiceTime{Calendar: m.ComplaintResolution.Calendar, Business: m.ComplaintResolution.Business}}} {
		sp.Durations = append(sp.Durations, durationRow{Label: d.T("tile_" + row.key), Drill: d.Drill(row.key),
			BizMedian: l.Duration(row.st.Business.Median), BizP90: l.Duration(row.st.Business.P90),
			CalMedian: l.Duration(row.st.Calendar.Median), CalP90: l.Duration(row.st.Calendar.P90), N: row.st.Business.N,
			Few: metric.Indicative(row.st.Business.N)})
		d.Indicate = d.Indicate || metric.Indicative(row.st.Business.N)
	}
	sp.SLAStep = slaStep(d.View)
	sp.FCR, sp.FCRNone = fcrText(d, m.FCR)
	sp.FCRN, sp.FCRIndicative = m.FCR.N, metric.Indicative(m.FCR.N)
	d.Indicate = d.Indicate || sp.FCRIndicative
	sp.Means = []figure{estimate(d, d.T("wait"), m.WaitTime.Mean, metric.FormatDuration, m.WaitTime.N, d.Drill("wait_time")),
		estimate(d, d.T("handle"), m.HandleTime.Mean, metric.FormatDuration, m.HandleTime.N, d.Drill("handle_time"))}
	for _, f := range sp.Means {
		d.Indicate = d.Indicate || f.Indicative
	}

	settings, err := s.settings(ctx)
	if err != nil {
		s.partial(ctx, "targets (SLA per team)", err) // the default target stands in
	}
	// The SLA and the heatmap are the engine's alone (a ClickHouse node loads it).
	if e, err := s.app.EngineFor(ctx, "the service page's SLA and heatmap"); err != nil {
		s.partial(ctx, "SLA and heatmap", err)
	} else {
		slas, err := e.SLA(v.query(engine.ByNone), s.now(), func(team string) int64 { return slaTarget(settings, team) })
		if err != nil {
			s.partial(ctx, "SLA", err)
		}
		for _, x := range slas {
			target := float64(x.Target)
			row := slaRow{Team: teamLabel(d, x.Team), Target: l.Duration(&target), Rate: l.Percent(x.Value), Due: x.Due, Breached: x.Breached,
				Indicative: x.Indicative()}
			sp.SLA = append(sp.SLA, row)
			d.Indicate = d.Indicate || row.Indicative
		}
		heat, err := e.Heatmap(v.query(engine.ByNone))
		if err != nil {
			s.partial(ctx, "heatmap", err)
		}
		sp.HeatTable = heat
		sp.Heatmap = heatChart(heat, d)
	}
	sp.Days = weekdays(d)
	sp.Volume = s.volumeChart(r, d, v)
	sp.Reasons, sp.ReasonsTotal = s.contactReasons(ctx, d, v, m)
	d.Service = sp
	s.renderDash(w, r, "service", d)
}

// slaTarget is a team's first-response target in business seconds: its setting, else 8 hours
// (also for a setting the targets form would refuse, stored before it did).
func slaTarget(settings map[string]string, team string) int64 {
	if h, err := readStoredNumber(settings["sla."+teamKey(team)]); err == nil && slaHoursValid(h) {
		// In whole seconds, at least one: more than 0 hours is a time after creation, and cut
		// to 0 seconds it was the target the form refuses (every ticket breached).
		return max(1, int64(math.Round(h*3600)))
	}
	return int64(DefaultSLA.Seconds())
}

// volumeChart is the tickets created per channel per step of the period v measures.
func (s *Server) volumeChart(r *http.Request, d *dashPage, v view) chart {
	bs, groups, partial := s.buckets(r.Context(), v, engine.ByChannel, engine.PartTicketCounts)
	data := lineData{Partial: partial, Bounds: bucketBounds(bs)}
	idx := map[string]int{}
	for i, b := range bs {
		data.X = append(data.X, b[0].Format(time.DateOnly))
		for _, g := range groups[i] {
			key := *g.Key
			if key == "" {
				key = d.T("none")
			}
			j, ok := idx[key]
			if !ok {
				j = len(data.Series)
				idx[key] = j
				sr := series{Name: d.Channel(key), Data: make([]*float64, len(bs))}
				if *g.Key != "" {
					sr.Metric, sr.Drill = "tickets", d.Drill("tickets", "channel", *g.Key)
				}
				data.Series = append(data.Series, sr)
			}
			n := float64(g.Metrics.Tickets.Created)
			data.Series[j].Data[i] = &n
		}
	}
	c := chart{Kind: "stacked", Label: d.T("chart_volume"), Data: data, Note: partialNote(d.page, partial)}
	return drawable(withRecords(c, d, d.Drill("tickets"), func(x *float64) string { return d.View.Lang.Plain(x, 0) }), d.page)
}

func weekdays(d *dashPage) []string {
	if d.Lang == "en" {
		return []string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
	}
	return []string{"ma", "di", "wo", "do", "vr", "za", "zo"}
}

func heatChart(h [7][24]int, d *dashPage) chart {
	data := heatData{Y: weekdays(d)}
	for hour := range 24 {
		data.X = append(data.X, strconv.Itoa(hour))
	}
	for day := range 7 {
		for hour := range 24 {
			data.Data = append(data.Data, [3]int{hour, day, h[day][hour]})
			data.Max = max(data.Max, h[day][hour])
		}
	}
	return drawable(chart{Kind: "heatmap", Label: d.T("chart_heatmap"), Data: data}, d.page)
}

// fcrText is the FCR as the service and team pages show it, and whether it measured nothing:
// then "not measured", as the overview's tile says, and no link — an export without reply data
// measures no ticket, and must show that rather than a figure (metrics.md section 2, FCR).
func fcrText(d *dashPage, f *metric.FCR) (text string, none bool) {
	if f == nil {
		return d.View.Lang.Measured(metric.FormatPercent, "", nil)
	}
	return d.View.Lang.Measured(metric.FormatPercent, "", f.Value)
}
