package web

import (
	"context"
	"encoding/csv"
	"fmt"
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
	"github.com/klantpuls/klantpuls/internal/report"
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
	// Every active customer is on the list, so its heading promises no threshold ("customers at
	// risk") but says its order.
	heading := map[bool]string{true: "Actieve klanten, de meeste omzet in gevaar eerst",
		false: "Actieve klanten, de grootste kans op vertrek eerst"}[cr.Valued]
	if !strings.Contains(page, `<h2 id="h-risk">`+heading+`</h2>`) {
		t.Errorf("the list's heading is not %q", heading)
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
	res = admin.form("POST", "/followups", url.Values{"id": {answer}, "owner": {owner}, "back": {"/risico?segment=x"}})
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

// TestWeakModelCountsInWords: the weak model's message counts who left with the noun's
// singular for one ("1 vertrokken klant", not "1 vertrokken klanten").
func TestWeakModelCountsInWords(t *testing.T) {
	for _, c := range []struct {
		churned int
		nl, en  string
	}{
		{1, "en 1 vertrokken klant in de test (minimaal 50)", "and 1 customer who left in the test (at least 50)"},
		{12, "en 12 vertrokken klanten in de test (minimaal 50)", "and 12 customers who left in the test (at least 50)"},
	} {
		for lang, want := range map[string]string{"nl": c.nl, "en": c.en} {
			d := &dashPage{page: &page{Lang: lang, Currency: "EUR"}}
			if got := weakModel(d, report.Lang(lang), churn.Backtest{AUC: 0.55, Churned: c.churned}); !strings.Contains(got, want) {
				t.Errorf("%s, %d left: %q, want it to hold %q", lang, c.churned, got, want)
			}
		}
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
		got, bad := riskFilterOf(q)
		if bad == nil && got.Page < 1 {
			t.Errorf("%q: page %d", raw, got.Page)
		}
		if bad != nil && (bad.Param != "owner" && bad.Param != "page" || bad.Value != q.Get(bad.Param)) {
			t.Errorf("%q: %+v does not name the parameter refused", raw, bad)
		}
	})
}

// plantedChurnShop is a small shop whose churn is planted by hand (no code of ours computes it):
// 300 customers acquired 15 Jan 2025 ordering every 20 days until they leave.
//   - c000–c099: a complaint on 20 May 2026, churned_at 15 Jul 2026 (the training window);
//   - c100–c199: a complaint on 20 Aug 2026, churned_at 15 Oct 2026 (the test window);
//   - c200–c299: no complaint, never leave.
//
// The last record is an order of c200 on 1 Dec 2026 10:00, so the model is scored as of then,
// C = 2 Sep 2026 and the training instant 4 Jun 2026. 100 customers leave in the test: the
// bar of 50 is passed, and the complaint separates them (AUC ≈ 1).
func plantedChurnShop(ams *time.Location) []cx.Record {
	day := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, ams) }
	var recs []cx.Record
	acq := day(2025, 1, 15, 9)
	stopAll := day(2026, 12, 1, 0)
	for i := range 300 {
		id := fmt.Sprintf("c%03d", i)
		c := &cx.Customer{ID: id, AcquiredAt: acq, Segment: []string{"Particulier", "Zakelijk"}[i%2]}
		stop := stopAll
		switch {
		case i < 100:
			c.ChurnedAt = day(2026, 7, 15, 12)
			recs = append(recs, &cx.Ticket{ID: "k" + id, CustomerID: id, CreatedAt: day(2026, 5, 20, 10), SolvedAt: day(2026, 5, 21, 10), Complaint: true})
		case i < 200:
			c.ChurnedAt = day(2026, 10, 15, 12)
			recs = append(recs, &cx.Ticket{ID: "k" + id, CustomerID: id, CreatedAt: day(2026, 8, 20, 10), SolvedAt: day(2026, 8, 21, 10), Complaint: true})
		}
		if !c.ChurnedAt.IsZero() {
			stop = c.ChurnedAt
		}
		recs = append(recs, c)
		recs = append(recs, ordersEvery(id, day(2025, 2, 1+i%20, 11), stop, 20, float64(30+5*(i%7)))...)
	}
	return append(recs, &cx.Order{ID: "last", CustomerID: "c200", OrderedAt: day(2026, 12, 1, 10), Amount: 40})
}

// ordersEvery are the customer's orders of amount from first, every days days, until before
// until, with ids o<customer>-0, o<customer>-1, ….
func ordersEvery(customer string, first, until time.Time, days int, amount float64) []cx.Record {
	var out []cx.Record
	for k, at := 0, first; at.Before(until); k, at = k+1, at.AddDate(0, 0, days) {
		out = append(out, &cx.Order{ID: fmt.Sprintf("o%s-%d", customer, k), CustomerID: customer, OrderedAt: at, Amount: amount})
	}
	return out
}

func plantedChurnServer(t *testing.T, extra ...cx.Record) (*testServer, *time.Location) {
	t.Helper()
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 2, 12, 0, 0, 0, ams)
	ts := startServer(t, func(o *Options) { o.Now = func() time.Time { return now } })
	importRecords(t, ts, append(plantedChurnShop(ams), extra...))
	return ts, ams
}

func importRecords(t *testing.T, ts *testServer, recs []cx.Record) {
	t.Helper()
	if _, err := ts.app.Bulk(context.Background(), func(put func(cx.Record) error) error {
		for _, r := range recs {
			if err := put(r); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// TestRiskListForgetsAnErasedCustomer: a customer whose id is their e-mail address is
// erased (POST /api/v1/customers/{id}/erase, the GDPR's right to erasure) or their record
// deleted (DELETE /api/v1/customers/{id}). Afterwards Risico's list, its silent churners and
// its CSV no longer name the address, though the model of the day was fitted before.
func TestRiskListForgetsAnErasedCustomer(t *testing.T) {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	const jan = "jan@example.org"
	extra := []cx.Record{&cx.Customer{ID: jan, AcquiredAt: time.Date(2025, 1, 15, 9, 0, 0, 0, ams)}}
	for k := range 5 { // 10 days apart, the last on 10 Feb 2026, no contact ever: a silent churner
		extra = append(extra, &cx.Order{ID: fmt.Sprintf("jan-%d", k), CustomerID: jan,
			OrderedAt: time.Date(2026, 1, 1+10*k, 12, 0, 0, 0, ams), Amount: 25})
	}
	for _, c := range []struct {
		name   string
		remove func(ts *testServer) response
	}{
		{"erased", func(ts *testServer) response {
			return ts.withToken("adminWrite").postJSON("/api/v1/customers/"+url.PathEscape(jan)+"/erase", `{"purge":false}`)
		}},
		{"deleted", func(ts *testServer) response {
			return ts.withToken("adminWrite").do("DELETE", "/api/v1/customers/"+url.PathEscape(jan), "", nil)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ts, _ := plantedChurnServer(t, extra...)
			admin := ts.login("admin@example.com")
			before := admin.get("/risico?lang=nl")
			if before.status != 200 || !strings.Contains(before.body, jan) {
				t.Fatalf("set-up: /risico %d does not list %s before", before.status, jan)
			}
			if res := c.remove(ts); res.status != 200 && res.status != 204 {
				t.Fatalf("%s: %d %s", c.name, res.status, res.body)
			}
			page := admin.get("/risico?lang=nl")
			if page.status != 200 || strings.Contains(page.body, jan) || !strings.Contains(page.body, `<table class="risk">`) {
				t.Errorf("after it the Risico page (%d) names %s, or no longer lists the others", page.status, jan)
			}
			if csv := admin.get("/risico?format=csv").body; strings.Contains(csv, jan) {
				t.Errorf("after it the Risico CSV still names %s", jan)
			}
		})
	}
}

// TestRiskListLeavesOutWhoAlreadyLeft: "late" left on 2 Dec 2026 08:00 (churned_at), after the
// shop's last order (1 Dec 10:00) and before the page is opened (2 Dec 12:00). README: Risico
// "predicts per active customer the chance of leaving in the next 90 days"; a customer who has
// already left is no active customer and must not be listed as one about to leave.
func TestRiskListLeavesOutWhoAlreadyLeft(t *testing.T) {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	extra := []cx.Record{&cx.Customer{ID: "late", AcquiredAt: time.Date(2025, 1, 15, 9, 0, 0, 0, ams),
		ChurnedAt: time.Date(2026, 12, 2, 8, 0, 0, 0, ams)}}
	for k := range 18 { // the last on 26 Oct 2026
		extra = append(extra, &cx.Order{ID: fmt.Sprintf("late-%d", k), CustomerID: "late",
			OrderedAt: time.Date(2025, 11, 20, 12, 0, 0, 0, ams).AddDate(0, 0, 20*k), Amount: 50})
	}
	ts, _ := plantedChurnServer(t, extra...)
	admin := ts.login("admin@example.com")
	csv := admin.get("/risico?format=csv&lang=nl")
	if csv.status != 200 || !strings.HasPrefix(csv.header.Get("Content-Type"), "text/csv") {
		t.Fatalf("set-up: no ranking (%d %s):\n%.600s", csv.status, csv.header.Get("Content-Type"), csv.body)
	}
	if regexp.MustCompile(`(?m)^late,`).MatchString(csv.body) {
		t.Errorf("customer 'late', churned on 2 Dec 08:00, is listed at risk of leaving on 2 Dec 12:00")
	}
}
