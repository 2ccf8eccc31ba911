package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Each preset's test file is in the shape its tool exports (/work/notes/exports.md, from the
// tools' documentation and code; names and values made up), imported with --preset; the
// report's figures are worked out by hand from the rows. Times without an offset are read in
// the default account zone, Europe/Amsterdam (CET, +01:00, in early March 2026); business
// hours are the default Mon–Fri 09:00–17:00.
func TestImportPresets(t *testing.T) {
	tests := []struct {
		preset  string
		file    string // in testdata/presets; empty: the preset's name and .csv
		summary string // the CLI's line: rows read, records per kind, written
		want    map[string]float64
	}{{
		// Zendesk Support, Admin Center > Reports > Export > CSV
		// (https://support.zendesk.com/hc/en-us/articles/4408886165402): one row per ticket, a
		// leading "Summation column", "Id" and "Requester id" as real files spell them, times
		// "2026-03-02 10:00:00" in the account's zone, durations in whole minutes, legacy CSAT as
		// Good/Bad/Offered/Not Offered, a Via with a comma ("Trigger, automation") and a subject
		// with a quote, both quoted; a custom field "Ticket Category [list]" at the end.
		preset:  "zendesk-tickets",
		summary: "12 rows read; records: tickets 12, responses 8; 20 written",
		want: map[string]float64{
			// 12 tickets, 4101–4112; 4101–4109 have a Solved at.
			"groups.0.metrics.tickets.created": 12, "groups.0.metrics.tickets.solved": 9,
			// Good 4101 4102 4104 4105 4107 4109, Bad 4103 4108 (Offered and Not Offered are
			// no rating): 8 responses, 6 of them 5 (Good) → CSAT 100·6/8 = 75; mean (6·5+2·1)/8 = 4.
			"groups.0.metrics.csat.n": 8, "groups.0.metrics.csat.positive": 6,
			"groups.0.metrics.csat.value": 75, "groups.0.metrics.csat.mean": 4,
			// First reply minutes 30 60 15 90 45 120 30 60 1020 20 6 (4112 none): n 11, sum 1496,
			// mean 136 min = 8160 s. All lie in office hours but 4109's: Fri 16:30 + 1020 min =
			// Sat 09:30, business only Fri 16:30–17:00 = 30 min; sum 1496 − 1020 + 30 = 506, mean
			// 46 min = 2760 s. 4112 is the one unanswered.
			"groups.0.metrics.first_response.calendar.n": 11, "groups.0.metrics.first_response.calendar.mean": 8160,
			"groups.0.metrics.first_response.business.mean": 2760, "groups.0.metrics.first_response.unanswered": 1,
		},
	}, {
		// Freshdesk, Tickets > Export (helpkit's Helpdesk::TicketsExportWorker, default field
		// order, "%F %T" times in the agent's zone, "(in hrs)" durations as hh:mm:ss, Survey
		// results as the classic survey's labels); a quoted description with quotes and a
		// comma, quoted tags.
		preset:  "freshdesk-tickets",
		summary: "10 rows read; records: tickets 10, responses 5; 15 written",
		want: map[string]float64{
			// 5101–5110; Resolved time on 5101–5107.
			"groups.0.metrics.tickets.created": 10, "groups.0.metrics.tickets.solved": 7,
			// Awesome 5101 5103 5106 (5), Just Okay 5102 (3), Not Good 5105 (1): n 5, positive 3,
			// CSAT 60, mean (15 + 3 + 1)/5 = 3.8.
			"groups.0.metrics.csat.n": 5, "groups.0.metrics.csat.value": 60, "groups.0.metrics.csat.mean": 3.8,
			// Initial response − Created: 30 60 15 45 90 20 40 120 min, all within office hours:
			// sum 420, mean 52.5 min = 3150 s, business the same; 5109 and 5110 unanswered.
			"groups.0.metrics.first_response.calendar.n": 8, "groups.0.metrics.first_response.calendar.mean": 3150,
			"groups.0.metrics.first_response.business.mean": 3150, "groups.0.metrics.first_response.unanswered": 2,
		},
	}, {
		// Chatwoot, Reports > CSAT > Download (app/views/api/v1/accounts/csat_survey_responses/
		// download.csv.erb): UTF-8 with a byte order mark, times "… UTC", a last line
		// "Reporting period …" that is no response (but a row read).
		preset:  "chatwoot-csat",
		summary: "13 rows read; records: responses 12; 12 written",
		want: map[string]float64{
			// Ratings 5 5 4 3 5 2 4 4 5 4 1 5: 9 of 12 are 4 or 5 → CSAT 75; sum 47.
			"groups.0.metrics.csat.n": 12, "groups.0.metrics.csat.positive": 9, "groups.0.metrics.csat.value": 75,
			"groups.0.metrics.csat.mean": 47.0 / 12,
		},
	}, {
		// Shopify, Orders > Export (https://help.shopify.com/manual/fulfillment/managing-orders/
		// exporting-orders): one row per line item, the order's fields on its first row only,
		// times "2026-03-02 14:04:12 +0100", zip codes with a leading ', all 79 columns.
		preset:  "shopify-orders",
		summary: "15 rows read; records: customers 7, orders 10; 17 written",
		want: map[string]float64{
			// Totals less refunds: 64.85, 25−10, 100, 40, 30.15, 50−20, 75, 19.95, 60.05, 45−5 =
			// 475 over 10 orders: AOV 47.5. Buyers anna bram chris dirk eva fleur gijs = 7, each
			// acquired at their first order, in March: 7 new customers; historical CLV 475/7.
			"groups.0.metrics.clv.orders": 10, "groups.0.metrics.clv.aov": 47.5, "groups.0.metrics.clv.buyers": 7,
			"groups.0.metrics.churn.new": 7, "groups.0.metrics.clv.historical": 475.0 / 7,
		},
	}, {
		// Typeform, Results > Responses > Download (CSV), in the shape real exports quoted in
		// public code show (/work/notes/exports.md §7a; the token is the API's response_id,
		// https://www.typeform.com/developers/responses/reference/retrieve-responses/): "#", the
		// questions under their Dutch titles, a hidden field, Response Type, the dates in UTC.
		preset:  "typeform-nps",
		summary: "12 rows read; records: responses 10; 10 written",
		want: map[string]float64{
			// Not responses: z9y8… is partial (no Submit Date), r2t4… skipped the question.
			// l4k2… at 2026-02-28 23:30 UTC is 1 March 00:30 in Amsterdam (CET): in the period
			// [1 March, 31 March); m5n3… at 2026-03-31 23:30 UTC is 1 April 01:30 (CEST): not. March's scores
			// 9 3 10 8 6 9 10 9 7: promoters 5, passives 2, detractors 2 → NPS 100·3/9.
			"groups.0.metrics.nps.n": 9, "groups.0.metrics.nps.promoters": 5,
			"groups.0.metrics.nps.detractors": 2, "groups.0.metrics.nps.value": 100.0 / 3,
			// "Wat kunnen we beter doen?" is the comment: filled on 6 of March's responses.
			"groups.0.metrics.feedback_response.n": 6,
		},
	}, {
		// Google Forms, Responses > Download responses (.csv), in the shape of a real download
		// pasted in public code (/work/notes/exports.md §7b): Timestamp with the owner's offset,
		// GMT+1 in winter and GMT+2 from 29 March, a grid question as "Title [Row]" columns.
		preset:  "google-forms-nps",
		summary: "13 rows read; records: responses 12; 12 written",
		want: map[string]float64{
			// The report's period is [1 March, 31 March) in Amsterdam. 28 Feb 11:59:59 PM GMT+1 is
			// before it, 31 Mar 12:00:30 AM GMT+2 after; 1 Mar 12:30 AM GMT+1 is 00:30 in
			// Amsterdam, 30 Mar 11:59 PM GMT+2 23:59: both in. 5 March left the question open. March's scores 9 4 7 10 10 2 8 9 6 10: promoters 5, passives 2,
			// detractors 3 → NPS 100·(5 − 3)/10 = 20.
			"groups.0.metrics.nps.n": 10, "groups.0.metrics.nps.promoters": 5,
			"groups.0.metrics.nps.detractors": 3, "groups.0.metrics.nps.value": 20,
			// Toelichting, the comment, on 1, 2, 4, 10 and 30 March (5 March's is no response).
			"groups.0.metrics.feedback_response.n": 5,
		},
	}, {
		// The same form's linked Sheet downloaded as CSV with the Dutch locale (exports.md §7b,
		// path 2, inferred): "Tijdstempel", times day first without an offset, read in the
		// account's zone.
		preset:  "google-forms-nps",
		file:    "google-forms-nps-sheet-nl.csv",
		summary: "11 rows read; records: responses 10; 10 written",
		want: map[string]float64{
			// 28-2 23:59:59 is before [1 March, 31 March), 31-3 0:15 after; 29-3 3:30 is just after
			// the clocks went to summer time; 12-3 left the question open. March's scores 10 9 0 7 9 5 10 8:
			// promoters 4, passives 2, detractors 2 → NPS 100·2/8 = 25.
			"groups.0.metrics.nps.n": 8, "groups.0.metrics.nps.promoters": 4,
			"groups.0.metrics.nps.detractors": 2, "groups.0.metrics.nps.value": 25,
			// Toelichting on 1-3, 3-3, 10-3 and 20-3.
			"groups.0.metrics.feedback_response.n": 4,
		},
	}, {
		// SurveyMonkey, All responses data as CSV, in the two-header-row shape of real exports
		// quoted in public code (/work/notes/exports.md §7c): a multiple choice over three
		// columns, an open question. The dates as 03/13/2026 02:05:16 PM in the account's zone
		// and the NPS answer as a number are inferred, not seen (the preset says so).
		preset:  "surveymonkey-nps",
		summary: "13 rows read; records: responses 12; 12 written",
		want: map[string]float64{
			// 02/28 11:59:30 PM is before [1 March, 31 March), 03/31 12:00:01 AM after; 03/04 is
			// 4 March (month first). …06 skipped the question. anna@example.nl answered 3 on
			// 2 March and 9 on 20 March: only her latest counts. So 9 voices: 9 10 7 6 8 0 9 10 5,
			// promoters 4, passives 2, detractors 3 → NPS 100·1/9.
			"groups.0.metrics.nps.n": 9, "groups.0.metrics.nps.promoters": 4,
			"groups.0.metrics.nps.detractors": 3, "groups.0.metrics.nps.value": 100.0 / 9,
			// "Toelichting / Open-Ended Response" is the comment: filled on …02 …03 …05 …07 …09
			// …10 in the period (a superseded response's comment counts too).
			"groups.0.metrics.feedback_response.n": 6,
		},
	}}
	for _, tt := range tests {
		if tt.file == "" {
			tt.file = tt.preset + ".csv"
		}
		t.Run(tt.file, func(t *testing.T) {
			p := newProject(t)
			path := filepath.Join("testdata", "presets", tt.file)
			_, stderr, code := p.run("import", "--preset", tt.preset, path)
			if code != 0 || !strings.Contains(stderr, path+": "+tt.summary) {
				t.Fatalf("exit %d, want 0 and %q:\n%s", code, tt.summary, stderr)
			}
			p.report("2026-03-01", "2026-03-31").expect(1e-9, tt.want)
		})
	}
}

// A mapping file of one's own: a Dutch helpdesk's export with semicolons, day-first dates,
// the first reply as minutes with a decimal comma.
func TestImportMap(t *testing.T) {
	p := newProject(t)
	m := p.file("helpdesk.toml", `title = "Mijn helpdesk"
[kinds.tickets.fields]
ticket_id = { column = "Nummer" }
created_at = { column = "Aangemaakt" }
first_reply_at = { column = "Eerste reactie (min)", unit = "minutes", after = "created_at" }
solved_at = { column = "Opgelost" }
channel = { column = "Kanaal", values = { "Telefoon" = "phone", "E-mail" = "email" } }
`)
	// Mon 2 March 2026: 10:00 + 30,5 min = 10:30:30; 11:00 + 59,5 min = 11:59:30 (rounded to the
	// second); T3 unanswered. Mean (1830 + 3570)/2 = 2700 s. Solved: T1 and T2.
	src := p.file("export.csv", "Nummer;Aangemaakt;Eerste reactie (min);Opgelost;Kanaal\n"+
		"T1;02-03-2026 10:00;30,5;02-03-2026 12:00;E-mail\n"+
		"T2;02-03-2026 11:00;59,5;03-03-2026 09:00;Telefoon\n"+
		"T3;02-03-2026 12:00;;;E-mail\n")
	_, stderr, code := p.run("import", "--map", m, src)
	if code != 0 || !strings.Contains(stderr, "3 rows read; records: tickets 3; 3 written") {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	p.report("2026-03-01", "2026-03-31").expect(1e-9, map[string]float64{
		"groups.0.metrics.tickets.created": 3, "groups.0.metrics.tickets.solved": 2,
		"groups.0.metrics.first_response.calendar.mean": 2700, "groups.0.metrics.tickets.share.phone": 100.0 / 3,
	})
}

// A bad row of an export: the error names the export's line and column, and nothing of the
// file — of any kind — is committed; with --skip-invalid the good rows are, and the refused
// source row is in the rejects file as read, with its reason in 'fout'.
func TestImportPresetBadRow(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("testdata", "presets", "zendesk-tickets.csv"))
	if err != nil {
		t.Fatal(err)
	}
	// Line 3 (ticket 4102) gets a first reply of "veel" minutes.
	lines := strings.SplitAfter(string(good), "\n")
	lines[2] = strings.Replace(lines[2], ",2,60,60,240,", ",2,veel,60,240,", 1)
	p := newProject(t)
	path := p.file("export.csv", strings.Join(lines, ""))
	_, stderr, code := p.run("import", "--preset", "zendesk-tickets", path)
	want := path + `:3: First reply time in minutes: "veel" is not a number`
	if code != 1 || !strings.Contains(stderr, want) {
		t.Fatalf("exit %d, want 1 and %q:\n%s", code, want, stderr)
	}
	if n := p.count("tickets"); n != 0 {
		t.Errorf("%d tickets committed, want none", n)
	}
	if n := p.count("responses"); n != 0 {
		t.Errorf("%d responses committed, want none", n)
	}
	_, stderr, code = p.run("import", "--preset", "zendesk-tickets", "--skip-invalid", path)
	if code != 0 || !strings.Contains(stderr, "12 rows read, 1 refused; records: tickets 11, responses 7; 18 written") {
		t.Fatalf("--skip-invalid: exit %d\n%s", code, stderr)
	}
	rejects, err := os.ReadFile(path + ".rejects.csv")
	if err != nil {
		t.Fatal(err)
	}
	if r := string(rejects); !strings.Contains(r, ",fout\n") || !strings.Contains(r, "1,4102,Bram Smit,") || strings.Count(r, "\n") != 2 {
		t.Errorf("rejects file:\n%s", r)
	}
}

// How the command line says what to give: --kind with a preset is refused, a known export
// without --preset is named but not guessed, and --list-presets lists every preset with its
// title and documentation.
func TestImportPresetUsage(t *testing.T) {
	p := newProject(t)
	zendesk := filepath.Join("testdata", "presets", "zendesk-tickets.csv")
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--kind", "tickets", "--preset", "zendesk-tickets", zendesk}, 2, "--kind is for klantpuls's own files"},
		{[]string{"--map", "x.toml", "--preset", "zendesk-tickets", zendesk}, 2, "give one of them"},
		{[]string{zendesk}, 2, zendesk + " looks like Zendesk: tickets (Admin Center CSV export): import it with --preset zendesk-tickets"},
		{[]string{p.file("own.csv", "ticket_id,created_at\nT1,2026-03-02 10:00\n")}, 2, "give --kind KIND for klantpuls's own files, or --preset NAME or --map FILE"},
		{[]string{"--preset", "trengo", zendesk}, 2, `no preset "trengo"; the presets are chatwoot-csat, freshdesk-tickets, google-forms-nps, shopify-orders, surveymonkey-nps, typeform-nps, zendesk-tickets`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			_, stderr, code := p.run(append([]string{"import"}, tt.args...)...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, want %d and %q:\n%s", code, tt.code, tt.want, stderr)
			}
		})
	}
	stdout, stderr, code := p.run("import", "--list-presets")
	for _, want := range []string{"zendesk-tickets\n  Zendesk: tickets (Admin Center CSV export)\n  source: https://support.zendesk.com/hc/en-us/articles/4408886165402",
		"shopify-orders\n", "chatwoot-csat\n", "freshdesk-tickets\n"} {
		if code != 0 || !strings.Contains(stdout, want) {
			t.Errorf("--list-presets: exit %d, want %q in:\n%s%s", code, want, stdout, stderr)
		}
	}
}
