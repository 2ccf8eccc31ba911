package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// seed sends a small March 2026 through the API: two agents in two teams, a customer with an
// order, tickets and answers.
func seed(t *testing.T, ts *testServer) {
	t.Helper()
	w := ts.withToken("adminWrite")
	for path, body := range map[string]string{
		"/api/v1/customers": `{"customer_id":"C1","acquired_at":"2025-01-01 10:00","segment":"Zakelijk"}`,
		"/api/v1/orders":    `[{"order_id":"O1","customer_id":"C1","ordered_at":"2026-03-02 10:00","amount":100,"gross_margin":0.3},{"order_id":"O2","customer_id":"C1","ordered_at":"2026-03-09 10:00","amount":"50.5"}]`,
		"/api/v1/tickets": `[{"ticket_id":"T1","created_at":"2026-03-02 10:00","customer_id":"C1","agent":"Anna","team":"Support","channel":"email","first_reply_at":"2026-03-02 11:00","solved_at":"2026-03-03 10:00"},
			{"ticket_id":"T2","created_at":"2026-03-10 10:00","agent":"Bram","team":"Sales","channel":"chat","solved_at":"2026-03-10 10:30"},
			{"ticket_id":"T3","created_at":"2026-03-16 10:00","agent":"Anna","team":"Support","channel":"chat"}]`,
		"/api/v1/responses": `[{"response_id":"R1","survey":"csat","score":5,"submitted_at":"2026-03-04 10:00","ticket_id":"T1"},
			{"response_id":"R2","survey":"csat","score":2,"submitted_at":"2026-03-11 10:00","ticket_id":"T2"},
			{"response_id":"R3","survey":"nps","score":6,"submitted_at":"2026-03-12 10:00","customer_id":"C1"},
			{"response_id":"R4","survey":"nps","score":9,"submitted_at":"2026-03-20 10:00","customer_id":"C1","comment":"<img src=x onerror=alert(1)>"}]`,
	} {
		if res := w.postJSON(path, body); res.status != 200 {
			t.Fatalf("%s: %d %s", path, res.status, res.body)
		}
	}
}

func TestAgentSeesOwnFiguresAndTeamTotals(t *testing.T) {
	ts := startServer(t)
	seed(t, ts)
	anna := ts.login("anna@example.com")
	groups := func(by string) []string {
		res := anna.get("/api/v1/report?from=2026-03-01&to=2026-04-01&by=" + by)
		if res.status != 200 {
			t.Fatalf("by %s: %d %s", by, res.status, res.body)
		}
		var doc struct{ Groups []struct{ Key string } }
		res.json(t, &doc)
		var keys []string
		for _, g := range doc.Groups {
			keys = append(keys, g.Key)
		}
		return keys
	}
	if got := groups("agent"); fmt.Sprint(got) != "[Anna]" {
		t.Errorf("by agent: %v, want only Anna", got)
	}
	if got := groups("team"); fmt.Sprint(got) != "[Support]" {
		t.Errorf("by team: %v, want only Support", got)
	}
	for _, q := range []string{"", "&by=channel", "&by=segment"} {
		if res := anna.get("/api/v1/report?from=2026-03-01&to=2026-04-01" + q); res.status != 403 {
			t.Errorf("agent report %q: %d, want 403", q, res.status)
		}
	}
	// A manager sees everyone.
	res := ts.login("manager@example.com").get("/api/v1/report?from=2026-03-01&to=2026-04-01&by=agent")
	if !strings.Contains(res.body, `"key": "Anna"`) || !strings.Contains(res.body, `"key": "Bram"`) {
		t.Errorf("manager by agent: %s", res.body[:200])
	}
}

func TestSeries(t *testing.T) {
	ts := startServer(t)
	seed(t, ts)
	c := ts.withToken("adminRead")
	res := c.get("/api/v1/series?from=2026-03-01&to=2026-04-01&step=week")
	var s Series
	res.json(t, &s)
	// March 2026 starts on a Sunday: buckets 1 Mar, 2–8, 9–15, 16–22, 23–29, 30–31.
	if len(s.Points) != 6 || s.Points[0].To != "2026-03-02" || s.Points[5].From != "2026-03-30" || s.Step != "week" {
		t.Fatalf("points %+v", s.Points)
	}
	created := 0
	for _, p := range s.Points {
		created += p.Groups[0].Metrics.Tickets.Created
	}
	if created != 3 {
		t.Errorf("tickets over the weeks: %d, want 3", created)
	}
	if s.Points[1].Groups[0].Metrics.CSAT.N != 1 || s.Points[2].Groups[0].Metrics.CSAT.N != 1 {
		t.Errorf("csat per week: %+v %+v", s.Points[1].Groups[0].Metrics.CSAT, s.Points[2].Groups[0].Metrics.CSAT)
	}
	for q, want := range map[string]int{"&step=month": 200, "&step=year": 422, "&step=day": 200} {
		if res := c.get("/api/v1/series?from=2026-01-01&to=2026-04-01" + q); res.status != want {
			t.Errorf("%s: %d, want %d", q, res.status, want)
		}
	}
	if res := c.get("/api/v1/series?from=2020-01-01&to=2026-04-01&step=day"); res.status != 422 {
		t.Errorf("over 400 days: %d, want 422", res.status)
	}
}

func TestCustomerHistory(t *testing.T) {
	ts := startServer(t)
	seed(t, ts)
	res := ts.withToken("adminRead").get("/api/v1/customers/C1")
	var h struct {
		Customer struct{ Segment string }
		CLV      struct {
			Orders     int
			Revenue    float64
			Historical float64
		} `json:"clv"`
		NPS struct {
			Score int
			Class string
		}
		Orders    []any
		Tickets   []any
		Responses []struct {
			ResponseID string `json:"response_id"`
			Class      string
		}
	}
	res.json(t, &h)
	// Historical: 100·0.3 + 50.5·1.0 (no margin: the default 1.0).
	if h.Customer.Segment != "Zakelijk" || h.CLV.Orders != 2 || h.CLV.Revenue != 150.5 || h.CLV.Historical != 80.5 {
		t.Errorf("customer %+v clv %+v", h.Customer, h.CLV)
	}
	if h.NPS.Score != 9 || h.NPS.Class != "promoter" || len(h.Orders) != 2 || len(h.Tickets) != 1 || len(h.Responses) != 3 {
		t.Errorf("nps %+v, %d orders, %d tickets, %d answers", h.NPS, len(h.Orders), len(h.Tickets), len(h.Responses))
	}
	if res := ts.withToken("adminRead").get("/api/v1/customers/nobody"); res.status != 404 {
		t.Errorf("unknown customer: %d", res.status)
	}
	if res := ts.login("anna@example.com").get("/api/v1/customers/C1"); res.status != 403 {
		t.Errorf("an agent reads a customer: %d", res.status)
	}
}

func TestBootstrap(t *testing.T) {
	ctx := context.Background()
	t.Run("from the environment", func(t *testing.T) {
		ts := &testServer{t: t, dbPath: t.TempDir() + "/k.db", logs: &syncBuffer{}}
		ts.open()
		log := slog.New(slog.NewJSONHandler(ts.logs, nil))
		if err := ts.app.Bootstrap(ctx, log, "boss@example.com", testPassword, nil, ts.url, time.Now()); err != nil {
			t.Fatal(err)
		}
		if u, err := ts.app.UserByEmail(ctx, "boss@example.com"); err != nil || u.Role != cx.RoleAdmin {
			t.Errorf("admin: %+v %v", u, err)
		}
		// With users, nothing happens (and nothing is asked).
		asked := false
		ts.app.Bootstrap(ctx, log, "", "", func() (string, string, error) { asked = true; return "", "", nil }, ts.url, time.Now())
		if asked {
			t.Error("asked for an admin while there is one")
		}
	})
	t.Run("asked on a terminal", func(t *testing.T) {
		ts := &testServer{t: t, dbPath: t.TempDir() + "/k.db", logs: &syncBuffer{}}
		ts.open()
		err := ts.app.Bootstrap(ctx, slog.Default(), "", "", func() (string, string, error) {
			return "asked@example.com", testPassword, nil
		}, ts.url, time.Now())
		if _, uerr := ts.app.UserByEmail(ctx, "asked@example.com"); err != nil || uerr != nil {
			t.Errorf("prompted admin: %v %v", err, uerr)
		}
	})
	t.Run("a one-time setup link in the log", func(t *testing.T) {
		ts := &testServer{t: t, dbPath: t.TempDir() + "/k.db", logs: &syncBuffer{}}
		ts.open()
		log := slog.New(slog.NewJSONHandler(ts.logs, nil))
		if err := ts.app.Bootstrap(ctx, log, "", "", nil, ts.url, time.Now()); err != nil {
			t.Fatal(err)
		}
		link := regexp1(`/setup\?token=([A-Za-z0-9_-]+)`, ts.logs.String())
		if link == "" {
			t.Fatalf("no setup link in the log: %s", ts.logs.String())
		}
		c := ts.anonymous()
		if res := c.get("/setup?token=" + link); res.status != 200 || !strings.Contains(res.body, link) {
			t.Errorf("setup page: %d", res.status)
		}
		bad := c.form("POST", "/setup", url.Values{"token": {link}, "email": {"not an address"}, "password": {testPassword}})
		if bad.status != 422 {
			t.Errorf("a bad form: %d, want 422 (and the link not spent)", bad.status)
		}
		weak := c.form("POST", "/setup", url.Values{"token": {link}, "email": {"first@example.com"}, "password": {"aaaaaaaaaa"}})
		if weak.status != 422 || !strings.Contains(weak.body, "herhaalde of opeenvolgende tekens") {
			t.Errorf("a weak password: %d, want 422 and why in Dutch (and the link not spent)", weak.status)
		}
		res := c.form("POST", "/setup", url.Values{"token": {link}, "email": {"first@example.com"}, "password": {testPassword}})
		if res.status != 303 {
			t.Fatalf("setup: %d %s", res.status, res.body)
		}
		if res := c.get("/api/v1/me"); !strings.Contains(res.body, `"role":"admin"`) {
			t.Errorf("logged in after setup: %s", res.body)
		}
		again := ts.anonymous().form("POST", "/setup", url.Values{"token": {link}, "email": {"second@example.com"}, "password": {testPassword}})
		if again.status != 403 {
			t.Errorf("the link used twice: %d, want 403", again.status)
		}
	})
}

func regexp1(pattern, s string) string {
	m := regexpMust(pattern).FindStringSubmatch(s)
	if len(m) < 2 {
		return ""
	}
	return m[1]
}
