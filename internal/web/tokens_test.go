package web

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestTokenExpiry (issue 9, point 5): a token made with an expiry works until then and is
// refused with 401 from then on; the tokens page and API show its expiry and last use.
func TestTokenExpiry(t *testing.T) {
	c := newClock()
	ts := startServer(t, func(o *Options) { o.Now = c.now })
	admin := ts.login("admin@example.com")

	res := admin.postJSON("/api/v1/tokens", `{"name":"kwartaal","scope":"read","expires":"90d"}`)
	var created struct {
		Token     string
		ExpiresAt time.Time `json:"expires_at"`
	}
	res.json(t, &created)
	if res.status != 201 || !created.ExpiresAt.Equal(c.now().AddDate(0, 0, 90)) {
		t.Fatalf("create: %d, expires_at %v; want 201 and 90 days from now\n%s", res.status, created.ExpiresAt, res.body)
	}
	form := admin.form("POST", "/tokens", url.Values{"name": {"maand"}, "scope": {"read"}, "expires": {"30d"}})
	monthly := regexp.MustCompile(`kp_[A-Za-z0-9_-]+`).FindString(form.body)
	if form.status != 201 || monthly == "" {
		t.Fatalf("create by the form: %d", form.status)
	}
	bearer := func(token string) *client { cl := ts.anonymous(); cl.token = token; return cl }

	steps := []struct {
		name           string
		advance        time.Duration
		quarter, month int // the status of GET /api/v1/me with each token
	}{
		{"new", 0, 200, 200},
		{"a second before the month ends", 30*24*time.Hour - time.Second, 200, 200},
		{"at the month's end", time.Second, 200, 401},
		{"a second before the quarter ends", 60*24*time.Hour - time.Second, 200, 401},
		{"at the quarter's end", time.Second, 401, 401},
	}
	for _, st := range steps {
		c.add(st.advance)
		if got := bearer(created.Token).get("/api/v1/me").status; got != st.quarter {
			t.Errorf("%s: the 90-day token answers %d, want %d", st.name, got, st.quarter)
		}
		if got := bearer(monthly).get("/api/v1/me").status; got != st.month {
			t.Errorf("%s: the 30-day token answers %d, want %d", st.name, got, st.month)
		}
	}

	// The page shows expiry, expired and last use; the API has expires_at and last_used_at.
	admin = ts.login("admin@example.com") // the session of 90 days ago has ended
	page := admin.get("/tokens").body
	// The expired token's end, 08:59:59 UTC, in the account's time zone (CEST) and the pages'
	// one date style.
	for _, want := range []string{"Verloopt", "(verlopen)", "31 mei 2026 10:59", "nooit"} {
		if !strings.Contains(page, want) {
			t.Errorf("the tokens page lacks %q", want)
		}
	}
	var list struct{ Tokens []map[string]any }
	admin.get("/api/v1/tokens").json(t, &list)
	found := false
	for _, tok := range list.Tokens {
		if tok["name"] == "kwartaal" {
			found = true
			if tok["expires_at"] == nil || tok["last_used_at"] == nil {
				t.Errorf("token in the API: %v; want expires_at and last_used_at", tok)
			}
		}
	}
	if !found {
		t.Errorf("the token is not listed: %v", list.Tokens)
	}
	if res := admin.postJSON("/api/v1/tokens", `{"name":"x","scope":"read","expires":"0d"}`); res.status != 422 ||
		!strings.Contains(res.body, "expires") {
		t.Errorf("an expiry of 0 days: %d %s", res.status, res.body)
	}
}

// TestNewPasswordsChecked (defect 12): a common, repetitive or e-mail-based password is refused
// wherever a password is set on the server — the users API and the setup page — with a clear
// message, in Dutch on the Dutch page.
func TestNewPasswordsChecked(t *testing.T) {
	ts := startServer(t)
	admin := ts.login("admin@example.com")
	tests := []struct{ name, password, want string }{
		{"one letter ten times", "aaaaaaaaaa", "repeated or sequential"},
		{"on the list", "qwertyuiop123", "common and leaked"},
		{"the user's own address", "bob.jansen2024", "own e-mail address"},
	}
	for _, tt := range tests {
		res := admin.postJSON("/api/v1/users", `{"email":"bob.jansen@example.com","password":"`+tt.password+`","role":"manager"}`)
		if res.status != 422 || !strings.Contains(res.body, tt.want) || !strings.Contains(res.body, "password") {
			t.Errorf("%s: %d %s; want 422 saying %q", tt.name, res.status, res.body, tt.want)
		}
	}
	if res := admin.postJSON("/api/v1/users", `{"email":"bob.jansen@example.com","password":"klantpuls-demo","role":"manager"}`); res.status != 201 {
		t.Errorf("a fine password: %d %s", res.status, res.body)
	}
}

// TestTokenFormsRefuseInPageLanguage: the API-tokens page (/tokens) says what its token form and
// its wall-screen form got wrong in the page's language, not in the app layer's English.
func TestTokenFormsRefuseInPageLanguage(t *testing.T) {
	ts := dashServer(t)
	admin := dutchAdmin(ts)
	res := postDutch(admin, "/tokens", url.Values{"name": {" "}, "scope": {"read"}, "expires": {"90d"}})
	// The catalogue has the Dutch sentence for it (words.go "need_name"), unused.
	if msg := pageError(res.body); !strings.Contains(msg, "Geef het token een naam") {
		t.Errorf("token without a name: %q, want the catalogue's %q", msg, words["nl"]["need_name"])
	}
	res = postDutch(admin, "/tokens/walls", url.Values{"name": {" "}, "pages": {"overview"}})
	assertDutchError(t, "wall screen without a name", res)
}
