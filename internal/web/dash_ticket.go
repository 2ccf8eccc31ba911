package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/metric"
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
	if !utf8.ValidString(id) || strings.ContainsRune(id, 0) { // no key of a stored ticket, nor text PostgreSQL takes
		return nil, cx.Errorf(cx.ENOTFOUND, "no ticket %q", id)
	}
	rec, err := s.app.TicketRecords(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if pr := principalOf(r); !pr.can(auth.ActionReport) && !ownTicket(rec.Ticket, pr.user.Agent) {
		return nil, cx.Errorf(cx.ENOTFOUND, "no ticket %q", id)
	}
	return rec, nil
}

// ownTicket tells whether a ticket is the agent's: its agent is theirs, compared as the data
// compares names (trimmed, case-insensitively). A user without an agent name owns none.
func ownTicket(t cx.Ticket, agent string) bool {
	agent = strings.TrimSpace(agent)
	return agent != "" && strings.EqualFold(strings.TrimSpace(t.Agent), agent)
}

// ticketFields are a ticket's fields as the page lists them; an absent one says so.
func (s *Server) ticketFields(d *dashPage, t *cx.Ticket) []figure {
	l, loc := d.View.Lang, s.app.Config.Timezone
	when := func(at time.Time) string {
		if at.IsZero() {
			return "–"
		}
		return d.instant(at.In(loc))
	}
	count := func(n *int) string {
		if n == nil {
			return "–"
		}
		return l.Number(float64(*n), 0)
	}
	text := func(s string) string {
		if s == "" {
			return "–"
		}
		return s
	}
	direction := t.Direction
	if direction == "" {
		direction = cx.Inbound
	}
	complaint := d.T("no")
	if t.Complaint {
		complaint = d.T("yes")
	}
	return []figure{
		{Label: d.T("tk_created"), Value: when(t.CreatedAt)},
		{Label: d.T("tk_first_reply"), Value: when(t.FirstReplyAt)},
		{Label: d.T("tk_first_solved"), Value: when(t.FirstSolvedAt)},
		{Label: d.T("tk_solved"), Value: when(t.SolvedAt)},
		{Label: d.T("dim_channel"), Value: text(d.Channel(t.Channel))},
		{Label: d.T("dim_team"), Value: text(t.Team)},
		{Label: d.T("dim_agent"), Value: text(t.Agent)},
		{Label: d.T("category"), Value: text(t.Category)},
		{Label: d.T("tk_direction"), Value: d.valueLabel("direction", direction)},
		{Label: d.T("tk_complaint"), Value: complaint},
		{Label: d.T("tk_reopens"), Value: count(t.Reopens)},
		{Label: d.T("tk_transfers"), Value: count(t.Transfers)},
		{Label: d.T("tk_agent_replies"), Value: count(t.AgentReplies)},
		{Label: d.T("wait"), Value: l.Duration(t.WaitSeconds)},
		{Label: d.T("handle"), Value: l.Duration(t.HandleSeconds)},
	}
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
// "//elsewhere.example" or "javascript:…" (no open redirect through a link). Browsers read a
// backslash as a slash and drop tabs and line breaks, so "/\\x" and "/\t/x" are refused too.
func localPath(s string) string {
	u, err := url.Parse(s)
	if err != nil || !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") || u.Scheme != "" || u.Host != "" ||
		strings.ContainsFunc(s, func(r rune) bool { return r == '\\' || r < 0x20 || r == 0x7f }) {
		return ""
	}
	return s
}
