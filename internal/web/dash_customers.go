package web

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/report"
)

type figure struct {
	Label, Value string
	N            int
	Drill        string // the records behind it (dash_links.go)
	Indicative   bool   // a value on n < 30, starred as the overview's tiles star it
	// None: it measured nothing ("Niet gemeten"), a value with nothing to open; its n (0)
	// still opens its list, as the FCR's does.
	None bool
}

// estimate is a figure of a value measured on n, shown in format f: indicative when there is a
// value on fewer than 30 (metrics.md section 0), as a tile (makeTile). A figure that measured
// nothing says so, as a tile does (report.Lang.Measured), and its value opens nothing; a dash
// is a table's empty cell. A count (new or lost customers) is no estimate and is made as a plain
// figure.
func estimate(d *dashPage, label string, x *float64, f metric.Format, n int, drill string) figure {
	value, none := d.View.Lang.Measured(f, d.Currency, x)
	return figure{Label: label, Value: value, N: n, Drill: drill, Indicative: x != nil && metric.Indicative(n), None: none}
}

type customersPage struct {
	NA            bool // a channel, team or agent filter: customer metrics do not apply
	Figures       []figure
	Participation []figure
	Churn         chart
	Retention     chart
	Segments      []segmentRow
	List          *customerList // dash_customer_list.go
}

type segmentRow struct {
	Segment, NPS, CSAT, Churn string
	// Drill opens each figure's records (by metric key) under the segment; none for the row
	// of records without a segment, which no filter selects.
	Drill map[string]string
	N     int
	Link  bool // a real segment (not "none"), which the filter can select
	// Each figure starred on its own n, as the page's download stars its columns
	// (report.IndicativeFigure): NPS on its answers, CSAT on its ratings, churn on its base.
	IndNPS, IndCSAT, IndChurn bool
}

func (s *Server) customersPage(w http.ResponseWriter, r *http.Request) {
	d := s.newDash(r, "nav_customers", "/customers")
	// A period still running is measured up to today, as the overview's tiles that link here:
	// the CLV's year ends today, and churn per year converts the days measured, not the days
	// to come (metrics.md section 3).
	ctx, v, l := r.Context(), d.View.measured(), d.View.Lang
	// The page shows customer figures only: no pass over the tickets, messages or reviews.
	q := v.query(engine.ByNone)
	q.Parts = engine.PartCustomers | engine.PartModel
	m := s.one(ctx, q)
	cp := &customersPage{NA: m.Churn == nil}
	if !cp.NA {
		yearly := m.Churn.Yearly(float64(v.days()))
		simple := estimate(d, d.T("clv_simple"), m.CLV.Simple, metric.FormatMoney, m.CLV.Buyers, d.Drill("clv"))
		predictive := estimate(d, d.T("clv_predictive"), m.CLV.Predictive, metric.FormatMoney, m.CLV.Buyers, d.Drill("clv"))
		// No lifespan (no churn in the 12 months before the end, or no customers at their
		// start), as the overview's tile says it; no model fit (fewer than 20 repeat buyers):
		// too little data, not a dash. Those are buyers too few, not none: their list opens.
		// Whether a figure measured nothing is the figures' to say (noFigure, estimate), never
		// its words'.
		if m.CLV.Simple == nil {
			simple.Value, simple.None = noFigure(d.page, "clv", m)
		}
		if m.CLV.Predictive == nil {
			predictive.Value, predictive.None = d.T("too_little_data"), false
		}
		cp.Figures = []figure{
			estimate(d, d.T("tile_churn"), m.Churn.Value, metric.FormatPercent, m.Churn.Start, d.Drill("churn")),
			estimate(d, d.T("churn_yearly"), yearly, metric.FormatPercent, m.Churn.Start, d.Drill("churn")),
			estimate(d, d.T("tile_retention"), m.Retention.Value, metric.FormatPercent, m.Retention.Start, d.Drill("retention")),
			// The new customers are the referral rate's n, and its list theirs; churn's is the
			// base at the start.
			{Label: d.T("new_customers"), Value: l.Number(float64(m.Churn.New), 0), N: m.Churn.New, Drill: d.Drill("referral")},
			{Label: d.T("lost_customers"), Value: l.Number(float64(m.Churn.Lost), 0), N: m.Churn.Start, Drill: d.Drill("churn")},
			simple,
			estimate(d, d.T("clv_historical"), m.CLV.Historical, metric.FormatMoney, m.CLV.Buyers, d.Drill("clv")),
			predictive,
			// Its n counts orders, which no list holds (CLV's lists the buyers): nothing to open.
			estimate(d, d.T("aov"), m.CLV.AOV, metric.FormatMoney, m.CLV.Orders, ""),
			estimate(d, d.T("referral"), m.Referral.Value, metric.FormatPercent, m.Referral.New, d.Drill("referral")),
			estimate(d, d.T("engagement"), m.Engagement.Value, metric.FormatPercent, m.Engagement.N, d.Drill("engagement")),
		}
		kinds := slices.Sorted(func(yield func(string) bool) {
			for k := range m.Engagement.Participation {
				if !yield(k) {
					return
				}
			}
		})
		for _, k := range kinds {
			p := m.Engagement.Participation[k]
			cp.Participation = append(cp.Participation, estimate(d, d.EventKind(k), &p, metric.FormatPercent, m.Engagement.N, d.Drill("engagement")))
		}
		for _, f := range append(cp.Figures, cp.Participation...) {
			d.Indicate = d.Indicate || f.Indicative
		}
		cp.Churn, cp.Retention = s.churnTrend(r, d)
	}
	bySegment := v.query(engine.BySegment)
	bySegment.Parts = engine.PartSurveys | engine.PartCustomers // NPS, CSAT and churn
	for _, g := range s.viewRows(ctx, bySegment) {
		name := *g.Key
		if name == "" {
			name = d.T("none")
		}
		ind := func(column string) bool { return report.IndicativeFigure(&g.Metrics, column) }
		row := segmentRow{Segment: name, Link: *g.Key != "", NPS: l.Score(g.Metrics.NPS.Value), N: g.Metrics.NPS.N, CSAT: l.Percent(g.Metrics.CSAT.Value),
			IndNPS: ind("nps"), IndCSAT: ind("csat"), IndChurn: ind("churn")}
		if row.Link {
			row.Drill = map[string]string{}
			for _, m := range []string{"nps", "csat", "churn"} {
				row.Drill[m] = d.Drill(m, "segment", *g.Key)
			}
		}
		d.Indicate = d.Indicate || row.IndNPS || row.IndCSAT || row.IndChurn
		if g.Metrics.Churn != nil {
			row.Churn = l.Percent(g.Metrics.Churn.Value)
		} else { // a channel, team or agent filter: churn has none (metrics.md section 0)
			row.Churn = d.T("na_short")
			delete(row.Drill, "churn")
		}
		cp.Segments = append(cp.Segments, row)
	}
	list, err := s.customerList(r, d)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cp.List = list
	d.Customers = cp
	s.renderDash(w, r, "customers", d)
}

// churnTrend is churn and retention per step of the period, each on a chart of its own: churn
// moves around a few percent and retention near 100, so one 0–100 axis would flatten both.
func (s *Server) churnTrend(r *http.Request, d *dashPage) (churn, retention chart) {
	bs, groups, partial := s.buckets(r.Context(), d.View, engine.ByNone, engine.PartChurn)
	c := lineData{Series: []series{{Name: d.T("tile_churn"), Metric: "churn", Drill: d.Drill("churn")}}, Partial: partial, Bounds: bucketBounds(bs)}
	rt := lineData{Series: []series{{Name: d.T("tile_retention"), Metric: "retention", Drill: d.Drill("retention")}}, Partial: partial, Bounds: bucketBounds(bs)}
	for i, b := range bs {
		x := b[0].Format(time.DateOnly)
		c.X, rt.X = append(c.X, x), append(rt.X, x)
		var cv, rv *float64
		if len(groups[i]) > 0 && groups[i][0].Metrics.Churn != nil {
			cv, rv = groups[i][0].Metrics.Churn.Value, groups[i][0].Metrics.Retention.Value
		}
		c.Series[0].Data = append(c.Series[0].Data, cv)
		rt.Series[0].Data = append(rt.Series[0].Data, rv)
	}
	note := partialNote(d.page, partial)
	l := d.View.Lang
	// Each point is a step's churn, a fraction of the period's (0,03% a day in a month of 1,0%):
	// the heading names the step, or it reads as the tile's figure for the whole period.
	per := ""
	if step := d.View.step(); step != engine.NoStep {
		per = " " + d.T("per_"+string(step))
	}
	return drawable(withRecords(chart{Kind: "line", Label: d.T("tile_churn") + per, Unit: "%", Data: c, Note: note}, d, d.Drill("churn"), l.Percent), d.page),
		drawable(withRecords(chart{Kind: "line", Label: d.T("tile_retention") + per, Unit: "%", Data: rt, Note: note}, d, d.Drill("retention"), l.Percent), d.page)
}

type customerPage struct {
	ID       string
	History  *app.CustomerHistory
	CLV, AOV string
	Revenue  string
	// Counted is what the revenue sums: "1 bestelling, 2 terugbetalingen" (Value.Orders counts
	// no refund, so the refunds are counted apart).
	Counted string
	Orders  []orderRow
	// Predictive and Alive are the models' expected value over the horizon and P(alive) as of
	// yesterday; "te weinig gegevens" when the models cannot be fitted, "– (vertrokken)" when
	// the customer had left by then.
	Predictive, Alive string
	NPS               string
	NPSClass          string
	LastContact       string // the list's figure (app.CustomerHistory.LastContact); "" without one
	Ratings           []ratingRow
	// Here is this page in its view with its way back, for the way back from a ticket's page;
	// List is the list it was opened from, "" when not known.
	Here, List string
	Erased     bool // the customer was erased: their id is a pseudonym, their text gone
}

// orderRow is an order as the page lists it; Refund says it is one, "" for an order.
type orderRow struct {
	cx.Order
	Refund string
}

// refundLabel is "Terugbetaling van O1" for a refund of O1, "Terugbetaling" for one of an order
// not named, "" for an order: a negative amount alone reads as a typing error.
func refundLabel(p *page, o cx.Order) string {
	switch {
	case !o.IsRefund():
		return ""
	case o.RefundOf != "":
		return fmt.Sprintf(p.T("cu_refund_of"), o.RefundOf)
	}
	return p.T("cu_refund")
}

type ratingRow struct {
	At, Survey, Score, Class, Comment, Ticket string
	Superseded, Replied                       bool
}

// customerPage shows everything about one customer.
func (s *Server) customerPage(w http.ResponseWriter, r *http.Request) {
	d := s.newDash(r, "nav_customer", "/customers")
	// Their whole history, as of now: no figures of a period, so no period named or chosen.
	d.NoPeriod = true
	id := strings.TrimSpace(r.PathValue("id"))
	h, err := s.app.CustomerHistory(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	l := d.View.Lang
	list := localPath(r.URL.Query().Get("back"), "/customers")
	id = h.CustomerID // the id stored: anna@example.nl for Anna@Example.NL asked
	cp := &customerPage{ID: id, History: h, Here: d.Link(customerURL(id), "back", list), List: list, Erased: h.Erased(), CLV: l.Money(d.Currency, &h.Value.Historical),
		AOV: l.Money(d.Currency, h.Value.AOV), Revenue: l.Money(d.Currency, &h.Value.Revenue)}
	cp.Counted = d.Count(h.Value.Orders, "order")
	if n := h.Refunds(); n > 0 {
		cp.Counted += ", " + d.Count(n, "refund")
	}
	for _, o := range h.Orders {
		cp.Orders = append(cp.Orders, orderRow{Order: o, Refund: refundLabel(d.page, o)})
	}
	cp.Predictive, cp.Alive = d.T("too_little_data"), d.T("too_little_data")
	if cm, ok := s.addCustomerModel(r, h); ok && cm.Left {
		cp.Predictive, cp.Alive = d.T("model_left"), d.T("model_left")
	} else if h.Value.Predictive != nil {
		cp.Predictive, cp.Alive = l.Money(d.Currency, h.Value.Predictive), d.T("alive_after_repeat")
		if alive := shownAlive(h, cm); alive != nil {
			cp.Alive = l.Percent(alive)
		}
	}
	if h.LastContact != nil {
		cp.LastContact = d.Date(*h.LastContact)
	}
	if h.NPS != nil {
		score := float64(h.NPS.Score)
		cp.NPS, cp.NPSClass = l.Score(&score), h.NPS.Class
	}
	for _, a := range h.Responses {
		cp.Ratings = append(cp.Ratings, ratingRow{At: s.dateTime(r, a.SubmittedAt), Survey: strings.ToUpper(a.Survey),
			Score: l.Number(float64(a.Score), 0), Class: a.Class, Comment: a.Comment, Ticket: a.TicketID,
			Superseded: a.Superseded, Replied: !a.RepliedAt.IsZero()})
	}
	d.Title = d.T("nav_customer") + " " + id
	d.Customer = cp
	s.renderDash(w, r, "customer", d)
}
