package soak

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// reader is a dashboard user and a reporting tool at once: it logs in and opens dashboard
// pages, and polls the report and the series with a read token. Every report must show at
// least what the server acknowledged before it was asked (a 200 means "visible in the next
// report"), and never less than an earlier report showed.
type reader struct {
	name   string
	r      *run
	rnd    *rand.Rand
	client *client // with this reader's cookies; redirects are answers, not followed
	last   map[string]int
}

// pages the readers open, with periods that hold the soak's records.
var pages = []string{"/?period=year", "/service?period=quarter", "/team?period=quarter",
	"/customers?period=year", "/feedback?period=quarter"}

func newReader(r *run, name string, seed int64) *reader {
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, Timeout: 2 * time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &reader{name: name, r: r, rnd: rand.New(rand.NewPCG(uint64(seed), 7)),
		client: &client{http: hc, base: r.client.base, stats: r.stats}, last: map[string]int{}}
}

func (rd *reader) loop(stop context.Context) {
	if !rd.login(stop) {
		return
	}
	for i := 0; stop.Err() == nil; i++ {
		switch i % 4 {
		case 0:
			rd.report(stop)
		case 2:
			rd.series(stop)
		default:
			rd.page(stop, pages[rd.rnd.IntN(len(pages))])
		}
		sleepCtx(stop, time.Duration(500+rd.rnd.IntN(1000))*time.Millisecond)
	}
}

func (rd *reader) login(ctx context.Context) bool {
	form := url.Values{"email": {adminEmail}, "password": {adminPassword}}
	req, _ := http.NewRequest(http.MethodPost, rd.client.base+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	a, err := rd.client.do(ctx, "POST /login", req)
	if err != nil {
		return false
	}
	if a.status != http.StatusSeeOther || a.header.Get("Location") != "/" {
		rd.r.fail("%s: logging in answered %d (Location %q), want 303 to /", rd.name, a.status, a.header.Get("Location"))
		return false
	}
	return true
}

// get sends a GET, with the read token for the API, and checks for a 200 of the content type.
func (rd *reader) get(ctx context.Context, route, path, contentType string, token bool) (answer, bool) {
	req, _ := http.NewRequest(http.MethodGet, rd.client.base+path, nil)
	if token {
		req.Header.Set("Authorization", "Bearer "+rd.r.readToken)
	}
	a, err := rd.client.do(ctx, route, req)
	if err != nil {
		return a, false
	}
	if a.status == http.StatusTooManyRequests {
		if wait, ok := retryAfter(a.header); ok {
			rd.r.retried(a.status, wait)
			sleepCtx(ctx, wait)
			return a, false
		}
	}
	if a.status != http.StatusOK || !strings.HasPrefix(a.header.Get("Content-Type"), contentType) {
		if a.status < 500 {
			rd.r.stats.unexpectedAnswer(route, a.status, fmt.Sprintf("(%s, Content-Type %q) %s", path, a.header.Get("Content-Type"), a.body))
		}
		return a, false
	}
	return a, true
}

func (rd *reader) page(ctx context.Context, path string) {
	route := "GET " + strings.SplitN(path, "?", 2)[0] + " (page)"
	if a, ok := rd.get(ctx, route, path, "text/html", false); ok && !strings.Contains(string(a.body), "</html>") {
		rd.r.fail("%s: %s answered 200 with an incomplete page (%d bytes)", rd.name, path, len(a.body))
	}
}

// report asks for the report and checks it against what was acknowledged before asking.
func (rd *reader) report(ctx context.Context) {
	before := rd.r.ledger.apiCounts()
	a, ok := rd.get(ctx, "GET /api/v1/report", "/api/v1/report?from="+rd.r.from+"&to="+rd.r.to, "application/json", true)
	if !ok {
		return
	}
	got, err := reportCounts(a.body)
	if err != nil {
		rd.r.fail("%s: /api/v1/report: %v in %.200q", rd.name, err, a.body)
		return
	}
	for _, k := range []cx.Kind{cx.KindTickets, cx.KindResponses, cx.KindCustomers, cx.KindOrders} {
		name := string(k)
		if got[name] < before[k] || got[name] < rd.last[name] {
			rd.r.mu.Lock()
			rd.r.readLag++
			rd.r.mu.Unlock()
			rd.r.fail("%s: the report showed %d %s; %d were acknowledged before asking and an earlier report showed %d",
				rd.name, got[name], name, before[k], rd.last[name])
		}
		rd.last[name] = max(rd.last[name], got[name])
	}
}

// series asks for the weekly series: a 200 must carry the series (never an empty body).
func (rd *reader) series(ctx context.Context) {
	a, ok := rd.get(ctx, "GET /api/v1/series", "/api/v1/series?step=week&from="+rd.r.from+"&to="+rd.r.to, "application/json", true)
	if !ok {
		return
	}
	if _, err := seriesCounts(a.body); err != nil {
		rd.r.fail("%s: /api/v1/series answered 200 with %v: %.200q", rd.name, err, a.body)
	}
}

// metricsDoc is the part of the report JSON the soak counts.
type metricsDoc struct {
	NPS      struct{ N int } `json:"nps"`
	CSAT     struct{ N int } `json:"csat"`
	CES      struct{ N int } `json:"ces"`
	Tickets  struct{ Created int }
	Churn    struct{ New int }
	CLV      struct{ Orders int }
	Feedback struct{ N int } `json:"feedback_response"`
}

type groupDoc struct {
	Metrics *metricsDoc `json:"metrics"`
}

// counts are what a report says about each kind: tickets created, answers (NPS, CSAT and CES
// together: no answer names a customer or a ticket, so none is deduplicated), customers
// acquired, orders (CLV's window is the whole period, as it is longer than a year) and
// feedback items (answers with a comment, plus mentions).
func (m *metricsDoc) counts() map[string]int {
	return map[string]int{
		string(cx.KindTickets): m.Tickets.Created, string(cx.KindResponses): m.NPS.N + m.CSAT.N + m.CES.N,
		string(cx.KindCustomers): m.Churn.New, string(cx.KindOrders): m.CLV.Orders, "feedback": m.Feedback.N,
	}
}

func reportCounts(body []byte) (map[string]int, error) {
	var doc struct{ Groups []groupDoc }
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, err
	}
	if len(doc.Groups) != 1 || doc.Groups[0].Metrics == nil {
		return nil, fmt.Errorf("%d groups, want one with metrics", len(doc.Groups))
	}
	return doc.Groups[0].Metrics.counts(), nil
}

// seriesCounts adds up the counts of every point of a series (orders left out: CLV's window
// is a year for each point, so points overlap).
func seriesCounts(body []byte) (map[string]int, error) {
	var doc struct{ Points []struct{ Groups []groupDoc } }
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, err
	}
	if len(doc.Points) == 0 {
		return nil, fmt.Errorf("no points")
	}
	sum := map[string]int{}
	for _, p := range doc.Points {
		for _, g := range p.Groups {
			if g.Metrics == nil {
				continue
			}
			for k, n := range g.Metrics.counts() {
				sum[k] += n
			}
		}
	}
	delete(sum, string(cx.KindOrders))
	return sum, nil
}
