package web

import (
	"strings"
	"testing"
)

// TestFollowUpsFocusOnlyOnAShownAnswer: /followups?response=<id> opens the list on the day of
// the answer, but only of an answer the list may show. Anna (agent) answered R1 (her ticket T1,
// 4 March) and R2 is about Bram's ticket T2 (11 March): the agent of both comes from the
// ticket. Anna's own answer opens on 4 March; Bram's gives her the very page of an id that
// does not exist, so its day does not leak; a manager opens any answer's day.
func TestFollowUpsFocusOnlyOnAShownAnswer(t *testing.T) {
	ts := startServer(t)
	seed(t, ts)
	anna, manager := ts.login("anna@example.com"), ts.login("manager@example.com")
	picker := func(day string) string { return `name="from" value="` + day + `"` }

	own := anna.get("/followups?lang=en&response=R1")
	if own.status != 200 || !strings.Contains(own.body, picker("2026-03-04")) {
		t.Errorf("Anna's own answer R1: %d, want the list of 4 March (%s)", own.status, picker("2026-03-04"))
	}
	other := anna.get("/followups?lang=en&response=R2")
	unknown := anna.get("/followups?lang=en&response=R9")
	if strings.Contains(other.body, picker("2026-03-11")) {
		t.Error("Bram's answer R2 shows Anna its day, 11 March")
	}
	// The id itself is on the page (the list's own links carry it): the rest is the same.
	if other.status != unknown.status || other.header.Get("Location") != unknown.header.Get("Location") ||
		other.body != strings.ReplaceAll(unknown.body, "R9", "R2") {
		t.Errorf("Bram's answer R2 (%d) is not answered as an unknown id (%d)", other.status, unknown.status)
	}
	for id, day := range map[string]string{"R1": "2026-03-04", "R2": "2026-03-11"} {
		if res := manager.get("/followups?lang=en&response=" + id); res.status != 200 || !strings.Contains(res.body, picker(day)) {
			t.Errorf("the manager, answer %s: %d, want the list of %s", id, res.status, day)
		}
	}
}
