package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// Customer and quality vectors of metrics.md section 5, through import → report.

// base writes customers for a March 2026 period: start customers in the base before March,
// lost of them churned in March, acquired in March of whom newLost churned in March, plus
// customers who came and went before March and who come after it (in no figure).
func base(start, lost, acquired, newLost, referred int, segment string) string {
	var rows []string
	add := func(prefix string, n int, acq, churn, ref string) {
		for i := range n {
			rows = append(rows, fmt.Sprintf("%s%s%d,%s,%s,%s,%s", segment, prefix, i, acq, churn, ref, segment))
		}
	}
	add("S", start-lost, "2025-06-01 10:00", "", "")
	add("L", lost, "2025-06-01 10:00", "2026-03-15 10:00", "")
	add("N", acquired-newLost-referred, "2026-03-10 10:00", "", "")
	add("R", referred, "2026-03-10 10:00", "", "S0")
	add("NL", newLost, "2026-03-10 10:00", "2026-03-20 10:00", "")
	add("old", 7, "2024-01-01 10:00", "2025-01-01 10:00", "")
	add("later", 4, "2026-04-10 10:00", "", "")
	return "customer_id,acquired_at,churned_at,referred_by,segment\n" + strings.Join(rows, "\n") + "\n"
}

func TestVectorsCustomers(t *testing.T) {
	t.Run("vectors 24 and 25: churn and retention", func(t *testing.T) {
		p := newProject(t)
		p.mustImport("customers", base(250, 20, 30, 5, 0, "B2C"))
		p.report("2026-03-01", "2026-04-01").expect(1e-9, map[string]float64{"churn.value": 8, "churn.start": 250,
			"churn.lost": 20, "churn.new": 30, "churn.new_lost": 5, "churn.end": 255, "retention.value": 90,
			"retention.end": 255})
	})
	t.Run("vector 26: retention S=200, E=200, N=20", func(t *testing.T) {
		p := newProject(t)
		p.mustImport("customers", base(200, 20, 20, 0, 0, "B2C"))
		p.report("2026-03-01", "2026-04-01").expect(1e-9, map[string]float64{"retention.value": 90,
			"retention.start": 200, "retention.end": 200, "retention.new": 20})
	})
	t.Run("vector 27: 8% churn in 30 days is 63.7% a year", func(t *testing.T) {
		p := newProject(t)
		p.mustImport("customers", base(250, 20, 0, 0, 0, "B2C"))
		stdout, _, _ := p.run("report", "--from", "2026-03-01", "--to", "2026-03-31", "--lang", "nl")
		if !strings.Contains(stdout, "per jaar 63,7%") {
			t.Errorf("table does not show the yearly churn 63,7%%:\n%s", stdout)
		}
	})
	t.Run("vector 32: referral 15 of 120 new", func(t *testing.T) {
		p := newProject(t)
		p.mustImport("customers", base(10, 0, 120, 0, 15, "B2C"))
		p.report("2026-03-01", "2026-04-01").expect(1e-9, map[string]float64{"referral.value": 12.5,
			"referral.new": 120, "referral.referred": 15})
	})
	t.Run("split by segment; left out by channel", func(t *testing.T) {
		p := newProject(t)
		p.mustImport("customers", base(100, 10, 0, 0, 0, "Zakelijk")+strings.SplitN(base(50, 1, 0, 0, 0, "Particulier"), "\n", 2)[1])
		d := p.report("2026-03-01", "2026-04-01", "--by", "segment")
		d.expect(1e-9, map[string]float64{"groups.0.metrics.churn.value": 2, "groups.1.metrics.churn.value": 10})
		if k, _ := d.get("groups.0.key"); k != "Particulier" {
			t.Errorf("first group %v, want Particulier (sorted by key)", k)
		}
		p.mustImport("tickets", "ticket_id,created_at,channel\nT1,2026-03-02 10:00,email\n")
		byChannel := p.report("2026-03-01", "2026-04-01", "--by", "channel")
		for _, m := range []string{"churn", "retention", "clv", "referral", "engagement", "iqs"} {
			if _, ok := byChannel.get("groups.0.metrics." + m); ok {
				t.Errorf("%s is reported by channel; it must be left out", m)
			}
		}
		if _, ok := byChannel.get("groups.0.metrics.fcr"); !ok {
			t.Error("fcr missing from a channel group")
		}
	})
}

func TestVectorsCLV(t *testing.T) {
	t.Run("vector 28: aov 50, 5 a year, lifespan 3 years", func(t *testing.T) {
		p := newProject(t).withConfig("[clv]\nlifespan_years = 3\n")
		p.mustImport("orders", csvRows("order_id,customer_id,ordered_at,amount", 100, func(i int) string {
			return fmt.Sprintf("O%d,C%d,2025-%02d-10 10:00,50.00", i, i%20, 1+i%12)
		}))
		d := p.report("2025-01-01", "2026-01-01")
		d.expect(1e-9, map[string]float64{"clv.aov": 50, "clv.orders": 100,
			"clv.buyers": 20, "clv.frequency_per_year": 5, "clv.lifespan_years": 3, "clv.simple": 750})
		// 20 repeat buyers who all buy alike and never leave: the BG/NBD likelihood has no
		// maximum (the rates' spread runs off to zero), so the model gives no figure.
		d.expectNull("clv.predictive")
	})
	t.Run("vector 29: historical over all orders before the end", func(t *testing.T) {
		p := newProject(t)
		p.mustImport("orders", "order_id,customer_id,ordered_at,amount,gross_margin\n"+
			"O1,C1,2024-06-01 10:00,120,0.3\nO2,C1,2026-03-05 10:00,80,0.3\nO3,C1,2026-03-20 10:00,200,0.3\n"+
			"O4,C1,2026-04-05 10:00,1000,0.3\nO5,C2,2024-06-01 10:00,999,\n")
		d := p.report("2026-03-01", "2026-04-01")
		d.expect(1e-9, map[string]float64{"clv.historical": 120, "clv.buyers": 1, "clv.orders": 2, "clv.aov": 140})
		d.expectNull("clv.lifespan_years", "clv.simple", "clv.predictive") // no customers: no churn
	})
	t.Run("lifespan from yearly churn; default margin", func(t *testing.T) {
		p := newProject(t).withConfig("[clv]\ndefault_gross_margin = 0.5\n")
		var rows []string
		for i := range 100 {
			churn := ""
			if i < 10 {
				churn = "2025-07-01 10:00"
			}
			rows = append(rows, fmt.Sprintf("C%d,2024-01-01 10:00,%s", i, churn))
		}
		p.mustImport("customers", "customer_id,acquired_at,churned_at\n"+strings.Join(rows, "\n")+"\n")
		p.mustImport("orders", "order_id,customer_id,ordered_at,amount\nO1,C50,2025-03-01 10:00,100\nO2,C50,2025-09-01 10:00,60\n")
		// 10% churn over exactly a year → lifespan 10 years; aov 80, 2 orders a year.
		p.report("2025-01-01", "2026-01-01").expect(1e-9, map[string]float64{"churn.value": 10, "clv.lifespan_years": 10,
			"clv.simple": 1600, "clv.historical": 80})
	})
}

// TestCLVWindow is issue 16 point 2 by hand: a one-month period's CLV rests on the 12 months
// before its end, W = [2025-04-01, 2026-04-01), 365 days — its orders and its churn.
func TestCLVWindow(t *testing.T) {
	var rows []string
	for i := range 100 {
		churn := ""
		if i < 10 {
			churn = "2025-07-01 10:00" // in W, not in March 2026
		}
		rows = append(rows, fmt.Sprintf("C%d,2024-01-01 10:00,%s", i, churn))
	}
	customers := "customer_id,acquired_at,churned_at\n" + strings.Join(rows, "\n") + "\n"
	orders := "order_id,customer_id,ordered_at,amount\nO0,C50,2025-03-20 10:00,500\n" + // before W
		"O1,C50,2025-06-01 10:00,100\nO2,C50,2026-03-05 10:00,60\nO3,C50,2026-04-02 10:00,700\n" // O3 after
	t.Run("a month: orders and churn of the 12 months before its end", func(t *testing.T) {
		p := newProject(t)
		p.mustImport("customers", customers)
		p.mustImport("orders", orders)
		// W: orders 100 and 60 of one buyer → aov 80, 2 a year (2·365/365); S = 100, lost 10 →
		// 10% churn over 365 days, lifespan 10 years; simple 80·2·10 = 1600. March's own churn
		// is 0 (endless lifespan) and its frequency 365/31 a year: the old, exploding rule.
		p.report("2026-03-01", "2026-04-01").expect(1e-9, map[string]float64{"churn.value": 0,
			"clv.orders": 2, "clv.buyers": 1, "clv.aov": 80, "clv.frequency_per_year": 2,
			"clv.lifespan_years": 10, "clv.simple": 1600})
	})
	t.Run("no base at the start of W: no lifespan", func(t *testing.T) {
		p := newProject(t)
		p.mustImport("customers", "customer_id,acquired_at\nC50,2025-05-01 10:00\n")
		p.mustImport("orders", orders)
		p.report("2026-03-01", "2026-04-01").expectNull("clv.lifespan_years", "clv.simple")
	})
}

func TestEngagement(t *testing.T) {
	p := newProject(t).withConfig("[engagement]\ntraining = 1\nloyalty_program = 3\n")
	p.mustImport("customers", csvRows("customer_id,acquired_at,churned_at", 10, func(i int) string {
		churn := ""
		if i == 9 {
			churn = "2026-03-20 10:00" // not active at the end: its events do not count
		}
		return fmt.Sprintf("C%d,2025-01-01 10:00,%s", i, churn)
	}))
	p.mustImport("events", "event_id,customer_id,kind,at\n"+
		"E1,C0,training,2026-03-02 10:00\nE2,C0,training,2026-03-03 10:00\nE3,C1,Training,2026-03-04 10:00\n"+
		"E4,C9,training,2026-03-04 10:00\nE5,C2,loyalty_program,2026-03-05 10:00\nE6,C3,loyalty_program,2026-02-05 10:00\n")
	// E = 9; training: C0, C1 → 22.2%; loyalty: C2 → 11.1%; score (22.2 + 3·11.1)/4. The n
	// the score and each participation rest on is E, 9 customers, as other rates carry theirs.
	d := p.report("2026-03-01", "2026-04-01")
	d.expect(1e-9, map[string]float64{"engagement.n": 9, "engagement.participation.training": 200.0 / 9,
		"engagement.participation.loyalty_program": 100.0 / 9,
		"engagement.value":                         (200.0/9 + 3*100.0/9) / 4})
	// The table writes that n beside the score, starred: 9 is fewer than 30.
	out, stderr, code := p.run("report", "--from", "2026-03-01", "--to", "2026-04-01", "--format", "table", "--lang", "en")
	if code != 0 {
		t.Fatalf("report: exit %d\n%s", code, stderr)
	}
	if !regexp.MustCompile(`(?m)^Engagement +13\.9% +9\* `).MatchString(out) {
		t.Errorf("the table's engagement row lacks n 9*:\n%s", out)
	}
}

func TestVectorIQS(t *testing.T) {
	p := newProject(t).withConfig(`
[[scorecards.criteria]]
name = "Oplossing"
weight = 1
[[scorecards.criteria]]
name = "Toon"
weight = 2
[[scorecards.criteria]]
name = "Procedure"
weight = 2
[[scorecards.criteria]]
name = "Privacy"
weight = 5
critical = true
`)
	// vector 30: weights 1, 2, 2 at 100%, 50%, 100%, a fourth not applicable → 80. A second
	// review by another agent fails the critical criterion → 0.
	p.mustImport("reviews", "review_id,reviewed_at,agent,criterion,rating\n"+
		"Q1,2026-03-05 10:00,Anna,Oplossing,5\nQ1,2026-03-05 10:00,Anna,toon,3\nQ1,2026-03-05 10:00,Anna,Procedure,5\nQ1,2026-03-05 10:00,Anna,Privacy,\n"+
		"Q2,2026-03-06 10:00,Bram,Oplossing,5\nQ2,2026-03-06 10:00,Bram,Privacy,2\n")
	p.report("2026-03-01", "2026-04-01").expect(1e-9, map[string]float64{"iqs.value": 40, "iqs.n": 2})
	d := p.report("2026-03-01", "2026-04-01", "--by", "agent")
	d.expect(1e-9, map[string]float64{"groups.0.metrics.iqs.value": 80, "groups.1.metrics.iqs.value": 0})
	if bad := regexp.MustCompile(`"(churn|clv)"`); bad.MatchString(fmt.Sprint(d.m)) {
		t.Error("customer metrics in agent groups")
	}
}
