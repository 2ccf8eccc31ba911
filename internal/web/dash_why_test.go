package web

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestWhyPage: the Waarom page lists drivers and themes; a theme's example comments come one
// click away, escaped, and an agent reads only the comments of their own answers.
func TestWhyPage(t *testing.T) {
	ts := dashServer(t)
	// Two comments about delivery, R5 on Anna's ticket T1 and R6 on Bram's T2 with markup (each
	// her ticket's latest rating), and one about the staff, R7 on Anna's T3.
	body := `[{"response_id":"R5","survey":"csat","score":2,"submitted_at":"2026-03-05 10:00","ticket_id":"T1","comment":"Mijn pakket is kwijt"},
		{"response_id":"R6","survey":"csat","score":1,"submitted_at":"2026-03-12 10:00","ticket_id":"T2","comment":"Pakket te laat <script>alert(1)</script>"},
		{"response_id":"R7","survey":"csat","score":5,"submitted_at":"2026-03-17 10:00","ticket_id":"T3","comment":"Heel vriendelijk"}]`
	if res := ts.withToken("adminWrite").postJSON("/api/v1/responses", body); res.status != 200 {
		t.Fatalf("responses: %d %s", res.status, res.body)
	}
	manager := ts.login("manager@example.com")
	page := manager.get("/why?period=month&lang=nl")
	for _, want := range []string{"<h1>Waarom", "Wat CSAT beweegt", "Thema: Levering", "Kanaal: chat", `hx-get="/why/examples?`} {
		if page.status != 200 || !strings.Contains(page.body, want) {
			t.Errorf("the page lacks %q (status %d)", want, page.status)
		}
	}
	examples := manager.get("/why/examples?period=month&theme=delivery").body
	if !strings.Contains(examples, "Mijn pakket is kwijt") || !strings.Contains(examples, "&lt;script&gt;alert(1)&lt;/script&gt;") ||
		strings.Contains(examples, "<script>") {
		t.Errorf("the manager's examples, escaped: %s", examples)
	}
	anna := ts.login("anna@example.com")
	for _, path := range []string{"/why/examples?period=month&theme=delivery", "/why/examples?period=month&theme=delivery&agent=Bram"} {
		own := anna.get(path).body
		if !strings.Contains(own, "Mijn pakket is kwijt") || strings.Contains(own, "te laat") {
			t.Errorf("%s: an agent reads others' comments or not her own: %s", path, own)
		}
	}
	// The delivery driver of CSAT: R5 and R6 against R7 for the manager, R5 against R7 for Anna.
	row := regexp.MustCompile(`(?s)Thema: Levering.*?</tr>`)
	if got := row.FindString(page.body); !strings.Contains(got, ">2 / 1</a></td>") { // a link to the answers
		t.Errorf("the manager's delivery driver: %s", got)
	}
	if got := row.FindString(anna.get("/why?period=month&lang=nl").body); !strings.Contains(got, ">1 / 1</a></td>") {
		t.Errorf("Anna's delivery driver: %s", got)
	}
}

// TestWhyTermsAsWritten: an emerging term is shown as customers wrote it, on the page and in
// the API (term), its stems kept beside it (stem), and its examples are found by the stems. Six
// March comments "Jullie pakket is nog steeds niet bezorgd" against ten "Prima service" in
// February: the pair of stems "sted bezorgd" (Snowball Dutch: steeds → sted) is in 6 of 6
// texts against 0 of 10; N 16, E = 2.25 and 6.25 in the non-empty cells,
// G² = 2·(6·ln(6/2.25) + 10·ln(10/6.25)) = 21.17 ≥ 10.83. The pronoun "jullie" is no term.
func TestWhyTermsAsWritten(t *testing.T) {
	ts := dashServer(t)
	var rows []string
	for i := range 10 {
		rows = append(rows, fmt.Sprintf(`{"response_id":"F%d","survey":"csat","score":4,"submitted_at":"2026-02-%02d 10:00","comment":"Prima service"}`, i, i+1))
	}
	for i := range 6 {
		rows = append(rows, fmt.Sprintf(`{"response_id":"M%d","survey":"csat","score":1,"submitted_at":"2026-03-%02d 10:00","comment":"Jullie pakket is nog steeds niet bezorgd"}`, i, i+1))
	}
	if res := ts.withToken("adminWrite").postJSON("/api/v1/responses", "["+strings.Join(rows, ",")+"]"); res.status != 200 {
		t.Fatalf("responses: %d %s", res.status, res.body)
	}
	manager := ts.login("manager@example.com")
	page := manager.get("/why?period=month&lang=nl").body
	if !strings.Contains(page, "steeds niet bezorgd <button") || strings.Contains(page, "sted bezorgd <button") ||
		strings.Contains(page, "jullie <button") {
		t.Errorf("the page's terms are not as written: %s", regexp.MustCompile(`(?s)<section aria-labelledby="h-terms">.*?</section>`).FindString(page))
	}
	if ex := manager.get("/why/examples?period=month&term=sted+bezorgd").body; !strings.Contains(ex, "nog steeds niet bezorgd") {
		t.Errorf("the term's examples, by its stems: %s", ex)
	}
	res := ts.withToken("adminWrite").get("/api/v1/why?from=2026-03-01&to=2026-04-01")
	var doc struct {
		Emerging []struct{ Term, Stem string } `json:"emerging_terms"`
	}
	if err := json.Unmarshal([]byte(res.body), &doc); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(doc.Emerging, struct{ Term, Stem string }{"steeds niet bezorgd", "sted bezorgd"}) {
		t.Errorf("API emerging terms %+v, want term \"steeds niet bezorgd\" with stem \"sted bezorgd\"", doc.Emerging)
	}
	// Each term fits openapi.json's EmergingTerm (no field left undocumented).
	c := &oaChecker{t: t, doc: oaDocument(t)}
	terms := oaJSON(t, json.RawMessage(res.body)).(map[string]any)["emerging_terms"].([]any)
	for i, x := range terms {
		c.conform(c.schema("EmergingTerm"), x, fmt.Sprintf("emerging_terms[%d]", i))
	}
}

// TestWhyThemeFiguresMarkedEach: each of a theme's NPS and CSAT figures, with and without it,
// carries the indicative mark on its own n (metrics.md section 0: n < 30). Delivery has 20 NPS
// and 20 CSAT answers: both marked, though together they are 40; the figures without it are
// marked by their own n, read from the API.
func TestWhyThemeFiguresMarkedEach(t *testing.T) {
	ts := dashServer(t)
	var items []string
	for i := range 20 {
		items = append(items,
			fmt.Sprintf(`{"response_id":"XC%d","survey":"csat","score":2,"submitted_at":"2026-03-05 10:%02d","comment":"Mijn pakket is kwijt"}`, i, i),
			fmt.Sprintf(`{"response_id":"XN%d","survey":"nps","score":3,"submitted_at":"2026-03-06 10:%02d","customer_id":"XC%d","comment":"Mijn pakket is kwijt"}`, i, i, i))
	}
	if res := ts.withToken("adminWrite").postJSON("/api/v1/responses", "["+strings.Join(items, ",")+"]"); res.status != 200 {
		t.Fatalf("responses: %d %s", res.status, res.body)
	}
	var doc struct {
		Themes []struct {
			Key         string
			NPSWith     struct{ N int } `json:"nps_with"`
			NPSWithout  struct{ N int } `json:"nps_without"`
			CSATWith    struct{ N int } `json:"csat_with"`
			CSATWithout struct{ N int } `json:"csat_without"`
		}
	}
	api := ts.withToken("adminRead").get("/api/v1/why?from=2026-03-01&to=2026-04-01")
	if err := json.Unmarshal([]byte(api.body), &doc); err != nil {
		t.Fatalf("the API's why: %v %s", err, api.body)
	}
	var n []int
	for _, th := range doc.Themes {
		if th.Key == "delivery" {
			n = []int{th.NPSWith.N, th.NPSWithout.N, th.CSATWith.N, th.CSATWithout.N}
		}
	}
	if len(n) == 0 || n[0] != 20 || n[2] != 20 {
		t.Fatalf("delivery's n (NPS with, without, CSAT with, without) = %v, want 20 with for both", n)
	}
	cells := deliveryThemeCells(t, ts.login("manager@example.com").get("/why?period=month&lang=nl").body)
	for k, name := range []string{"NPS with", "NPS without", "CSAT with", "CSAT without"} {
		want := n[k] > 0 && n[k] < 30
		if got := strings.Contains(cells[3+k][1], `class="ind"`); got != want {
			t.Errorf("%s on %d answers: marked %v, want %v (%s)", name, n[k], got, want, cells[3+k][1])
		}
	}
}

// deliveryThemeCells are the cells of the delivery row of the Waarom page's themes (after its
// heading): count, share, previous period, NPS with, NPS without, CSAT with, CSAT without and
// sentiment.
func deliveryThemeCells(t *testing.T, page string) [][]string {
	t.Helper()
	sec := regexp.MustCompile(`(?s)<section aria-labelledby="h-themes">.*?</section>`).FindString(page)
	row := regexp.MustCompile(`(?s)<th scope="row">Levering.*?</tr>`).FindString(sec)
	cells := regexp.MustCompile(`(?s)<td>(.*?)</td>`).FindAllStringSubmatch(row, -1)
	if len(cells) != 8 {
		t.Fatalf("delivery's row has %d cells, want 8: %s", len(cells), row)
	}
	return cells
}

// TestWhyRunningPeriodComparedUpToToday: on 25 March "Deze maand" is measured up to today, as the
// overview's (README: a period still running is compared up to today with as many days before
// it): 1–25 March, 25 days, against 4 February – 28 February. One comment in March, one on
// 20 February and one on 1 February, which lies in the 31 days before March but not in those 25:
// the previous period has 1 text, not 2 (the page compared 25 days of texts with 31).
func TestWhyRunningPeriodComparedUpToToday(t *testing.T) {
	ts := startServer(t, func(o *Options) { o.Now = func() time.Time { return time.Date(2026, 3, 25, 12, 0, 0, 0, time.UTC) } })
	if res := ts.withToken("adminWrite").postJSON("/api/v1/responses", `[
	 {"response_id":"W1","survey":"csat","score":2,"submitted_at":"2026-03-10 10:00","customer_id":"C1","comment":"Pakket kwam te laat"},
	 {"response_id":"W2","survey":"csat","score":2,"submitted_at":"2026-02-20 10:00","customer_id":"C2","comment":"Pakket was beschadigd"},
	 {"response_id":"W3","survey":"csat","score":4,"submitted_at":"2026-02-01 10:00","customer_id":"C3","comment":"Levering duurde lang"}]`); res.status >= 300 {
		t.Fatalf("responses: %d %s", res.status, res.body)
	}
	page := ts.login("admin@example.com").get("/why?period=month&lang=nl").body
	for _, want := range []string{"Teksten: 1 (Vorige periode: 1)", `<span class="period">1 mrt 2026 – 25 mrt 2026 (t/m vandaag)</span>`} {
		if !strings.Contains(page, want) {
			i := strings.Index(page, "Teksten:")
			t.Errorf("the why page lacks %q: %.40s", want, page[max(i, 0):])
		}
	}
}

// TestWhyThemeSentimentMarkedOnItsTexts: a theme's sentiment is a rate of its texts' labels
// (metrics.md section 4: net = 100·(positive − negative)/n) and carries the indicative mark when
// fewer than 30 texts have one (section 0), as the NPS and CSAT beside it do. Two comments about
// delivery, both negative: net −100 on n = 2, marked; the API gives that n.
func TestWhyThemeSentimentMarkedOnItsTexts(t *testing.T) {
	ts := dashServer(t)
	body := `[{"response_id":"S1","survey":"csat","score":1,"submitted_at":"2026-03-05 10:00","comment":"Pakket kwam veel te laat, slecht"},
		{"response_id":"S2","survey":"csat","score":1,"submitted_at":"2026-03-06 10:00","comment":"Mijn pakket is nooit bezorgd, waardeloos"}]`
	if res := ts.withToken("adminWrite").postJSON("/api/v1/responses", body); res.status != 200 {
		t.Fatalf("responses: %d %s", res.status, res.body)
	}
	var doc struct {
		Themes []struct {
			Key        string
			Sentiment  *float64 `json:"sentiment"`
			SentimentN int      `json:"sentiment_n"`
		}
	}
	api := ts.withToken("adminRead").get("/api/v1/why?from=2026-03-01&to=2026-04-01")
	if err := json.Unmarshal([]byte(api.body), &doc); err != nil {
		t.Fatalf("the API's why: %v %s", err, api.body)
	}
	for _, th := range doc.Themes {
		if th.Key == "delivery" && (th.Sentiment == nil || *th.Sentiment != -100 || th.SentimentN != 2) {
			t.Errorf("delivery's sentiment %v on n = %d, want -100 on 2", th.Sentiment, th.SentimentN)
		}
	}
	cells := deliveryThemeCells(t, ts.login("manager@example.com").get("/why?period=month&lang=nl").body)
	if got := cells[7][1]; !strings.HasPrefix(got, "−100") || !strings.Contains(got, `class="ind"`) {
		t.Errorf("delivery's sentiment on 2 texts shows %q, want −100 marked indicative", got)
	}
}

// TestWhyCountsInTheReadersNumbers: the Waarom page writes its counts as every page does, with
// thousands grouped in the reader's way (1.200 in Dutch, 1,200 in English): the texts of the
// period, a theme's count and a driver's answers with and without it. 1,200 March answers
// about a late parcel, one a minute from 1 March, beside the seed's one March comment: 1,201
// texts, 1,200 about delivery, and the drivers of CSAT by channel (e-mail, chat) have the seed's
// one answer of the channel against the 1,201 others.
func TestWhyCountsInTheReadersNumbers(t *testing.T) {
	ts := dashServer(t)
	var rows []string
	for i := range 1200 {
		at := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute)
		rows = append(rows, fmt.Sprintf(`{"response_id":"L%d","survey":"csat","score":2,"submitted_at":%q,"comment":"Pakket te laat"}`,
			i, at.Format("2006-01-02 15:04")))
	}
	if res := ts.withToken("adminWrite").postJSON("/api/v1/responses", "["+strings.Join(rows, ",")+"]"); res.status != 200 {
		t.Fatalf("responses: %d %s", res.status, res.body)
	}
	manager := ts.login("manager@example.com")
	for lang, want := range map[string][]string{
		"nl": {"Teksten: 1.201 (", "<td>1.200</td>", " / 1.201</a>"},
		"en": {"Texts: 1,201 (", "<td>1,200</td>", " / 1,201</a>"},
	} {
		page := manager.get("/why?period=month&lang=" + lang).body
		for _, w := range want {
			if !strings.Contains(page, w) {
				t.Errorf("%s: the why page lacks %q", lang, w)
			}
		}
	}
}
