package web

import (
	"strings"
	"testing"
)

// TestCustomerLastContactEverywhere: a customer's last contact is one figure wherever it is
// shown — the list, the customer's page, its download and the API — by the list's rule. By
// hand: K5's ticket was opened on 2 March, K5 wrote on the 6th, the agent answered on Monday 9
// March at 14:00 (Amsterdam, 13:00 UTC), and a note on the 11th is internal: 9 March. The list
// showed 2 March (the ticket's creation) and the page, download and API showed none.
func TestCustomerLastContactEverywhere(t *testing.T) {
	ts := dashServer(t)
	w := ts.withToken("adminWrite")
	for _, c := range []struct{ path, body string }{
		{"/api/v1/customers", `{"customer_id":"K5","acquired_at":"2025-06-01 10:00","name":"Karin"}`},
		{"/api/v1/tickets", `{"ticket_id":"T5","customer_id":"K5","created_at":"2026-03-02 10:00"}`},
		{"/api/v1/messages", `[{"message_id":"M51","ticket_id":"T5","at":"2026-03-06 10:00","author":"customer"},
			{"message_id":"M52","ticket_id":"T5","at":"2026-03-09 14:00","author":"agent","agent":"Ans"},
			{"message_id":"M53","ticket_id":"T5","at":"2026-03-11 10:00","author":"note","agent":"Ans"}]`},
	} {
		if res := w.postJSON(c.path, c.body); res.status != 200 {
			t.Fatalf("%s: %d %s", c.path, res.status, res.body)
		}
	}
	manager := ts.login("manager@example.com")
	if text := textOf(manager.get("/customers?period=month&lang=nl&q=K5").body); !strings.Contains(text, "K5 Karin – 9 mrt 2026 –") {
		t.Errorf("the list's row of K5, want its last contact 9 mrt 2026:\n%s", text)
	}
	for _, tt := range []struct{ lang, label, page, sheet string }{
		{"nl", "Laatste contact", "9 mrt 2026", "9-3-2026 14:00"},
		{"en", "Last contact", "9 Mar 2026", "9 Mar 2026 14:00"},
	} {
		if text := textOf(manager.get("/customers/K5?lang=" + tt.lang).body); !strings.Contains(text, tt.label+" "+tt.page) {
			t.Errorf("%s: the page, want %q in\n%s", tt.lang, tt.label+" "+tt.page, text)
		}
		sheet := xlsxText(t, []byte(manager.get("/export.xlsx?page=customer&id=K5&lang="+tt.lang).body))
		if !strings.Contains(sheet, tt.label+" | ") || !strings.Contains(sheet, tt.sheet) {
			t.Errorf("%s: the download, want %s %s in\n%s", tt.lang, tt.label, tt.sheet, sheet)
		}
	}
	var h struct {
		LastContact *string `json:"last_contact"`
	}
	res := w.get("/api/v1/customers/K5")
	res.json(t, &h)
	if res.status != 200 || h.LastContact == nil || *h.LastContact != "2026-03-09T13:00:00Z" {
		t.Errorf("the API: %d, last_contact %v, want 2026-03-09T13:00:00Z", res.status, h.LastContact)
	}
}
