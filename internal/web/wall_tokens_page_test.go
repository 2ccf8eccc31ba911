package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
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
