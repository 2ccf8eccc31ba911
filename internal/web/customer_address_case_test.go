package web

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// A customer a preset or webhook keyed by e-mail address is stored under the lower-cased
// address (cx.CustomerKey). Asked by the address in another case — the API's customer, with or
// without all=true, the dashboard's customer page, an invitation by customer_id — they are
// found, as an erasure finds them (TestEraseByAddressOfAnyCase); one stored under the spelling
// asked (the API keeps ids as sent) is found by it. Before, the customer was not found: 404,
// and the invitation went to the id as an address, not to the customer's own address.
func TestCustomerByAddressOfAnyCase(t *testing.T) {
	ls := startLoopServer(t)
	ctx := context.Background()
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	if _, err := ls.app.Ingest(ctx, []cx.Record{
		&cx.Customer{ID: "anna@example.nl", AcquiredAt: at, Name: "Anna de Vries", Email: "anna.werk@example.com"},
		&cx.Customer{ID: "Bram@Example.NL", AcquiredAt: at, Name: "Bram Jansen"},
	}); err != nil {
		t.Fatal(err)
	}
	api, admin := ls.withToken("adminWrite"), ls.login("admin@example.com")
	for _, c := range []struct{ asked, stored, name string }{
		{"Anna@Example.NL", "anna@example.nl", "Anna de Vries"},
		{"ANNA@EXAMPLE.NL", "anna@example.nl", "Anna de Vries"},
		{"Bram@Example.NL", "Bram@Example.NL", "Bram Jansen"},
	} {
		for _, path := range []string{"/api/v1/customers/" + url.PathEscape(c.asked), "/api/v1/customers/" + url.PathEscape(c.asked) + "?all=true"} {
			res := api.get(path)
			if res.status != 200 || !strings.Contains(res.body, `"customer_id":"`+c.stored+`"`) || !strings.Contains(res.body, c.name) {
				t.Errorf("GET %s: %d %s; want %s", path, res.status, res.body, c.stored)
			}
		}
		if res := admin.get("/customers/" + url.PathEscape(c.asked)); res.status != 200 || !strings.Contains(res.body, c.name) {
			t.Errorf("the customer page of %s: %d; want %s's", c.asked, res.status, c.name)
		}
		// The customer list's search reads ids without case already.
		if res := admin.get("/customers?q=" + url.QueryEscape(c.asked)); res.status != 200 || !strings.Contains(res.body, c.name) {
			t.Errorf("the search of %s: %d; want %s listed", c.asked, res.status, c.name)
		}
	}
	if res := api.get("/api/v1/customers/" + url.PathEscape("Carla@Example.NL")); res.status != 404 {
		t.Errorf("a customer nobody stored: %d %s; want 404", res.status, res.body)
	}

	sv := ls.survey(t, cx.SurveyCSAT)
	res := api.postJSON("/api/v1/invitations", fmt.Sprintf(`{"survey_id":%d,"customer_id":"Anna@Example.NL"}`, sv.ID))
	if res.status != 200 {
		t.Fatalf("the invitation: %d %s", res.status, res.body)
	}
	if _, err := ls.surveys.SendQueued(ctx, 10); err != nil {
		t.Fatal(err)
	}
	if got := ls.smtp.Wait(t, 1, 5*time.Second)[0].To; !slices.Equal(got, []string{"anna.werk@example.com"}) {
		t.Errorf("sent to %v, want Anna's own address anna.werk@example.com", got)
	}
	// The invitation is of the customer stored, so her answer is hers.
	var data struct {
		Invitations []cx.Invitation `json:"invitations"`
	}
	api.get("/api/v1/customers/anna@example.nl?all=true").json(t, &data)
	if len(data.Invitations) != 1 || data.Invitations[0].CustomerID != "anna@example.nl" {
		t.Errorf("Anna's invitations %+v; want one of anna@example.nl", data.Invitations)
	}
}
