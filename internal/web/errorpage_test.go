package web

import (
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestErrorsAnswerAsTheRouteDoes: an error on a page or a form is a page a person can read, in
// the dashboard's layout for someone logged in, in their language; on the API it stays an RFC
// 9457 problem. Before, every one of these pages answered application/problem+json (and a
// threshold that is no number was read as 0).
func TestErrorsAnswerAsTheRouteDoes(t *testing.T) {
	ts := startServer(t)
	admin, agent, anonymous := ts.login("admin@example.com"), ts.login("anna@example.com"), ts.anonymous()
	read, agentToken := ts.withToken("adminRead"), ts.withToken("managerWrite")
	alertForm := url.Values{"name": {"Lage CSAT"}, "condition": {"csat_low"}, "threshold": {"twee"}, "email": {"team@example.nl"}}
	for _, tt := range []struct {
		name         string
		c            *client
		method, path string
		form         url.Values
		status       int
		page         string // "dash", "plain" or "" for a problem document
		want         []string
	}{
		{"a bad query parameter on a page", admin, "GET", "/audit?limit=abc", nil, 422, "dash",
			[]string{"Dat kon niet", `limit: "abc" kan niet; kies 1–500.`}},
		{"in English", admin, "GET", "/audit?limit=abc&lang=en", nil, 422, "dash",
			[]string{"That did not work", `limit: "abc" is not allowed; choose 1–500.`}},
		{"a page number that is none", admin, "GET", "/feedback?page=-1", nil, 422, "dash",
			[]string{`page: "-1" kan niet; kies 1–1000000.`}},
		{"a customer nobody knows", admin, "GET", "/customers/nobody", nil, 404, "dash", []string{"Niet gevonden", "nobody"}},
		{"a survey to edit that is not there", admin, "GET", "/surveys?edit=999", nil, 404, "dash", []string{"Niet gevonden"}},
		{"a form with a number that is none", admin, "POST", "/alerts", alertForm, 422, "dash",
			[]string{`Drempel (CSAT-score of lager): "twee" is geen getal`}},
		{"a form with a number that is not whole", admin, "POST", "/alerts?lang=en", withValue(alertForm, "threshold", "2.5"), 422, "dash",
			[]string{`Threshold (CSAT score or lower): "2.5" is not a whole number`}},
		{"a page the role may not see", agent, "GET", "/surveys", nil, 403, "dash", []string{"Geen toegang", "Dit is niet voor uw rol (medewerker)."}},
		{"a form without a login", anonymous, "POST", "/targets", url.Values{}, 401, "plain",
			[]string{"Log eerst in", `href="/login"`}},
		{"the API: a bad query parameter", read, "GET", "/api/v1/audit?limit=abc", nil, 422, "",
			[]string{`limit: "abc" is not one of 1–500`}},
		{"the API: a role that may not", agentToken, "GET", "/api/v1/audit", nil, 403, "", []string{"may not do this"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var res response
			if tt.form != nil {
				res = tt.c.form(tt.method, tt.path, tt.form)
			} else {
				res = tt.c.do(tt.method, tt.path, "", nil)
			}
			checkError(t, res, tt.status, tt.page, tt.want...)
		})
	}
	if n := len(mustAlertRules(t, ts)); n != 0 {
		t.Errorf("%d alert rules stored from a refused form", n)
	}
}

// withValue is a copy of a form with one value changed.
func withValue(form url.Values, key, value string) url.Values {
	out := url.Values{}
	for k, v := range form {
		out[k] = v
	}
	out.Set(key, value)
	return out
}

// checkError checks an error's status, its media type and what it says: a page (in the
// dashboard's layout with its menu, or the plain one) or an RFC 9457 problem whose detail
// says want.
func checkError(t *testing.T, res response, status int, page string, want ...string) {
	t.Helper()
	ct := res.header.Get("Content-Type")
	body := html.UnescapeString(res.body)
	if page == "" {
		var p Problem
		res.json(t, &p)
		if res.status != status || ct != "application/problem+json" || p.Status != status {
			t.Fatalf("%d %q %s, want a %d problem", res.status, ct, res.body, status)
		}
		body = p.Detail
	} else if res.status != status || ct != "text/html; charset=utf-8" || !strings.Contains(body, `role="alert"`) {
		t.Fatalf("%d %q %s, want a %d page", res.status, ct, res.body, status)
	}
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("%q not in %s", w, res.body)
		}
	}
	if menu := strings.Contains(res.body, `class="pages"`); page != "" && menu != (page == "dash") {
		t.Errorf("the dashboard's menu shown %v on a %s page", menu, page)
	}
}

func mustAlertRules(t *testing.T, ts *testServer) []cx.AlertRule {
	t.Helper()
	rules, err := ts.app.ListAlertRules(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return rules
}

// TestSurveyPageErrorIsTheCustomersPage: a customer who sends something wrong from the survey
// page sees it on a page in the survey's own style, not a JSON document, and in the
// invitation's language (Dutch), not the English of the API.
func TestSurveyPageErrorIsTheCustomersPage(t *testing.T) {
	ls := startLoopServer(t)
	sv := ls.survey(t, cx.SurveyCSAT)
	res := ls.withToken("adminWrite").postJSON("/api/v1/invitations", fmt.Sprintf(`{"survey_id":%d,"channel":"web"}`, sv.ID))
	var out struct{ Invitations []struct{ URL string } }
	res.json(t, &out)
	if len(out.Invitations) != 1 || out.Invitations[0].URL == "" {
		t.Fatalf("invitation: %d %s", res.status, res.body)
	}
	page := strings.TrimPrefix(out.Invitations[0].URL, ls.url)
	res = ls.anonymous().form("POST", page, url.Values{"score": {"9"}})
	checkError(t, res, 422, "plain", "Kies een heel getal van 1 tot 5.", `href="/static/survey.css"`)
}

// TestStoreDownIsAnErrorNotALogin: when the database does not answer, a page says something
// went wrong (the cause only in the log) and the API answers a 500 problem. Before, the
// session could not be looked up, so the page sent its visitor to log in again and the API
// answered 401, and the log said nothing.
func TestStoreDownIsAnErrorNotALogin(t *testing.T) {
	ts := startServer(t)
	admin, read := ts.login("admin@example.com"), ts.withToken("adminRead")
	if err := ts.app.Close(); err != nil {
		t.Fatal(err)
	}
	res := admin.get("/")
	checkError(t, res, 500, "plain", "Er ging iets mis", "logboek")
	if strings.Contains(res.body, "closed") {
		t.Errorf("the cause is shown to the visitor: %s", res.body)
	}
	checkError(t, read.get("/api/v1/me"), 500, "", "it has been logged")
	if logs := ts.logs.String(); !strings.Contains(logs, "request failed") || !strings.Contains(logs, "database is closed") {
		t.Errorf("the log does not have the cause:\n%s", logs)
	}
}

// TestPartPageSaysSo: when one part of a dashboard page cannot be read (the targets beside the
// tiles, say), the page still shows the rest, says that a part is missing, and the log has the
// cause. Before, such errors were dropped (`settings, _ :=`) and the page looked complete.
func TestPartPageSaysSo(t *testing.T) {
	ts := startServer(t)
	u, err := ts.app.UserByEmail(t.Context(), "admin@example.com")
	if err != nil {
		t.Fatal(err)
	}
	for _, failed := range []bool{false, true} {
		h := withPartial(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			d := ts.srv.newDash(r, "nav_overview", "/")
			if failed {
				ts.srv.partial(r.Context(), "targets", errors.New("the settings could not be read"))
			}
			ts.srv.renderDash(w, r, "overview", d)
		}))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, withPrincipal(httptest.NewRequest("GET", "/", nil), &principal{user: u}))
		said := strings.Contains(rec.Body.String(), "Een deel van deze pagina kon niet worden geladen")
		if rec.Code != 200 || said != failed {
			t.Errorf("part failed %v: %d, the page says so %v", failed, rec.Code, said)
		}
	}
	if logs := ts.logs.String(); !strings.Contains(logs, "the settings could not be read") || !strings.Contains(logs, `"part":"targets"`) {
		t.Errorf("the log does not have the cause:\n%s", logs)
	}
}

// TestNotFoundPagesInPageLanguage: a page of something not there (an upload that expired, a
// customer no record names, an import that does not exist) says so in the page's language,
// naming it, never in the store's words ("store: import 99 not found").
func TestNotFoundPagesInPageLanguage(t *testing.T) {
	ts := dashServer(t)
	admin := dutchAdmin(ts)
	for _, path := range []string{"/import/0123456789abcdef", "/customers/C404", "/imports/99"} {
		t.Run(path, func(t *testing.T) {
			res := admin.do("GET", path, "", nil, "Accept-Language", "nl")
			if res.status != 404 {
				t.Fatalf("status %d", res.status)
			}
			assertDutchError(t, path, res)
			if strings.Contains(pageError(res.body), "store:") {
				t.Errorf("the page shows the store's internal prefix: %q", pageError(res.body))
			}
		})
	}
}
