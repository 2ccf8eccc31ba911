package web

import (
	"fmt"
	"strings"
	"testing"
)

// TestCustomersPageMarksIndicativeFigures: metrics.md section 0 "The dashboard marks a value
// with n < 30 as indicative" and README "a value on fewer than 30 measurements ... is starred
// as indicative". Churn over a base of 6 (C1 and K0..K4) is starred on the overview's tile; the
// Klanten page showed the same 16,7% with n = 6 and no star.
func TestCustomersPageMarksIndicativeFigures(t *testing.T) {
	ts := dashServer(t)
	w := ts.withToken("adminWrite")
	var cs []string
	for i := range 5 {
		churned := ""
		if i == 0 {
			churned = `,"churned_at":"2026-03-10 10:00"`
		}
		cs = append(cs, fmt.Sprintf(`{"customer_id":"K%d","acquired_at":"2025-06-01 10:00"%s}`, i, churned))
	}
	if res := w.postJSON("/api/v1/customers", "["+strings.Join(cs, ",")+"]"); res.status != 200 {
		t.Fatalf("customers: %d %s", res.status, res.body)
	}
	manager := ts.login("manager@example.com")
	if got := tileText(manager.get("/?period=month&lang=nl").body, "churn"); !strings.Contains(got, "16,7% *") {
		t.Fatalf("precondition: the overview's churn tile stars 1 of 6: %q", got)
	}
	text := textOf(manager.get("/customers?period=month&lang=nl").body)
	i := strings.Index(text, "Verloop (churn)")
	if i < 0 {
		t.Fatalf("no churn figure on the Klanten page:\n%s", text)
	}
	fig := text[i:min(len(text), i+60)]
	t.Logf("Klanten page: %q", fig)
	if !strings.Contains(fig, "*") {
		t.Errorf("Klanten page shows churn on a base of 6 without the indicative star the overview's tile gives it: %q", fig)
	}
	if !strings.Contains(text, "* Indicatief: gebaseerd op minder dan 30 metingen.") {
		t.Error("the Klanten page stars figures without the note that says what the star means")
	}
	// A count is no estimate: the number of new customers is what it is.
	if i := strings.Index(text, "Nieuwe klanten"); i < 0 || strings.Contains(text[i:min(len(text), i+25)], "*") {
		t.Errorf("new customers starred or missing: %q", text[max(i, 0):min(len(text), max(i, 0)+25)])
	}
}
