package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestNamesOfAHundredCharacters: a wall screen's or a token's name may have 100 characters, as
// the form's maxlength lets one type and the refusal says ("hoogstens 100 tekens") — it counted
// bytes, so a Dutch name of 90 characters with an é and a dash was refused as too long, saying
// it could have 100. A name of 101 characters is refused, saying so in the page's language; the
// name is shown back whole.
func TestNamesOfAHundredCharacters(t *testing.T) {
	ts := dashServer(t)
	admin := ts.login("admin@example.com")
	// 100 characters, 104 bytes: "é" and "ë" take two bytes each, "—" three.
	name := "Wandscherm café — Zeeuwse teams" + strings.Repeat("ë", 1) + strings.Repeat("x", 100-32)
	if n := len([]rune(name)); n != 100 || len(name) <= 100 {
		t.Fatalf("the test's name has %d characters and %d bytes", n, len(name))
	}
	for _, form := range []struct{ path, field string }{{"/tokens/walls", "pages"}, {"/tokens", "scope"}} {
		values := func(name string) url.Values {
			v := url.Values{"name": {name}}
			if form.field == "scope" {
				v.Set("scope", "read")
			} else {
				v.Set("pages", "overview")
			}
			return v
		}
		if res := admin.form("POST", form.path+"?lang=nl", values(name)); res.status != http.StatusCreated || !strings.Contains(res.body, name) {
			t.Errorf("%s: a name of 100 characters: %d, want 201 and the name shown", form.path, res.status)
		}
		res := admin.form("POST", form.path+"?lang=nl", values(name+"x"))
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "hoogstens 100 tekens") {
			t.Errorf("%s: a name of 101 characters: %d, want 422 saying at most 100 characters", form.path, res.status)
		}
	}
}

// TestWallScreenMadeInTheAccountsTime: the tokens page says when a wall screen was made in the
// account's time zone and the page's words, as it says a token's — "25 mrt 2026 13:00" for noon
// UTC in Amsterdam; the wall's row wrote the stored instant as "2026-03-25 12:00", an hour off.
func TestWallScreenMadeInTheAccountsTime(t *testing.T) {
	ts := dashServer(t) // the clock: 25 March 2026, 12:00 UTC
	admin := ts.login("admin@example.com")
	if res := admin.form("POST", "/tokens/walls?lang=nl", url.Values{"name": {"Muur"}, "pages": {"overview"}}); res.status != http.StatusCreated {
		t.Fatalf("making a wall screen: %d", res.status)
	}
	page := admin.get("/tokens?lang=nl")
	row := page.body[strings.Index(page.body, "<td>Muur</td>"):]
	row = row[:strings.Index(row, "</tr>")]
	if !strings.Contains(row, "<td>25 mrt 2026 13:00</td>") {
		t.Errorf("the wall screen's row says %s, want made 25 mrt 2026 13:00", row)
	}
}

// TestWallScreenLastUseOnTheTokensPage: the tokens page says beside each wall screen when a
// screen last showed it, in the account's time zone and the page's words, as it says a token's
// last use — "nog niet" before the first — so an admin sees which walls are no longer in use.
// Like a token's, it is recorded at most once a minute: a wall asking every few seconds does
// not write on every request.
func TestWallScreenLastUseOnTheTokensPage(t *testing.T) {
	var clock atomic.Int64 // the server's clock, moved by the test between requests
	noon := time.Date(2026, 3, 25, 12, 0, 0, 0, time.UTC)
	clock.Store(noon.UnixNano())
	ts := startServer(t, func(o *Options) { o.Now = func() time.Time { return time.Unix(0, clock.Load()).UTC() } })
	seed(t, ts)
	admin := ts.login("admin@example.com")
	res := admin.form("POST", "/tokens/walls?lang=nl", url.Values{"name": {"Muur"}, "pages": {"overview"}})
	m := regexp.MustCompile(`/tv/connect#([A-Za-z0-9_-]{20,})`).FindStringSubmatch(res.body)
	if m == nil {
		t.Fatalf("no wall link: %d", res.status)
	}
	lastUse := func() string {
		t.Helper()
		page := admin.get("/tokens?lang=nl")
		at := strings.Index(page.body, "<td>Muur</td>")
		if at < 0 {
			t.Fatalf("no wall screen on the tokens page: %s", page.body)
		}
		row := page.body[at:]
		row = row[:strings.Index(row, "</tr>")]
		cells := regexp.MustCompile(`<td>([^<]*)</td>`).FindAllStringSubmatch(row, -1)
		if len(cells) < 4 {
			t.Fatalf("the wall screen's row has no last use: %s", row)
		}
		return cells[3][1]
	}
	stored := func() time.Time {
		t.Helper()
		walls, err := ts.app.WallScreens(context.Background())
		if err != nil || len(walls) != 1 {
			t.Fatalf("wall screens: %v %v", walls, err)
		}
		return walls[0].LastUsedAt
	}
	if got := lastUse(); got != "nog niet" {
		t.Errorf("a wall screen no screen has shown: last use %q, want nog niet", got)
	}
	screen := ts.anonymous()
	if res := screen.form("POST", "/tv/connect", url.Values{"secret": {m[1]}}); res.status != http.StatusSeeOther {
		t.Fatalf("connecting: %d", res.status)
	}
	for _, step := range []struct {
		after time.Duration // since noon
		path  string
		want  time.Time // stored
		shown string    // in Amsterdam, an hour ahead of UTC in March
	}{
		{0, "/tv", noon, "25 mrt 2026 13:00"},
		{30 * time.Second, "/tv/slide/overview", noon, "25 mrt 2026 13:00"}, // within the minute: not written
		{61 * time.Second, "/tv/slide/overview", noon.Add(61 * time.Second), "25 mrt 2026 13:01"},
	} {
		clock.Store(noon.Add(step.after).UnixNano())
		if res := screen.get(step.path); res.status != http.StatusOK {
			t.Fatalf("%s: %d", step.path, res.status)
		}
		if got := stored(); !got.Equal(step.want) {
			t.Errorf("%v after noon, %s: stored last use %v, want %v", step.after, step.path, got, step.want)
		}
		if got := lastUse(); got != step.shown {
			t.Errorf("%v after noon: the tokens page says last use %q, want %q", step.after, got, step.shown)
		}
	}
}
