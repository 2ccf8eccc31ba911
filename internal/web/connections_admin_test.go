package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/hooks"
)

// TestConnectionsPage: an admin makes a connection on the Koppelingen page with a secret
// klantpuls makes, sees its URL and the secret once, the tool delivers with them, the list
// shows the delivery; the connection removed, its URL answers 404. Both are in the audit log,
// the secret nowhere in it.
func TestConnectionsPage(t *testing.T) {
	ts := startServer(t)
	admin := ts.login("admin@example.com")
	if res := admin.get("/connections?lang=en"); res.status != 200 || !strings.Contains(res.body, "No live connections yet.") {
		t.Fatalf("empty page: %d %s", res.status, res.body)
	}
	res := admin.form("POST", "/connections?lang=en", url.Values{"source": {"klantpuls"}, "name": {"Webwinkel"},
		"kinds": {"orders", "customers"}, "secret": {""}})
	secret := regexp.MustCompile(`<code id="made-secret">(kpwh_[A-Za-z0-9_-]{43})</code>`).FindStringSubmatch(res.body)
	hookURL := regexp.MustCompile(`<code id="made-url">(http://[^<]+/hooks/klantpuls/[A-Za-z0-9_-]{16})</code>`).FindStringSubmatch(res.body)
	if res.status != 200 || secret == nil || hookURL == nil || !strings.Contains(res.body, "it is not shown again") {
		t.Fatalf("made: %d, secret %q, URL %q\n%s", res.status, secret, hookURL, res.body)
	}
	path := strings.TrimPrefix(hookURL[1], ts.url)
	order := `{"delivery_id":"o-1","records":{"orders":[{"order_id":"O1","customer_id":"C1","ordered_at":"2026-03-05T10:00:00+01:00","amount":"49.95"}]}}`
	if res := ts.anonymous().deliver(path, order, secret[1]); res.status != 200 {
		t.Fatalf("a delivery with the secret shown: %d %s", res.status, res.body)
	}
	list := admin.get("/connections?lang=en")
	row := regexp.MustCompile(`(?s)<th scope="row">Webwinkel</th>.*?</tr>`).FindString(list.body)
	for _, want := range []string{"<td>klantpuls (own format)</td>", "<code>" + hookURL[1] + "</code>", "<td>orders and customers</td>",
		"admin@example.com", "<td>1</td><td>0</td>"} {
		if !strings.Contains(row, want) {
			t.Errorf("the list's row lacks %q:\n%s", want, row)
		}
	}
	if strings.Contains(list.body, secret[1]) {
		t.Error("the list shows the secret again")
	}

	id := path[strings.LastIndex(path, "/")+1:]
	if res := admin.form("POST", "/connections/"+id+"/delete", nil); res.status != http.StatusSeeOther {
		t.Fatalf("delete: %d %s", res.status, res.body)
	}
	if res := ts.anonymous().deliver(path, order, secret[1]); res.status != 404 {
		t.Errorf("a delivery to a removed connection: %d, want 404", res.status)
	}
	entries, err := ts.app.AuditLog(context.Background(), app.AuditQuery{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		if strings.Contains(AuditDetail("en", e), secret[1]) || strings.Contains(e.Subject, secret[1]) {
			t.Errorf("the audit log holds the secret: %+v", e)
		}
		if e.Action == cx.AuditConnectionCreate || e.Action == cx.AuditConnectionDelete {
			got = append(got, e.Action+" "+e.Subject+" "+e.Actor+": "+AuditDetail("en", e))
		}
	}
	want := []string{"connection_delete connection " + id + " admin@example.com: Webwinkel (klantpuls), after 1 deliveries",
		"connection_create connection " + id + " admin@example.com: Webwinkel (klantpuls; orders, customers); secret made by klantpuls, shown once"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("audit log:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestConnectionsRefused: a connection is refused with the field that is wrong, a form from
// another site is refused (only /hooks/ is spared the cross-origin check), and a secret pasted
// is kept but never shown.
func TestConnectionsRefused(t *testing.T) {
	ts := startServer(t)
	admin := ts.login("admin@example.com")
	for _, c := range []struct {
		form url.Values
		says string
	}{
		{url.Values{"source": {"nope"}, "name": {"x"}}, `Source: &#34;nope&#34; is not a webhook source (one of `},
		{url.Values{"source": {"klantpuls"}, "name": {" "}}, "Give the connection a name"},
		{url.Values{"source": {"klantpuls"}, "name": {"x"}, "kinds": {"ticket"}}, "Kinds: &#34;ticket&#34; is not a kind of record (one of customers, "},
		{url.Values{"source": {"klantpuls"}, "name": {"x"}, "secret": {"too-short"}}, "Secret: at least 16 characters"},
		{url.Values{"source": {"shopify"}, "name": {"x"}}, "Secret: Shopify makes the secret"},
		{url.Values{"source": {"shopify"}, "name": {"x"}, "secret": {"shpss_pasted-from-the-tool-0123456789"}, "api_token": {"shpat_1"}},
			"API token: Shopify&#39;s webhooks carry what they write"},
		{url.Values{"source": {"trengo"}, "name": {"x"}, "secret": {"trengo_sign_3Fa9_webhook"}, "api_token": {"two words"}},
			"API token: only visible ASCII characters"},
	} {
		if res := admin.form("POST", "/connections?lang=en", c.form); res.status != 422 || !strings.Contains(res.body, c.says) {
			t.Errorf("%v: %d, want 422 saying %q\n%s", c.form, res.status, c.says, res.body)
		}
	}
	res := admin.form("POST", "/connections", url.Values{"source": {"klantpuls"}, "name": {"x"}}, "Origin", "https://elsewhere.example",
		"Sec-Fetch-Site", "cross-site")
	if res.status != 403 {
		t.Errorf("a form from another site: %d, want 403", res.status)
	}
	pasted := "shpss_pasted-from-the-tool-0123456789"
	res = admin.form("POST", "/connections?lang=en", url.Values{"source": {"klantpuls"}, "name": {"Winkel"}, "secret": {pasted}})
	if res.status != 200 || strings.Contains(res.body, pasted) || !strings.Contains(res.body, "The secret pasted is kept encrypted.") {
		t.Errorf("a pasted secret: %d, shown %v", res.status, strings.Contains(res.body, pasted))
	}
	if all, err := ts.app.Connections(context.Background()); err != nil || len(all) != 1 || len(all[0].Kinds) != len(cx.Kinds) {
		t.Errorf("connections %+v, %v; want one, with every kind klantpuls's source sends", all, err)
	}
	// A Trengo connection with an API token: kept, said to be kept, never shown.
	const token = "trengo-personal-access-token-0123"
	res = admin.form("POST", "/connections?lang=en", url.Values{"source": {"trengo"}, "name": {"Trengo"},
		"secret": {"trengo_sign_3Fa9_webhook"}, "api_token": {token}})
	list := admin.get("/connections?lang=en").body
	row := regexp.MustCompile(`(?s)<th scope="row">Trengo</th>.*?</tr>`).FindString(list)
	if res.status != 200 || strings.Contains(res.body+list, token) || !strings.Contains(row, "API token kept") ||
		!strings.Contains(list, `name="api_token"`) || !strings.Contains(list, "Only for: Trengo.") {
		t.Errorf("a Trengo connection with an API token: %d, row %q", res.status, row)
	}
}

// TestHookLimits: deliveries are limited per connection and per source over its connections,
// and refusals per address, each answered 429 with Retry-After. The limits are made small here
// (a burst of 2, 3 and 2, refilled after an hour).
func TestHookLimits(t *testing.T) {
	ts := startServer(t)
	for l, burst := range map[*limiter]int{ts.srv.hookLimits.connection: 2, ts.srv.hookLimits.source: 3, ts.srv.hookLimits.failures: 2} {
		l.mu.Lock()
		l.perSec, l.burst = 1.0/3600, burst
		l.mu.Unlock()
	}
	a, b := ts.connect("A", hookSecret, "responses"), ts.connect("B", hookSecretB, "responses")
	tool := ts.anonymous()
	for i, step := range []struct {
		path   string
		status int
	}{
		{a, 200}, {a, 200}, {a, 429}, // A's burst of 2 spent
		{b, 200}, {b, 429}, // the source's burst of 3 spent, though B has one left
		{"/hooks/klantpuls/AAAAAAAAAAAAAAAA", 404}, {"/hooks/klantpuls/BBBBBBBBBBBBBBBB", 404}, // two refusals
		{"/hooks/klantpuls/AAAAAAAAAAAAAAAA", 429}, // the address is held back
	} {
		secret := hookSecret
		if step.path == b {
			secret = hookSecretB
		}
		res := tool.deliver(step.path, csatAnswers("d"+string(rune('0'+i)), "5"), secret)
		if res.status != step.status || step.status == 429 && res.header.Get("Retry-After") == "" {
			t.Errorf("delivery %d to %s: %d %s; want %d", i+1, step.path, res.status, res.body, step.status)
		}
	}
}

// TestHookLimitsAreTheTools: a delivery whose signature does not verify spends nothing of its
// connection's or its source's limit, only of its sender's address. Anyone may send to a
// connection's URL, from as many addresses as they hold; before, each forgery took one of the
// connection's and the source's deliveries before its signature was checked, so forgeries from
// many addresses had the tool's own signed deliveries answered 429 (which a tool gives up on
// after a while). Here the limits are made small (a burst of 2 for a connection, 3 for the
// source, refilled after an hour) and the forger's address is not held back.
func TestHookLimitsAreTheTools(t *testing.T) {
	ts := startServer(t)
	for l, burst := range map[*limiter]int{ts.srv.hookLimits.connection: 2, ts.srv.hookLimits.source: 3} {
		l.mu.Lock()
		l.perSec, l.burst = 1.0/3600, burst
		l.mu.Unlock()
	}
	a, b := ts.connect("A", hookSecret, "responses"), ts.connect("B", hookSecretB, "responses")
	forger, tool := ts.anonymous(), ts.anonymous()
	for i, path := range []string{a, a, b} {
		if res := forger.deliver(path, csatAnswers("f"+string(rune('0'+i)), "1"), "not-the-secret"); res.status != 401 {
			t.Errorf("forgery %d to %s: %d %s; want 401", i+1, path, res.status, res.body)
		}
	}
	for i, to := range []struct{ path, secret string }{{a, hookSecret}, {b, hookSecretB}} {
		if res := tool.deliver(to.path, csatAnswers("d"+string(rune('0'+i)), "5"), to.secret); res.status != 200 {
			t.Errorf("the tool's delivery to %s after three forgeries: %d %s; want 200", to.path, res.status, res.body)
		}
	}
}

// FuzzConnectionForm: whatever the Koppelingen form (or klantpuls connection add) sends, the
// connection is refused with EINVALID or made of a known source, with kinds among the source's
// and a secret to keep: the one pasted, or one made (only for a source that lets klantpuls
// choose it), which the audit detail never holds.
func FuzzConnectionForm(f *testing.F) {
	f.Add("klantpuls", "Webwinkel", "orders;customers", "")
	f.Add("shopify", "Winkel", "", "shpss_pasted-from-the-tool-0123456789")
	f.Add("shopify", "x", "", "")
	f.Add(" zendesk ", "Desk", "tickets; ;Responses", "  secret  ")
	f.Add("nope", "x", "ticket", "too-short")
	f.Fuzz(func(t *testing.T, source, name, kinds, secret string) {
		c, keep, made, err := NewConnection(source, name, strings.Split(kinds, ";"), secret)
		if err != nil {
			if code := cx.ErrorCode(err); code != cx.EINVALID {
				t.Fatalf("refused with %s, want %s: %v", code, cx.EINVALID, err)
			}
			return
		}
		src, ok := hooks.Lookup(c.Source)
		if !ok || c.Name != name || len(c.Kinds) == 0 {
			t.Fatalf("made %+v from source %q, name %q", c, source, name)
		}
		for _, k := range c.Kinds {
			if !slices.Contains(src.Kinds, k) {
				t.Errorf("kind %s, which %s does not send (%v)", k, src.Name, src.Kinds)
			}
		}
		switch pasted := strings.TrimSpace(secret); {
		case made && (pasted != "" || src.ToolSecret || !strings.HasPrefix(keep, "kpwh_")):
			t.Errorf("made secret %q for %s with %q pasted", keep, src.Name, secret)
		case !made && (pasted == "" || keep != pasted):
			t.Errorf("kept %q for %q pasted", keep, secret)
		}
		if said := AuditWords("en", ConnectionMade(&c, made)); made && strings.Contains(said, keep) {
			t.Errorf("the audit detail holds the secret made: %s", said)
		}
	})
}

// TestConnectionFormRefusesInPageLanguage: the Koppelingen page's form says in Dutch what is wrong
// with a connection's secret.
func TestConnectionFormRefusesInPageLanguage(t *testing.T) {
	ts := dashServer(t)
	admin := dutchAdmin(ts)
	for what, v := range map[string]url.Values{
		"Shopify without its secret": {"source": {"shopify"}, "name": {"Webshop"}},
		"secret too short":           {"source": {"freshdesk"}, "name": {"Helpdesk"}, "secret": {"kort"}},
	} {
		t.Run(what, func(t *testing.T) { assertDutchError(t, what, postDutch(admin, "/connections", v)) })
	}
}
