package web

import (
	"fmt"
	"strings"
	"testing"
)

// TestCustomersPageMarksIndicativeFigures: metrics.md section 0 "The dashboard marks a value
// with n < 30 as indicative" and README "a value on fewer than 30 measurements ... is starred
// as indicative". Churn over a base of 6 (C1 and K0..K4) is starred on the overview's tile; the
// Klanten page showed the same 16,7% with n = 6 and no star.
func TestCustomersPageMarksIndicativeFigures(t *testing.T) {
	ts := dashServer(t)
	w := ts.withToken("adminWrite")
	var cs []string
	for i := range 5 {
		churned := ""
		if i == 0 {
			churned = `,"churned_at":"2026-03-10 10:00"`
		}
		cs = append(cs, fmt.Sprintf(`{"customer_id":"K%d","acquired_at":"2025-06-01 10:00"%s}`, i, churned))
	}
	if res := w.postJSON("/api/v1/customers", "["+strings.Join(cs, ",")+"]"); res.status != 200 {
		t.Fatalf("customers: %d %s", res.status, res.body)
	}
	manager := ts.login("manager@example.com")
	if got := tileText(manager.get("/?period=month&lang=nl").body, "churn"); !strings.Contains(got, "16,7% *") {
		t.Fatalf("precondition: the overview's churn tile stars 1 of 6: %q", got)
	}
	text := textOf(manager.get("/customers?period=month&lang=nl").body)
	i := strings.Index(text, "Verloop (churn)")
	if i < 0 {
		t.Fatalf("no churn figure on the Klanten page:\n%s", text)
	}
	fig := text[i:min(len(text), i+60)]
	t.Logf("Klanten page: %q", fig)
	if !strings.Contains(fig, "*") {
		t.Errorf("Klanten page shows churn on a base of 6 without the indicative star the overview's tile gives it: %q", fig)
	}
	if !strings.Contains(text, "* Indicatief: gebaseerd op minder dan 30 metingen.") {
		t.Error("the Klanten page stars figures without the note that says what the star means")
	}
	// A count is no estimate: the number of new customers is what it is.
	if i := strings.Index(text, "Nieuwe klanten"); i < 0 || strings.Contains(text[i:min(len(text), i+25)], "*") {
		t.Errorf("new customers starred or missing: %q", text[max(i, 0):min(len(text), max(i, 0)+25)])
	}
}

// TestCustomerPageIsTheirWholeHistory: a customer's page shows everything about them, not a
// period, so it names no period and an empty list says there is none — it said "Geen gegevens
// in deze periode" under the period "1 mrt 2026 – 31 mrt 2026", as if there were tickets or
// orders outside it. A customer row without a name is headed by its id, not by nothing.
func TestCustomerPageIsTheirWholeHistory(t *testing.T) {
	ts := dashServer(t)
	if res := ts.withToken("adminWrite").postJSON("/api/v1/customers", `{"customer_id":"K9","acquired_at":"2025-06-01 10:00"}`); res.status != 200 {
		t.Fatalf("customer: %d %s", res.status, res.body)
	}
	manager := ts.login("manager@example.com")
	for _, tt := range []struct{ lang, want string }{
		{"nl", "K9 Klantnummer K9 Segment – Klant sinds 1 jun 2025"},
		{"nl", "NPS Geen NPS-antwoord Laatste contact Geen contact Beoordelingen Geen beoordelingen. Tickets Geen tickets. Bestellingen Geen bestellingen."},
		{"en", "NPS No NPS answer Last contact No contact Ratings No ratings. Tickets No tickets. Orders No orders."},
	} {
		res := manager.get("/customers/K9?period=month&lang=" + tt.lang)
		text := textOf(res.body)
		if res.status != 200 || !strings.Contains(text, tt.want) {
			t.Errorf("%s: %d, want %q in\n%s", tt.lang, res.status, tt.want, text)
		}
		for _, period := range []string{"31 mrt 2026", "31 Mar 2026", "in deze periode", "in this period"} {
			if strings.Contains(text, period) {
				t.Errorf("%s: the page names a period (%q):\n%s", tt.lang, period, text)
			}
		}
	}
}

// TestErasedCustomerPageSaysSo: the page of an erased customer (by their pseudonym, which their
// records are kept under) says they were erased and what that removed, and shows none of it —
// it showed the records with an empty heading and an empty name, nothing saying why.
func TestErasedCustomerPageSaysSo(t *testing.T) {
	ts := dashServer(t)
	w := ts.withToken("adminWrite")
	for _, c := range []struct{ path, body string }{
		{"/api/v1/customers", `{"customer_id":"piet@example.nl","acquired_at":"2025-01-01 10:00","name":"Piet Jansen","email":"piet@example.nl"}`},
		{"/api/v1/orders", `{"order_id":"O9","customer_id":"piet@example.nl","ordered_at":"2026-03-02 10:00","amount":20}`},
		{"/api/v1/responses", `{"response_id":"R9","survey":"nps","score":2,"submitted_at":"2026-03-04 10:00","customer_id":"piet@example.nl","comment":"Pakket kwijt"}`},
	} {
		if res := w.postJSON(c.path, c.body); res.status != 200 {
			t.Fatalf("%s: %d %s", c.path, res.status, res.body)
		}
	}
	res := w.postJSON("/api/v1/customers/piet@example.nl/erase", `{"purge":false}`)
	var erased struct{ Pseudonym string }
	res.json(t, &erased)
	if res.status != 200 || erased.Pseudonym == "" {
		t.Fatalf("erase: %d %s", res.status, res.body)
	}
	manager := ts.login("manager@example.com")
	for lang, want := range map[string]string{
		"nl": erased.Pseudonym + " Deze klant is gewist (recht op vergetelheid, AVG):",
		"en": erased.Pseudonym + " This customer was erased (right to erasure, GDPR):",
	} {
		res := manager.get("/customers/" + erased.Pseudonym + "?lang=" + lang)
		text := textOf(res.body)
		if res.status != 200 || !strings.Contains(text, want) {
			t.Errorf("%s: %d, want %q in\n%s", lang, res.status, want, text)
		}
		download := manager.get("/export.xlsx?page=customer&id=" + erased.Pseudonym + "&lang=" + lang)
		sheet := xlsxText(t, []byte(download.body))
		if download.status != 200 || !strings.Contains(sheet, want[len(erased.Pseudonym)+1:]) {
			t.Errorf("%s: the download (%d) does not say the customer was erased:\n%s", lang, download.status, sheet)
		}
		for _, personal := range []string{"Piet", "piet@", "Pakket kwijt"} {
			if strings.Contains(res.body, personal) || strings.Contains(sheet, personal) {
				t.Errorf("%s: the erased customer's page or download shows %q", lang, personal)
			}
		}
	}
}

// TestSegmentRowStarsEachFigureOnItsOwnN: metrics.md section 0 marks a value on n < 30 as
// indicative, each figure on its own n. A segment of 30 customers, each with one NPS answer in
// March, has NPS on 30 answers and churn on a base of 30 (neither starred), but CSAT on 1
// rating: starred, as the page's download stars it (report.IndicativeFigure). The page starred
// the NPS only, so the CSAT of one rating read as firm as the NPS of thirty.
func TestSegmentRowStarsEachFigureOnItsOwnN(t *testing.T) {
	ts := dashServer(t)
	w := ts.withToken("adminWrite")
	var cs, rs []string
	for i := range 30 {
		cs = append(cs, fmt.Sprintf(`{"customer_id":"G%d","acquired_at":"2025-06-01 10:00","segment":"Groot"}`, i))
		rs = append(rs, fmt.Sprintf(`{"response_id":"GN%d","survey":"nps","score":9,"submitted_at":"2026-03-09 10:00","customer_id":"G%d"}`, i, i))
	}
	rs = append(rs, `{"response_id":"GC0","survey":"csat","score":5,"submitted_at":"2026-03-09 11:00","customer_id":"G0"}`)
	for path, body := range map[string]string{"/api/v1/customers": "[" + strings.Join(cs, ",") + "]", "/api/v1/responses": "[" + strings.Join(rs, ",") + "]"} {
		if res := w.postJSON(path, body); res.status != 200 {
			t.Fatalf("%s: %d %s", path, res.status, res.body)
		}
	}
	text := textOf(ts.login("manager@example.com").get("/customers?period=month&lang=nl").body)
	i := strings.Index(text, "Groot 100")
	if i < 0 {
		t.Fatalf("no row of segment Groot:\n%s", text)
	}
	// Segment, NPS, n, CSAT, churn: 100 of 30 answers, 100,0% of 1 rating, 0,0% of 30.
	if row, want := text[i:min(len(text), i+40)], "Groot 100 30 100,0% * 0,0%"; !strings.HasPrefix(row, want) {
		t.Errorf("segment row %q, want it to start %q", row, want)
	}
}

// TestCustomersTrendSaysItsStep: the churn and retention charts plot each day's (week's,
// month's) churn, which is a fraction of the period's — 0,03% a day in a month of 1,0% — under
// the bare headings "Verloop (churn)" and "Klantbehoud (CRR)", the tiles' names for the whole
// period. The headings name the step, as the Werkvoorraad charts' do ("per dag").
func TestCustomersTrendSaysItsStep(t *testing.T) {
	ts := dashServer(t)
	for _, c := range []struct{ query, churn, retention string }{
		{"period=custom&from=2026-03-01&to=2026-04-01&lang=nl", "Verloop (churn) per dag", "Klantbehoud (CRR) per dag"},
		{"period=custom&from=2026-03-01&to=2026-04-01&lang=en", "Churn per day", "Retention (CRR) per day"},
		{"period=custom&from=2025-04-01&to=2026-04-01&lang=nl", "Verloop (churn) per maand", "Klantbehoud (CRR) per maand"},
	} {
		page := ts.login("manager@example.com").get("/customers?" + c.query).body
		for id, want := range map[string]string{"h-churn-trend": c.churn, "h-retention-trend": c.retention} {
			if !strings.Contains(page, `id="`+id+`">`+want+`</h3>`) {
				i := strings.Index(page, `id="`+id+`"`)
				t.Errorf("%s: heading %s is %q, want %q", c.query, id, page[max(0, i):min(len(page), max(0, i)+80)], want)
			}
		}
	}
}

// TestSegmentRowSaysChurnNotApplicable: churn has no team (metrics.md section 0: customer
// metrics are left out of channel, team and agent groups), so under a team filter the Klanten
// page's segment row says "n.v.t." for it, as the Team page says it for IQS — it showed an empty
// cell holding an empty link to the records.
func TestSegmentRowSaysChurnNotApplicable(t *testing.T) {
	ts := dashServer(t)
	w := ts.withToken("adminWrite")
	for path, body := range map[string]string{
		"/api/v1/customers": `{"customer_id":"G1","acquired_at":"2025-06-01 10:00","segment":"Groot"}`,
		"/api/v1/responses": `{"response_id":"GC1","survey":"csat","score":5,"submitted_at":"2026-03-09 11:00","customer_id":"G1","team":"Noord"}`,
	} {
		if res := w.postJSON(path, body); res.status != 200 {
			t.Fatalf("%s: %d %s", path, res.status, res.body)
		}
	}
	body := ts.login("manager@example.com").get("/customers?period=month&lang=nl&team=Noord").body
	text := textOf(body)
	i := strings.Index(text, "Groot –")
	if i < 0 {
		t.Fatalf("no row of segment Groot:\n%s", text)
	}
	// Segment, NPS (none), n 0, CSAT 100,0% of 1 rating, churn not applicable.
	if row, want := text[i:min(len(text), i+40)], "Groot – 0 100,0% * n.v.t."; !strings.HasPrefix(row, want) {
		t.Errorf("segment row %q, want it to start %q", row, want)
	}
	if strings.Contains(body, `"></a>`) {
		t.Error("the page holds an empty link")
	}
}
