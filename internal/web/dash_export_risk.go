package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/klantpuls/klantpuls/internal/report"
)

// riskExport is Risico as of now: the model's backtest and calibration, the page's list in its
// filter and order up to exportListBound customers (the page shows fifty at a time) and the
// silent churners, as many at most.
func riskExport(s *Server, r *http.Request, d *dashPage, x *report.Export) error {
	ctx, l, loc := r.Context(), d.View.Lang, s.app.Config.Timezone
	x.AsOf = s.now().In(loc)
	rp := &riskPage{}
	var bad *paramError
	if rp.Filter, bad = riskFilterOf(r.URL.Query()); bad != nil {
		return bad.in(d)
	}
	// The list's own filter, not the view's: the page shows no period and filters by these.
	x.Filters = nil
	for _, f := range [][2]string{{"dim_segment", rp.Filter.Segment}, {"dim_team", rp.Filter.Team}, {"risk_owner", rp.Filter.Owner}} {
		if f[1] != "" {
			x.Filters = append(x.Filters, d.T(f[0])+": "+f[1])
		}
	}
	// Without a model (too little history, or no engine) the section says so, as the page does.
	cr, _ := s.churnRisk(ctx)
	if cr == nil || cr.Model == nil {
		x.Sections = append(x.Sections, report.Section{Title: d.T("risk_model"), Note: d.T("risk_na")})
		return nil
	}
	b := cr.Backtest
	// A figure fills the column of its kind: the AUC and lift with three decimals, the counts
	// of customers as whole numbers.
	model := report.Section{Sparse: true, Title: d.T("risk_model"), Cols: []report.Col{{Heading: d.T("export_figure"), Kind: report.KindText},
		{Heading: d.T("export_value"), Kind: report.KindNumber, Decimals: 3}, {Heading: d.T("export_count"), Kind: report.KindCount}}}
	for _, f := range []struct {
		key string
		v   float64
	}{{"risk_auc", b.AUC}, {"risk_lift", b.TopLift}} {
		cell := report.Num(f.v)
		if f.v != f.v { // NaN: nobody after the cut-off
			cell = report.Cell{}
		}
		model.Rows = append(model.Rows, []report.Cell{report.Text(d.T(f.key)), cell, {}})
	}
	for _, f := range []struct {
		key string
		n   int
	}{{"risk_scored", b.Scored}, {"risk_churned", b.Churned}, {"risk_trained", b.Trained}} {
		model.Rows = append(model.Rows, []report.Cell{report.Text(d.T(f.key)), {}, report.Count(f.n)})
	}
	cal := report.Section{Title: d.T("risk_calibration"), Sheet: d.T("export_calibration"), Cols: []report.Col{{Heading: d.T("risk_decile"), Kind: report.KindCount},
		{Heading: "n", Kind: report.KindCount}, {Heading: d.T("risk_predicted"), Kind: report.KindPercent},
		{Heading: d.T("risk_observed"), Kind: report.KindPercent}}}
	for i, c := range b.Calibration {
		cal.Rows = append(cal.Rows, []report.Cell{report.Count(i + 1), report.Count(c.N), report.Num(100 * c.Predicted), report.Num(100 * c.Observed)})
	}
	x.Sections = append(x.Sections, model, cal)
	list := report.Section{Title: d.T(riskListKey(cr.Valued)), Sheet: d.T("export_risk_list")}
	if !b.Usable() {
		list.Cols = riskListCols(d)
		list.Note = weakModel(d, l, b)
	} else {
		rows, err := s.riskRows(r, d, cr, rp)
		if err != nil {
			return err
		}
		// The page's list in its order, its top: a PDF of every active customer is hundreds of
		// pages nobody reads and seconds to write; the page's CSV has them all.
		list = riskList(d, l, cr.Valued, rp, rows[:min(len(rows), exportListBound)])
		list.Note = riskBoundNote(d, len(rows))
	}
	silent := report.Section{Title: d.T("risk_silent"), Note: d.T("risk_silent_note"), Cols: []report.Col{
		{Heading: d.T("customer_id"), Kind: report.KindText}, {Heading: d.T("dim_segment"), Kind: report.KindText},
		{Heading: d.T("risk_last_order"), Kind: report.KindDate}, {Heading: d.T("risk_days"), Kind: report.KindCount},
		{Heading: d.T("risk_interval"), Kind: report.KindNumber, Decimals: -1}, {Heading: d.T("risk_order_days"), Kind: report.KindCount}}}
	// Bounded as the list is: a shop of many quiet customers has thousands, and one request
	// would write every one of them into a PDF.
	if n := len(cr.Silent); cutAtBound(n) {
		silent.Note += " " + fmt.Sprintf(d.T("risk_silent_bound"), d.Num(exportListBound), d.Num(n))
	}
	for _, c := range cr.Silent[:min(len(cr.Silent), exportListBound)] {
		silent.Rows = append(silent.Rows, []report.Cell{report.Text(c.Customer), report.Text(c.Segment), report.When(c.LastOrder),
			report.Num(c.Days), report.Num(c.Interval), report.Count(c.OrderDays)})
	}
	x.Sections = append(x.Sections, list, silent)
	return nil
}

// riskListCols are the columns of the churn risk list in its downloads (the workbook, the PDF
// and the page's CSV): one list, so the three never differ.
func riskListCols(d *dashPage) []report.Col {
	return []report.Col{{Heading: d.T("customer_id"), Kind: report.KindText},
		{Heading: d.T("dim_segment"), Kind: report.KindText}, {Heading: d.T("dim_team"), Kind: report.KindText},
		{Heading: d.T("risk_risk"), Kind: report.KindPercent}, {Heading: d.T("risk_value"), Kind: report.KindEuro},
		{Heading: d.T("risk_at_risk"), Kind: report.KindEuro}, {Heading: d.T("risk_reasons"), Kind: report.KindText, Wide: true},
		{Heading: d.T("risk_owner"), Kind: report.KindText}}
}

// riskList is the churn risk list of rows: every customer the filter keeps, the reasons in the
// page's language; value and value at risk are empty when the model values no one.
func riskList(d *dashPage, l report.Lang, valued bool, rp *riskPage, rows []scoredRow) report.Section {
	list := report.Section{Title: d.T(riskListKey(valued)), Sheet: d.T("export_risk_list"), Cols: riskListCols(d)}
	email := userEmails(rp.Users)
	for _, x := range rows {
		value, atRisk := report.Num(x.Value), report.Num(x.AtRisk)
		if !valued {
			value, atRisk = report.Cell{}, report.Cell{}
		}
		list.Rows = append(list.Rows, []report.Cell{report.Text(x.Customer), report.Text(x.Segment), report.Text(x.Team),
			report.Num(100 * x.Risk), value, atRisk, report.Text(strings.Join(reasonTexts(d, l, x.Reasons()), "; ")),
			report.Text(email[x.owner])})
	}
	return list
}

// riskBoundNote says the list was cut at the bound, of how many, and where the rest is; "" when
// the download holds all n (cutAtBound).
func riskBoundNote(d *dashPage, n int) string {
	if !cutAtBound(n) {
		return ""
	}
	return fmt.Sprintf(d.T("risk_bound"), d.Num(exportListBound), d.Num(n))
}
