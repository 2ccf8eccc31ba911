package web

import (
	"context"
	"html"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestFollowUpOfNothingIsRefused: before the fix a follow-up was stored for an answer and an
// owner that do not exist, and answered 303 as if all was well.
func TestFollowUpOfNothingIsRefused(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	ts.withToken("adminWrite").postJSON("/api/v1/responses", `{"response_id":"R1","survey":"nps","score":2,"submitted_at":"2026-03-09 10:00","customer_id":"C1","comment":"Nooit meer"}`)
	users, err := ts.app.Users(ctx)
	if err != nil || len(users) == 0 {
		t.Fatal(users, err)
	}
	admin := ts.login("admin@example.com")
	for _, tt := range []struct {
		name, id, owner, done string
		status                int
		detail                string
	}{
		{"an answer that does not exist", "NOPE", "", "", 404, `Antwoord "NOPE" bestaat niet.`},
		{"an answer that does not exist, with an owner", "R999", "1", "", 404, `Antwoord "R999" bestaat niet.`},
		{"an answer that does not exist, done", "R998", "1", "1", 404, `Antwoord "R998" bestaat niet.`},
		{"an owner who is not a user", "R1", "999", "", 422, `Eigenaar: 999 is geen gebruiker; kies er een uit de lijst.`},
		{"an owner who is not a user, done", "R1", "999", "1", 422, `Eigenaar: 999 is geen gebruiker; kies er een uit de lijst.`},
		{"an owner that is no number", "R1", "Anna", "1", 422, `Eigenaar: "Anna" is geen gebruiker; kies er een uit de lijst.`},
		{"a negative owner", "R1", "-1", "1", 422, `Eigenaar: -1 is geen gebruiker; kies er een uit de lijst.`},
		{"an owner who is not a user, in English", "R1?lang=en", "999", "", 422, `Owner: 999 is not a user; choose one from the list.`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := admin.form("POST", "/followups/"+tt.id, url.Values{"owner": {tt.owner}, "reply": {"Gebeld"}, "done": {tt.done}})
			// The form's error page says what is wrong (errorpage.go), escaped for HTML.
			if res.status != tt.status || !strings.Contains(html.UnescapeString(res.body), tt.detail) {
				t.Errorf("%d %s, want %d with %q", res.status, res.body, tt.status, tt.detail)
			}
			id, _, _ := strings.Cut(tt.id, "?")
			if got, err := ts.app.FollowUps(ctx, []string{id}); err != nil || len(got) != 0 {
				t.Errorf("stored anyway: %v %v", got, err)
			}
		})
	}
	// Assigned in bulk, or from Risico, to nobody who is a user.
	res := admin.form("POST", "/followups", url.Values{"owner": {"999"}, "id": {"R1"}})
	if want := `Eigenaar: 999 is geen gebruiker; kies er een uit de lijst.`; res.status != 422 || !strings.Contains(html.UnescapeString(res.body), want) {
		t.Errorf("bulk assignment to no user: %d %s, want 422 with %q", res.status, res.body, want)
	}
	if n := ts.withToken("adminRead").reportFigure("feedback_response.replied"); n != 0 {
		t.Errorf("a refused follow-up marked the answer replied (%v)", n)
	}
	// An existing answer and user: stored.
	owner := users[len(users)-1].ID
	res = admin.form("POST", "/followups/R1", url.Values{"owner": {strconv.FormatInt(owner, 10)}, "reply": {"Gebeld"}})
	if res.status != 303 {
		t.Fatalf("a good follow-up: %d %s", res.status, res.body)
	}
	if got, _ := ts.app.FollowUps(ctx, []string{"R1"}); got["R1"].OwnerID != owner || got["R1"].Reply != "Gebeld" {
		t.Errorf("stored: %+v", got)
	}
}

// TestFollowUpFormsOfIDsWithSlashOrQuestionMark: an answer's id and a customer's are whatever
// the source gave ("2026/17", "R?1", "K/1"). The form of each answer posts to that answer, the
// customer link opens that customer, and both only for who may: before the fix the action was
// /followups/R?1, so saving R?1's reply stored it on answer R; 2026/17's went to no page at all;
// and the agent, who may not open a customer's page, was offered a link to it.
func TestFollowUpFormsOfIDsWithSlashOrQuestionMark(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	w := ts.withToken("adminWrite")
	for _, body := range []string{
		`{"response_id":"2026/17","survey":"nps","score":2,"submitted_at":"2026-03-02 10:00","customer_id":"K/1","agent":"Anna","comment":"Kapot"}`,
		`{"response_id":"R?1","survey":"nps","score":3,"submitted_at":"2026-03-03 10:00","comment":"Slecht"}`,
		`{"response_id":"R","survey":"nps","score":3,"submitted_at":"2026-03-04 10:00","comment":"Ook slecht"}`,
	} {
		if res := w.postJSON("/api/v1/responses", body); res.status != 200 {
			t.Fatalf("answer: %d %s", res.status, res.body)
		}
	}
	admin := ts.login("admin@example.com")
	page := html.UnescapeString(admin.get("/followups?period=custom&from=2026-03-01&to=2026-04-01").body)
	for id, action := range map[string]string{"2026/17": "/followups/2026%2F17", "R?1": "/followups/R%3F1", "R": "/followups/R"} {
		if !strings.Contains(page, `action="`+action+`"`) {
			t.Errorf("answer %s: no form posting to %s", id, action)
			continue
		}
		if res := admin.form("POST", action, url.Values{"reply": {"Gebeld over " + id}}); res.status != 303 {
			t.Fatalf("saving %s: %d %s", id, res.status, res.body)
		}
	}
	got, err := ts.app.FollowUps(ctx, []string{"2026/17", "R?1", "R"})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"2026/17", "R?1", "R"} {
		if got[id].Reply != "Gebeld over "+id {
			t.Errorf("answer %s: reply %q, want %q", id, got[id].Reply, "Gebeld over "+id)
		}
	}
	if !strings.Contains(page, `href="/customers/K%2F1?`) {
		t.Error("no link to customer K/1's page")
	}
	agent := html.UnescapeString(ts.login("anna@example.com").get("/followups?period=custom&from=2026-03-01&to=2026-04-01").body)
	if !strings.Contains(agent, "K/1") || strings.Contains(agent, `href="/customers/`) {
		t.Error("the agent is not shown customer K/1 as text, or is offered a link to a page they may not open")
	}
}

// TestListFilterRefusedInThePagesLanguage: a filter Opvolging, Feedback, Risico or the audit log
// cannot read (a score typed in the box, a page number or limit edited in the address) is
// refused in the page's language, naming the parameter and what it may be, on the page and in
// its download. Before the fix a Dutch page said it in English ("score: "11" is not a score from
// 0 to 10"; Risico's and the audit log's until the second fix: "owner: "Anna" is not unassigned
// or a user id", "limit: "0" is not a number from 1 to 500"). The API keeps English
// (TestErrorsAnswerAsTheRouteDoes).
func TestListFilterRefusedInThePagesLanguage(t *testing.T) {
	ts := startServer(t)
	admin := ts.login("admin@example.com")
	for _, tt := range []struct{ path, want string }{
		{"/followups?period=month&score=11", `score: "11" kan niet; kies 0–10.`},
		{"/followups?period=month&score=11&lang=en", `score: "11" is not allowed; choose 0–10.`},
		{"/followups?period=month&owner=Anna", `owner: "Anna" kan niet; kies unassigned, me, 1, 2, ….`},
		{"/followups?period=month&kind=mention", `kind: "mention" kan niet; kies nps, csat, ces.`},
		{"/followups?period=month&age=2d", `age: "2d" kan niet; kies 1d, 1-3d, 3-7d, 7d+.`},
		{"/followups?period=month&sort=score", `sort: "score" kan niet; kies oldest, newest.`},
		{"/followups?period=month&page=0", `page: "0" kan niet; kies 1–1000000.`},
		{"/feedback?period=month&page=x", `page: "x" kan niet; kies 1–1000000.`},
		{"/feedback?period=month&page=x&lang=en", `page: "x" is not allowed; choose 1–1000000.`},
		{"/export.xlsx?page=followups&period=month&score=x", `score: "x" kan niet; kies 0–10.`},
		{"/risico?owner=Anna", `owner: "Anna" kan niet; kies unassigned, 1, 2, ….`},
		{"/risico?owner=Anna&lang=en", `owner: "Anna" is not allowed; choose unassigned, 1, 2, ….`},
		{"/risico?page=0", `page: "0" kan niet; kies 1–1000000.`},
		{"/export.xlsx?page=risico&owner=-3", `owner: "-3" kan niet; kies unassigned, 1, 2, ….`},
		{"/audit?limit=0", `limit: "0" kan niet; kies 1–500.`},
		{"/audit?limit=0&lang=en", `limit: "0" is not allowed; choose 1–500.`},
		{"/audit?before=x", `before: "x" kan niet; kies 1, 2, ….`},
		{"/audit?action=login", `action: "login" kan niet; kies sign_in, `},
	} {
		t.Run(tt.path, func(t *testing.T) {
			res := admin.get(tt.path)
			if res.status != 422 || !strings.Contains(html.UnescapeString(res.body), tt.want) {
				t.Errorf("%d, want 422 saying %q:\n%s", res.status, tt.want, res.body)
			}
		})
	}
}

// TestFollowUpOfAnAnswerNamedAssign: an answer's id is whatever its source gave, "assign"
// too. Before the fix its form posted to /followups/assign, the bulk assignment's address,
// which took it for a bulk form with nothing ticked: its reply and owner could not be saved.
// The bulk form posts to the list itself now; a bulk form of a page opened before still
// assigns at the old address, and never saves on answer "assign".
func TestFollowUpOfAnAnswerNamedAssign(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	w := ts.withToken("adminWrite")
	for _, id := range []string{"assign", "R1"} {
		body := `{"response_id":"` + id + `","survey":"nps","score":2,"submitted_at":"2026-03-09 10:00","comment":"Kapot"}`
		if res := w.postJSON("/api/v1/responses", body); res.status != 200 {
			t.Fatalf("answer %s: %d %s", id, res.status, res.body)
		}
	}
	admin := ts.login("admin@example.com")
	page := html.UnescapeString(admin.get("/followups?period=custom&from=2026-03-01&to=2026-04-01").body)
	for _, form := range []string{`<form method="post" action="/followups/assign" class="followup">`,
		`<form method="post" action="/followups" id="bulk" class="bulk">`} {
		if !strings.Contains(page, form) {
			t.Errorf("no %s on the page", form)
		}
	}
	res := admin.form("POST", "/followups/assign", url.Values{"owner": {"1"}, "reply": {"Gebeld"}, "done": {"1"}})
	if res.status != 303 {
		t.Fatalf("the follow-up of answer assign: %d %s", res.status, res.body)
	}
	got, err := ts.app.FollowUps(ctx, []string{"assign", "R1"})
	if f := got["assign"]; err != nil || f.OwnerID != 1 || f.Reply != "Gebeld" || f.Status != cx.FollowUpDone {
		t.Errorf("answer assign's follow-up: %+v %v", got, err)
	}
	// An old page's bulk form, ticked and not: it assigns R1, or asks for a tick; answer
	// assign keeps its reply.
	if res := admin.form("POST", "/followups/assign", url.Values{"owner": {"2"}, "id": {"R1"}}); res.status != 303 {
		t.Errorf("an old page's bulk assignment: %d %s", res.status, res.body)
	}
	if res := admin.form("POST", "/followups/assign", url.Values{"owner": {"2"}}); res.status != 422 ||
		!strings.Contains(html.UnescapeString(res.body), "Vink minstens één antwoord aan") {
		t.Errorf("an old page's bulk form with nothing ticked: %d %s", res.status, res.body)
	}
	got, err = ts.app.FollowUps(ctx, []string{"assign", "R1"})
	if err != nil || got["R1"].OwnerID != 2 || got["assign"].OwnerID != 1 || got["assign"].Reply != "Gebeld" {
		t.Errorf("after an old page's bulk forms: %+v %v", got, err)
	}
}
