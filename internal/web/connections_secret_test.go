package web

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// TestConnectionSecretInUse: a secret another connection has is refused on the Koppelingen page,
// in Dutch unless the page is in English, naming the field and the connection that has it and
// why, never the secret — also for a connection of another source, and pasted with spaces
// around it. Two Trengo connections for two brands of one account are what makes this easy:
// with one secret, a delivery captured on its way to one would pass at the other. Another
// secret is taken.
func TestConnectionSecretInUse(t *testing.T) {
	ts := startServer(t)
	admin := ts.login("admin@example.com")
	const secret = "trengo_sign_merk_A_5Qw2x"
	brand := func(lang, source, name, secret string) response {
		t.Helper()
		return admin.form("POST", "/connections"+lang, url.Values{"source": {source}, "name": {name}, "secret": {secret}})
	}
	if res := brand("", "trengo", "Trengo Merk A", secret); res.status != 200 {
		t.Fatalf("the first: %d %s", res.status, res.body)
	}
	for _, c := range []struct{ lang, source, secret, says string }{
		{"", "trengo", secret, "Geheim: dit geheim gebruikt koppeling &#39;Trengo Merk A&#39; al; geef elke koppeling een eigen geheim " +
			"(anders wordt een levering voor de ene ook bij de andere aangenomen)."},
		{"", "klantpuls", " " + secret + " ", "Geheim: dit geheim gebruikt koppeling &#39;Trengo Merk A&#39; al"},
		{"?lang=en", "trengo", secret, "Secret: connection &#39;Trengo Merk A&#39; uses this secret already; give each connection " +
			"a secret of its own (a delivery to one would otherwise be taken by the other too)."},
	} {
		res := brand(c.lang, c.source, "Trengo Merk B", c.secret)
		if res.status != 422 || !strings.Contains(res.body, c.says) {
			t.Errorf("%s %s, the same secret: %d, want 422 saying %q\n%s", c.lang, c.source, res.status, c.says, res.body)
		}
		if strings.Contains(res.body, secret) {
			t.Errorf("%s %s: the refusal shows the secret", c.lang, c.source)
		}
	}
	if all, err := ts.app.Connections(context.Background()); err != nil || len(all) != 1 {
		t.Errorf("after the refusals: %d connections, %v; want the first only", len(all), err)
	}
	if res := brand("", "trengo", "Trengo Merk B", "trengo_sign_merk_B_8Lp4v"); res.status != 200 {
		t.Errorf("another secret: %d, want 200\n%s", res.status, res.body)
	}
	if all, err := ts.app.Connections(context.Background()); err != nil || len(all) != 2 {
		t.Errorf("after another secret: %d connections, %v; want 2", len(all), err)
	}
	if page := admin.get("/connections").body; strings.Contains(page, "gebruiken hetzelfde geheim") {
		t.Errorf("two secrets warned of as one:\n%s", page)
	}
	if strings.Contains(ts.logs.String(), secret) {
		t.Error("the log holds the secret")
	}
}

// TestConnectionsSharingASecretNamed: two connections an older release let share a secret are
// named on the Koppelingen page, in the page's language, without the secret; both still take
// their deliveries (refusing them would stop a running shop's data on upgrade).
func TestConnectionsSharingASecretNamed(t *testing.T) {
	ts := startServer(t)
	admin := ts.login("admin@example.com")
	const secret = "kpwh_one-secret-of-two-shops-0123"
	add := func(name, secret string) string {
		t.Helper()
		res := admin.form("POST", "/connections?lang=en", url.Values{"source": {"klantpuls"}, "name": {name}, "secret": {secret}})
		path := regexp.MustCompile(`<code id="made-url">http://[^<]+(/hooks/klantpuls/[A-Za-z0-9_-]{16})</code>`).FindStringSubmatch(res.body)
		if res.status != 200 || path == nil {
			t.Fatalf("%s: %d\n%s", name, res.status, res.body)
		}
		return path[1]
	}
	// As an older release could leave them: Noord made, set aside and removed, Zuid made with
	// its secret, Noord put back.
	north := add("Winkel Noord", secret)
	northID := north[strings.LastIndex(north, "/")+1:]
	putBack := sqlitetest.ConnectionSetAside(t, ts.dbPath, northID)
	if res := admin.form("POST", "/connections/"+northID+"/delete", nil); res.status != 303 {
		t.Fatalf("delete: %d", res.status)
	}
	south := add("Winkel Zuid", secret)
	add("Helpdesk", "kpwh_a-secret-of-its-own-456789")
	putBack()

	// Both were made in one second, so which is the older (the first named) is not told.
	pair := `&#39;Winkel (Noord|Zuid)&#39; (en|and) &#39;Winkel (Noord|Zuid)&#39;`
	for lang, want := range map[string]string{
		"nl": "Koppelingen " + pair + " gebruiken hetzelfde geheim: een levering voor de ene wordt ook bij de andere aangenomen",
		"en": "Connections " + pair + " share one secret: a delivery to one is taken by the other too",
	} {
		page := admin.get("/connections?lang=" + lang).body
		warning := regexp.MustCompile(`<p class="error" role="alert">[^<]*</p>`).FindAllString(page, -1)
		m := regexp.MustCompile(want).FindStringSubmatch(strings.Join(warning, ""))
		if len(warning) != 1 || m == nil || m[1] == m[3] || strings.Contains(warning[0], "Helpdesk") {
			t.Errorf("%s: warnings %q, want one saying %q", lang, warning, want)
		}
		if strings.Contains(page, secret) {
			t.Errorf("%s: the page shows the secret", lang)
		}
	}
	for i, path := range []string{north, south} {
		order := `{"delivery_id":"o-` + string(rune('1'+i)) + `","records":{"orders":[{"order_id":"O` + string(rune('1'+i)) +
			`","customer_id":"C1","ordered_at":"2026-03-05T10:00:00+01:00","amount":"49.95"}]}}`
		if res := ts.anonymous().deliver(path, order, secret); res.status != 200 {
			t.Errorf("a delivery to %s: %d %s; want it taken still", path, res.status, res.body)
		}
	}
}
