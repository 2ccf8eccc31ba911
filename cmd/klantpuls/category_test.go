package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// contactReasons imports a small March by hand: T1 and T2 Levering (" levering " is the same
// category), T3 Retour with transfers empty, T4 without a category; CSAT answers on T1 (5), T2
// (2) and T3 (4), and an NPS answer without a ticket.
func contactReasons(t *testing.T) *project {
	p := newProject(t)
	p.mustImport("tickets", "ticket_id,created_at,channel,category,first_reply_at,solved_at,agent_replies,reopens,transfers\n"+
		"T1,2026-03-02 09:00,email,Levering,2026-03-02 10:00,2026-03-02 12:00,1,0,0\n"+
		"T2,2026-03-03 09:00,email, levering ,2026-03-03 11:00,2026-03-04 09:00,3,0,2\n"+
		"T3,2026-03-03 10:00,chat,Retour,2026-03-03 10:30,2026-03-03 11:00,1,0,\n"+
		"T4,2026-03-04 09:00,chat,,,,,,\n")
	p.mustImport("responses", "response_id,survey,score,submitted_at,ticket_id\n"+
		"R1,csat,5,2026-03-05 12:00,T1\nR2,csat,2,2026-03-05 12:00,T2\nR3,csat,4,2026-03-05 12:00,T3\n"+
		"R4,nps,9,2026-03-05 12:00,\n")
	return p
}

// TestReportByCategory: `report --by category` splits tickets by their category and answers by
// their ticket's (an answer without a ticket is in the group without one), with the transfer
// rate over the tickets whose transfers are known; customer metrics are left out.
func TestReportByCategory(t *testing.T) {
	p := contactReasons(t)
	d := p.report("2026-03-01", "2026-04-01", "--by", "category")
	if by, _ := d.get("by"); by != "category" {
		t.Errorf("by = %v, want category", by)
	}
	d.expectGroups("category", map[string]map[string]float64{
		"": {"tickets.created": 1, "csat.n": 0, "nps.n": 1, "transfers.n": 0},
		// T1 replied in 3600 business seconds, T2 in 7200; T2 took 3 replies and 2 transfers.
		"Levering": {"tickets.created": 2, "tickets.solved": 2, "first_response.business.mean": 5400,
			"fcr.value": 50, "fcr.n": 2, "transfers.value": 50, "transfers.n": 2, "transfers.transferred": 1,
			"csat.value": 50, "csat.n": 2, "nps.n": 0},
		"Retour": {"tickets.created": 1, "fcr.value": 100, "csat.value": 100, "csat.n": 1, "transfers.n": 0},
	})
	at := groupIndex(d)
	if len(at) != 3 {
		t.Errorf("groups %v, want \"\", Levering, Retour", at)
	}
	for key, i := range at {
		if _, ok := d.get(fmt.Sprintf("groups.%d.metrics.churn", i)); ok {
			t.Errorf("group %q has churn: customers have no category", key)
		}
	}
	d.expectNull(fmt.Sprintf("groups.%d.metrics.transfers.value", at["Retour"]),
		fmt.Sprintf("groups.%d.metrics.transfers.value", at[""]))
	// Unsplit: T1 and T2 measured, T3 not known: 1 of 2.
	p.report("2026-03-01", "2026-04-01").expect(1e-9, map[string]float64{"transfers.value": 50, "transfers.n": 2})
}

// TestReportByCategoryTable: the table heads each group with the category in the user's
// language and shows the transfer rate with its count, starred below 30.
func TestReportByCategoryTable(t *testing.T) {
	p := contactReasons(t)
	for _, tt := range []struct{ lang, heading, none, line string }{
		{"nl", "Categorie: Levering", "Categorie: (geen)", `^Doorgezet +50,0% +2\* +doorgezet 1$`},
		{"en", "Category: Levering", "Category: (none)", `^Transfer rate +50\.0% +2\* +transferred 1$`},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			stdout, stderr, code := p.run("report", "--from", "2026-03-01", "--to", "2026-04-01", "--by", "category", "--lang", tt.lang)
			if code != 0 {
				t.Fatalf("exit %d\n%s", code, stderr)
			}
			_, levering, ok := strings.Cut(stdout, tt.heading+"\n")
			if !ok || !strings.Contains(stdout, tt.none+"\n") {
				t.Fatalf("no %q or %q heading:\n%s", tt.heading, tt.none, stdout)
			}
			levering, _, _ = strings.Cut(levering, "\n\n")
			label := strings.Fields(strings.TrimPrefix(tt.line, "^"))[0]
			if line := lineOf(levering, label); !regexp.MustCompile(tt.line).MatchString(line) {
				t.Errorf("transfer line %q, want %s", line, tt.line)
			}
		})
	}
	if _, stderr, code := p.run("report", "--from", "2026-03-01", "--to", "2026-04-01", "--by", "reason"); code != exitUsage ||
		!strings.Contains(stderr, "category") {
		t.Errorf("--by reason: exit %d, %q; want a usage error naming category", code, stderr)
	}
}
