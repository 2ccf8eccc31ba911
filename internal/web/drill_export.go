package web

import (
	"bytes"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// Exports of a drill-down list: every record of the list, not one page, in the columns and
// order of the page. Numbers (seconds, scores) are numbers; a duration's heading says its unit.

// exportHeadings are the columns' headings in the page's language.
func exportHeadings(p *page, l *drillList) []string {
	var out []string
	for _, c := range l.cols {
		h := p.T(c.Word)
		if c.format == metric.FormatDuration {
			h += " (" + p.T("drill_seconds") + ")"
		}
		out = append(out, h)
	}
	return out
}

// attach makes the answer a download named name. A name can be someone else's text (an
// upload's file name): FormatMediaType quotes it, or encodes it by RFC 2231 when it holds a
// quote, a control character or a letter outside ASCII, so it never ends the header or adds a
// parameter.
func attach(w http.ResponseWriter, contentType, name string) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Header().Set("Cache-Control", "no-store")
}

// drillCSV writes the list as CSV for a spreadsheet (cx.SpreadsheetCSV). Every text cell
// passes cx.FormulaSafe: an id, a name or a team is someone else's text, and a spreadsheet
// must not run "=HYPERLINK(…)" from it.
func (s *Server) drillCSV(w http.ResponseWriter, r *http.Request, p *page, l *drillList) {
	var b bytes.Buffer
	cw, _ := cx.SpreadsheetCSV(&b) // a bytes.Buffer takes every write
	cw.Write(safeRow(exportHeadings(p, l)))
	row := make([]string, len(l.cols))
	for i := range l.recs.Items {
		for j, c := range l.cols {
			row[j] = csvCell(exportCell(c, &l.recs.Items[i]))
		}
		cw.Write(row)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		s.fail(w, r, err)
		return
	}
	attach(w, "text/csv; charset=utf-8", l.fileName("csv"))
	w.Write(b.Bytes())
}

func safeRow(cells []string) []string {
	for i, c := range cells {
		cells[i] = cx.FormulaSafe(c)
	}
	return cells
}

// csvCell writes an export cell: a number with a point (as machines read it), a text made safe.
func csvCell(v any) string {
	switch x := v.(type) {
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case string:
		return cx.FormulaSafe(x)
	}
	return ""
}

// drillXLSX writes the list as one sheet through excelize's stream writer: a cell is a string,
// a number or a boolean, never a formula (a string that starts with = stays text).
func (s *Server) drillXLSX(w http.ResponseWriter, r *http.Request, p *page, l *drillList) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := f.GetSheetName(0)
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	write := func(n int, cells []any) bool {
		ref, _ := excelize.CoordinatesToCellName(1, n)
		if err := sw.SetRow(ref, cells); err != nil {
			s.fail(w, r, err)
			return false
		}
		return true
	}
	var headings []any
	for _, h := range exportHeadings(p, l) {
		headings = append(headings, h)
	}
	if !write(1, headings) {
		return
	}
	for i := range l.recs.Items {
		cells := make([]any, len(l.cols))
		for j, c := range l.cols {
			cells[j] = exportCell(c, &l.recs.Items[i])
		}
		if !write(i+2, cells) {
			return
		}
	}
	if err := sw.Flush(); err != nil {
		s.fail(w, r, err)
		return
	}
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		s.fail(w, r, err)
		return
	}
	attach(w, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", l.fileName("xlsx"))
	w.Write(b.Bytes())
}

// Drill is the JSON of GET /api/v1/drill: one page of the records behind a metric's count.
type Drill struct {
	Metric  string     `json:"metric"`
	List    string     `json:"list"` // what the records are: tickets, answers, replies, texts, customers, reviews
	From    string     `json:"from"`
	To      string     `json:"to"`
	Count   int        `json:"count"` // every record of the list, the figure's n
	Page    int        `json:"page"`
	Pages   int        `json:"pages"`
	PerPage int        `json:"per_page"`
	Sort    string     `json:"sort"`
	Dir     string     `json:"dir"`
	Rows    []DrillRow `json:"rows"`
}

// DrillRow is one record of a drill-down.
type DrillRow struct {
	Kind      string   `json:"kind"` // ticket, answer, reply, mention, customer, review
	ID        string   `json:"id"`
	At        string   `json:"at"` // the instant that put it in the period (RFC 3339, account time zone)
	ChurnedAt string   `json:"churned_at,omitempty"`
	Ticket    string   `json:"ticket_id,omitempty"`
	Customer  string   `json:"customer_id,omitempty"`
	Channel   string   `json:"channel,omitempty"`
	Team      string   `json:"team,omitempty"`
	Agent     string   `json:"agent,omitempty"`
	Segment   string   `json:"segment,omitempty"`
	Value     *float64 `json:"value"` // what it adds to the figure: seconds or a score; null when only to n
	Replied   *bool    `json:"replied,omitempty"`
	Tone      string   `json:"tone,omitempty"`
}

// drillAPI answers one page of the list as JSON.
func (s *Server) drillAPI(w http.ResponseWriter, r *http.Request) {
	l, ok := s.readDrill(w, r)
	if !ok {
		return
	}
	pages, n := l.pages()
	out := Drill{Metric: l.params.Metric, List: string(l.recs.List), From: l.view.From.Format(time.DateOnly),
		To: l.view.To.Format(time.DateOnly), Count: len(l.recs.Items), Page: n, Pages: pages, PerPage: drillPerPage,
		Sort: l.sortBy.Key, Dir: map[bool]string{false: "asc", true: "desc"}[l.params.Desc], Rows: []DrillRow{}}
	customers := principalOf(r).can(auth.ActionReport)
	for _, rec := range l.onPage(n) {
		out.Rows = append(out.Rows, drillRow(rec, customers))
	}
	writeJSON(w, http.StatusOK, out)
}

func drillRow(rec engine.Record, customers bool) DrillRow {
	row := DrillRow{Kind: string(rec.Kind), ID: rec.ID, Ticket: rec.Ticket, Channel: rec.Channel, Team: rec.Team,
		Agent: rec.Agent, Segment: rec.Segment, Value: rec.Value, Tone: rec.Tone}
	if !rec.At.IsZero() {
		row.At = rec.At.Format(time.RFC3339)
	}
	if !rec.Churned.IsZero() {
		row.ChurnedAt = rec.Churned.Format(time.RFC3339)
	}
	if customers {
		row.Customer = rec.Customer
	}
	if rec.Kind == engine.RecordAnswer || rec.Kind == engine.RecordMention {
		row.Replied = &rec.Replied
	}
	return row
}
