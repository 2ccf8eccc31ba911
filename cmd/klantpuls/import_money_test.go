package main

import (
	"math"
	"strings"
	"testing"
)

// An orders file with an amount in a currency that is neither the account's nor has a rate is
// refused whole, on the line that holds it, in the language asked for; with a rate its amounts
// are converted when they are stored, and the report says which currency its amounts are in.
//
// By hand, for 2026 (365 days), lifespan 2 years, the default margin 1, 1 GBP = 1.17 EUR:
//
//	O1 C1 100.00 EUR; O2 C2 80.00 GBP = 93.60 EUR; R1 C1 −25.00 EUR, a refund of O1
//	revenue 100 + 93.60 − 25 = 168.60; orders 2 (R1 is none); buyers 2
//	aov 168.60 / 2 = 84.30; frequency (2 / 2) · 365 / 365 = 1; simple 84.30 · 1 · 2 = 168.60
//	historical: C1 100 − 25 = 75, C2 93.60 → (75 + 93.60) / 2 = 84.30
func TestImportMixedCurrency(t *testing.T) {
	p := newProject(t).withConfig("currency = \"EUR\"\n[clv]\nlifespan_years = 2\n")
	p.mustImport("customers", "customer_id,acquired_at\nC1,2025-01-01 10:00\nC2,2025-01-01 10:00\n")
	orders := p.file("orders.csv", "order_id,customer_id,ordered_at,amount,refund_of,currency\n"+
		"O1,C1,2026-03-02 10:00,100.00,,EUR\n"+
		"O2,C2,2026-03-05 10:00,80.00,,GBP\n"+
		"R1,C1,2026-03-20 10:00,-25.00,O1,\n")
	for _, tt := range []struct{ lang, want string }{
		{"en", orders + ":3: currency: GBP is not the account's currency (EUR) and has no exchange rate"},
		{"nl", orders + ":3: currency: GBP is niet de valuta van het account (EUR) en heeft geen wisselkoers"},
	} {
		_, stderr, code := p.run("import", "--kind", "orders", "--lang", tt.lang, orders)
		if code != 1 || !strings.Contains(stderr, tt.want) {
			t.Fatalf("%s: exit %d, want 1 and %q:\n%s", tt.lang, code, tt.want, stderr)
		}
	}
	if n := p.count("orders"); n != 0 {
		t.Fatalf("%d orders committed from a refused file, want none", n)
	}

	p.withConfig("currency = \"EUR\"\n[exchange_rates]\nGBP = 1.17\n[clv]\nlifespan_years = 2\n")
	if _, stderr, code := p.run("import", "--kind", "orders", orders); code != 0 {
		t.Fatalf("with a rate: exit %d\n%s", code, stderr)
	}
	d := p.report("2026-01-01", "2027-01-01")
	if got := d.m["currency"]; got != "EUR" {
		t.Errorf("currency %v, want EUR", got)
	}
	for path, want := range map[string]float64{
		"groups.0.metrics.clv.orders": 2, "groups.0.metrics.clv.buyers": 2, "groups.0.metrics.clv.aov": 84.3,
		"groups.0.metrics.clv.frequency_per_year": 1, "groups.0.metrics.clv.simple": 168.6,
		"groups.0.metrics.clv.historical": 84.3,
	} {
		if got := d.num(path); math.Abs(got-want) > 1e-9 {
			t.Errorf("%s = %v, want %v", path, got, want)
		}
	}
}

// Answers on their own scales through the command line, on either store: the worked example of
// the README (internal/engine/scales_test.go works it): 3 Zendesk good + 1 bad, Freshdesk 103,
// 103, 100, −103, and 1–5 answers 5, 4, 3, 2 → positive 3 + 2 + 2 = 7 of 12 → 58.333…%, mean
// on 1–5 44 / 12 = 3.666….
func TestImportCSATScales(t *testing.T) {
	p := newProject(t)
	rows := "response_id,survey,score,submitted_at,scale\n"
	for i, a := range []string{"1,good-bad", "1,good-bad", "1,good-bad", "0,good-bad", "103,freshdesk",
		"103,freshdesk", "100,freshdesk", "-103,freshdesk", "5,", "4,", "3,", "2,"} {
		score, scale, _ := strings.Cut(a, ",")
		rows += "R" + string(rune('a'+i)) + ",csat," + score + ",2026-03-10 10:00," + scale + "\n"
	}
	p.mustImport("responses", rows)
	d := p.report("2026-03-01", "2026-04-01")
	for path, want := range map[string]float64{
		"groups.0.metrics.csat.n": 12, "groups.0.metrics.csat.positive": 7,
		"groups.0.metrics.csat.value": 700.0 / 12, "groups.0.metrics.csat.mean": 44.0 / 12,
	} {
		if got := d.num(path); math.Abs(got-want) > 1e-9 {
			t.Errorf("%s = %v, want %v", path, got, want)
		}
	}
}
