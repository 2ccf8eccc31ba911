package web

import (
	"strings"
	"testing"
)

// TestCustomerPageNamesRefunds: a refund (a negative amount, refund_of the order it reduces when
// known) is listed on the customer's page and in its download as a refund, naming its order,
// and the count beside the revenue says what it counts — orders, and the refunds apart. Before
// the fix the orders table showed "R1 … € -4,00" with no word, under "1 bestelling" beside
// three rows, and the download the same.
func TestCustomerPageNamesRefunds(t *testing.T) {
	ts := dashServer(t)
	write := ts.withToken("adminWrite")
	for _, o := range []string{
		`{"order_id":"O1","customer_id":"K9","ordered_at":"2026-03-02 10:00","amount":20}`,
		`{"order_id":"R1","customer_id":"K9","ordered_at":"2026-03-04 10:00","amount":-4,"refund_of":"O1"}`,
		`{"order_id":"R2","customer_id":"K9","ordered_at":"2026-03-05 10:00","amount":-2}`,
	} {
		if res := write.postJSON("/api/v1/orders", o); res.status != 200 {
			t.Fatalf("%s: %d %s", o, res.status, res.body)
		}
	}
	manager := ts.login("manager@example.com")
	for _, tt := range []struct {
		lang string
		want []string
	}{
		{"nl", []string{"Omzet € 14,00 1 bestelling, 2 terugbetalingen", "O1 2 mrt 2026 € 20,00",
			"R1 Terugbetaling van O1 4 mrt 2026 € −4,00", "R2 Terugbetaling 5 mrt 2026 € −2,00"}},
		{"en", []string{"Revenue € 14.00 1 order, 2 refunds", "R1 Refund of O1 4 Mar 2026 € −4.00", "R2 Refund 5 Mar 2026"}},
	} {
		res := manager.get("/customers/K9?lang=" + tt.lang)
		text := textOf(res.body)
		for _, want := range tt.want {
			if res.status != 200 || !strings.Contains(text, want) {
				t.Errorf("%s: %d, want %q in\n%s", tt.lang, res.status, want, text)
			}
		}
	}
	res := manager.get("/export.xlsx?page=customer&id=K9&lang=en")
	if res.status != 200 {
		t.Fatalf("download: %d %.300s", res.status, res.body)
	}
	counts := sheetColumn(t, []byte(res.body), "Value", "Figure", 2)
	if counts["Orders"] != "1" || counts["Refunds"] != "2" {
		t.Errorf("value counts %q, want 1 order and 2 refunds", counts)
	}
	_, orders, _ := sheetRows(t, []byte(res.body), "Orders", "Order")
	var kinds []string
	for _, r := range orders {
		kinds = append(kinds, r[0]+": "+r[len(r)-1])
	}
	if got := strings.Join(kinds, "; "); got != "O1: Order; R1: Refund of O1; R2: Refund" {
		t.Errorf("download's orders say %q", got)
	}
}
