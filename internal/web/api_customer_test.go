package web

import (
	"net/url"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestCustomerAnswerHoldsAllAboutThem: Shopify's customers/data_request (GDPR article 15) is
// answered "GET /api/v1/customers/{id}?all=true gives what klantpuls holds about them", so that
// answer holds all the erasure treats as theirs: besides their history, their events, the
// mentions they wrote (found by their name, as erasure finds them) and their survey invitations
// (the address they were mailed at, when). Someone else's mention is not in it. Without all the
// answer is their history alone, read by the indexes (an integration asks it per ticket), and a
// value of all other than true or false is refused.
func TestCustomerAnswerHoldsAllAboutThem(t *testing.T) {
	ts := startLoopServer(t)
	w := ts.withToken("adminWrite")
	const id = "anna@example.nl"
	for _, c := range []struct{ path, body string }{
		{"/api/v1/customers", `{"customer_id":"` + id + `","acquired_at":"2025-11-02 10:00","name":"Anna de Vries","email":"` + id + `"}`},
		{"/api/v1/events", `{"event_id":"E1","customer_id":"` + id + `","kind":"webinar","at":"2026-03-03 10:00"}`},
		{"/api/v1/mentions", `{"mention_id":"N1","source":"trustpilot","at":"2026-03-04 10:00","text":"Sokken waren te klein","author":"Anna de Vries"}`},
		{"/api/v1/mentions", `{"mention_id":"N2","source":"trustpilot","at":"2026-03-04 11:00","text":"Prima","author":"Bas"}`},
	} {
		if res := w.postJSON(c.path, c.body); res.status != 200 {
			t.Fatalf("%s: %d %s", c.path, res.status, res.body)
		}
	}
	invitation := invite(t, w, ts.survey(t, cx.SurveyNPS).ID, id)
	history := w.get("/api/v1/customers/" + url.PathEscape(id))
	if history.status != 200 || strings.Contains(history.body, `"events"`) || strings.Contains(history.body, "Sokken") {
		t.Errorf("GET without all: %d %s; want their history alone", history.status, history.body)
	}
	if bad := w.get("/api/v1/customers/" + url.PathEscape(id) + "?all=ja"); bad.status != 422 || !strings.Contains(bad.body, "all") {
		t.Errorf("GET ?all=ja: %d %s; want 422 naming all", bad.status, bad.body)
	}
	got := w.get("/api/v1/customers/" + url.PathEscape(id) + "?all=true")
	if got.status != 200 {
		t.Fatalf("GET: %d %s", got.status, got.body)
	}
	var data struct {
		Events      []struct{ Kind string }
		Mentions    []struct{ Text string }
		Invitations []struct{ ID, Email string }
	}
	got.json(t, &data)
	if len(data.Events) != 1 || data.Events[0].Kind != "webinar" {
		t.Errorf("events %+v; want their webinar", data.Events)
	}
	if len(data.Mentions) != 1 || data.Mentions[0].Text != "Sokken waren te klein" {
		t.Errorf("mentions %+v; want the one they wrote, not Bas's", data.Mentions)
	}
	if len(data.Invitations) != 1 || data.Invitations[0].ID != invitation || data.Invitations[0].Email != id {
		t.Errorf("invitations %+v; want %s, sent to %s", data.Invitations, invitation, id)
	}
	if strings.Contains(got.body, "Prima") {
		t.Errorf("the answer holds Bas's mention: %s", got.body)
	}
}
