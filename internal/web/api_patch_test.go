package web

import (
	"strings"
	"testing"
)

// TestPatchRecord sends PATCH /api/v1/{kind}/{id} over HTTP to a real server on SQLite. T1 is
// created Monday 2 March 2026 09:00 in Amsterdam (08:00 UTC); patched solved_at 11:30 makes a
// resolution of 2.5 h = 9,000 s, all within office hours.
func TestPatchRecord(t *testing.T) {
	ts := startServer(t)
	w := ts.withToken("adminWrite")
	for path, body := range map[string]string{
		"/api/v1/tickets": `{"ticket_id":"T1","created_at":"2026-03-02 09:00","agent":"Anouk","attrs":{"plaats":"Utrecht"}}`,
		"/api/v1/reviews": `{"review_id":"V1","criterion":"Toon","reviewed_at":"2026-03-03 10:00","agent":"Anouk","rating":3}`,
	} {
		if res := w.postJSON(path, body); res.status != 200 {
			t.Fatalf("%s: %d %s", path, res.status, res.body)
		}
	}
	tests := []struct {
		name, caller, path, contentType, body string
		status                                int
		want                                  []string // in the body, in this order
	}{
		{"a merge patch changes a field and keeps the others", "adminWrite", "/api/v1/tickets/T1", mergePatchType,
			`{"solved_at":"2026-03-02 11:30"}`, 200,
			[]string{`{"ticket_id":"T1","created_at":"2026-03-02T08:00:00Z","agent":"Anouk","direction":"inbound",` +
				`"solved_at":"2026-03-02T10:30:00Z","attrs":{"plaats":"Utrecht"}}`}},
		{"application/json is taken too; null removes a field, an unknown member is an attribute", "adminWrite",
			"/api/v1/tickets/T1", "application/json; charset=utf-8", `{"agent":null,"bron":"mail"}`, 200,
			[]string{`"direction":"inbound","solved_at"`, `"attrs":{"bron":"mail","plaats":"Utrecht"}}`}},
		{"a review row is named by its id and criterion", "adminWrite", "/api/v1/reviews/V1?criterion=toon",
			mergePatchType, `{"rating":5}`, 200, []string{`"criterion":"Toon"`, `"rating":5`}},
		{"another content type", "adminWrite", "/api/v1/tickets/T1", "text/plain", `{"agent":"Bas"}`, 415,
			[]string{`"status":415`, mergePatchType}},
		{"no content type", "adminWrite", "/api/v1/tickets/T1", "", `{"agent":"Bas"}`, 415, nil},
		{"a record not stored", "adminWrite", "/api/v1/tickets/T9", mergePatchType, `{"agent":"Bas"}`, 404,
			[]string{`no ticket \"T9\" to patch`, "send the whole record first"}},
		{"a review without its criterion", "adminWrite", "/api/v1/reviews/V1", mergePatchType, `{"rating":5}`, 400,
			[]string{"?criterion="}},
		{"an invalid field", "adminWrite", "/api/v1/tickets/T1", mergePatchType, `{"solved_at":"gisteren","reopens":-1}`, 422,
			[]string{`"pointer":"/solved_at"`, `"pointer":"/reopens"`}},
		{"an invalid member is named as the patch has it", "adminWrite", "/api/v1/tickets/T1", mergePatchType,
			`{"plaats":{"a":1},"Solved_At":"gisteren"}`, 422, []string{`"pointer":"/plaats"`, `"pointer":"/Solved_At"`}},
		{"a value of a type its field does not take", "adminWrite", "/api/v1/tickets/T1", mergePatchType,
			`{"channel":123,"customer_id":false}`, 422,
			[]string{`"pointer":"/customer_id"`, "not true or false", `"pointer":"/channel"`, "must be a string, not a number"}},
		{"the key changed", "adminWrite", "/api/v1/tickets/T1", mergePatchType, `{"ticket_id":"T2"}`, 422,
			[]string{`"pointer":"/ticket_id"`, "cannot be changed"}},
		{"a review row's criterion changed names the row as a person wrote it", "adminWrite", "/api/v1/reviews/V1?criterion=toon",
			mergePatchType, `{"criterion":"Oplossing"}`, 422,
			[]string{`"pointer":"/criterion"`, `the key of reviews \"V1, criterion toon\" cannot be changed`}},
		// The body is checked before it is read (ingest.CheckBody): 12,000 "[" of 24 kB cost the
		// server Σ 2i ≈ 144 MB of pointers (ingest's TestDeepNestingCostsLittle measures it).
		{"a patch nested deeper than 64", "adminWrite", "/api/v1/tickets/T1", mergePatchType,
			`{"x":` + strings.Repeat("[", 12000) + strings.Repeat("]", 12000) + `}`, 422,
			[]string{`"pointer":"/x` + strings.Repeat("/0", 63) + `"`, "nested more than 64"}},
		{"a patch that is no object", "adminWrite", "/api/v1/tickets/T1", mergePatchType, `["agent"]`, 400,
			[]string{"must be a JSON object"}},
		{"a read-only token", "adminRead", "/api/v1/tickets/T1", mergePatchType, `{"agent":"Bas"}`, 403, nil},
		{"no token", "", "/api/v1/tickets/T1", mergePatchType, `{"agent":"Bas"}`, 401, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := ts.anonymous()
			if tc.caller != "" {
				c = ts.withToken(tc.caller)
			}
			res := c.do("PATCH", tc.path, tc.contentType, strings.NewReader(tc.body))
			if res.status != tc.status {
				t.Fatalf("%d %s, want %d", res.status, res.body, tc.status)
			}
			rest := res.body
			for _, want := range tc.want {
				i := strings.Index(rest, want)
				if i < 0 {
					t.Fatalf("the body lacks %s (in order):\n%s", want, res.body)
				}
				rest = rest[i+len(want):]
			}
			if tc.status == 200 { // the record answered is as openapi.json says
				var out any
				res.json(t, &out)
				kind := strings.TrimSuffix(strings.Split(tc.path, "/")[3], "s")
				c := &oaChecker{t: t, doc: oaDocument(t)}
				c.conform(c.schema("Ingest"+strings.ToUpper(kind[:1])+kind[1:]), out, "PATCH "+tc.path)
			}
			if tc.status == 415 && res.header.Get("Accept-Patch") != mergePatchType {
				t.Errorf("Accept-Patch %q, want %s", res.header.Get("Accept-Patch"), mergePatchType)
			}
		})
	}
	// The refused patches changed nothing, and the report has the patched resolution.
	r := ts.withToken("adminRead")
	if n, mean := r.reportFigure("resolution.calendar.n"), r.reportFigure("resolution.calendar.mean"); n != 1 || mean != 9000 {
		t.Errorf("resolution n %v, mean %v s; want 1, 9000", n, mean)
	}
	if mean := r.reportFigure("resolution.business.mean"); mean != 9000 {
		t.Errorf("resolution in business hours %v s, want 9000", mean)
	}
	// Accepted records count as a POST's do: tickets 1 sent whole + 2 patched, reviews 1 + 1;
	// a refused patch counts nothing.
	metrics := r.get("/metrics").body
	for _, want := range []string{`klantpuls_ingested_records_total{kind="tickets"} 3`, `klantpuls_ingested_records_total{kind="reviews"} 2`} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}
