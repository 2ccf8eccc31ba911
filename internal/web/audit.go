package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// The audit log, for admins: a page in the dashboard and GET /api/v1/audit, newest first, a
// page at a time, filtered by action and by user (e-mail address, or cli:<os user>).

// audited makes the change fn makes and the lines of the audit log it returns one (app.Audited):
// both are stored or neither is. Each line gets the request's time and client address, and its
// principal unless it names who acted (who). fn writes through its ctx, and returns no line
// when it changed nothing. A line that cannot be stored refuses the change, unavailable (503),
// in words the page and the API show.
func (s *Server) audited(r *http.Request, fn func(ctx context.Context) ([]cx.AuditEntry, error)) error {
	if s.app == nil {
		return cx.Errorf(cx.EINTERNAL, "web: no database to change")
	}
	return s.app.Audited(r.Context(), func(ctx context.Context) ([]cx.AuditEntry, error) {
		entries, err := fn(ctx)
		for i := range entries {
			entries[i] = s.who(r, entries[i])
		}
		return entries, err
	})
}

// line is an audit entry of action on subject, by the request's principal (audited).
func line(action, subject string, words ...cx.AuditPhrase) []cx.AuditEntry {
	return []cx.AuditEntry{{Action: action, Subject: subject, Words: words}}
}

// record adds e to the audit log with the request's time and client address; who acted comes
// from e, or else from the request's principal. For what changes no data — a sign-in, a failed
// one — and what cannot be one transaction with its line (invitations sent by e-mail, an
// import's outcome): the action has happened, so a failure to record is logged rather than
// shown. A change is audited instead.
func (s *Server) record(r *http.Request, e cx.AuditEntry) {
	if s.app == nil {
		return
	}
	e = s.who(r, e)
	// Recorded even when the client has gone away meanwhile.
	if err := s.app.Audit(context.WithoutCancel(r.Context()), e); err != nil {
		s.log.ErrorContext(r.Context(), "audit log not written", "action", e.Action, "error", err)
	}
}

// who fills in e the request's time and client address, and its principal unless e names who
// acted.
func (s *Server) who(r *http.Request, e cx.AuditEntry) cx.AuditEntry {
	e.At, e.From = s.now(), clientAddr(r)
	if p := principalOf(r); p != nil && e.Actor == "" {
		e.UserID, e.Actor = p.user.ID, p.user.Email
		if p.token != nil {
			e.TokenID = p.token.ID
		}
	}
	return e
}

// acting is the request's context, telling app who acts for the audit entries app writes
// itself, with the records they are about (Delete, Erase, MarkReplied, the follow-ups).
func (s *Server) acting(r *http.Request) context.Context {
	return app.ActingAs(r.Context(), s.who(r, cx.AuditEntry{}))
}

// auditPageRows is how many entries the page shows at a time; the API's default.
const auditPageRows = 50

type auditPage struct {
	Rows    []auditRow
	Actions []option
	Actor   string
	Older   string // the link to the next, older page; "" on the last
}

type auditRow struct {
	When, Actor, Token, From, Action, Subject, Detail string
}

// auditQuery reads action, user, before and limit from the URL. A value it cannot read is
// refused naming the parameter and its choices: the page says so in its language, the API in
// English (readAudit).
func auditQuery(r *http.Request, defaultLimit int) (app.AuditQuery, *paramError) {
	v := r.URL.Query()
	q := app.AuditQuery{Action: v.Get("action"), Actor: strings.TrimSpace(v.Get("user")), Limit: defaultLimit}
	if q.Action != "" && !slices.Contains(cx.AuditActions, q.Action) {
		return q, &paramError{"action", q.Action, strings.Join(cx.AuditActions, ", ")}
	}
	if b := v.Get("before"); b != "" {
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n < 1 {
			return q, &paramError{"before", b, "1, 2, …"}
		}
		q.Before = n
	}
	if l := v.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > app.MaxAuditPage {
			return q, &paramError{"limit", l, fmt.Sprintf("1–%d", app.MaxAuditPage)}
		}
		q.Limit = n
	}
	return q, nil
}

// olderLink is the URL of the page after entries, or "" when they were the last.
func olderLink(path string, q app.AuditQuery, entries []cx.AuditEntry) string {
	if len(entries) < q.PageSize() {
		return ""
	}
	v := url.Values{"before": {strconv.FormatInt(entries[len(entries)-1].ID, 10)}}
	if q.Action != "" {
		v.Set("action", q.Action)
	}
	if q.Actor != "" {
		v.Set("user", q.Actor)
	}
	if q.Limit != auditPageRows {
		v.Set("limit", strconv.Itoa(q.Limit))
	}
	return path + "?" + v.Encode()
}

// readAudit reads the page of the audit log the URL asks for; on a problem it answers and
// returns false. d is the page asking, nil for the API, which refuses a parameter in English.
func (s *Server) readAudit(w http.ResponseWriter, r *http.Request, d *dashPage) (app.AuditQuery, []cx.AuditEntry, bool) {
	q, bad := auditQuery(r, auditPageRows)
	if bad != nil {
		s.fail(w, r, bad.in(d))
		return q, nil, false
	}
	entries, err := s.app.AuditLog(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return q, nil, false
	}
	return q, entries, true
}

// auditAPI answers GET /api/v1/audit: {"entries": [...], "next": URL of the older page}.
func (s *Server) auditAPI(w http.ResponseWriter, r *http.Request) {
	q, entries, ok := s.readAudit(w, r, nil)
	if !ok {
		return
	}
	// The API speaks English (as its problems do): an entry's phrases are its detail in English.
	said := make([]cx.AuditEntry, len(entries)) // [] rather than null
	for i, e := range entries {
		e.Detail = AuditDetail("en", e)
		said[i] = e
	}
	out := map[string]any{"entries": said}
	if next := olderLink("/api/v1/audit", q, entries); next != "" {
		out["next"] = next
	}
	writeJSON(w, http.StatusOK, out)
}

// auditLogPage shows the audit log in the dashboard.
func (s *Server) auditLogPage(w http.ResponseWriter, r *http.Request) {
	d := s.newDash(r, "nav_audit", "/audit")
	d.NoPeriod = true
	q, entries, ok := s.readAudit(w, r, d)
	if !ok {
		return
	}
	ap := &auditPage{Actor: q.Actor, Older: olderLink("/audit", q, entries)}
	ap.Actions = append(ap.Actions, option{Value: "", Label: d.T("all"), Selected: q.Action == ""})
	for _, a := range cx.AuditActions {
		ap.Actions = append(ap.Actions, option{Value: a, Label: d.T("audit_" + a), Selected: a == q.Action})
	}
	for _, e := range entries {
		row := auditRow{When: s.stamp(r, e.At), Actor: e.Actor, From: auditFrom(d.Lang, e.From),
			Action: d.T("audit_" + e.Action), Subject: e.Subject, Detail: AuditDetail(d.Lang, e)}
		if row.Action == "" {
			row.Action = e.Action
		}
		if e.TokenID != 0 {
			row.Token = "token " + strconv.FormatInt(e.TokenID, 10)
		}
		ap.Rows = append(ap.Rows, row)
	}
	d.Audit = ap
	s.renderDash(w, r, "audit", d)
}
