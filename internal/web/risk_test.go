package web

import (
	"context"
	"encoding/csv"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/demo"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/model/churn"
)

// TestRiskPage: on a demo year the Risico page ranks the active customers by revenue at risk
// with their reasons in the page's language, shows the backtest, filters, exports CSV, and
// assigns a follow-up in one click (audited, back on the list).
func TestRiskPage(t *testing.T) {
	if testing.Short() {
		t.Skip("a demo year")
	}
	ts := demoServer(t)
	admin := ts.login("admin@example.com")
	res := admin.get("/risico?lang=nl")
	if res.status != 200 {
		t.Fatalf("/risico: %d %s", res.status, res.body)
	}
	page := res.body
	for _, want := range []string{"Het model", "AUC", "Kalibratie per tiende", "Stille vertrekkers", "einddatum klant"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page does not show %q", want)
		}
	}
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	// demoServer's clock: the page's fit of the day is read back from the engine's cache.
	cr, err := ts.app.ChurnRisk(context.Background(), time.Date(2026, 12, 2, 12, 0, 0, 0, ams), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("small demo: AUC %.3f, %d of %d churned", cr.Backtest.AUC, cr.Backtest.Churned, cr.Backtest.Scored)
	if !cr.Backtest.Usable() {
		if !strings.Contains(page, "geen lijst getoond") || strings.Contains(page, `<table class="risk">`) {
			t.Error("a weak model: the page does not say so, or shows a ranking")
		}
		return
	}
	rows := regexp.MustCompile(`(?s)<tbody><tr><th scope="row"><a href="/customers/([^"?]+)[^"]*">`).FindStringSubmatch(page)
	if rows == nil {
		t.Fatalf("no ranking on the page:\n%s", page)
	}
	if i := strings.Index(page, `<table class="risk">`); i >= 0 && testing.Verbose() {
		t.Log(page[i:min(len(page), i+2500)])
	}
	if top := cr.Rows[0].Customer; rows[1] != top {
		t.Errorf("first row %s, want the customer with the most revenue at risk %s", rows[1], top)
	}
	if !regexp.MustCompile(`klachten? in 90 dagen|NPS \d+ op \d+ [a-z]{3} 20\d\d|bestelling`).MatchString(page) {
		t.Error("no reason written in Dutch with its figures")
	}

	// CSV: every active customer passing the filter, a header and safe cells.
	seg := cr.Rows[0].Segment
	csvRes := admin.get("/risico?lang=en&format=csv&segment=" + url.QueryEscape(seg))
	if csvRes.status != 200 || !strings.HasPrefix(csvRes.header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %d %s", csvRes.status, csvRes.header.Get("Content-Type"))
	}
	recs, err := csv.NewReader(strings.NewReader(csvRes.body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, r := range cr.Rows {
		if r.Segment == seg {
			want++
		}
	}
	if len(recs) != want+1 || recs[0][0] != "\ufeffCustomer id" { // the byte order mark first, for Excel
		t.Errorf("csv: %d rows, want %d and a header; first %v", len(recs)-1, want, recs[0])
	}
	for _, r := range recs[1:] {
		if r[1] != seg {
			t.Fatalf("csv row of segment %q in a %q export", r[1], seg)
		}
	}

	// One-click assign: the form posts the customer's critical answer to Opvolging.
	var answer string
	for _, r := range cr.Rows {
		if r.CSATAnswer != "" || r.NPSAnswer != "" && r.NPS <= 6 {
			answer, _ = followUpAnswer(r, metric.CSATScale{Min: 1, Max: 5, PositiveMin: 4})
			if answer != "" {
				break
			}
		}
	}
	if answer == "" {
		t.Fatal("no active customer with a critical answer in the demo")
	}
	users, _ := ts.app.Users(context.Background())
	owner := strconv.FormatInt(users[0].ID, 10)
	res = admin.form("POST", "/followups/assign", url.Values{"id": {answer}, "owner": {owner}, "back": {"/risico?segment=x"}})
	if res.status != 303 || res.header.Get("Location") != "/risico?segment=x" {
		t.Fatalf("assign from Risico: %d %s", res.status, res.header.Get("Location"))
	}
	log, err := ts.app.AuditLog(context.Background(), app.AuditQuery{Action: cx.AuditFollowUpAssign})
	if err != nil || len(log) != 1 || log[0].Subject != "response "+answer {
		t.Errorf("audit: %+v %v", log, err)
	}
	mine := admin.get("/risico?owner=" + owner).body
	if n := strings.Count(mine, `<th scope="row"><a href="/customers/`); n == 0 {
		t.Error("the owner filter does not find the customer just assigned")
	}
	// The owner's name opens the answer on Opvolging, where it is listed and focused.
	link := regexp.MustCompile(`<a href="(/followups\?[^"]+)">admin@example.com</a>`).FindStringSubmatch(mine)
	if link == nil {
		t.Fatal("no link from the owner to Opvolging")
	}
	href := strings.ReplaceAll(link[1], "&amp;", "&")
	if fu := admin.get(href).body; !strings.Contains(fu, `id="r-`+answer+`"`) || !strings.Contains(fu, "focused") {
		t.Errorf("Opvolging at %s does not show the assigned answer %s", href, answer)
	}
}

// TestRiskPageRefusals: bad filters are a clear 422 in the page's language, not a 500; an agent
// (no report permission) does not see the page.
func TestRiskPageRefusals(t *testing.T) {
	ts := startServer(t)
	admin := ts.login("admin@example.com")
	for _, q := range []string{"owner=everyone", "page=0", "page=x"} {
		if res := admin.get("/risico?" + q); res.status != 422 {
			t.Errorf("/risico?%s: %d", q, res.status)
		}
	}
	if res := admin.get("/risico?lang=en"); res.status != 200 || !strings.Contains(res.body, "No churn model yet") {
		t.Errorf("an empty install: %d, want the page saying there is no model", res.status)
	}
	if res := ts.login("anna@example.com").get("/risico"); res.status != 403 {
		t.Errorf("agent: %d, want 403", res.status)
	}
}

// TestRiskPageWeakModel: a shop too small for the bar (fewer than 50 customers leaving in the
// backtest) gets the backtest and the reason, and no ranking.
func TestRiskPageWeakModel(t *testing.T) {
	if testing.Short() {
		t.Skip("a demo year")
	}
	ts := demoServerOf(t, demo.Size{Customers: 400, Orders: 600, Tickets: 500, Responses: 300, Mentions: 20, Reviews: 30, Events: 200})
	admin := ts.login("admin@example.com")
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	cr, err := ts.app.ChurnRisk(context.Background(), time.Date(2026, 12, 2, 12, 0, 0, 0, ams), nil)
	if err != nil || cr.Backtest.Churned >= churn.MinChurned {
		t.Fatalf("a small demo: %+v %v, want a model on fewer than %d leaving", cr, err, churn.MinChurned)
	}
	en := admin.get("/risico?lang=en").body
	want := "customers who left in the test (at least 50). So no list is shown."
	if !strings.Contains(en, want) || strings.Contains(en, `<table class="risk">`) || !strings.Contains(en, "Calibration per tenth") {
		t.Errorf("a weak model: want the reason, the backtest and no ranking:\n%s", en)
	}
	if res := admin.get("/risico?format=csv"); strings.HasPrefix(res.header.Get("Content-Type"), "text/csv") {
		t.Error("a weak model exports a ranking")
	}
}

// FuzzRiskFilter: any query is a filter or a clear refusal, never a panic, and a page is ≥ 1.
func FuzzRiskFilter(f *testing.F) {
	for _, q := range []string{"", "segment=Zakelijk&team=Support&owner=3&page=2", "owner=unassigned", "page=-1", "page=99999999999999999999", "owner=%00"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		got, err := riskFilterOf(q)
		if err == nil && got.Page < 1 {
			t.Errorf("%q: page %d", raw, got.Page)
		}
		if err != nil && cx.ErrorCode(err) != cx.EINVALID {
			t.Errorf("%q: %v is not a refusal of the input", raw, err)
		}
	})
}
