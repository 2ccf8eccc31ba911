package web

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/auth"
)

// TestWallScreen makes a wall screen's link as an administrator, connects a screen with it,
// and checks what the screen may and may not do: it sees the wall pages it was given, nothing
// else accepts its cookie, a wrong or revoked secret is refused, the secret is stored only as a
// hash, and making and revoking it are in the audit log.
func TestWallScreen(t *testing.T) {
	ts := dashServer(t)
	ctx := context.Background()
	admin := ts.login("admin@example.com")
	res := admin.form("POST", "/tokens/walls?lang=nl", url.Values{"name": {"Muur support"}, "pages": {"team", "overview"}})
	if res.status != http.StatusCreated {
		t.Fatalf("making a wall screen: %d %s", res.status, res.body)
	}
	m := regexp.MustCompile(`(http://[^<"]+)/tv/connect#([A-Za-z0-9_-]{20,})`).FindStringSubmatch(res.body)
	if m == nil || m[1] != ts.url {
		t.Fatalf("no wall link on this server in the answer: %s", res.body)
	}
	secret := m[2]

	t.Run("stored as a hash only", func(t *testing.T) {
		walls, err := ts.app.WallScreens(ctx)
		if err != nil || len(walls) != 1 {
			t.Fatalf("wall screens: %v %v", walls, err)
		}
		if w := walls[0]; !bytes.Equal(w.Hash, auth.HashSecret(secret)) || strings.Join(w.Pages, ",") != "team,overview" {
			t.Errorf("stored %q with pages %v, want the secret's SHA-256 and team,overview in that order", w.Hash, w.Pages)
		}
		for _, f := range []string{ts.dbPath, ts.dbPath + "-wal"} {
			if b, err := os.ReadFile(f); err == nil && bytes.Contains(b, []byte(secret)) {
				t.Errorf("the plain secret is in %s", f)
			}
		}
	})

	screen := ts.anonymous()
	t.Run("without the cookie the wall is closed", func(t *testing.T) {
		if res := screen.get("/tv"); res.status != http.StatusSeeOther || res.header.Get("Location") != "/login?next=%2Ftv" {
			t.Errorf("GET /tv without a login: %d %s", res.status, res.header.Get("Location"))
		}
		if res := screen.form("POST", "/tv/connect?lang=en", url.Values{"secret": {"kp_not-a-wall"}}); res.status != http.StatusUnprocessableEntity ||
			!strings.Contains(res.body, "unknown or revoked") {
			t.Errorf("a wrong secret: %d", res.status)
		}
		// An API token is no wall secret.
		if res := screen.form("POST", "/tv/connect", url.Values{"secret": {ts.tokens["adminRead"]}}); res.status != http.StatusUnprocessableEntity {
			t.Errorf("an API token as wall secret: %d", res.status)
		}
	})

	t.Run("the link's secret becomes a cookie for /tv", func(t *testing.T) {
		// same-origin: the page's own form carries its origin also from an old TV browser
		// without Sec-Fetch-Site (under no-referrer it sent Origin: null, refused as cross-site).
		if res := screen.get("/tv/connect"); res.status != 200 || res.header.Get("Referrer-Policy") != "same-origin" || len(res.header.Values("Set-Cookie")) > 0 {
			t.Errorf("the connect page: %d, Referrer-Policy %q, cookies %v", res.status, res.header.Get("Referrer-Policy"), res.header.Values("Set-Cookie"))
		}
		if res := screen.form("POST", "/tv/connect", url.Values{"secret": {secret}}, "Origin", "https://shop.example.org"); res.status != http.StatusForbidden {
			t.Errorf("a wall secret posted from another site: %d, want 403", res.status)
		}
		res := screen.form("POST", "/tv/connect", url.Values{"secret": {secret}}, "Origin", ts.url)
		if res.status != http.StatusSeeOther || res.header.Get("Location") != "/tv" {
			t.Fatalf("connecting: %d %s", res.status, res.header.Get("Location"))
		}
		c := res.header.Get("Set-Cookie")
		for _, want := range []string{wallCookie + "=" + secret, "Path=/tv", "HttpOnly", "SameSite=Strict", "Max-Age=34560000"} {
			if !strings.Contains(c, want) {
				t.Errorf("cookie %q lacks %s", c, want)
			}
		}
		page := screen.get("/tv?lang=nl")
		if page.status != 200 {
			t.Fatalf("the wall: %d %s", page.status, page.body)
		}
		team, overview := strings.Index(page.body, `id="slide-team"`), strings.Index(page.body, `id="slide-overview"`)
		if team < 0 || overview < team || strings.Contains(page.body, `id="slide-service"`) || !strings.Contains(page.body, "Muur support") {
			t.Errorf("the wall shows team then overview, nothing else, under its name: %s", page.body)
		}
		if !strings.Contains(page.body, `data-live="/tv/live"`) {
			t.Error("the wall lacks its live stream")
		}
		// The wall brings its first page (the team's table: Anna's name) and leaves the overview,
		// hidden, to its script, at the address of the wall's own period and language; a screen
		// without script goes on to the wall with the overview brought after the rotation's time.
		overviewPart := page.body[overview:]
		if !strings.Contains(page.body[team:overview], "Anna") || strings.Contains(overviewPart, `id="tile-csat"`) ||
			!strings.Contains(overviewPart, `data-slide="/tv/slide/overview?lang=nl&amp;period=month"`) {
			t.Errorf("the wall brings the team's page and the overview's address only: %s", page.body)
		}
		if !strings.Contains(page.body, `data-slide="/tv/slide/overview?lang=nl&amp;period=month" hidden>`) ||
			strings.Contains(page.body[team:overview], "hidden") {
			t.Errorf("the page brought is shown, the other hidden until the script shows it: %s", page.body)
		}
		if !strings.Contains(page.body, `<noscript><meta http-equiv="refresh" content="20; url=/tv?lang=nl&amp;period=month&amp;show=overview"></noscript>`) {
			t.Errorf("a screen without script does not go on to the next page: %s", page.body)
		}
		// This month's figures (the clock is 25 March 2026): CSAT 1 of 2 positive.
		slide := screen.get("/tv/slide/overview?lang=nl&period=month")
		if slide.status != 200 || !strings.Contains(slide.body, `id="tile-csat"`) || !strings.Contains(slide.body, "50,0%") ||
			strings.Contains(slide.body, "<html") || slide.header.Get("Cache-Control") != "no-store" {
			t.Errorf("the overview's page of the wall: %d %q %s", slide.status, slide.header.Get("Cache-Control"), slide.body)
		}
		if got, err := url.PathUnescape(slide.header.Get("X-Period")); err != nil || got != "1 mrt 2026 – 25 mrt 2026 (t/m vandaag)" ||
			!strings.Contains(page.body, `<p class="period">`+got+`</p>`) {
			t.Errorf("the wall page's period %q (%v), want 1–25 March 2026 (the clock's today) as the wall's heading names it", got, err)
		}
		if res := screen.get("/tv/slide/service"); res.status != http.StatusNotFound {
			t.Errorf("a page this wall was not given: %d, want 404", res.status)
		}
		// A screen without script, a turn later: the overview brought and shown, the team's page
		// hidden and empty, and back to the team's after another turn.
		next := screen.get("/tv?lang=nl&period=month&show=overview")
		team, overview = strings.Index(next.body, `id="slide-team"`), strings.Index(next.body, `id="slide-overview"`)
		if next.status != 200 || team < 0 || overview < team || !strings.Contains(next.body[overview:], "50,0%") ||
			strings.Contains(next.body, "Anna") || !strings.Contains(next.body[team:overview], "hidden") ||
			!strings.Contains(next.body, `content="20; url=/tv?lang=nl&amp;period=month&amp;show=team"`) {
			t.Errorf("the wall's next turn for a screen without script: %d %s", next.status, next.body)
		}
		// A page the wall was not given brings its first.
		if other := screen.get("/tv?lang=nl&show=service"); other.status != 200 || !strings.Contains(other.body, "Anna") ||
			strings.Contains(other.body, `id="slide-service"`) || !strings.Contains(other.body, "show=overview") {
			t.Errorf("a page the wall was not given, asked by show: %d %s", other.status, other.body)
		}
	})

	t.Run("the cookie opens no other route", func(t *testing.T) {
		fill := strings.NewReplacer("{$}", "", "{path...}", "app.css", "{id}", "1", "{kind}", "responses", "{name}", "x", "{token}", "x", "{key}", "x")
		for _, rt := range ts.srv.routeTable() {
			if rt.wall {
				continue
			}
			method, path, _ := strings.Cut(rt.pattern, " ")
			path = fill.Replace(path)
			ask := func(cookie bool) int {
				req, _ := http.NewRequest(method, ts.url+path, strings.NewReader("{}"))
				if cookie {
					req.Header.Set("Cookie", wallCookie+"="+secret)
				}
				res, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
				if err != nil {
					t.Fatalf("%s %s: %v", method, path, err)
				}
				res.Body.Close()
				return res.StatusCode
			}
			if with, without := ask(true), ask(false); with != without {
				t.Errorf("%s %s: %d with the wall cookie, %d without: the cookie counts there", method, path, with, without)
			}
		}
		if with := screen.get("/api/v1/report"); with.status != http.StatusUnauthorized {
			t.Errorf("/api/v1/report for a wall screen: %d, want 401", with.status)
		}
	})

	t.Run("revoked, and in the audit log", func(t *testing.T) {
		walls, _ := ts.app.WallScreens(ctx)
		if res := admin.form("POST", "/tokens/walls/"+strconv.FormatInt(walls[0].ID, 10)+"/delete", nil); res.status != http.StatusSeeOther {
			t.Fatalf("revoking: %d %s", res.status, res.body)
		}
		if res := screen.get("/tv"); res.status != http.StatusSeeOther || res.header.Get("Location") != "/tv/connect?revoked=1" {
			t.Errorf("a revoked wall screen: %d %s, want sent to the connect page", res.status, res.header.Get("Location"))
		}
		if res := screen.get("/tv/slide/overview"); res.status != http.StatusSeeOther || res.header.Get("Location") != "/tv/connect?revoked=1" {
			t.Errorf("a revoked wall screen's page: %d %s, want sent to the connect page", res.status, res.header.Get("Location"))
		}
		if res := screen.get("/tv/live"); res.status == 200 {
			t.Error("a revoked wall screen still gets the live stream")
		}
		for _, action := range []string{"wall_create", "wall_delete"} {
			res := admin.get("/api/v1/audit?action=" + action)
			if res.status != 200 || !strings.Contains(res.body, "Muur support") || !strings.Contains(res.body, "admin@example.com") {
				t.Errorf("audit %s: %d %s", action, res.status, res.body)
			}
		}
	})
}
