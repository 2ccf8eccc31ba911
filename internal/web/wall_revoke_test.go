package web

import (
	"bufio"
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestWallScreensOfOthersAreAdminsOnly: a manager manages only their own tokens
// (auth.ActionManageTokens), and a wall screen is a credential like a token: a manager neither
// sees nor revokes one an admin made (404, as another's token), and the admin revokes theirs.
func TestWallScreensOfOthersAreAdminsOnly(t *testing.T) {
	ts := dashServer(t)
	admin := ts.login("admin@example.com")
	if res := admin.form("POST", "/tokens/walls", url.Values{"name": {"Muur directie"}, "pages": {"overview"}}); res.status != http.StatusCreated {
		t.Fatalf("making a wall screen: %d %s", res.status, res.body)
	}
	walls, err := ts.app.WallScreens(context.Background())
	if err != nil || len(walls) != 1 {
		t.Fatalf("wall screens: %v %v", walls, err)
	}
	manager := ts.login("manager@example.com")
	if page := manager.get("/tokens"); strings.Contains(page.body, "Muur directie") {
		t.Errorf("the manager's tokens page lists the admin's wall screen")
	}
	res := manager.form("POST", "/tokens/walls/"+strconv.FormatInt(walls[0].ID, 10)+"/delete", nil)
	if res.status == http.StatusSeeOther {
		t.Errorf("a manager revoked the admin's wall screen: %d", res.status)
	}
	if res.status != http.StatusNotFound {
		t.Errorf("a manager revoking the admin's wall screen: %d, want 404", res.status)
	}
	if left, _ := ts.app.WallScreens(context.Background()); len(left) != 1 {
		t.Errorf("the admin's wall screen is gone after the manager's request")
	}
	if page := admin.get("/tokens"); !strings.Contains(page.body, "Muur directie") {
		t.Errorf("the admin's tokens page lacks their wall screen")
	}
	if res := admin.form("POST", "/tokens/walls/"+strconv.FormatInt(walls[0].ID, 10)+"/delete", nil); res.status != http.StatusSeeOther {
		t.Errorf("the admin revoking their wall screen: %d", res.status)
	}
}

// TestRevokedWallScreenLosesItsLiveStream: revoking a wall screen disconnects it at once
// (README), its open live stream (/tv/live) too: the next update ends the stream instead of
// reaching it.
func TestRevokedWallScreenLosesItsLiveStream(t *testing.T) {
	ts := dashServer(t)
	admin := ts.login("admin@example.com")
	res := admin.form("POST", "/tokens/walls", url.Values{"name": {"Muur"}, "pages": {"overview"}})
	m := regexp.MustCompile(`/tv/connect#([A-Za-z0-9_-]{20,})`).FindStringSubmatch(res.body)
	if m == nil {
		t.Fatalf("no wall link: %d", res.status)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.url+"/tv/live", nil)
	req.Header.Set("Cookie", wallCookie+"="+m[1])
	stream, err := http.DefaultClient.Do(req)
	if err != nil || stream.StatusCode != 200 {
		t.Fatalf("live: %v %v", stream, err)
	}
	defer stream.Body.Close()
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(stream.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	if l := <-lines; !strings.HasPrefix(l, "retry:") {
		t.Fatalf("stream began with %q", l)
	}
	walls, _ := ts.app.WallScreens(context.Background())
	if res := admin.form("POST", "/tokens/walls/"+strconv.FormatInt(walls[0].ID, 10)+"/delete", nil); res.status != http.StatusSeeOther {
		t.Fatalf("revoke: %d", res.status)
	}
	if res := ts.withToken("adminWrite").postJSON("/api/v1/events", `{"event_id":"E1","customer_id":"C1","kind":"x","at":"2026-03-01 10:00"}`); res.status != 200 {
		t.Fatalf("event: %d %s", res.status, res.body)
	}
	timeout := time.After(3 * time.Second)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				return // ended: as it should be
			}
			if strings.HasPrefix(l, "event: update") {
				t.Fatal("a revoked wall screen's open live stream still receives updates")
			}
		case <-timeout:
			t.Fatal("the revoked wall screen's live stream is still open 3 s after an update")
		}
	}
}

// TestWallScreenActsWithItsMakersRole: a wall screen shows every figure for as long as its
// maker may see them. A manager's screen stops when they become an agent — whoever kept its
// link would see more than its maker may — sent to the connect page as a revoked one, its pages
// and live stream too, and works again when they are a manager again; a removed maker's screen
// stays (README).
func TestWallScreenActsWithItsMakersRole(t *testing.T) {
	ts := dashServer(t)
	admin, manager := ts.login("admin@example.com"), ts.login("manager@example.com")
	res := manager.form("POST", "/tokens/walls", url.Values{"name": {"Muur support"}, "pages": {"overview"}})
	m := regexp.MustCompile(`/tv/connect#([A-Za-z0-9_-]{20,})`).FindStringSubmatch(res.body)
	if m == nil {
		t.Fatalf("no wall link: %d", res.status)
	}
	screen := ts.anonymous()
	if res := screen.form("POST", "/tv/connect", url.Values{"secret": {m[1]}}); res.status != http.StatusSeeOther {
		t.Fatalf("connecting: %d", res.status)
	}
	path := "/api/v1/users/" + strconv.FormatInt(userID(t, admin, "manager@example.com"), 10)
	for _, step := range []struct {
		name, change string // the maker's change, JSON; "remove" removes them
		shows        bool
	}{
		{"made by a manager", "", true},
		{"the maker made an agent", `{"role":"agent","agent":"Mia"}`, false},
		{"the maker a manager again", `{"role":"manager"}`, true},
		{"the maker removed", "remove", true},
	} {
		switch step.change {
		case "":
		case "remove":
			if res := admin.do("DELETE", path, "", nil); res.status != http.StatusNoContent {
				t.Fatalf("%s: %d %s", step.name, res.status, res.body)
			}
		default:
			if res := admin.do("PATCH", path, "application/merge-patch+json", strings.NewReader(step.change)); res.status != http.StatusOK {
				t.Fatalf("%s: %d %s", step.name, res.status, res.body)
			}
		}
		for _, page := range []string{"/tv", "/tv/slide/overview"} {
			res := screen.get(page)
			switch {
			case step.shows && res.status != http.StatusOK:
				t.Errorf("%s: %s %d, want shown", step.name, page, res.status)
			case !step.shows && (res.status != http.StatusSeeOther || res.header.Get("Location") != "/tv/connect?revoked=1"):
				t.Errorf("%s: %s %d %s, want sent to the connect page", step.name, page, res.status, res.header.Get("Location"))
			}
		}
		if live := liveStatus(t, screen); (live == http.StatusOK) != step.shows {
			t.Errorf("%s: the live stream answers %d", step.name, live)
		}
	}
}

// liveStatus is the status a client's /tv/live answers with; the stream is not read.
func liveStatus(t *testing.T, c *client) int {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", c.ts.url+"/tv/live", nil)
	res, err := c.http.Do(req)
	if err != nil {
		t.Fatalf("/tv/live: %v", err)
	}
	res.Body.Close()
	return res.StatusCode
}
