package web

import (
	"net/http"
	"strings"
	"testing"
)

// TestRecordsNotJSONSayWhere: a record body that is no JSON said only "the body is not valid
// JSON: …", not where; the users and tokens API says at which byte (decodeJSON). The record
// routes now say it too, in the request's language, counted from one in the body as sent
// (white space before the JSON counts) — the offsets below counted by hand. A body cut off
// says its last byte; a patch says it as a body does.
func TestRecordsNotJSONSayWhere(t *testing.T) {
	ts := startServer(t)
	admin := ts.login("admin@example.com")
	if res := admin.postJSON("/api/v1/tickets", `{"ticket_id":"T1","created_at":"2026-03-05 10:00"}`); res.status != 200 {
		t.Fatalf("a ticket: %d %s", res.status, res.body)
	}
	for _, tc := range []struct {
		name, method, path, lang, body, detail string
	}{
		// {"ticket_id": is 13 bytes; the x is the 14th.
		{"an object", "POST", "/api/v1/tickets", "", `{"ticket_id":x}`,
			"the body is not valid JSON at byte 14 (invalid character 'x' looking for beginning of value)"},
		// A line break and two spaces (3), then [{"ticket_id":"T1"}, (20): the ] is the 24th.
		{"a batch after white space", "POST", "/api/v1/tickets", "", "\n  [{\"ticket_id\":\"T1\"},]",
			"the body is not valid JSON at byte 24 (invalid character ']' looking for beginning of value)"},
		// {"ticket_id":"T1" is 17 bytes and ends there.
		{"cut off, in Dutch", "POST", "/api/v1/tickets", "nl", `{"ticket_id":"T1"`,
			"de body is geen geldige JSON bij byte 17 (unexpected end of JSON input)"},
		// The same and a line break: the last byte of JSON is still the 17th.
		{"cut off before a line break", "POST", "/api/v1/tickets", "", "{\"ticket_id\":\"T1\"\n",
			"the body is not valid JSON at byte 17 (unexpected end of JSON input)"},
		// {"agent": and a space are 10 bytes; the x is the 11th.
		{"a patch", "PATCH", "/api/v1/tickets/T1", "", `{"agent": x}`,
			"a merge patch of a record must be a JSON object of fields: not valid JSON at byte 11 (invalid character 'x' looking for beginning of value)"},
		// {"agent": "Bas" is 15 bytes (10 before "Bas") and ends there.
		{"a patch cut off, in Dutch", "PATCH", "/api/v1/tickets/T1", "nl", `{"agent": "Bas"`,
			"een merge patch van een record moet een JSON-object van velden zijn: geen geldige JSON bij byte 15 (unexpected end of JSON input)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var header []string
			if tc.lang != "" {
				header = []string{"Accept-Language", tc.lang}
			}
			contentType := "application/json"
			if tc.method == "PATCH" {
				contentType = "application/merge-patch+json"
			}
			res := admin.do(tc.method, tc.path, contentType, strings.NewReader(tc.body), header...)
			var p Problem
			res.json(t, &p)
			if res.status != http.StatusBadRequest || p.Detail != tc.detail {
				t.Errorf("%s %s %q: %d %q\nwant 400 %q", tc.method, tc.path, tc.body, res.status, p.Detail, tc.detail)
			}
		})
	}
}
