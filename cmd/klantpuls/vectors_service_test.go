package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/metric"
)

// Service vectors of metrics.md section 5 (business hours: Amsterdam, Mon–Fri 09:00–17:00,
// Dutch holidays, unless a case says otherwise), through import → report.

const ticketHeader = "ticket_id,created_at,first_reply_at,team"

func TestVectorsFirstResponse(t *testing.T) {
	tests := []struct {
		name             string
		config           string
		created, replied string
		team             string
		business         float64
		calendar         float64 // checked when not 0
	}{
		{name: "vector 12: Friday evening to Monday morning", created: "2026-03-13 17:30", replied: "2026-03-16 09:30",
			business: 1800, calendar: 230400},
		{name: "vector 13: within one day", created: "2026-03-10 10:00", replied: "2026-03-10 14:15", business: 15300, calendar: 15300},
		{name: "vector 14: overnight", created: "2026-03-11 16:00", replied: "2026-03-12 10:00", business: 7200},
		{name: "vector 15: Koningsdag on Monday 27 April 2026", created: "2026-04-24 16:30", replied: "2026-04-28 09:45",
			business: 4500, calendar: 321300},
		{name: "vector 16: DST change in between", created: "2026-03-27T16:00:00+01:00", replied: "2026-03-30T10:00:00+02:00",
			business: 7200, calendar: 234000},
		{name: "vector 17: Saturday", created: "2026-03-14 10:00", replied: "2026-03-14 11:00", business: 0, calendar: 3600},
		{name: "Koningsdag on a Sunday: Saturday 26 April 2025 is the holiday", team: "Weekend",
			config:  "[hours.team.Weekend]\nmon=[\"09:00-17:00\"]\ntue=[\"09:00-17:00\"]\nwed=[\"09:00-17:00\"]\nthu=[\"09:00-17:00\"]\nfri=[\"09:00-17:00\"]\nsat=[\"09:00-17:00\"]\nsun=[\"09:00-17:00\"]\n",
			created: "2025-04-25 09:00", replied: "2025-04-28 09:00", business: 57600}, // Fri 8 h + Sun 8 h
		{name: "Bevrijdingsdag in a lustrum year (Monday 5 May 2025) is closed",
			created: "2025-05-02 16:00", replied: "2025-05-06 10:00", business: 7200},
		{name: "Bevrijdingsdag outside a lustrum year (Tuesday 5 May 2026) is open",
			created: "2026-05-04 16:00", replied: "2026-05-06 10:00", business: 36000},
		{name: "a team with its own hours in Brussels", team: "support be",
			config:  "[hours.team.\"Support BE\"]\ntimezone=\"Europe/Brussels\"\nholidays=\"be\"\nmon=[\"08:00-16:00\"]\ntue=[\"08:00-16:00\"]\nwed=[\"08:00-16:00\"]\nthu=[\"08:00-16:00\"]\nfri=[\"08:00-16:00\"]\n",
			created: "2026-03-13 15:30", replied: "2026-03-16 08:30", business: 3600},
		{name: "24/7 across the spring DST change", team: "Nacht",
			config:  "[hours.team.Nacht]\nholidays=\"none\"\nmon=[\"00:00-24:00\"]\ntue=[\"00:00-24:00\"]\nwed=[\"00:00-24:00\"]\nthu=[\"00:00-24:00\"]\nfri=[\"00:00-24:00\"]\nsat=[\"00:00-24:00\"]\nsun=[\"00:00-24:00\"]\n",
			created: "2026-03-28T12:00:00+01:00", replied: "2026-03-29T12:00:00+02:00", business: 82800, calendar: 82800},
		{name: "extra closed date from the config", config: "[hours.default]\nmon=[\"09:00-17:00\"]\ntue=[\"09:00-17:00\"]\nwed=[\"09:00-17:00\"]\nthu=[\"09:00-17:00\"]\nfri=[\"09:00-17:00\"]\nclosed=[\"2026-12-24\"]\n",
			created: "2026-12-23 16:00", replied: "2026-12-28 10:00", business: 7200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newProject(t)
			if tt.config != "" {
				p.withConfig(tt.config)
			}
			p.mustImport("tickets", fmt.Sprintf("%s\nT1,%s,%s,%s\n", ticketHeader, tt.created, tt.replied, tt.team))
			want := map[string]float64{"first_response.business.n": 1, "first_response.business.mean": tt.business}
			if tt.calendar != 0 {
				want["first_response.calendar.mean"] = tt.calendar
			}
			p.report("2025-01-01", "2027-01-01").expect(0, want)
		})
	}
	t.Run("vector 18: mean 5760, median 4500", func(t *testing.T) {
		p := newProject(t)
		p.mustImport("tickets", ticketHeader+"\n"+
			"T12,2026-03-13 17:30,2026-03-16 09:30,\nT13,2026-03-10 10:00,2026-03-10 14:15,\n"+
			"T14,2026-03-11 16:00,2026-03-12 10:00,\nT15,2026-04-24 16:30,2026-04-28 09:45,\n"+
			"T17,2026-03-14 10:00,2026-03-14 11:00,\n")
		p.report("2026-03-01", "2026-05-01").expect(1e-9, map[string]float64{"first_response.business.n": 5,
			"first_response.business.mean": 5760, "first_response.business.median": 4500,
			"first_response.business.p90": 12060}) // h = 3.6 between 7200 and 15300
	})
	t.Run("unanswered: inbound, created before the end, no reply before the end", func(t *testing.T) {
		p := newProject(t)
		p.mustImport("tickets", "ticket_id,created_at,first_reply_at,direction,solved_at\n"+
			"A,2026-02-10 10:00,,,\n"+ // never answered, from an earlier period: backlog
			"B,2026-03-10 10:00,2026-04-02 10:00,,\n"+ // answered after the period
			"C,2026-03-10 10:00,2026-03-10 11:00,,\n"+ // answered in time
			"D,2026-03-10 10:00,,outbound,\n"+ // outbound: not waiting for us
			"E,2026-03-10 10:00,,,2026-03-11 10:00\n"+ // solved without reply: still unanswered
			"F,2026-04-10 10:00,,,\n") // created after the period
		d := p.report("2026-03-01", "2026-04-01")
		d.expect(0, map[string]float64{"first_response.unanswered": 3, "first_response.calendar.n": 1})
	})
}

func TestVectorReplyTime(t *testing.T) {
	// vector 19: customer 09:00, agent 09:20, customer 10:00, customer 10:05, agent 10:35,
	// agent 10:40 → samples 20 min and 35 min, mean 1650 s.
	p := newProject(t)
	p.mustImport("tickets", "ticket_id,created_at,first_reply_at,agent_replies\nT1,2026-03-10 09:00,2026-03-10 09:01,7\n")
	p.mustImport("messages", "message_id,ticket_id,at,author,agent\n"+
		"m1,T1,2026-03-10 09:00,customer,\nm2,T1,2026-03-10 09:20,agent,Anna\nm3,T1,2026-03-10 10:00,customer,\n"+
		"m4,T1,2026-03-10 10:05,customer,\nm5,T1,2026-03-10 10:35,agent,Anna\nm6,T1,2026-03-10 10:40,agent,Anna\n"+
		"m7,T1,2026-03-10 10:50,note,Anna\nm8,T1,2026-03-10 10:55,bot,\n")
	d := p.report("2026-03-01", "2026-04-01")
	d.expect(0, map[string]float64{"reply_time.calendar.n": 2, "reply_time.calendar.mean": 1650,
		"reply_time.business.mean": 1650,
		// Messages replace the ticket's columns: the first reply is 09:20, three agent replies.
		"first_response.calendar.mean": 1200})
	t.Run("creation counts as the question when an agent speaks first", func(t *testing.T) {
		p := newProject(t)
		p.mustImport("messages", "message_id,ticket_id,at,author\nm1,T1,2026-03-10 09:30,bot\nm2,T1,2026-03-10 10:00,agent\n")
		p.mustImport("tickets", "ticket_id,created_at,first_reply_at\nT1,2026-03-10 09:00,2026-03-10 09:05\n")
		p.report("2026-03-01", "2026-04-01").expect(0, map[string]float64{"reply_time.calendar.n": 1,
			"reply_time.calendar.mean": 3600, "first_response.calendar.mean": 3600})
	})
	t.Run("messages without an agent message: no first reply, whatever the column says", func(t *testing.T) {
		p := newProject(t)
		p.mustImport("tickets", "ticket_id,created_at,first_reply_at\nT1,2026-03-10 09:00,2026-03-10 09:05\n")
		p.mustImport("messages", "message_id,ticket_id,at,author\nm1,T1,2026-03-10 09:00,customer\nm2,T1,2026-03-10 09:05,bot\n")
		p.report("2026-03-01", "2026-04-01").expect(0, map[string]float64{"first_response.calendar.n": 0, "first_response.unanswered": 1})
	})
}

func TestVectorsResolution(t *testing.T) {
	t.Run("vector 20: 4 h, 10 h, 28 h and one unsolved", func(t *testing.T) {
		p := newProject(t)
		p.mustImport("tickets", "ticket_id,created_at,solved_at\n"+
			"A,2026-03-02 08:00,2026-03-02 12:00\nB,2026-03-02 08:00,2026-03-02 18:00\n"+
			"C,2026-03-02 08:00,2026-03-03 12:00\nD,2026-03-02 08:00,\n")
		p.report("2026-03-01", "2026-04-01").expect(1e-9, map[string]float64{"resolution.calendar.n": 3,
			"resolution.calendar.mean": 14 * 3600, "resolution.calendar.median": 10 * 3600,
			"tickets.created": 4, "tickets.solved": 3})
	})
	t.Run("vector 21: complaint Monday 10:00 to Wednesday 15:00", func(t *testing.T) {
		p := newProject(t)
		p.mustImport("tickets", "ticket_id,created_at,solved_at,complaint\nK,2026-03-09 10:00,2026-03-11 15:00,ja\nX,2026-03-09 10:00,2026-03-09 11:00,nee\n")
		p.report("2026-03-01", "2026-04-01").expect(1e-9, map[string]float64{"complaint_resolution.mean_days": 2,
			"complaint_resolution.calendar.mean": 53 * 3600, "complaint_resolution.business.mean": 21 * 3600,
			"complaint_resolution.calendar.n": 1})
	})
	t.Run("first resolution is attributed to first_solved_at", func(t *testing.T) {
		p := newProject(t)
		p.mustImport("tickets", "ticket_id,created_at,first_solved_at,solved_at,reopens\nA,2026-03-30 10:00,2026-03-31 10:00,2026-04-02 10:00,1\n")
		d := p.report("2026-03-01", "2026-04-01")
		d.expect(0, map[string]float64{"first_resolution.calendar.n": 1, "first_resolution.calendar.mean": 86400,
			"first_resolution.business.mean": 8 * 3600, "resolution.calendar.n": 0}) // Mon 10–17 + Tue 9–10
		d.expectNull("fcr.value")
	})
	t.Run("vector 22: FCR", func(t *testing.T) {
		pairs := [][2]int{{1, 0}, {1, 0}, {0, 0}, {2, 0}, {2, 1}, {1, 0}, {3, 0}, {1, 0}, {1, 0}, {1, 1}}
		p := newProject(t)
		p.mustImport("tickets", csvRows("ticket_id,created_at,solved_at,agent_replies,reopens", len(pairs), func(i int) string {
			return fmt.Sprintf("T%d,2026-03-02 08:00,2026-03-02 12:00,%d,%d", i, pairs[i][0], pairs[i][1])
		}))
		p.report("2026-03-01", "2026-04-01").expect(1e-9, map[string]float64{"fcr.value": 60, "fcr.n": 10, "fcr.first_contact": 6})
	})
	t.Run("vector 23: wait 500 minutes over 200 answered calls", func(t *testing.T) {
		p := newProject(t)
		p.mustImport("tickets", csvRows("ticket_id,created_at,channel,wait_seconds,handle_seconds", 200, func(i int) string {
			return fmt.Sprintf("T%d,2026-03-02 08:00,phone,%d,%d", i, 100+100*(i%2), 300)
		}))
		p.report("2026-03-01", "2026-04-01").expect(1e-9, map[string]float64{"wait_time.n": 200, "wait_time.mean": 150,
			"handle_time.mean": 300, "tickets.share.phone": 100})
	})
}

func TestChannelShare(t *testing.T) {
	p := newProject(t)
	channels := []string{"email", "Email ", "chat", "phone", "EMAIL"}
	p.mustImport("tickets", csvRows("ticket_id,created_at,channel", len(channels), func(i int) string {
		return fmt.Sprintf("T%d,2026-03-02 08:00,%s", i, channels[i])
	}))
	d := p.report("2026-03-01", "2026-04-01")
	d.expect(1e-9, map[string]float64{"tickets.share.email": 60, "tickets.share.chat": 20, "tickets.share.phone": 20})
	// Channel names compare case-insensitively and show as first seen.
	by := p.report("2026-03-01", "2026-04-01", "--by", "channel")
	var keys []string
	for i := range 3 {
		v, _ := by.get(fmt.Sprintf("groups.%d.key", i))
		keys = append(keys, fmt.Sprint(v))
	}
	if got := strings.Join(keys, ","); got != "chat,email,phone" {
		t.Errorf("groups = %s, want chat,email,phone", got)
	}
	by.expect(0, map[string]float64{"groups.1.metrics.tickets.created": 3})
}

// TestVectorsMissingReplyData: figures an export cannot give are not measured — null with
// n 0, shown as such by every format — never a perfect 100% or 0 s (metrics.md section 2,
// vectors 33 and 34).
func TestVectorsMissingReplyData(t *testing.T) {
	t.Run("vector 33: agent_replies 1, empty, 2, empty", func(t *testing.T) {
		p := newProject(t)
		p.mustImport("tickets", "ticket_id,created_at,solved_at,agent_replies,reopens\n"+
			"A,2026-03-02 08:00,2026-03-02 12:00,1,0\nB,2026-03-02 08:00,2026-03-02 12:00,,0\n"+
			"C,2026-03-02 08:00,2026-03-02 12:00,2,0\nD,2026-03-02 08:00,2026-03-02 12:00,,0\n")
		p.report("2026-03-01", "2026-04-01").expect(1e-9, map[string]float64{"fcr.value": 50, "fcr.n": 2,
			"fcr.first_contact": 1, "tickets.solved": 4})
	})
	t.Run("vector 34: an export without reply, wait and handle data", func(t *testing.T) {
		p := newProject(t)
		p.mustImport("tickets", "ticket_id,created_at,solved_at\nA,2026-03-02 08:00,2026-03-02 12:00\n")
		d := p.report("2026-03-01", "2026-04-01")
		d.expectNull("fcr.value", "first_response.business.mean", "first_response.calendar.mean",
			"wait_time.mean", "handle_time.mean")
		d.expect(0, map[string]float64{"fcr.n": 0, "fcr.first_contact": 0, "first_response.business.n": 0,
			"wait_time.n": 0, "handle_time.n": 0, "tickets.solved": 1, "resolution.calendar.n": 1})
		// The table shows a figure not measured as every null figure: a dash, n 0.
		fcr, _ := metric.Lookup("fcr")
		for _, lang := range []string{"nl", "en"} {
			stdout, _, _ := p.run("report", "--from", "2026-03-01", "--to", "2026-04-01", "--lang", lang)
			label := fcr.Label.In(lang)
			if line := lineOf(stdout, label); !regexp.MustCompile(`^` + regexp.QuoteMeta(label) + ` +– +0 *$`).MatchString(line) {
				t.Errorf("%s table: FCR line %q, want a dash and n 0", lang, line)
			}
		}
		// The CSV, like the JSON: an empty cell, n 0.
		stdout, _, _ := p.run("report", "--from", "2026-03-01", "--to", "2026-04-01", "--format", "csv")
		for _, want := range []string{",fcr,value,,true\n", ",fcr,n,0,false\n", ",wait_time,mean,,true\n"} {
			if !strings.Contains(stdout, want) {
				t.Errorf("csv has no line ending in %q:\n%s", want, stdout)
			}
		}
	})
}
