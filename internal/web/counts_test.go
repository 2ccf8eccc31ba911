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
