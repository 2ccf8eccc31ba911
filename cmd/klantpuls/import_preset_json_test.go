package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// Zendesk's JSON files, read by the JSON sheet (one row per ticket or rating, its columns the
// dotted paths of the object) and the zendesk-*-json presets; figures worked out by hand. All
// times are UTC; the report is March 2026 in Europe/Amsterdam (CET +01:00, CEST +02:00 from
// 29 March 02:00).
func TestImportZendeskJSON(t *testing.T) {
	tests := []struct {
		preset, file, summary string
		want                  map[string]float64
	}{{
		// Admin Center > Tools > Reports > Export > JSON export
		// (https://support.zendesk.com/hc/en-us/articles/4408886165402): NDJSON, one
		// {"ticket":{…}} per line, the Tickets API's ticket object
		// (https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/) with its
		// comments, custom fields, via source and satisfaction_rating, times in UTC.
		preset: "zendesk-tickets-json", file: "zendesk-tickets-json.json",
		summary: "13 rows read; records: tickets 13; 13 written",
		want: map[string]float64{
			// 4200 at 28 Feb 22:30Z is 23:30 CET, February; 4201 at 28 Feb 23:30Z is 1 March
			// 00:30: in. 4211 at 30 March 21:30Z is 23:30 CEST: in; 4212 at 22:30Z is 31 March
			// 00:30: out. So 4201–4211: 11 tickets, none with a solved time in the object.
			"groups.0.metrics.tickets.created": 11, "groups.0.metrics.tickets.solved": 0,
			// via.channel: email 4201 4203 4206 4209, web 4202 4208 4211, chat 4204 4210, voice
			// (phone) 4205, native_messaging (messaging) 4207.
			"groups.0.metrics.tickets.share.email": 400.0 / 11, "groups.0.metrics.tickets.share.web": 300.0 / 11,
			"groups.0.metrics.tickets.share.chat": 200.0 / 11, "groups.0.metrics.tickets.share.phone": 100.0 / 11,
			"groups.0.metrics.tickets.share.messaging": 100.0 / 11,
		},
	}, {
		// GET /api/v2/satisfaction_ratings saved as two pages, one a line
		// (https://developer.zendesk.com/api-reference/ticketing/ticket-management/satisfaction_ratings/):
		// {"satisfaction_ratings":[…],"next_page":…,"previous_page":…,"count":11}.
		preset: "zendesk-satisfaction-json", file: "zendesk-satisfaction-json.json",
		summary: "11 rows read; records: responses 9; 9 written",
		want: map[string]float64{
			// 11 ratings; 35002 offered and 35005 unoffered are no response: 9. Dated at
			// updated_at: 35012 (28 Feb 20:00Z) and 35011 (31 March 08:00Z = 10:00 CEST) lie
			// outside March's [1, 31); 35011 was created 30 March 20:00Z, inside, so dating at
			// created_at would count it. In: 35001 good, 35003 bad, 35004 good, 35006 good,
			// 35008 good, 35009 bad, 35010 good: n 7, 5 positive, CSAT 500/7, mean (5·5 + 2·1)/7.
			"groups.0.metrics.csat.n": 7, "groups.0.metrics.csat.positive": 5,
			"groups.0.metrics.csat.value": 500.0 / 7, "groups.0.metrics.csat.mean": 27.0 / 7,
			// Comments on 35003, 35004 and 35009 (35006's is "", the others null).
			"groups.0.metrics.feedback_response.n": 3,
		},
	}}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			p := newProject(t)
			p.importPreset(filepath.Join("testdata", "presets", tt.file), tt.summary, "--preset", tt.preset)
			p.report("2026-03-01", "2026-03-31").expect(1e-9, tt.want)
		})
	}
}

// A JSON file is recognised by its paths, as a CSV file by its header; a rating the preset
// does not know is refused, the error naming the line its object starts on (an API page is one
// line), the JSON field and the value.
func TestImportZendeskJSONRecognisedAndRefused(t *testing.T) {
	p := newProject(t)
	for preset, file := range map[string]string{"zendesk-tickets-json": "zendesk-tickets-json.json", "zendesk-satisfaction-json": "zendesk-satisfaction-json.json"} {
		path := filepath.Join("testdata", "presets", file)
		_, stderr, code := p.run("import", path)
		if want := "import it with --preset " + preset; code != 2 || !strings.Contains(stderr, want) {
			t.Errorf("%s: exit %d, want 2 and %q:\n%s", file, code, want, stderr)
		}
	}
	path := p.file("ratings.json", `{"satisfaction_ratings":[{"id":1,"assignee_id":135,"group_id":44,"requester_id":7,"ticket_id":4101,"score":"good","created_at":"2026-03-13T15:40:00Z","updated_at":"2026-03-13T15:40:00Z","comment":null},{"id":2,"assignee_id":135,"group_id":44,"requester_id":8,"ticket_id":4102,"score":"great","created_at":"2026-03-14T15:40:00Z","updated_at":"2026-03-14T15:40:00Z","comment":null}],"next_page":null,"previous_page":null,"count":2}`)
	_, stderr, code := p.run("import", "--preset", "zendesk-satisfaction-json", path)
	want := path + `:1: score: "great" is not a value the map knows ("bad", "good", "offered", "unoffered"): add it under values of kinds.responses.fields.score`
	if code != 1 || !strings.Contains(stderr, want) {
		t.Fatalf("exit %d, want 1 and %q:\n%s", code, want, stderr)
	}
}
