package main

import (
	"fmt"
	"math"
	"testing"
)

// TestGroupsFollowTheirRecords: an answer takes its channel, team and agent from its ticket
// unless it has its own; tickets and answers take their customer's segment; reply time goes to
// the agent who replied.
func TestGroupsFollowTheirRecords(t *testing.T) {
	p := newProject(t)
	p.mustImport("customers", "customer_id,acquired_at,segment\nC1,2025-01-01 10:00,Zakelijk\nC2,2025-01-01 10:00,particulier\n")
	p.mustImport("tickets", "ticket_id,created_at,customer_id,channel,team,agent\n"+
		"T1,2026-03-02 10:00,C1,email,Support,Anna\nT2,2026-03-02 10:00,C2,chat,Support,Bram\n")
	p.mustImport("messages", "message_id,ticket_id,at,author,agent\n"+
		"m1,T1,2026-03-02 10:00,customer,\nm2,T1,2026-03-02 10:30,agent,Cem\n")
	p.mustImport("responses", "response_id,survey,score,submitted_at,ticket_id,agent,customer_id\n"+
		"R1,csat,5,2026-03-03 10:00,T1,,\nR2,csat,1,2026-03-03 10:00,T2,Anna,\nR3,nps,10,2026-03-03 10:00,,,C2\n")

	byAgent := p.report("2026-03-01", "2026-04-01", "--by", "agent")
	want := map[string]map[string]float64{
		"Anna": {"csat.n": 2, "csat.positive": 1, "tickets.created": 1, "reply_time.calendar.n": 0},
		"Bram": {"csat.n": 0, "tickets.created": 1},
		"Cem":  {"reply_time.calendar.n": 1, "reply_time.calendar.mean": 1800, "tickets.created": 0},
	}
	byKey := groupIndex(byAgent)
	for agent, figures := range want {
		i, ok := byKey[agent]
		if !ok {
			t.Errorf("no group for agent %s (groups %v)", agent, byKey)
			continue
		}
		for path, v := range figures {
			byAgent.expect(0, map[string]float64{fmt.Sprintf("groups.%d.metrics.%s", i, path): v})
		}
	}
	bySegment := p.report("2026-03-01", "2026-04-01", "--by", "segment")
	seg := groupIndex(bySegment)
	bySegment.expect(0, map[string]float64{
		fmt.Sprintf("groups.%d.metrics.csat.n", seg["Zakelijk"]):         1, // R1 through T1's customer
		fmt.Sprintf("groups.%d.metrics.csat.n", seg["particulier"]):      1, // R2 through T2's customer
		fmt.Sprintf("groups.%d.metrics.nps.n", seg["particulier"]):       1, // R3's own customer
		fmt.Sprintf("groups.%d.metrics.churn.start", seg["particulier"]): 1,
	})
}

func groupIndex(d doc) map[string]int {
	idx := map[string]int{}
	for i := 0; ; i++ {
		k, ok := d.get(fmt.Sprintf("groups.%d.key", i))
		if !ok {
			return idx
		}
		idx[fmt.Sprint(k)] = i
	}
}

// expectGroups checks a --by report: want maps a group key to its figures (paths under the
// group's metrics); a key without a group is an error.
func (d doc) expectGroups(by string, want map[string]map[string]float64) {
	d.t.Helper()
	at := groupIndex(d)
	for key, figures := range want {
		i, ok := at[key]
		if !ok {
			d.t.Errorf("--by %s: no group %q (groups %v)", by, key, at)
			continue
		}
		for path, v := range figures {
			if got := d.num(fmt.Sprintf("groups.%d.metrics.%s", i, path)); math.Abs(got-v) > 1e-9 {
				d.t.Errorf("--by %s, group %q: %s = %v, want %v", by, key, path, got, v)
			}
		}
	}
}
