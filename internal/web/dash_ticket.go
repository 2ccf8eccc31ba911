package web

import (
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/report"
)

// The ticket page (GET /tickets/{id}): one ticket's fields, its messages in order, the survey
// answers about it, a link to its customer and back to the list it was opened from.

type ticketPage struct {
	ID          string
	Fields      []figure // name and value, in the page's language
	Messages    []messageRow
	Answers     []ratingRow
	Customer    string // the customer's id; CustomerURL their page, "" for someone who may not see it
	CustomerURL string
	Back        string // the list it was opened from, "" when not known
}

type messageRow struct {
	At, Author, Agent, Text string
}

// ticketPage shows one ticket. Someone who sees only their own figures (an agent) sees only
// their own tickets; another's answers 404 exactly as a ticket that does not exist, so the
// page does not tell which tickets exist.
func (s *Server) ticketPage(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	d := s.newDash(r, "nav_ticket", ticketURL(id))
	d.NoPeriod = true
	notFound := func() {
		s.problem(w, r, Problem{Status: http.StatusNotFound, Detail: fmt.Sprintf(d.T("ticket_not_found"), id)})
	}
	rec, err := s.visibleTicket(r, id)
	if cx.ErrorCode(err) == cx.ENOTFOUND {
		notFound()
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pr := principalOf(r)
	tp := &ticketPage{ID: id, Fields: s.ticketFields(d, &rec.Ticket), Customer: rec.Ticket.CustomerID,
		Back: localPath(r.URL.Query().Get("back"))}
	if tp.Customer != "" && pr.can(auth.ActionReport) {
		tp.CustomerURL = customerURL(tp.Customer)
	}
	loc := s.app.Config.Timezone
	for _, m := range rec.Messages {
		tp.Messages = append(tp.Messages, messageRow{At: d.instant(m.At.In(loc)), Author: d.valueLabel("author", m.Author),
			Agent: m.Agent, Text: messageText(m)})
	}
	tp.Answers = answerRows(d, rec, loc)
	d.Title = d.T("ticket") + " " + id
	d.Ticket = tp
	s.renderDash(w, r, "ticket", d)
}

// visibleTicket reads a ticket with its messages and answers for the one who asks: a ticket
// they may not see is not found, as one that does not exist (ENOTFOUND).
func (s *Server) visibleTicket(r *http.Request, id string) (*app.TicketRecords, error) {
	rec, err := s.app.TicketRecords(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if pr := principalOf(r); !pr.can(auth.ActionReport) && !ownTicket(rec.Ticket, pr.user.Agent) {
		return nil, cx.NotFound(cx.KindTickets, id, "")
	}
	return rec, nil
}

// ownTicket tells whether a ticket is the agent's: its agent is theirs, compared as the data
// compares names (trimmed, case-insensitively). A user without an agent name owns none.
func ownTicket(t cx.Ticket, agent string) bool {
	return cx.NameKey(agent) != "" && cx.NameKey(t.Agent) == cx.NameKey(agent)
}

// ticketField is one of a ticket's fields, typed: the page shows it in words, its download
// puts it in the column of its kind.
type ticketField struct {
	key  string // word key of its name
	kind report.Kind
	cell report.Cell
}

// ticketFieldList is a ticket's fields in the page's order, the one list the page and its
// download read.
func (s *Server) ticketFieldList(d *dashPage, t *cx.Ticket) []ticketField {
	loc := s.app.Config.Timezone
	when := func(key string, at time.Time) ticketField {
		f := ticketField{key: key, kind: report.KindDateTime}
		if !at.IsZero() {
			f.cell = report.When(at.In(loc))
		}
		return f
	}
	count := func(key string, n *int) ticketField {
		f := ticketField{key: key, kind: report.KindCount}
		if n != nil {
			f.cell = report.Count(*n)
		}
		return f
	}
	text := func(key, s string) ticketField {
		return ticketField{key: key, kind: report.KindText, cell: report.Text(s)}
	}
	direction := t.Direction
	if direction == "" {
		direction = cx.Inbound
	}
	complaint := d.T("no")
	if t.Complaint {
		complaint = d.T("yes")
	}
	return []ticketField{
		when("tk_created", t.CreatedAt), when("tk_first_reply", t.FirstReplyAt), when("tk_first_solved", t.FirstSolvedAt),
		when("tk_solved", t.SolvedAt), text("dim_channel", d.Channel(t.Channel)), text("dim_team", t.Team),
		text("dim_agent", t.Agent), text("category", t.Category), text("tk_direction", d.valueLabel("direction", direction)),
		text("tk_complaint", complaint), count("tk_reopens", t.Reopens), count("tk_transfers", t.Transfers),
		count("tk_agent_replies", t.AgentReplies),
		{key: "wait", kind: report.KindDuration, cell: report.NumP(t.WaitSeconds)},
		{key: "handle", kind: report.KindDuration, cell: report.NumP(t.HandleSeconds)},
	}
}

// ticketFields are a ticket's fields as the page lists them; an absent one says so.
func (s *Server) ticketFields(d *dashPage, t *cx.Ticket) []figure {
	l := d.View.Lang
	var out []figure
	for _, f := range s.ticketFieldList(d, t) {
		v := "–"
		switch {
		case f.kind == report.KindText && f.cell.Text != "":
			v = f.cell.Text
		case f.kind == report.KindDateTime && !f.cell.At.IsZero():
			v = d.instant(f.cell.At)
		case f.kind == report.KindCount && f.cell.Value != nil:
			v = l.Number(*f.cell.Value, 0)
		case f.kind == report.KindDuration:
			v = l.Duration(f.cell.Value)
		}
		out = append(out, figure{Label: d.T(f.key), Value: v})
	}
	return out
}

// answerRows are the survey answers about a ticket, oldest first, with an NPS answer's class
// and whether a later answer to the same survey replaced it (as on the customer's page).
func answerRows(d *dashPage, rec *app.TicketRecords, loc *time.Location) []ratingRow {
	latest := map[string]time.Time{}
	for _, a := range rec.Responses {
		if a.SubmittedAt.After(latest[a.Survey]) {
			latest[a.Survey] = a.SubmittedAt
		}
	}
	var out []ratingRow
	for _, a := range rec.Responses {
		row := ratingRow{At: d.instant(a.SubmittedAt.In(loc)), Survey: d.SurveyKind(a.Survey),
			Score: d.View.Lang.Number(float64(a.Score), 0), Comment: a.Comment, Replied: !a.RepliedAt.IsZero(),
			Superseded: a.SubmittedAt.Before(latest[a.Survey])}
		if a.Survey == cx.SurveyNPS {
			row.Class = metric.NPSClassName(a.Score)
		}
		out = append(out, row)
	}
	return out
}

// messageText is what a message said: the messages file has no text column of its own, so an
// import keeps it as an attribute, "text" or else "body" (spec/data.md: unknown columns are
// kept as attributes). "" when neither is there.
func messageText(m cx.Message) string {
	if t := m.Attrs["text"]; t != "" {
		return t
	}
	return m.Attrs["body"]
}

// instant writes a moment the page's way: "2 mrt 2026 10:05".
func (d *dashPage) instant(t time.Time) string { return d.View.Lang.DateTime(t) }

// localPath keeps a way back only when it is a path on this server: "/feedback?…", not
// "//elsewhere.example" or "javascript:…" (no open redirect through a link or a form). Browsers
// read a backslash as a slash and drop tabs and line breaks, so "/\\x" and "/\t/x" are refused
// too; so is a path that is not clean ("/feedback/../x", "/a//b", also %-encoded), which
// http.Redirect and browsers would clean into another path than the one checked. With under,
// the path must also be one of those pages or below one ("/followups", "/followups/R1", not
// "/followupsx"). Every "back to a page of ours" goes through here.
func localPath(s string, under ...string) string {
	u, err := url.Parse(s)
	if err != nil || !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") || u.Scheme != "" || u.Host != "" ||
		strings.ContainsFunc(s, func(r rune) bool { return r == '\\' || r < 0x20 || r == 0x7f }) {
		return ""
	}
	if clean := path.Clean(u.Path); u.Path != clean && (clean == "/" || u.Path != clean+"/") { // "/x/" is clean
		return ""
	}
	if len(under) == 0 {
		return s
	}
	for _, page := range under {
		if u.Path == page || strings.HasPrefix(u.Path, page+"/") {
			return s
		}
	}
	return ""
}
