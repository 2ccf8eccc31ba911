package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/report"
)

// customerExport is one customer's page (/customers/{id}) as of now: their value, orders,
// tickets and ratings, as the page lists them.
func customerExport(s *Server, r *http.Request, d *dashPage, x *report.Export) error {
	id := strings.TrimSpace(r.URL.Query().Get("id"))
	h, err := s.app.CustomerHistory(r.Context(), id)
	if err != nil {
		return err
	}
	cm, _ := s.addCustomerModel(r, h)
	loc := s.app.Config.Timezone
	x.Title += " " + id
	x.AsOf, x.Filters = s.now().In(loc), nil
	text := report.KindText
	// A figure fills the column of its kind: an amount, a count or a share.
	value := report.Section{Sparse: true, Title: d.T("export_value"), Cols: []report.Col{{Heading: d.T("export_figure"), Kind: text},
		{Heading: d.T("amount"), Kind: report.KindEuro}, {Heading: d.T("export_count"), Kind: report.KindCount},
		{Heading: d.T("export_share"), Kind: report.KindPercent}, {Heading: d.T("date"), Kind: report.KindDateTime}}}
	value.Rows = append(value.Rows, []report.Cell{report.Text(d.T("orders")), {}, report.Count(h.Value.Orders)},
		[]report.Cell{report.Text(d.T("cu_refunds")), {}, report.Count(h.Refunds())},
		[]report.Cell{report.Text(d.T("revenue")), report.Num(h.Value.Revenue)},
		[]report.Cell{report.Text(d.T("aov")), report.NumP(h.Value.AOV)},
		[]report.Cell{report.Text(d.T("clv_historical")), report.Num(h.Value.Historical)},
		[]report.Cell{report.Text(d.T("clv_predictive")), report.NumP(h.Value.Predictive)})
	alive := report.Cell{}
	if a := shownAlive(h, cm); a != nil {
		alive = report.Num(*a)
	}
	value.Rows = append(value.Rows, []report.Cell{report.Text(d.T("p_alive")), {}, {}, alive})
	if h.NPS != nil {
		value.Rows = append(value.Rows, []report.Cell{report.Text(d.T("tile_nps")), {}, report.Count(h.NPS.Score)})
	}
	contact := report.Cell{}
	if h.LastContact != nil {
		contact = report.When(h.LastContact.In(loc))
	}
	value.Rows = append(value.Rows, []report.Cell{report.Text(d.T("cl_last_contact")), {}, {}, {}, contact})
	if c := h.Customer; c != nil {
		value.Note = d.T("dim_segment") + ": " + c.Segment
	}
	if h.Erased() { // as the page says it
		value.Note = strings.TrimPrefix(value.Note+" · "+d.T("cu_erased"), " · ")
	}
	orders := report.Section{Title: d.T("orders"), Cols: []report.Col{{Heading: d.T("order"), Kind: text},
		{Heading: d.T("date"), Kind: report.KindDateTime}, {Heading: d.T("amount"), Kind: report.KindEuro},
		{Heading: d.T("cu_kind"), Kind: text}}}
	for _, o := range h.Orders {
		// The page marks a refund only; a column names every row, so an order says it is one.
		kind := refundLabel(d.page, o)
		if kind == "" {
			kind = d.T("order")
		}
		orders.Rows = append(orders.Rows, []report.Cell{report.Text(o.ID), report.When(o.OrderedAt.In(loc)), report.Num(o.Amount),
			report.Text(kind)})
	}
	at := func(t time.Time) report.Cell {
		if t.IsZero() {
			return report.Cell{}
		}
		return report.When(t.In(loc))
	}
	tickets := report.Section{Title: d.T("tickets"), Cols: []report.Col{{Heading: d.T("ticket"), Kind: text},
		{Heading: d.T("tk_created"), Kind: report.KindDateTime}, {Heading: d.T("solved"), Kind: report.KindDateTime},
		{Heading: d.T("dim_channel"), Kind: text}, {Heading: d.T("dim_team"), Kind: text}, {Heading: d.T("dim_agent"), Kind: text},
		{Heading: d.T("category"), Kind: text}}}
	for _, t := range h.Tickets {
		tickets.Rows = append(tickets.Rows, []report.Cell{report.Text(t.ID), at(t.CreatedAt), at(t.SolvedAt),
			report.Text(d.Channel(t.Channel)), report.Text(t.Team), report.Text(t.Agent), report.Text(t.Category)})
	}
	ratings := report.Section{Title: d.T("ratings"), Cols: []report.Col{{Heading: d.T("date"), Kind: report.KindDateTime},
		{Heading: d.T("survey"), Kind: text}, {Heading: d.T("score"), Kind: report.KindCount},
		{Heading: d.T("comment"), Kind: text, Wide: true}, {Heading: d.T("ticket"), Kind: text},
		{Heading: d.T("export_superseded"), Kind: text}}}
	for _, a := range h.Responses {
		ratings.Rows = append(ratings.Rows, []report.Cell{at(a.SubmittedAt), report.Text(d.SurveyKind(a.Survey)), report.Count(a.Score),
			report.Text(a.Comment), report.Text(a.TicketID), yesNo(d, a.Superseded)})
	}
	x.Sections = append(x.Sections, value, orders, tickets, ratings)
	return nil
}
