package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// A record's value must be of a JSON type its field takes, as the invitations API's must: a
// boolean or number sent for text ("channel": 123, "ticket_id": false) was stored as "123" and
// "false". An id may be a whole number in digits (tools send numeric ids: Shopify, Zendesk),
// kept as those digits; an attribute may be any scalar, kept as written.
func TestIngestRefusesValuesOfTheWrongType(t *testing.T) {
	ts := startServer(t)
	w := ts.withToken("adminWrite")
	const answer = `"survey":"nps","score":9,"submitted_at":"2026-03-05 10:00"`
	refused := []struct {
		name, path, body string
		want             []ProblemField // pointers exact, details as a prefix
	}{
		{"a boolean id and a number channel", "/api/v1/responses", `{"response_id":"R1",` + answer + `,"ticket_id":false,"channel":123}`,
			[]ProblemField{{"/ticket_id", "must be a string or a whole number, not true or false", ""}, {"/channel", "must be a string, not a number", ""}}},
		{"a boolean key", "/api/v1/responses", `{"response_id":true,` + answer + `}`,
			[]ProblemField{{"/response_id", "must be a string or a whole number, not true or false", ""}}},
		{"an id with a fraction", "/api/v1/orders", `{"order_id":"O1","customer_id":10.5,"ordered_at":"2026-03-05 10:00","amount":5}`,
			[]ProblemField{{"/customer_id", "an id sent as a number must be a whole number in digits", ""}}},
		{"an id with an exponent", "/api/v1/orders", `{"order_id":1e3,"customer_id":"C1","ordered_at":"2026-03-05 10:00","amount":5}`,
			[]ProblemField{{"/order_id", "an id sent as a number must be a whole number in digits", ""}}},
		{"a number comment in a batch", "/api/v1/responses", `[{"response_id":"R1",` + answer + `},{"response_id":"R2",` + answer + `,"comment":10}]`,
			[]ProblemField{{"/1/comment", "must be a string, not a number", ""}}},
		{"a boolean survey", "/api/v1/responses", `{"response_id":"R1","survey":true,"score":9,"submitted_at":"2026-03-05 10:00"}`,
			[]ProblemField{{"/survey", "must be a string, not true or false", ""}}},
		{"a number timestamp", "/api/v1/responses", `{"response_id":"R1","survey":"nps","score":9,"submitted_at":1772701200}`,
			[]ProblemField{{"/submitted_at", "must be a string, not a number", ""}}},
		{"a boolean name and segment", "/api/v1/customers", `{"customer_id":"C1","acquired_at":"2026-03-05 10:00","name":true,"Segment":false}`,
			[]ProblemField{{"/name", "must be a string, not true or false", ""}, {"/Segment", "must be a string, not true or false", ""}}},
		{"a number currency", "/api/v1/orders", `{"order_id":"O1","customer_id":"C1","ordered_at":"2026-03-05 10:00","amount":5,"currency":978}`,
			[]ProblemField{{"/currency", "must be a string, not a number", ""}}},
		{"a boolean score is no number", "/api/v1/responses", `{"response_id":"R1","survey":"nps","score":true,"submitted_at":"2026-03-05 10:00"}`,
			[]ProblemField{{"/score", `"true" is not a whole number`, ""}}},
		// An object or array is no value of any field: each says what it takes instead.
		{"an object for text, an array for an id", "/api/v1/responses", `{"response_id":"R1",` + answer + `,"channel":{"name":"email"},"ticket_id":[1]}`,
			[]ProblemField{{"/ticket_id", "must be a string or a whole number, not an object or an array", ""}, {"/channel", "must be a string, not an object or an array", ""}}},
		{"an object for a yes/no, an array for a count", "/api/v1/tickets", `{"ticket_id":"T1","created_at":"2026-03-05 10:00","complaint":{},"reopens":[2]}`,
			[]ProblemField{{"/complaint", "must be true or false, not an object or an array", ""}, {"/reopens", "must be a number, not an object or an array", ""}}},
		{"an array amount, an object timestamp", "/api/v1/orders", `{"order_id":"O1","customer_id":"C1","ordered_at":{"date":"2026-03-05"},"amount":[5]}`,
			[]ProblemField{{"/ordered_at", "must be a string, not an object or an array", ""}, {"/amount", "must be a number, not an object or an array", ""}}},
		{"an object attribute", "/api/v1/customers", `{"customer_id":"C1","acquired_at":"2026-03-05 10:00","vip":{"since":2020}}`,
			[]ProblemField{{"/vip", "must be a string, a number or a boolean", ""}}},
		{"a string that is no number", "/api/v1/orders", `{"order_id":"O1","customer_id":"C1","ordered_at":"2026-03-05 10:00","amount":"veel"}`,
			[]ProblemField{{"/amount", `"veel" is not a number`, ""}}},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			res := w.postJSON(tt.path, tt.body)
			var p Problem
			res.json(t, &p)
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("%d %s, want 422", res.status, res.body)
			}
			if len(p.Errors) != len(tt.want) {
				t.Fatalf("errors %+v, want %+v", p.Errors, tt.want)
			}
			for i, want := range tt.want {
				if got := p.Errors[i]; got.Pointer != want.Pointer || !strings.HasPrefix(got.Detail, want.Detail) {
					t.Errorf("error %d: %+v, want %+v", i, got, want)
				}
			}
		})
	}
	r := ts.withToken("adminRead")
	for _, figure := range []string{"nps.n", "clv.orders"} {
		if n := r.reportFigure(figure); n != 0 {
			t.Errorf("%s = %v after refused bodies, want 0", figure, n)
		}
	}

	// What fits is stored as the text it is: an id as its digits, an attribute as written, a
	// boolean for a yes/no field as that.
	accepted := []struct {
		name, path, body string
		kind             cx.Kind
		key              string
		check            func(cx.Record) bool
	}{
		{"a number customer_id", "/api/v1/orders", `{"order_id":"O1","customer_id":1042,"ordered_at":"2026-03-05 10:00","amount":5}`,
			cx.KindOrders, "O1", func(r cx.Record) bool { return r.(*cx.Order).CustomerID == "1042" }},
		{"a number key past 2^53, digit for digit", "/api/v1/orders", `{"order_id":450789469123456789012,"customer_id":"-7","ordered_at":"2026-03-05 10:00","amount":5}`,
			cx.KindOrders, "450789469123456789012", func(r cx.Record) bool { return r.(*cx.Order).CustomerID == "-7" }},
		{"a boolean complaint", "/api/v1/tickets", `{"ticket_id":77,"created_at":"2026-03-05 10:00","complaint":true,"channel":"email"}`,
			cx.KindTickets, "77", func(r cx.Record) bool { t := r.(*cx.Ticket); return t.Complaint && t.Channel == "email" }},
		{"attributes of any scalar", "/api/v1/customers", `{"customer_id":"C9","acquired_at":"2026-03-05 10:00","vip":true,"attrs":{"seats":12}}`,
			cx.KindCustomers, "C9", func(r cx.Record) bool {
				a := r.(*cx.Customer).Attrs
				return a["vip"] == "true" && a["seats"] == "12"
			}},
	}
	for _, tt := range accepted {
		t.Run(tt.name, func(t *testing.T) {
			if res := w.postJSON(tt.path, tt.body); res.status != http.StatusOK {
				t.Fatalf("%d %s, want 200", res.status, res.body)
			}
			rec, err := ts.app.Record(context.Background(), tt.kind, tt.key)
			if err != nil || !tt.check(rec) {
				t.Errorf("stored %+v, %v", rec, err)
			}
		})
	}
}
