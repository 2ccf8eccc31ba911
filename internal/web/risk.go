package web

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/model/churn"
	"github.com/klantpuls/klantpuls/internal/nameorder"
	"github.com/klantpuls/klantpuls/internal/report"
)

// riskPath is the Risico page: active customers by revenue at risk, the model's backtest and
// the silent churners (issue 16).
const riskPath = "/risico"

// riskPerPage is how many customers one page of the list shows.
const riskPerPage = 50

// silentShown bounds the silent-churn list: the most order days first (engine.sortSilent).
const silentShown = 50

// riskPage is the Risico page's content.
type riskPage struct {
	NA       string // why there is no model at all, "" when there is one
	Weak     string // why the model ranks nobody (AUC or churned below the bar), "" when it does
	Model    riskModel
	Filter   riskFilter
	Segments []string
	Teams    []string
	Users    []cx.User
	Rows     []riskRow
	Count    string
	CSV      string
	Back     string // this very list, for the assign form to return to
	CanAct   bool   // may assign follow-ups
	NoValue  bool   // the value models cannot be fitted: the list is by risk alone
	ListKey  string // the list's heading, which says its order (riskListKey)
	Silent   []silentRow
	pager
}

// riskModel is the backtest as the page shows it.
type riskModel struct {
	AUC, Lift, Cutoff, AsOf, Label, Fitted string
	Scored, Churned, Trained, TrainChurn   string
	Calibration                            []calibrationRow
}

type calibrationRow struct {
	Decile                 int
	N, Predicted, Observed string
}

type riskRow struct {
	Customer, Href, Segment, Team string
	Risk, Value, AtRisk           string
	Reasons                       []string
	Answer                        string // the answer a follow-up hangs on, "" none
	Owner                         string // its owner's e-mail, "" none
	FollowUp                      string // the answer on Opvolging: its day, done ones too
}

type silentRow struct {
	Customer, Href, Segment, LastOrder, Days, Interval, OrderDays string
}

// riskFilter is what the list shows: segment, team (of the latest ticket), owner (of the
// follow-up: "unassigned" or a user id) and page.
type riskFilter struct {
	Segment, Team, Owner string
	Page                 int
}

// A filter it cannot read is refused naming the parameter and its choices, which the page and
// its download say in their own language (paramError.in).
func riskFilterOf(q url.Values) (riskFilter, *paramError) {
	f := riskFilter{Segment: q.Get("segment"), Team: q.Get("team"), Owner: q.Get("owner"), Page: 1}
	if f.Owner != "" && f.Owner != "unassigned" && !isID(f.Owner) {
		return f, &paramError{"owner", f.Owner, "unassigned, 1, 2, …"}
	}
	var bad *paramError
	f.Page, bad = readPage(q)
	return f, bad
}

// riskPageHandler shows the Risico page, or its list as CSV with format=csv. The model is the
// engine's of the day: fitted on the first visit of a day, read from its cache after.
func (s *Server) riskPageHandler(w http.ResponseWriter, r *http.Request) {
	d := s.newDash(r, "nav_risico", riskPath)
	d.NoPeriod = true
	ctx, l := r.Context(), report.Lang(d.Lang)
	rp := &riskPage{}
	d.Risk = rp
	var bad *paramError
	if rp.Filter, bad = riskFilterOf(r.URL.Query()); bad != nil {
		s.fail(w, r, bad.in(d))
		return
	}
	cr, err := s.churnRisk(ctx)
	if cr == nil || cr.Model == nil {
		if err != nil {
			s.log.InfoContext(ctx, "churn risk", "error", err)
		}
		rp.NA = d.T("risk_na")
		s.renderDash(w, r, "risk", d)
		return
	}
	rp.Model, rp.NoValue, rp.ListKey = modelOf(cr, l), !cr.Valued, riskListKey(cr.Valued)
	b := cr.Backtest
	if !b.Usable() {
		rp.Weak = weakModel(d, l, b)
	}
	rp.Silent = s.silentRows(cr.Silent, d, l)
	if rp.Weak != "" {
		s.renderDash(w, r, "risk", d)
		return
	}
	rows, err := s.riskRows(r, d, cr, rp)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if r.URL.Query().Get("format") == "csv" {
		s.riskCSV(w, r, riskList(d, report.Lang(d.Lang), cr.Valued, rp, rows))
		return
	}
	s.pageRisk(r, d, rp, rows)
	s.renderDash(w, r, "risk", d)
}

// churnRisk is the engine's churn model of the day, with each team's SLA target as the
// settings hold it (a failure to read them is a partial page, the model fitted without).
func (s *Server) churnRisk(ctx context.Context) (*engine.ChurnRisk, error) {
	settings, err := s.settings(ctx)
	if err != nil {
		s.partial(ctx, "targets (SLA per team)", err)
	}
	return s.app.ChurnRisk(ctx, s.now(), SLATargets(settings))
}

// weakModel says why a model whose backtest is not usable ranks nobody.
func weakModel(d *dashPage, l report.Lang, b churn.Backtest) string {
	return fmt.Sprintf(d.T("risk_weak"), orDash(l, b.AUC, 2), l.Number(churn.MinAUC, 1), d.Count(b.Churned, "churned"), churn.MinChurned)
}

// modelOf is the backtest's figures in the page's language.
func modelOf(cr *engine.ChurnRisk, l report.Lang) riskModel {
	b := cr.Backtest
	n := func(x int) string { return l.Number(float64(x), 0) }
	m := riskModel{AUC: orDash(l, b.AUC, 3), Lift: orDash(l, b.TopLift, 2), Cutoff: l.Date(cr.Cutoff), AsOf: l.Date(cr.AsOf),
		Label: cr.Label, Fitted: l.Number(cr.Fitted.Seconds(), 1), Scored: n(b.Scored), Churned: n(b.Churned),
		Trained: n(b.Trained), TrainChurn: n(b.TrainChurn)}
	for i, c := range b.Calibration {
		p, o := 100*c.Predicted, 100*c.Observed
		m.Calibration = append(m.Calibration, calibrationRow{Decile: i + 1, N: n(c.N), Predicted: l.Percent(&p), Observed: l.Percent(&o)})
	}
	return m
}

// orDash is x in the page's language, "–" when it is NaN (nobody left after the cut-off).
func orDash(l report.Lang, x float64, decimals int) string {
	if math.IsNaN(x) {
		return "–"
	}
	return l.Number(x, decimals)
}

// scoredRow is one engine row with the follow-up it would hang on and that one's owner.
type scoredRow struct {
	engine.RiskRow
	answer   string
	answered time.Time
	owner    int64
}

// riskRows are the scored customers passing the filter, by revenue at risk, with the filter's
// choices and the users filled in on rp.
func (s *Server) riskRows(r *http.Request, d *dashPage, cr *engine.ChurnRisk, rp *riskPage) ([]scoredRow, error) {
	ctx := r.Context()
	own := s.app.Config.CSAT.CSATScale()
	var ids []string
	all := make([]scoredRow, 0, len(cr.Rows))
	segs, teams := map[string]bool{}, map[string]bool{}
	for _, row := range cr.Rows {
		x := scoredRow{RiskRow: row}
		x.answer, x.answered = followUpAnswer(row, own)
		if x.answer != "" {
			ids = append(ids, x.answer)
		}
		segs[row.Segment], teams[row.Team] = true, true
		all = append(all, x)
	}
	states, err := s.app.FollowUps(ctx, ids)
	if err != nil {
		return nil, err
	}
	if rp.Users, err = s.app.Users(ctx); err != nil {
		return nil, err
	}
	f := rp.Filter
	kept := all[:0]
	for _, x := range all {
		x.owner = states[x.answer].OwnerID
		switch {
		case f.Segment != "" && x.Segment != f.Segment, f.Team != "" && x.Team != f.Team,
			f.Owner == "unassigned" && x.owner != 0, isID(f.Owner) && strconv.FormatInt(x.owner, 10) != f.Owner:
			continue
		}
		kept = append(kept, x)
	}
	rp.Segments, rp.Teams = sortedKeys(segs), sortedKeys(teams)
	return kept, nil
}

// followUpAnswer is the answer a follow-up for the customer hangs on: the lowest CSAT answer
// when it is critical by its own scale's rule (metric.CSATScale.Critical, own the install's
// scale, as Opvolging lists), else the last NPS answer when it is a detractor's
// (metric.NPSClass); "" when neither, as Opvolging lists critical answers only.
func followUpAnswer(row engine.RiskRow, own metric.CSATScale) (string, time.Time) {
	csatLo, csatHi := metric.ScaleOf(row.CSATScale, own).Critical()
	switch {
	case row.CSATAnswer != "" && row.CSAT >= csatLo && row.CSAT <= csatHi:
		return row.CSATAnswer, row.CSATAt
	case row.NPSAnswer != "" && metric.NPSClass(row.NPS) == metric.Detractor:
		return row.NPSAnswer, row.NPSAt
	}
	return "", time.Time{}
}

// followUpLink opens Opvolging on the answer: the day it came in, done ones shown too.
func followUpLink(id string, at time.Time) string {
	y, m, d := at.Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	q := url.Values{"response": {id}, "all": {"1"}, "period": {"custom"},
		"from": {day.Format(time.DateOnly)}, "to": {day.AddDate(0, 0, 1).Format(time.DateOnly)}}
	return "/followups?" + q.Encode()
}

// userEmails is each user's e-mail by id.
func userEmails(users []cx.User) map[int64]string {
	out := make(map[int64]string, len(users))
	for _, u := range users {
		out[u.ID] = u.Email
	}
	return out
}

// sortedKeys are the names of m but the blank, for a filter's choices: in the order every list
// of names follows (nameorder).
func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		if k != "" {
			out = append(out, k)
		}
	}
	return nameorder.Sort(out)
}

// pageRisk turns one page of rows into the page's rows, counts and links.
func (s *Server) pageRisk(r *http.Request, d *dashPage, rp *riskPage, rows []scoredRow) {
	l := report.Lang(d.Lang)
	f := rp.Filter
	pages := pageCount(len(rows), riskPerPage)
	f.Page = min(f.Page, pages)
	start := (f.Page - 1) * riskPerPage
	email := userEmails(rp.Users)
	for _, x := range rows[start:min(start+riskPerPage, len(rows))] {
		risk := 100 * x.Risk
		row := riskRow{Customer: x.Customer, Href: d.Link(customerURL(x.Customer)), Segment: x.Segment, Team: x.Team,
			Risk: l.Percent(&risk), Value: l.Money(d.Currency, &x.Value), AtRisk: l.Money(d.Currency, &x.AtRisk),
			Reasons: reasonTexts(d, l, x.Reasons()), Answer: x.answer, Owner: email[x.owner]}
		if x.answer != "" {
			row.FollowUp = followUpLink(x.answer, x.answered)
		}
		if rp.NoValue {
			row.Value, row.AtRisk = "–", "–"
		}
		rp.Rows = append(rp.Rows, row)
	}
	rp.Count = d.Count(len(rows), "active_customers")
	rp.pager = pagerOf(d.page, f.Page, pages, func(n int) string { return pageLink(r.URL, n) })
	q := r.URL.Query()
	q.Del("page")
	q.Set("format", "csv")
	rp.CSV = riskPath + "?" + q.Encode()
	rp.Back = r.URL.RequestURI()
	if p := principalOf(r); p != nil {
		rp.CanAct = p.can(auth.ActionReply)
	}
}

// silentRows are the first silent churners in the page's language.
func (s *Server) silentRows(list []engine.SilentChurn, d *dashPage, l report.Lang) []silentRow {
	var out []silentRow
	for _, x := range list[:min(len(list), silentShown)] {
		out = append(out, silentRow{Customer: x.Customer, Href: d.Link(customerURL(x.Customer)), Segment: x.Segment,
			LastOrder: l.Date(x.LastOrder), Days: l.Number(x.Days, 0), Interval: l.Number(x.Interval, 0),
			OrderDays: d.Num(x.OrderDays)})
	}
	return out
}

// riskCSV writes the whole filtered list with the workbook's columns (riskList): numbers with a
// point, every text cell made safe for spreadsheets, the reasons in the page's language.
func (s *Server) riskCSV(w http.ResponseWriter, r *http.Request, list report.Section) {
	var b bytes.Buffer
	if err := report.SectionCSV(&b, list); err != nil {
		s.fail(w, r, err)
		return
	}
	attach(w, "text/csv; charset=utf-8", "risico-"+s.now().Format(time.DateOnly)+".csv")
	w.Write(b.Bytes())
}

// SLATargets is each team's first-response target in business seconds as the settings hold
// them (the service page's rule), for the churn model's SLA breaches outside the server (the
// model fit command), so the command and the Risico page fit the same model.
func SLATargets(settings map[string]string) func(team string) int64 {
	return func(team string) int64 { return slaTarget(settings, team) }
}

// riskListKey is the words of the risk list's heading: every active customer is on it (no
// threshold, so not "customers at risk"), ordered by revenue at risk, or by the chance of
// leaving when the value models value no one.
func riskListKey(valued bool) string {
	if valued {
		return "risk_list"
	}
	return "risk_list_by_risk"
}
