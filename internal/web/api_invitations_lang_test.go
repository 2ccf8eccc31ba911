package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestInvitationRefusalsInTheCallersLanguage: POST /api/v1/invitations with Accept-Language: nl
// refuses an invitation in Dutch — the detail, each field's reason, a body that is no
// invitation and a batch too large — as the API refuses a record; the pointers are the same as
// in English (TestInvitationBatchErrorNamesTheItem). Everything was English however the
// request asked.
func TestInvitationRefusalsInTheCallersLanguage(t *testing.T) {
	ls := startLoopServer(t)
	sv, off := ls.surveyOnAndOff(t)
	ctx := context.Background()
	if _, err := ls.app.Ingest(ctx, []cx.Record{&cx.Customer{ID: "C1", AcquiredAt: ls.now.Add(-time.Hour)},
		&cx.Customer{ID: "C2", Email: "geen-adres", AcquiredAt: ls.now.Add(-time.Hour)}}); err != nil {
		t.Fatal(err)
	}
	w := ls.withToken("adminWrite")
	many := "[" + strings.Repeat(`{"survey_id":1},`, MaxBatch) + `{"survey_id":1}]`
	for _, tc := range []struct {
		name, body string
		status     int
		detail     string
		fields     []ProblemField
	}{
		{"every bad item named", `[{"survey_id":{off},"email":"a@example.nl"},{"survey_id":{sv},"email":"b@example.nl","channel":"sms"},` +
			`{"survey_id":999,"email":"c@example.nl"},{"survey_id":{sv},"email":"geen adres"}]`, 422,
			"4 ongeldige velden; er is geen uitnodiging gemaakt", []ProblemField{
				{Pointer: "/0/survey_id", Detail: "enquête {off} staat uit"},
				{Pointer: "/1/channel", Detail: `"sms" is geen email of web`},
				{Pointer: "/2/survey_id", Detail: "er is geen enquête 999"},
				{Pointer: "/3/email", Detail: `"geen adres" is geen e-mailadres`}}},
		{"customers and tickets without an address", `[{"survey_id":{sv},"customer_id":"C1"},{"survey_id":{sv},"customer_id":"C404"},` +
			`{"survey_id":{sv},"ticket_id":"T404"},{"survey_id":{sv}},{"survey_id":{sv},"customer_id":"C2"}]`, 422,
			"5 ongeldige velden; er is geen uitnodiging gemaakt", []ProblemField{
				{Pointer: "/0/email", Detail: `er is geen adres gegeven, en van klant "C1" is er geen bekend`},
				{Pointer: "/1/customer_id", Detail: `er is geen klant "C404" opgeslagen, en er is geen adres gegeven`},
				{Pointer: "/2/ticket_id", Detail: `er is geen ticket "T404" opgeslagen, en er is geen adres gegeven`},
				{Pointer: "/3/email", Detail: "er is geen adres gegeven, en geen klant om er een van te nemen"},
				{Pointer: "/4/email", Detail: `het adres van klant "C2", "geen-adres", is geen e-mailadres`}}},
		{"members that are no invitation's", `[{"survey_id":{sv},"emial":"b@example.nl"},{"survey_id":"{sv}"},7,{"survey_id":{sv},"lang":1}]`, 422,
			"4 ongeldige velden; er is geen uitnodiging gemaakt", []ProblemField{
				{Pointer: "/0/emial", Detail: "geen veld van een uitnodiging: survey_id, customer_id, ticket_id, email, lang, channel"},
				{Pointer: "/1/survey_id", Detail: "moet een geheel getal zijn"},
				{Pointer: "/2", Detail: "geen JSON-object"},
				{Pointer: "/3/lang", Detail: "moet een tekst zijn"}}},
		{"an address twice", `{"survey_id":{sv},"email":"a@example.nl","email":"b@example.nl"}`, 422,
			"1 ongeldig veld; er is geen uitnodiging gemaakt", []ProblemField{{Pointer: "", Detail: `dubbel veld "email"`}}},
		// {"survey_id":1, is 15 bytes and ends there: the 15th is the last, as a record body says it.
		{"no JSON", `{"survey_id":1,`, 400, "geen geldige JSON bij byte 15 (unexpected end of JSON input); " +
			"stuur een uitnodiging als JSON-object, of een array ervan, met survey_id, customer_id, ticket_id, email, lang, channel", nil},
		{"too many at once", many, 413, fmt.Sprintf("%d uitnodigingen tegelijk; hoogstens %d", MaxBatch+1, MaxBatch), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ids := strings.NewReplacer("{sv}", fmt.Sprint(sv.ID), "{off}", fmt.Sprint(off.ID))
			res := w.do("POST", "/api/v1/invitations", "application/json", strings.NewReader(ids.Replace(tc.body)), "Accept-Language", "nl")
			if res.status != tc.status || res.header.Get("Content-Type") != "application/problem+json" {
				t.Fatalf("%d %s, want a %d problem: %s", res.status, res.header.Get("Content-Type"), tc.status, res.body)
			}
			var p Problem
			res.json(t, &p)
			var want []ProblemField
			for _, f := range tc.fields {
				want = append(want, ProblemField{Pointer: f.Pointer, Detail: ids.Replace(f.Detail)})
			}
			if p.Detail != tc.detail || !slices.Equal(p.Errors, want) {
				t.Errorf("said %q %+v\nwant %q %+v", p.Detail, p.Errors, tc.detail, want)
			}
			if !slices.Contains(res.header.Values("Vary"), "Accept-Language") {
				t.Errorf("Vary %q: a cache must keep the languages apart", res.header.Values("Vary"))
			}
		})
	}
	if q, _ := ls.app.QueuedInvitations(ctx, ls.now.Add(time.Hour), 0); len(q) != 0 {
		t.Errorf("refused requests left %d invitation(s) queued", len(q))
	}
	if res := w.do("POST", "/api/v1/invitations", "application/json", strings.NewReader(`{"survey_id":999,"email":"c@example.nl"}`)); res.status != http.StatusUnprocessableEntity ||
		!strings.Contains(res.body, `"detail":"1 invalid field; no invitation was made"`) || !strings.Contains(res.body, `"detail":"no survey 999"`) {
		t.Errorf("without Accept-Language: %d %s; want the English", res.status, res.body)
	}
}
