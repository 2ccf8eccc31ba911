package web

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestCustomerPageModel: the customer page shows the customer's model value and P(alive) as
// of yesterday, "Te weinig gegevens" while fewer than 20 customers bought twice, and neither
// once the customer has left (on the page "– (vertrokken)", in the API null).
func TestCustomerPageModel(t *testing.T) {
	ts := dashServer(t)
	manager := ts.login("manager@example.com")
	text := textOf(manager.get("/customers/C1?lang=nl").body)
	if !strings.Contains(text, "CLV (voorspellend) Te weinig gegevens") ||
		!strings.Contains(text, "Kans dat de klant nog actief is Te weinig gegevens") {
		t.Errorf("without repeat buyers the page must say so:\n%s", text)
	}
	if text := textOf(manager.get("/customers?period=year&lang=nl").body); !strings.Contains(text, "CLV (voorspellend) Te weinig gegevens") {
		t.Errorf("without repeat buyers the customers page must say too little data:\n%s", text)
	}
	// 120 customers who buy as the models assume — each at their own rate, leaving after a
	// purchase with their own chance, spending around their own mean — so that the likelihood
	// has a maximum (buyers all alike have none). A fixed seed: the same orders every run.
	var orders []string
	rng := rand.New(rand.NewPCG(16, 1))
	start, today := time.Date(2025, 1, 3, 10, 0, 0, 0, time.UTC), time.Date(2026, 3, 24, 0, 0, 0, 0, time.UTC)
	for i := range 120 {
		at := start.AddDate(0, 0, rng.IntN(180))
		mean, drop, spend := 10+rng.ExpFloat64()*60, 0.1+0.6*rng.Float64(), 15+rng.ExpFloat64()*40
		for k := 0; k < 30 && at.Before(today); k++ {
			orders = append(orders, fmt.Sprintf(`{"order_id":"M%d-%d","customer_id":"M%d","ordered_at":"%s","amount":%.2f}`,
				i, k, i, at.Format(time.RFC3339), spend*(0.5+rng.Float64())))
			if rng.Float64() < drop {
				break
			}
			at = at.Add(time.Duration(rng.ExpFloat64()*mean*24) * time.Hour)
		}
	}
	if res := ts.withToken("adminWrite").postJSON("/api/v1/orders", "["+strings.Join(orders, ",")+"]"); res.status != 200 {
		t.Fatalf("orders: %d %s", res.status, res.body)
	}
	// M0 bought once: the model lets nobody drop out before a repeat, so its P(alive) is 1
	// whatever the time since — an assumption, not an estimate: the page says it cannot tell
	// yet rather than "100,0%" (the API gives the model's 1). A repeat buyer gets a share.
	text = textOf(manager.get("/customers/M0?lang=nl").body)
	if !strings.Contains(text, "Kans dat de klant nog actief is Pas te schatten na een tweede aankoop") {
		t.Errorf("M0 (one order) must not be said 100,0%% alive:\n%s", text)
	}
	repeat := ""
	for i := range 120 {
		if strings.Count(strings.Join(orders, ","), fmt.Sprintf(`"customer_id":"M%d"`, i)) > 2 {
			repeat = fmt.Sprintf("M%d", i)
			break
		}
	}
	if text := textOf(manager.get("/customers/" + repeat + "?lang=nl").body); !regexp.MustCompile(`Kans dat de klant nog actief is \d+,\d%`).MatchString(text) {
		t.Errorf("%s (repeat purchases) must have a share alive:\n%s", repeat, text)
	}
	if !strings.Contains(text, "CLV (voorspellend) € ") {
		t.Errorf("M0 has no predictive CLV in euros:\n%s", text)
	}
	res := ts.withToken("adminRead").get("/api/v1/customers/M0")
	var raw struct {
		CLV map[string]any `json:"clv"`
	}
	if err := json.Unmarshal([]byte(res.body), &raw); res.status != 200 || err != nil {
		t.Fatalf("API: %d %v %s", res.status, err, res.body)
	}
	if p, ok := raw.CLV["p_alive"].(float64); !ok || p != 1 {
		t.Errorf("API clv.p_alive = %v, want 1 (one order)", raw.CLV["p_alive"])
	}
	if v, ok := raw.CLV["predictive"].(float64); !ok || !(v > 0) {
		t.Errorf("API clv.predictive = %v, want a positive amount", raw.CLV["predictive"])
	}
	if text := textOf(manager.get("/customers?period=year&lang=nl").body); strings.Contains(text, "CLV (voorspellend) Te weinig") {
		t.Errorf("the customers page still says too little data:\n%s", text)
	}
	// M0 left on 1 December 2025, before yesterday (24 March 2026): no chance of still being
	// active, no value to come, on the page and in the API alike.
	if res := ts.withToken("adminWrite").postJSON("/api/v1/customers",
		`{"customer_id":"M0","acquired_at":"2025-01-01 10:00","churned_at":"2025-12-01 10:00"}`); res.status != 200 {
		t.Fatalf("M0's row: %d %s", res.status, res.body)
	}
	text = textOf(manager.get("/customers/M0?lang=nl").body)
	if !strings.Contains(text, "Kans dat de klant nog actief is – (vertrokken)") || !strings.Contains(text, "CLV (voorspellend) – (vertrokken)") {
		t.Errorf("M0 left on 1 December, yet:\n%s", text)
	}
	res = ts.withToken("adminRead").get("/api/v1/customers/M0")
	raw.CLV = nil
	if err := json.Unmarshal([]byte(res.body), &raw); res.status != 200 || err != nil {
		t.Fatalf("API: %d %v %s", res.status, err, res.body)
	}
	for _, k := range []string{"p_alive", "predictive"} {
		if v, ok := raw.CLV[k]; !ok || v != nil {
			t.Errorf("API clv.%s of M0, who left = %v (given: %v), want null", k, v, ok)
		}
	}
}
