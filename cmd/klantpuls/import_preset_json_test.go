package main

import (
	"math"
	"path/filepath"
	"strings"
	"testing"
)

// Zendesk's JSON files, read by the JSON sheet (one row per ticket or rating, its columns the
// dotted paths of the object) and the zendesk-*-json presets; figures worked out by hand. All
// times are UTC; the report is March 2026 in Europe/Amsterdam (CET +01:00, CEST +02:00 from
// 29 March 02:00 local, 01:00 UTC), so [1 March, 31 March) is [28 Feb 23:00Z, 30 March 22:00Z).
func TestImportPresetsZendeskJSON(t *testing.T) {
	tests := []struct {
		preset, file, summary string
		figures               periodFigures
	}{{
		// Admin Center > Tools > Reports > Export > JSON export
		// (https://support.zendesk.com/hc/en-us/articles/4408886165402): NDJSON, one
		// {"ticket":{…}} per line, the Tickets API's ticket object
		// (https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/) with its
		// comments (the requester's, and an agent's reply on solved tickets), custom fields, via
		// source and satisfaction_rating, times in UTC; via.channel as the via types
		// (https://developer.zendesk.com/documentation/ticketing/reference-guides/via-types,
		// via-object-reference).
		// 30 tickets 4200–4229; assignee 135, 136, 137 or null, group 44, 45, 46 or null.
		preset: "zendesk-tickets-json", file: "zendesk-tickets-json.json",
		summary: "30 rows read; records: tickets 30; 30 written",
		figures: periodFigures{
			from: "2026-03-01", to: "2026-03-31",
			want: map[string]float64{
				// 4200 (27 Feb) and 4201 (28 Feb 22:30Z, 23:30 CET) are February; 4202 at 28 Feb
				// 23:00Z is 1 March 00:00: in. 4224 at 29 March 00:59Z (01:59 CET) and 4225 at
				// 01:00Z (03:00 CEST) are in; 4227 at 30 March 21:59:59Z is 23:59:59 CEST: in; 4228
				// at 22:00Z is 31 March 00:00, and 4229 (31 March): out. So 4202–4227: 26 tickets;
				// the object has no solved time, so none is solved.
				"tickets.created": 26, "tickets.solved": 0,
				// via.channel of 4202–4227: email 4202 4204 4208 4211 4214 4217 4220 4224 (8), web
				// 4203 4210 4215 4223 4227 (5), chat 4205 4212 4221 4225 (4), voice (phone) 4206
				// 4216 4226 (3), whatsapp 4207 4218 (2), native_messaging (messaging) 4209 4222
				// (2), api 4213 (1), mobile 4219 (1; the via object reference's own example of a via
				// type, not in the map: kept as written): 8 + 5 + 4 + 3 + 2 + 2 + 1 + 1 = 26.
				"tickets.share.email": 800.0 / 26, "tickets.share.web": 500.0 / 26,
				"tickets.share.chat": 400.0 / 26, "tickets.share.phone": 300.0 / 26,
				"tickets.share.whatsapp": 200.0 / 26, "tickets.share.messaging": 200.0 / 26,
				"tickets.share.api": 100.0 / 26, "tickets.share.mobile": 100.0 / 26,
			},
			groups: map[string]map[string]map[string]float64{
				// The same 26 regrouped by group_id: 44: 4202 4204 4206 4209 4211 4216 4217 4220
				// 4223 4224 4226 (11); 45: 4203 4205 4208 4210 4212 4215 4219 4221 4225 (9); 46:
				// 4207 4214 4218 4222 4227 (5); none: 4213 (1). 11 + 9 + 5 + 1 = 26. Team 46's
				// channels: whatsapp 4207 4218, email 4214, messaging 4222, web 4227.
				"team": {
					"44": {"tickets.created": 11}, "45": {"tickets.created": 9}, "": {"tickets.created": 1},
					"46": {"tickets.created": 5, "tickets.share.whatsapp": 40, "tickets.share.email": 20,
						"tickets.share.messaging": 20, "tickets.share.web": 20},
				},
				// By assignee_id: 135: 4204 4208 4211 4215 4220 4226 (6); 136: 4202 4205 4209 4212
				// 4217 4221 4223 4225 (8); 137: 4207 4214 4216 4218 4222 4227 (6); none: 4203 4206
				// 4210 4213 4219 4224 (6). 6 + 8 + 6 + 6 = 26. Unassigned's channels: web 4203
				// 4210, phone 4206, api 4213, mobile 4219, email 4224.
				"agent": {
					"135": {"tickets.created": 6}, "136": {"tickets.created": 8}, "137": {"tickets.created": 6},
					"": {"tickets.created": 6, "tickets.share.web": 200.0 / 6, "tickets.share.phone": 100.0 / 6,
						"tickets.share.api": 100.0 / 6, "tickets.share.mobile": 100.0 / 6, "tickets.share.email": 100.0 / 6},
				},
				// By channel, the shares above as counts: 8 + 5 + 4 + 3 + 2 + 2 + 1 + 1.
				"channel": {
					"email": {"tickets.created": 8}, "web": {"tickets.created": 5}, "chat": {"tickets.created": 4},
					"phone": {"tickets.created": 3}, "whatsapp": {"tickets.created": 2}, "messaging": {"tickets.created": 2},
					"api": {"tickets.created": 1}, "mobile": {"tickets.created": 1},
				},
			},
		},
	}, {
		// GET /api/v2/satisfaction_ratings saved as three pages of 12, one a line
		// (https://developer.zendesk.com/api-reference/ticketing/ticket-management/satisfaction_ratings/):
		// {"satisfaction_ratings":[…],"next_page":…,"previous_page":…,"count":30}, ratings
		// 35001–35030 in the order they were created, comments with quotes, a line break, é, —,
		// … and emoji. Agent and team as on the ticket (ratings of 4195–4199 are of older tickets).
		preset: "zendesk-satisfaction-json", file: "zendesk-satisfaction-json.json",
		summary: "30 rows read; records: responses 23; 23 written",
		figures: periodFigures{
			from: "2026-03-01", to: "2026-03-31",
			want: map[string]float64{
				// 30 ratings; offered 4203 4211 4222 and unoffered 4201 4206 4217 4224 are no
				// response: 23. Dated at updated_at: 4195 (28 Feb 22:59:59Z, 23:59:59 CET), 4199 (30
				// March 22:00Z, 31 March 00:00 CEST) and 4228 (31 March 08:00Z) are out; 4199 was
				// created 30 March 20:00Z, and 4200 created 27 Feb but answered 1 March 09:15Z, so
				// dating at created_at would count the one and not the other. In, by ticket:
				//   bad  4196 (28 Feb 23:00Z = 1 March 00:00), 4198, 4204, 4209, 4212, 4218, 4223 (7)
				//   good 4200, 4202, 4205, 4207, 4208, 4210, 4214, 4215, 4216, 4220, 4221, 4225 (29
				//        March 01:30Z, 03:30 CEST), 4226 (30 March 21:59:59Z) (13)
				// n 20, positive 13, CSAT 100·13/20 = 65, mean (13·5 + 7·1)/20 = 72/20 = 3.6.
				"csat.n": 20, "csat.positive": 13, "csat.value": 65, "csat.mean": 3.6,
				// Wilson with p = 0.65, n = 20, z = 1.96: centre (p + z²/40)/(1 + z²/20), half-width
				// z·√(p(1 − p)/20 + z²/1600)/(1 + z²/20), ×100.
				"csat.ci95.0": 100 * (0.65 + 1.96*1.96/40 - 1.96*math.Sqrt(0.65*0.35/20+1.96*1.96/1600)) / (1 + 1.96*1.96/20),
				"csat.ci95.1": 100 * (0.65 + 1.96*1.96/40 + 1.96*math.Sqrt(0.65*0.35/20+1.96*1.96/1600)) / (1 + 1.96*1.96/20),
				// Comments of the 20: 4196, 4198, 4202, 4204, 4205, 4209, 4212, 4214 (two lines),
				// 4216, 4218, 4221, 4225: 12 (4207's is "", the others null; 4195's and 4199's lie
				// outside). None has a reply: value 0.
				"feedback_response.n": 12, "feedback_response.replied": 0, "feedback_response.value": 0,
			},
			groups: map[string]map[string]map[string]float64{
				// The 20 regrouped by assignee_id: 135: 4198 b, 4200 g, 4204 b, 4208 g, 4215 g,
				// 4220 g, 4226 g (n 7, 5 good, Σ 5·5 + 2·1 = 27); 136: 4202 g, 4205 g, 4209 b, 4212
				// b, 4221 g, 4223 b, 4225 g (7, 4, 4·5 + 3 = 23); 137: 4196 b, 4207 g, 4214 g, 4216
				// g, 4218 b (5, 3, 15 + 2 = 17); none: 4210 g (1, 1, 5). n 7 + 7 + 5 + 1 = 20,
				// good 5 + 4 + 3 + 1 = 13, Σ 27 + 23 + 17 + 5 = 72.
				"agent": {
					"135": {"csat.n": 7, "csat.positive": 5, "csat.mean": 27.0 / 7},
					"136": {"csat.n": 7, "csat.positive": 4, "csat.mean": 23.0 / 7},
					"137": {"csat.n": 5, "csat.positive": 3, "csat.mean": 17.0 / 5},
					"":    {"csat.n": 1, "csat.positive": 1, "csat.mean": 5},
				},
				// By group_id: 44: 4200 g, 4202 g, 4204 b, 4209 b, 4216 g, 4220 g, 4223 b, 4226 g
				// (8, 5); 45: 4198 b, 4205 g, 4208 g, 4210 g, 4212 b, 4215 g, 4221 g, 4225 g (8,
				// 6); 46: 4196 b, 4207 g, 4214 g, 4218 b (4, 2): 20 and 13. Comments: 44: 4202
				// 4204 4209 4216 (4); 45: 4198 4205 4212 4221 4225 (5); 46: 4196 4214 4218 (3): 12.
				"team": {
					"44": {"csat.n": 8, "csat.positive": 5, "feedback_response.n": 4},
					"45": {"csat.n": 8, "csat.positive": 6, "feedback_response.n": 5},
					"46": {"csat.n": 4, "csat.positive": 2, "feedback_response.n": 3},
				},
			},
		},
	}}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			p := newProject(t)
			p.importPreset(filepath.Join("testdata", "presets", tt.file), tt.summary, "--preset", tt.preset)
			p.expectPeriod(tt.figures)
		})
	}
}

// A JSON file is recognised by its paths, as a CSV file by its header; a rating the preset
// does not know is refused, the error naming the line its object starts on (an API page is one
// line), the JSON field and the value.
func TestImportPresetsZendeskJSONRecognisedAndRefused(t *testing.T) {
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
