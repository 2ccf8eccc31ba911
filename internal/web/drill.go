package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// The drill-down (contract.md): GET /drill?metric=KEY&<the view>&sort=&dir=&page= shows the
// records behind a figure of the view — the tickets, answers, customers … its n counts — and
// exports them all with format=csv, format=xlsx or format=pdf; GET /api/v1/drill answers the same as JSON.

// drillList is a metric's list as a request asks for it: its records in the order asked.
type drillList struct {
	view   view // the period measured (view.measured), as the overview's tile
	params drillParams
	desc   *metric.Descriptor
	recs   *engine.Records
	cols   []drillColumn
	sortBy drillColumn
	texts  map[string]string // kind and id → the text read from the store (readTexts)
}

// readDrill reads the request and asks the engine for the list. A parameter that cannot be
// read, a metric without a list and a list the user may not see are answered here, in the
// user's language (English for the API), and ok is false.
func (s *Server) readDrill(w http.ResponseWriter, r *http.Request) (l *drillList, ok bool) {
	lang := language(r)
	if s.answerOf(r) == answerJSON {
		lang = "en"
	}
	refuse := func(status int, word string, args ...any) (*drillList, bool) {
		s.problem(w, r, Problem{Status: status, Detail: fmt.Sprintf(words[lang][word], args...)})
		return nil, false
	}
	params, err := readDrillParams(r.URL.Query())
	if p := (*drillProblem)(nil); errors.As(err, &p) {
		return refuse(http.StatusBadRequest, p.Word, p.Value)
	}
	desc, known := metric.Lookup(params.Metric)
	list, drillable := engine.Drillable(params.Metric)
	switch {
	case params.Metric == "":
		return refuse(http.StatusBadRequest, "drill_no_metric")
	case !known:
		return refuse(http.StatusBadRequest, "drill_unknown_metric", params.Metric)
	case !drillable:
		return refuse(http.StatusBadRequest, "drill_no_list", params.Metric)
	}
	pr := principalOf(r)
	switch report := pr.can(auth.ActionReport); {
	case list == engine.ListCustomers && !report:
		return refuse(http.StatusForbidden, "drill_customers_forbidden")
	case !report && strings.TrimSpace(pr.user.Agent) == "":
		// readView's agent filter would be empty, which filters nothing: everyone's records.
		return refuse(http.StatusForbidden, "drill_no_agent")
	}
	if s.answerOf(r) == answerJSON {
		if err := s.periodRefused(r.URL.Query()); err != nil {
			s.fail(w, r, err) // 422, as /api/v1/report answers the same from and to
			return nil, false
		}
	}
	v := s.readView(r).measured()
	recs, err := s.app.Drill(r.Context(), v.query(engine.ByNone), params.Metric)
	switch {
	case errors.Is(err, engine.ErrNotApplicable):
		return refuse(http.StatusBadRequest, "drill_not_applicable", desc.Label.In(lang))
	case err != nil:
		s.fail(w, r, err)
		return nil, false
	}
	l = &drillList{view: v, params: params, desc: desc, recs: recs, texts: map[string]string{}}
	l.cols = drillColumns(params.Metric, recs.List, pr.can(auth.ActionReport),
		func(r *engine.Record) string { return l.texts[string(r.Kind)+" "+r.ID] })
	l.sortBy = l.cols[0]
	for _, c := range l.cols {
		if c.Key == "at" {
			l.sortBy = c // by default the records come in the order of their instant
		}
	}
	if params.Sort != "" {
		i := -1
		for j, c := range l.cols {
			if c.Key == params.Sort && !c.stored {
				i = j
			}
		}
		if i < 0 {
			return refuse(http.StatusBadRequest, "drill_bad_sort", params.Sort)
		}
		l.sortBy = l.cols[i]
	}
	sortRecords(recs.Items, l.sortBy, params.Desc)
	return l, true
}

// readTexts reads from the store the texts the list shows of these records: an answer's
// comment, a mention's text, a customer's name. A record gone from the store since (deleted,
// erased) shows none.
func (s *Server) readTexts(ctx context.Context, l *drillList, recs []engine.Record) error {
	kinds := map[engine.RecordKind]cx.Kind{engine.RecordAnswer: cx.KindResponses, engine.RecordMention: cx.KindMentions,
		engine.RecordCustomer: cx.KindCustomers}
	for _, rec := range recs {
		kind, ok := kinds[rec.Kind]
		if !ok {
			continue
		}
		stored, err := s.app.Record(ctx, kind, rec.ID)
		if cx.ErrorCode(err) == cx.ENOTFOUND {
			continue
		} else if err != nil {
			return err
		}
		var text string
		switch x := stored.(type) {
		case *cx.Response:
			text = x.Comment
		case *cx.Mention:
			text = x.Text
		case *cx.Customer:
			text = x.Name
		}
		l.texts[string(rec.Kind)+" "+rec.ID] = text
	}
	return nil
}

// pages is the number of pages of the list (at least one, empty or not), and the page shown:
// the one asked for, or the last when the list has become shorter since.
func (l *drillList) pages() (pages, page int) {
	pages = pageCount(len(l.recs.Items), drillPerPage)
	return pages, min(l.params.Page, pages)
}

// onPage is the records of page n.
func (l *drillList) onPage(n int) []engine.Record {
	start := min((n-1)*drillPerPage, len(l.recs.Items))
	return l.recs.Items[start:min(start+drillPerPage, len(l.recs.Items))]
}

// fileName names an export by metric and period: klantpuls-nps-2026-03-01-2026-03-31.csv
// (the last day of the period, not the exclusive end).
func (l *drillList) fileName(ext string) string {
	return fmt.Sprintf("klantpuls-%s-%s-%s.%s", l.params.Metric, l.view.From.Format(time.DateOnly),
		l.view.To.AddDate(0, 0, -1).Format(time.DateOnly), ext)
}

// drillPage is the page's content.
type drillPage struct {
	Metric, Explain, Count string
	Columns                []drillHeading
	Rows                   [][]drillCell
	CSV, XLSX, PDF         string
	pager
	// Choices are the metrics with a list (their label and link): what /drill without a metric
	// shows.
	Choices []option
}

// drillHeading is a column's heading: a link that sorts by it (again: the other way).
type drillHeading struct {
	Label, Href, Sort string // Sort: aria-sort of the column sorted by
	Num               bool
}

// drillPageHandler shows the list, or exports it when format= asks.
func (s *Server) drillPageHandler(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("metric") == "" {
		s.drillChoices(w, r)
		return
	}
	l, ok := s.readDrill(w, r)
	if !ok {
		return
	}
	d := s.newDash(r, "drill_title", "/drill")
	pages, n := l.pages()
	shown := l.onPage(n)
	if l.params.Format != "" {
		shown = l.recs.Items // an export has every record
	}
	if err := s.readTexts(r.Context(), l, shown); err != nil {
		s.fail(w, r, err)
		return
	}
	switch l.params.Format {
	case "csv":
		s.drillCSV(w, r, d.page, l)
		return
	case "xlsx":
		s.drillXLSX(w, r, d.page, l)
		return
	case "pdf":
		d.Title = fmt.Sprintf(d.T("drill_title"), l.desc.Label.In(d.Lang))
		s.drillPDF(w, r, d, l)
		return
	}
	d.Keep = []hiddenField{{"metric", l.params.Metric}, {"sort", l.sortBy.Key}, {"dir", direction(l.params.Desc)}}
	label := l.desc.Label.In(d.Lang)
	d.Title = fmt.Sprintf(d.T("drill_title"), label)
	dp := &drillPage{Metric: label, Explain: l.desc.Explain.In(d.Lang),
		Count: d.Count(len(l.recs.Items), string(l.recs.List)),
		CSV:   d.Link("/drill", "format", "csv", "page", ""), XLSX: d.Link("/drill", "format", "xlsx", "page", ""),
		PDF: d.Link("/drill", "format", "pdf", "page", "")}
	for _, c := range l.cols {
		h := drillHeading{Label: d.T(c.Word), Num: c.format != "", Href: d.Link("/drill", "sort", c.Key, "dir", "asc", "page", "")}
		if c.stored {
			h.Href = "" // not sortable: read for the rows shown only
		}
		if c.Key == l.sortBy.Key {
			h.Sort = map[bool]string{false: "ascending", true: "descending"}[l.params.Desc]
			if !l.params.Desc {
				h.Href = d.Link("/drill", "sort", c.Key, "dir", "desc", "page", "")
			}
		}
		dp.Columns = append(dp.Columns, h)
	}
	// A ticket's and a customer's page keep the view; a ticket's leads back to this page of the
	// list, as the feedback stream's and a customer's links do.
	back := d.Link("/drill", "page", strconv.Itoa(n))
	for _, rec := range shown {
		row := make([]drillCell, len(l.cols))
		for i, c := range l.cols {
			row[i] = showCell(d.page, c, &rec)
			switch {
			case row[i].Href == "":
			case c.Key == colTicket.Key:
				row[i].Href = d.Link(row[i].Href, "back", back)
			default:
				row[i].Href = d.Link(row[i].Href)
			}
		}
		dp.Rows = append(dp.Rows, row)
	}
	dp.pager = pagerOf(d.page, n, pages, func(p int) string { return d.Link("/drill", "page", strconv.Itoa(p)) })
	d.DrillList = dp
	s.renderDash(w, r, "drill", d)
}

// drillChoices is /drill without a metric: the metrics whose records can be listed, for the
// view — those the user may see.
func (s *Server) drillChoices(w http.ResponseWriter, r *http.Request) {
	d := s.newDash(r, "drill_choose", "/drill")
	pr := principalOf(r)
	dp := &drillPage{}
	for _, m := range metric.All() {
		list, ok := engine.Drillable(m.Key)
		if ok && (list != engine.ListCustomers || pr.can(auth.ActionReport)) {
			dp.Choices = append(dp.Choices, option{Value: d.Link("/drill", "metric", m.Key), Label: m.Label.In(d.Lang)})
		}
	}
	d.DrillList = dp
	s.renderDash(w, r, "drill", d)
}
