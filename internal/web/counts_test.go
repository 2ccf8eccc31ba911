package web

import (
	"fmt"
	"strings"
	"testing"
)

// TestCountsHaveThousandsSeparators: a tile's n is written the page language's way, 1.003 in
// Dutch and 1,003 in English, like every other number on the page (issue 14 point 3).
func TestCountsHaveThousandsSeparators(t *testing.T) {
	ts := dashServer(t)
	var b strings.Builder
	b.WriteString("[")
	for i := range 1000 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"response_id":"K%d","survey":"csat","score":5,"submitted_at":"2026-03-20 10:00"}`, i)
	}
	b.WriteString("]")
	if res := ts.withToken("adminWrite").postJSON("/api/v1/responses", b.String()); res.status != 200 {
		t.Fatalf("answers: %d %s", res.status, res.body)
	}
	admin := ts.login("admin@example.com")
	// The seed's two March CSAT answers (R1, R2) and these 1,000.
	for lang, want := range map[string]string{"nl": "n = 1.002", "en": "n = 1,002"} {
		page := admin.get("/?period=month&lang=" + lang).body
		if tile := tileText(page, "csat"); !strings.Contains(tile, want) {
			t.Errorf("%s: the CSAT tile lacks %s:\n%s", lang, want, tile)
		}
	}
}

// TestListCounts: the counts above the lists (Klanten, Werkvoorraad's breaches, Risico) take
// the singular for one and the plural otherwise, with the language's figures (page.Count).
func TestListCounts(t *testing.T) {
	tests := []struct {
		lang, noun string
		n          int
		want       string
	}{
		{"nl", "customers", 1, "1 klant"},
		{"nl", "customers", 0, "0 klanten"},
		{"en", "customers", 1234, "1,234 customers"},
		{"nl", "breaches", 1, "1 overschrijding"},
		{"nl", "breaches", 1234, "1.234 overschrijdingen"},
		{"en", "breaches", 1, "1 breach"},
		{"en", "breaches", 2, "2 breaches"},
		{"nl", "active_customers", 1, "1 actieve klant"},
		{"nl", "active_customers", 2000, "2.000 actieve klanten"},
		{"en", "active_customers", 1, "1 active customer"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s %d %s", tt.lang, tt.n, tt.noun), func(t *testing.T) {
			if got := (&page{Lang: tt.lang}).Count(tt.n, tt.noun); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
