package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/report"
)

func TestOpenAPIReportSchemaMatchesOutput(t *testing.T) {
	a := oaApp(t)
	oaIngest(t, a)
	ctx := context.Background()
	loc := a.Config.Timezone
	c := &oaChecker{t: t, doc: oaDocument(t), seen: map[string]bool{}}
	reportSchema := c.schema("Report")

	from, to := time.Date(2026, 3, 1, 0, 0, 0, 0, loc), time.Date(2026, 4, 1, 0, 0, 0, 0, loc)
	for _, by := range []engine.Dim{engine.ByNone, engine.ByChannel, engine.ByTeam, engine.ByAgent, engine.BySegment} {
		q := engine.Query{From: from, To: to, By: by}
		groups, err := a.Report(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(groups) == 0 {
			t.Fatalf("by %q: no groups", by)
		}
		var b bytes.Buffer
		if err := reportJSON(&b, q, loc, groups); err != nil {
			t.Fatal(err)
		}
		var out any
		if err := json.Unmarshal(b.Bytes(), &out); err != nil {
			t.Fatal(err)
		}
		c.conform(reportSchema, out, "Report")
	}

	// Every property of the schema showed up in some report: none is documented but never
	// written. (Free keys of maps such as tickets.share are not properties.)
	want := map[string]bool{}
	c.properties(reportSchema, "Report", 0, want)
	var missing []string
	for p := range want {
		if !c.seen[p] {
			missing = append(missing, p)
		}
	}
	sort.Strings(missing)
	for _, p := range missing {
		t.Errorf("%s is in the schema but in no report", p)
	}
	// The metrics are all there, not just some: the walk above went into every one of them.
	metrics := c.schema("Metrics")["properties"].(map[string]any)
	if len(metrics) < 19 {
		t.Errorf("the Metrics schema has %d metrics, metric.Set has 19", len(metrics))
	}
}

// reportJSON writes a report exactly as `klantpuls report --format json` and GET /api/v1/report do.
func reportJSON(w io.Writer, q engine.Query, loc *time.Location, groups []engine.Group) error {
	return report.JSON(w, report.New(q, loc, cx.DefaultCurrency, groups))
}

// TestOpenAPIRecordSchemasMatchOutput checks the other JSON shapes the server writes straight
// from Go values: a customer's history, a live change, a user and a token.
func TestOpenAPIRecordSchemasMatchOutput(t *testing.T) {
	a := oaApp(t)
	changes, stop := a.Subscribe()
	defer stop()
	oaIngest(t, a)
	ctx := context.Background()
	var change app.Change
	select {
	case change = <-changes:
	case <-time.After(5 * time.Second):
		t.Fatal("no change published")
	}
	// What else klantpuls holds about c1: an event and a message with attrs, a mention they
	// wrote (their name as its author) and a survey invitation of every field.
	at := time.Date(2026, 3, 9, 10, 0, 0, 0, time.UTC)
	if _, err := a.Ingest(ctx, []cx.Record{
		&cx.Event{ID: "e2", CustomerID: "c1", Kind: "webinar", At: at, Attrs: cx.Attrs{"room": "B"}},
		&cx.Message{ID: "m3", TicketID: "t1", At: at, Author: cx.AuthorCustomer, Attrs: cx.Attrs{"via": "mail"}},
		&cx.Mention{ID: "x2", Source: "trustpilot", At: at, Text: "Prima leverancier", Author: "jansen bv",
			URL: "https://example.com/r/2", RepliedAt: at.Add(time.Hour), Attrs: cx.Attrs{"stars": "4"}},
	}); err != nil {
		t.Fatal(err)
	}
	sv := &cx.Survey{Name: "Na de levering", Kind: cx.SurveyNPS, QuestionNL: "Hoe waarschijnlijk?", QuestionEN: "How likely?", Active: true}
	if err := a.CreateSurvey(ctx, sv); err != nil {
		t.Fatal(err)
	}
	if err := a.CreateInvitation(ctx, &cx.Invitation{ID: "i1", SurveyID: sv.ID, CustomerID: "c1", TicketID: "t1",
		Email: "inkoop@jansen.example", Channel: "email", Lang: "nl", Status: cx.InviteSent, Error: "421 busy", Attempts: 1,
		RetryAt: at, CreatedAt: at, SentAt: at, OpenedAt: at, AnsweredAt: at}); err != nil {
		t.Fatal(err)
	}
	// c1 has everything, c2 was referred and has no reviews, c3 churned and has nothing else.
	var histories []*app.CustomerData
	for _, id := range []string{"c1", "c2", "c3"} {
		h, err := a.CustomerData(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		histories = append(histories, h)
	}
	if h := histories[0]; len(h.Events) != 2 || len(h.Messages) != 3 || len(h.Mentions) != 1 || len(h.Invitations) != 1 {
		t.Errorf("c1: %d events, %d messages, %d mentions, %d invitations; want 2, 3 (all on t1), 1 (x2), 1",
			len(h.Events), len(h.Messages), len(h.Mentions), len(h.Invitations))
	}
	now := time.Now()
	u, err := a.CreateUser(ctx, "anna@example.com", "correct horse battery", cx.RoleAgent, "Anna", "Support", now)
	if err != nil {
		t.Fatal(err)
	}
	_, tok, err := a.CreateToken(ctx, u.ID, "dashboard", cx.ScopeRead, now)
	if err != nil {
		t.Fatal(err)
	}
	tok.LastUsedAt = now

	c := &oaChecker{t: t, doc: oaDocument(t), seen: map[string]bool{}}
	for _, tc := range []struct {
		schema string
		value  any
	}{
		{"CustomerHistory", histories[0]},
		{"CustomerHistory", histories[1]},
		{"CustomerHistory", histories[2]},
		{"Change", change},
		{"Change", app.Change{Count: 3, At: now}}, // a bulk load lists no kinds
		{"User", u},
		{"Token", tok},
		{"Me", map[string]any{"user": u, "token": tok}},
		{"Problem", Problem{Type: "about:blank", Title: "Invalid records", Status: 422, Detail: "1 invalid field",
			Instance: "/api/v1/tickets", Errors: []ProblemField{{Pointer: "/0/score", Detail: "required field missing"}}}},
	} {
		c.conform(c.schema(tc.schema), oaJSON(t, tc.value), tc.schema)
	}
	// Together the histories fill in every property of the schema.
	want := map[string]bool{}
	c.properties(c.schema("CustomerHistory"), "CustomerHistory", 0, want)
	for p := range want {
		if !c.seen[p] {
			t.Errorf("%s is in the schema but in no history", p)
		}
	}
}

// TestOpenAPIResponsesMatchServer sends real requests, good and bad, through the server's
// handler and checks that each answer's status and media type are documented for its
// operation and that its body fits the documented schema; and that the good request bodies fit
// theirs.
func TestOpenAPIResponsesMatchServer(t *testing.T) {
	a := oaApp(t)
	oaIngest(t, a)
	ctx := context.Background()
	now := time.Now()
	const pw = "correct horse battery"
	admin, err := a.CreateUser(ctx, "admin@example.com", pw, cx.RoleAdmin, "", "", now)
	if err != nil {
		t.Fatal(err)
	}
	manager, err := a.CreateUser(ctx, "manager@example.com", pw, cx.RoleManager, "", "", now)
	if err != nil {
		t.Fatal(err)
	}
	agent, err := a.CreateUser(ctx, "anna@example.com", pw, cx.RoleAgent, "Anna", "Support", now)
	if err != nil {
		t.Fatal(err)
	}
	session := func(u *cx.User) string {
		plain, hash := auth.NewSessionSecret()
		if err := a.CreateSession(ctx, &cx.Session{Hash: hash, UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		return plain
	}
	token := func(u *cx.User, scope string) (string, int64) {
		plain, tok, err := a.CreateToken(ctx, u.ID, "test "+scope, scope, now)
		if err != nil {
			t.Fatal(err)
		}
		return plain, tok.ID
	}
	read, readID := token(admin, cx.ScopeRead)
	write, _ := token(admin, cx.ScopeWrite)
	_, spare := token(admin, cx.ScopeRead)
	who := map[string]string{ // caller → credential: "cookie:…" or "bearer:…"
		"anonymous": "",
		"admin":     "cookie:" + session(admin),
		"manager":   "cookie:" + session(manager),
		"agent":     "cookie:" + session(agent),
		"read":      "bearer:" + read,
		"write":     "bearer:" + write,
	}

	s := New(Options{App: a, Log: slog.New(slog.DiscardHandler)})
	slow := New(Options{App: a, Log: slog.New(slog.DiscardHandler), RatePerSecond: 1e-6, Burst: 1})
	tight := New(Options{App: a, Log: slog.New(slog.DiscardHandler), MaxBody: 64})
	c := &oaChecker{t: t, doc: oaDocument(t)}
	ops := oaOperations(t, c.doc)

	ticket := `{"ticket_id":"t9","created_at":"2026-03-13T17:30:00+01:00","channel":"phone","complaint":"ja","reopens":0,"wait_seconds":12.5,"attrs":{"priority":"high"}}`
	var tooMany strings.Builder
	tooMany.WriteString("[")
	for i := range MaxBatch + 1 {
		if i > 0 {
			tooMany.WriteString(",")
		}
		tooMany.WriteString("{}")
	}
	tooMany.WriteString("]")

	type request struct {
		name, caller, method, op, path, body string
		status                               int
		server                               *Server
		header                               map[string]string
	}
	crossSite := map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}
	merge := map[string]string{"Content-Type": "application/merge-patch+json"}
	long := `{"email":"eve@example.com","password":"` + strings.Repeat("x", 80) + `","role":"agent"}`
	cases := []request{
		{name: "not ready", caller: "anonymous", method: "GET", op: "/readyz", path: "/readyz", status: 503},
		{name: "health", caller: "anonymous", method: "GET", op: "/healthz", path: "/healthz", status: 200},
		{name: "metrics", caller: "read", method: "GET", op: "/metrics", path: "/metrics", status: 200},
		{name: "metrics anonymous", caller: "anonymous", method: "GET", op: "/metrics", path: "/metrics", status: 401},
		{name: "metrics agent", caller: "agent", method: "GET", op: "/metrics", path: "/metrics", status: 403},
		{name: "document", caller: "anonymous", method: "GET", op: "/api/v1/openapi.json", path: "/api/v1/openapi.json", status: 200},
		{name: "me by session", caller: "agent", method: "GET", op: "/api/v1/me", path: "/api/v1/me", status: 200},
		{name: "me by token", caller: "read", method: "GET", op: "/api/v1/me", path: "/api/v1/me", status: 200},
		{name: "me anonymous", caller: "anonymous", method: "GET", op: "/api/v1/me", path: "/api/v1/me", status: 401},
		{name: "report", caller: "read", method: "GET", op: "/api/v1/report", path: "/api/v1/report?from=2026-03-01&to=2026-04-01", status: 200},
		{name: "report by channel", caller: "manager", method: "GET", op: "/api/v1/report", path: "/api/v1/report?from=2026-03-01&to=2026-04-01&by=channel", status: 200},
		{name: "report own figures", caller: "agent", method: "GET", op: "/api/v1/report", path: "/api/v1/report?from=2026-03-01&to=2026-04-01&by=agent", status: 200},
		{name: "report agent split", caller: "agent", method: "GET", op: "/api/v1/report", path: "/api/v1/report?from=2026-03-01&to=2026-04-01&by=channel", status: 403},
		{name: "report bad date", caller: "admin", method: "GET", op: "/api/v1/report", path: "/api/v1/report?from=maart&to=2026-04-01", status: 422},
		{name: "report bad by", caller: "admin", method: "GET", op: "/api/v1/report", path: "/api/v1/report?from=2026-03-01&to=2026-04-01&by=colour", status: 422},
		{name: "report unknown parameter", caller: "agent", method: "GET", op: "/api/v1/report", path: "/api/v1/report?from=2026-03-01&to=2026-04-01&by=agent&agent=Daan", status: 422},
		{name: "series", caller: "read", method: "GET", op: "/api/v1/series", path: "/api/v1/series?from=2026-03-01&to=2026-04-01&by=team&step=week", status: 200},
		{name: "series bad step", caller: "read", method: "GET", op: "/api/v1/series", path: "/api/v1/series?from=2026-03-01&to=2026-04-01&step=year", status: 422},
		{name: "why", caller: "read", method: "GET", op: "/api/v1/why", path: "/api/v1/why?from=2026-03-01&to=2026-04-01", status: 200},
		{name: "why by channel", caller: "manager", method: "GET", op: "/api/v1/why", path: "/api/v1/why?from=2026-03-01&to=2026-04-01&channel=email", status: 200},
		{name: "why by category", caller: "manager", method: "GET", op: "/api/v1/why", path: "/api/v1/why?from=2026-03-01&to=2026-04-01&category=retour", status: 200},
		{name: "why own answers", caller: "agent", method: "GET", op: "/api/v1/why", path: "/api/v1/why?from=2026-03-01&to=2026-04-01", status: 200},
		{name: "why another agent", caller: "agent", method: "GET", op: "/api/v1/why", path: "/api/v1/why?from=2026-03-01&to=2026-04-01&agent=Bob", status: 403},
		{name: "why bad date", caller: "admin", method: "GET", op: "/api/v1/why", path: "/api/v1/why?from=maart&to=2026-04-01", status: 422},
		{name: "customer", caller: "read", method: "GET", op: "/api/v1/customers/{id}", path: "/api/v1/customers/c1", status: 200},
		{name: "customer, all", caller: "read", method: "GET", op: "/api/v1/customers/{id}", path: "/api/v1/customers/c1?all=true", status: 200},
		{name: "customer, all neither true nor false", caller: "read", method: "GET", op: "/api/v1/customers/{id}", path: "/api/v1/customers/c1?all=ja", status: 422},
		{name: "customer unknown", caller: "admin", method: "GET", op: "/api/v1/customers/{id}", path: "/api/v1/customers/nobody", status: 404},
		{name: "customer agent", caller: "agent", method: "GET", op: "/api/v1/customers/{id}", path: "/api/v1/customers/c1", status: 403},
		{name: "users", caller: "admin", method: "GET", op: "/api/v1/users", path: "/api/v1/users", status: 200},
		{name: "users token", caller: "write", method: "GET", op: "/api/v1/users", path: "/api/v1/users", status: 403},
		{name: "create user", caller: "admin", method: "POST", op: "/api/v1/users", path: "/api/v1/users",
			body: `{"email":"bob@example.com","password":"correct horse battery","role":"agent","agent":"Bob","team":"Sales"}`, status: 201},
		{name: "create user again", caller: "admin", method: "POST", op: "/api/v1/users", path: "/api/v1/users",
			body: `{"email":"bob@example.com","password":"correct horse battery","role":"manager"}`, status: 409},
		{name: "create user bad role", caller: "admin", method: "POST", op: "/api/v1/users", path: "/api/v1/users",
			body: `{"email":"eve@example.com","password":"correct horse battery","role":"owner"}`, status: 422},
		{name: "create user not JSON", caller: "admin", method: "POST", op: "/api/v1/users", path: "/api/v1/users", body: `email=eve`, status: 400},
		{name: "create user manager", caller: "manager", method: "POST", op: "/api/v1/users", path: "/api/v1/users",
			body: `{"email":"eve@example.com","password":"correct horse battery","role":"agent","agent":"Eve"}`, status: 403},
		{name: "tokens", caller: "admin", method: "GET", op: "/api/v1/tokens", path: "/api/v1/tokens", status: 200},
		{name: "tokens none", caller: "manager", method: "GET", op: "/api/v1/tokens", path: "/api/v1/tokens", status: 200},
		{name: "tokens by token", caller: "write", method: "GET", op: "/api/v1/tokens", path: "/api/v1/tokens", status: 403},
		{name: "create token", caller: "manager", method: "POST", op: "/api/v1/tokens", path: "/api/v1/tokens", body: `{"name":"wallboard","scope":"read"}`, status: 201},
		{name: "create token bad scope", caller: "manager", method: "POST", op: "/api/v1/tokens", path: "/api/v1/tokens", body: `{"name":"x","scope":"admin"}`, status: 422},
		{name: "create token not JSON", caller: "manager", method: "POST", op: "/api/v1/tokens", path: "/api/v1/tokens", body: `[`, status: 400},
		{name: "create token expiring", caller: "admin", method: "POST", op: "/api/v1/tokens", path: "/api/v1/tokens", body: `{"name":"quarter","scope":"read","expires":"90d"}`, status: 201},
		{name: "create token bad expiry", caller: "admin", method: "POST", op: "/api/v1/tokens", path: "/api/v1/tokens", body: `{"name":"x","scope":"read","expires":"3 months"}`, status: 422},
		{name: "tokens with an expiry", caller: "admin", method: "GET", op: "/api/v1/tokens", path: "/api/v1/tokens", status: 200},
		{name: "audit", caller: "admin", method: "GET", op: "/api/v1/audit", path: "/api/v1/audit", status: 200},
		{name: "audit page", caller: "read", method: "GET", op: "/api/v1/audit", path: "/api/v1/audit?action=token_create&limit=1", status: 200},
		{name: "audit bad action", caller: "admin", method: "GET", op: "/api/v1/audit", path: "/api/v1/audit?action=drop", status: 422},
		{name: "audit manager", caller: "manager", method: "GET", op: "/api/v1/audit", path: "/api/v1/audit", status: 403},
		{name: "audit anonymous", caller: "anonymous", method: "GET", op: "/api/v1/audit", path: "/api/v1/audit", status: 401},
		{name: "delete token", caller: "admin", method: "DELETE", op: "/api/v1/tokens/{id}", path: fmt.Sprintf("/api/v1/tokens/%d", spare), status: 204},
		{name: "delete token unknown", caller: "admin", method: "DELETE", op: "/api/v1/tokens/{id}", path: "/api/v1/tokens/999999", status: 404},
		{name: "delete token of another", caller: "manager", method: "DELETE", op: "/api/v1/tokens/{id}", path: fmt.Sprintf("/api/v1/tokens/%d", readID), status: 404},
		{name: "ingest one", caller: "write", method: "POST", op: "/api/v1/tickets", path: "/api/v1/tickets", body: ticket, status: 200},
		{name: "ingest batch", caller: "admin", method: "POST", op: "/api/v1/responses", path: "/api/v1/responses",
			body: `[{"response_id":"r9","survey":"nps","score":10,"submitted_at":"2026-03-14 10:00","ticket_id":"t9"},` +
				`{"response_id":"r10","survey":"CSAT","score":"3","submitted_at":"2026-03-14T10:05:00Z","comment":null}]`, status: 200},
		{name: "ingest each kind", caller: "write", method: "POST", op: "/api/v1/customers", path: "/api/v1/customers",
			body: `{"customer_id":"c9","acquired_at":"2026-03-01 09:00","segment":"b2b","referred_by":"c1","loyalty_tier":"gold"}`, status: 200},
		{name: "ingest orders", caller: "write", method: "POST", op: "/api/v1/orders", path: "/api/v1/orders",
			body: `{"order_id":"o9","customer_id":"c9","ordered_at":"2026-03-02 09:00","amount":"19.95","gross_margin":0.5}`, status: 200},
		{name: "ingest messages", caller: "write", method: "POST", op: "/api/v1/messages", path: "/api/v1/messages",
			body: `{"message_id":"m9","ticket_id":"t9","at":"2026-03-13T17:45:00+01:00","author":"agent","agent":"Anna"}`, status: 200},
		{name: "ingest mentions", caller: "write", method: "POST", op: "/api/v1/mentions", path: "/api/v1/mentions",
			body: `{"mention_id":"x9","source":"trustpilot","at":"2026-03-14 12:00","text":"Prima","url":"https://example.com/r/9"}`, status: 200},
		{name: "ingest reviews", caller: "write", method: "POST", op: "/api/v1/reviews", path: "/api/v1/reviews",
			body: `[{"review_id":"rv9","criterion":"Toon","reviewed_at":"2026-03-15 10:00","agent":"Anna","rating":5},` +
				`{"review_id":"rv9","criterion":"Oplossing","reviewed_at":"2026-03-15 10:00","agent":"Anna","rating":null}]`, status: 200},
		{name: "ingest events", caller: "write", method: "POST", op: "/api/v1/events", path: "/api/v1/events",
			body: `{"event_id":"e9","customer_id":"c9","kind":"training","at":"2026-03-16 10:00"}`, status: 200},
		{name: "ingest invalid", caller: "write", method: "POST", op: "/api/v1/responses", path: "/api/v1/responses",
			body: `[{"response_id":"r11","survey":"nps","score":11,"submitted_at":"2026-03-14 10:00"},{"response_id":"r12"}]`, status: 422},
		{name: "ingest empty", caller: "write", method: "POST", op: "/api/v1/tickets", path: "/api/v1/tickets", body: ` `, status: 400},
		{name: "ingest not JSON", caller: "write", method: "POST", op: "/api/v1/tickets", path: "/api/v1/tickets", body: `{"ticket_id":`, status: 400},
		{name: "ingest too many", caller: "write", method: "POST", op: "/api/v1/events", path: "/api/v1/events", body: tooMany.String(), status: 413},
		{name: "ingest read token", caller: "read", method: "POST", op: "/api/v1/tickets", path: "/api/v1/tickets", body: ticket, status: 403},
		{name: "ingest manager", caller: "manager", method: "POST", op: "/api/v1/tickets", path: "/api/v1/tickets", body: ticket, status: 403},
		{name: "ingest anonymous", caller: "anonymous", method: "POST", op: "/api/v1/tickets", path: "/api/v1/tickets", body: ticket, status: 401},
		{name: "delete a record", caller: "write", method: "DELETE", op: "/api/v1/events/{id}", path: "/api/v1/events/e9", status: 204},
		{name: "delete it again", caller: "admin", method: "DELETE", op: "/api/v1/events/{id}", path: "/api/v1/events/e9", status: 404},
		{name: "delete a review row", caller: "write", method: "DELETE", op: "/api/v1/reviews/{id}", path: "/api/v1/reviews/rv9?criterion=+toon", status: 204},
		{name: "delete a review without its criterion", caller: "write", method: "DELETE", op: "/api/v1/reviews/{id}", path: "/api/v1/reviews/rv9", status: 400},
		{name: "delete as manager", caller: "manager", method: "DELETE", op: "/api/v1/orders/{id}", path: "/api/v1/orders/o9", status: 403},
		{name: "erase", caller: "admin", method: "POST", op: "/api/v1/customers/{id}/erase", path: "/api/v1/customers/c9/erase", body: `{"purge":false}`, status: 200},
		{name: "erase and purge", caller: "write", method: "POST", op: "/api/v1/customers/{id}/erase", path: "/api/v1/customers/c9/erase", body: `{"purge":true}`, status: 200},
		{name: "erase unknown", caller: "admin", method: "POST", op: "/api/v1/customers/{id}/erase", path: "/api/v1/customers/nobody/erase", body: `{"purge":false}`, status: 404},
		{name: "erase bad body", caller: "admin", method: "POST", op: "/api/v1/customers/{id}/erase", path: "/api/v1/customers/c9/erase", body: `{"purge":"ja"}`, status: 422},
		{name: "erase as manager", caller: "manager", method: "POST", op: "/api/v1/customers/{id}/erase", path: "/api/v1/customers/c1/erase", body: `{"purge":true}`, status: 403},
		{name: "drill", caller: "read", method: "GET", op: "/api/v1/drill", path: "/api/v1/drill?metric=nps&period=custom&from=2026-03-01&to=2026-04-01", status: 200},
		{name: "drill transfers", caller: "manager", method: "GET", op: "/api/v1/drill", path: "/api/v1/drill?metric=transfers&period=custom&from=2026-03-01&to=2026-04-01", status: 200},
		{name: "drill by category", caller: "admin", method: "GET", op: "/api/v1/drill", path: "/api/v1/drill?metric=tickets&period=custom&from=2026-03-01&to=2026-04-01&category=billing&sort=ticket&dir=desc", status: 200},
		{name: "drill own records", caller: "agent", method: "GET", op: "/api/v1/drill", path: "/api/v1/drill?metric=csat&period=month", status: 200},
		{name: "drill customers as agent", caller: "agent", method: "GET", op: "/api/v1/drill", path: "/api/v1/drill?metric=churn&period=month", status: 403},
		{name: "drill unknown metric", caller: "read", method: "GET", op: "/api/v1/drill", path: "/api/v1/drill?metric=happiness", status: 400},
		{name: "drill bad sort", caller: "read", method: "GET", op: "/api/v1/drill", path: "/api/v1/drill?metric=nps&sort=colour", status: 400},
		{name: "drill bad period", caller: "read", method: "GET", op: "/api/v1/drill", path: "/api/v1/drill?metric=nps&period=decade", status: 422},
		{name: "drill from without custom", caller: "read", method: "GET", op: "/api/v1/drill", path: "/api/v1/drill?metric=nps&from=2026-03-01&to=2026-04-01", status: 422},
		{name: "patch a record", caller: "write", method: "PATCH", op: "/api/v1/tickets/{id}", path: "/api/v1/tickets/t2",
			body: `{"solved_at":"2026-03-12 11:30","agent":null}`, header: merge, status: 200},
		{name: "patch an unknown record", caller: "write", method: "PATCH", op: "/api/v1/tickets/{id}", path: "/api/v1/tickets/nope",
			body: `{"solved_at":"2026-03-12 11:30"}`, header: merge, status: 404},
		{name: "patch the key", caller: "write", method: "PATCH", op: "/api/v1/tickets/{id}", path: "/api/v1/tickets/t2",
			body: `{"ticket_id":"t3"}`, header: merge, status: 422},
		{name: "patch as text", caller: "write", method: "PATCH", op: "/api/v1/tickets/{id}", path: "/api/v1/tickets/t2",
			body: `{"agent":"Bob"}`, header: map[string]string{"Content-Type": "text/plain"}, status: 415},
		{name: "change a user", caller: "admin", method: "PATCH", op: "/api/v1/users/{id}", path: fmt.Sprintf("/api/v1/users/%d", agent.ID),
			body: `{"team":"Sales","agent":"Anna"}`, status: 200},
		{name: "change a user's e-mail", caller: "admin", method: "PATCH", op: "/api/v1/users/{id}", path: fmt.Sprintf("/api/v1/users/%d", agent.ID),
			body: `{"email":"x@example.com"}`, status: 422},
		{name: "demote the last admin", caller: "admin", method: "PATCH", op: "/api/v1/users/{id}", path: fmt.Sprintf("/api/v1/users/%d", admin.ID),
			body: `{"role":"manager"}`, status: 409},
		{name: "change an unknown user", caller: "admin", method: "PATCH", op: "/api/v1/users/{id}", path: "/api/v1/users/999999",
			body: `{"team":"Sales"}`, status: 404},
		{name: "remove the last admin", caller: "admin", method: "DELETE", op: "/api/v1/users/{id}", path: fmt.Sprintf("/api/v1/users/%d", admin.ID), status: 409},
		{name: "remove an unknown user", caller: "admin", method: "DELETE", op: "/api/v1/users/{id}", path: "/api/v1/users/999999", status: 404},
		{name: "create user too large", caller: "admin", method: "POST", op: "/api/v1/users", path: "/api/v1/users", body: long, status: 413, server: tight},
		{name: "change user too large", caller: "admin", method: "PATCH", op: "/api/v1/users/{id}", path: fmt.Sprintf("/api/v1/users/%d", agent.ID), body: long, status: 413, server: tight},
		{name: "create token too large", caller: "admin", method: "POST", op: "/api/v1/tokens", path: "/api/v1/tokens",
			body: `{"name":"` + strings.Repeat("x", 80) + `","scope":"read"}`, status: 413, server: tight},
		{name: "cross-site write", caller: "admin", method: "POST", op: "/api/v1/tokens", path: "/api/v1/tokens",
			body: `{"name":"x","scope":"read"}`, header: crossSite, status: 403},
		{name: "rate limit first", caller: "read", method: "GET", op: "/api/v1/me", path: "/api/v1/me", status: 200, server: slow},
		{name: "rate limit second", caller: "read", method: "GET", op: "/api/v1/me", path: "/api/v1/me", status: 429, server: slow},
	}
	for i, tc := range cases {
		srv := tc.server
		if srv == nil {
			srv = s
		}
		if i == 1 { // the first case saw the server before it was ready
			s.SetReady(true)
		}
		var body io.Reader
		if tc.body != "" {
			body = strings.NewReader(tc.body)
		}
		req := httptest.NewRequest(tc.method, tc.path, body)
		if tc.body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		for k, v := range tc.header {
			req.Header.Set(k, v)
		}
		switch kind, cred, _ := strings.Cut(who[tc.caller], ":"); kind {
		case "cookie":
			req.AddCookie(&http.Cookie{Name: sessionCookie, Value: cred})
		case "bearer":
			req.Header.Set("Authorization", "Bearer "+cred)
		}
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, req)
		res := rec.Result()
		if res.StatusCode != tc.status {
			t.Errorf("%s: %s %s answered %d, want %d: %.300s", tc.name, tc.method, tc.path, res.StatusCode, tc.status, rec.Body.String())
			continue
		}
		op := ops[tc.method+" "+tc.op]
		if op == nil {
			t.Errorf("%s: no operation %s %s", tc.name, tc.method, tc.op)
			continue
		}
		at := fmt.Sprintf("%s (%s %s %d)", tc.name, tc.method, tc.op, tc.status)
		if tc.status < 300 && tc.body != "" {
			reqBody := c.resolve(op["requestBody"])
			schema, _ := reqBody["content"].(map[string]any)["application/json"].(map[string]any)
			var in any
			if err := json.Unmarshal([]byte(tc.body), &in); err != nil {
				t.Fatal(err)
			}
			c.conform(schema["schema"], in, at+" request")
		}
		doc := c.resolve(op["responses"].(map[string]any)[strconv.Itoa(tc.status)])
		if doc == nil {
			t.Errorf("%s: status %d is not documented", at, tc.status)
			continue
		}
		content, _ := doc["content"].(map[string]any)
		if rec.Body.Len() == 0 {
			if len(content) != 0 {
				t.Errorf("%s: empty body, the document promises %v", at, content)
			}
			continue
		}
		mt, _, err := mime.ParseMediaType(res.Header.Get("Content-Type"))
		if err != nil {
			t.Errorf("%s: Content-Type %q: %v", at, res.Header.Get("Content-Type"), err)
			continue
		}
		media, ok := content[mt].(map[string]any)
		if !ok {
			t.Errorf("%s: media type %s is not documented (%v)", at, mt, content)
			continue
		}
		if mt != "application/json" && mt != "application/problem+json" {
			continue
		}
		var out any
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			t.Errorf("%s: body is not JSON: %v", at, err)
			continue
		}
		c.conform(media["schema"], out, at)
		headers, _ := doc["headers"].(map[string]any)
		for name := range headers {
			if res.Header.Get(name) == "" {
				t.Errorf("%s: no %s header", at, name)
			}
		}
	}
}
