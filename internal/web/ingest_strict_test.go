package web

import (
	"context"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// The JSON API is as strict as an import file: what encoding/json would smooth over (text that
// is not UTF-8, a member given twice) and what a file may not hold (a comment past 4,000
// characters, an amount past 10^12) is refused with a pointer, and nothing is stored.
func TestIngestIsAsStrictAsTheImport(t *testing.T) {
	ts := startServer(t)
	w := ts.withToken("adminWrite")
	const answer = `"response_id":"R1","survey":"nps","submitted_at":"2026-03-05 10:00"`
	const order = `"customer_id":"C1","ordered_at":"2026-03-05 10:00"`
	tests := []struct {
		name, path, body string
		want             []ProblemField // pointers exact, details as a prefix
	}{
		{"text that is not UTF-8", "/api/v1/responses", `{` + answer + `,"score":9,"comment":"caf` + "\xe9" + `"}`,
			[]ProblemField{{"/comment", "not valid UTF-8 text", ""}}},
		{"half a surrogate pair", "/api/v1/responses", `{` + answer + `,"score":9,"comment":"x\ud800y"}`,
			[]ProblemField{{"/comment", "not valid UTF-8 text", ""}}},
		{"a member name that is not UTF-8", "/api/v1/responses", `{` + answer + `,"score":9,"t` + "\xff" + `":"x"}`,
			[]ProblemField{{"", "a member name is not valid UTF-8 text", ""}}},
		{"a member given twice", "/api/v1/responses", `{` + answer + `,"score":1,"score":9}`,
			[]ProblemField{{"", `duplicate member "score"`, ""}}},
		{"a member given twice in a batch", "/api/v1/responses",
			`[{"response_id":"R0","survey":"nps","score":9,"submitted_at":"2026-03-05 10:00"},{` + answer + `,"score":1,"score":9}]`,
			[]ProblemField{{"/1", `duplicate member "score"`, ""}}},
		{"an attribute given twice", "/api/v1/responses", `{` + answer + `,"score":9,"attrs":{"shop":"a","shop":"b"}}`,
			[]ProblemField{{"/attrs", `duplicate member "shop"`, ""}}},
		{"a member given twice, differently cased", "/api/v1/responses", `{` + answer + `,"score":1,"Score":9}`,
			[]ProblemField{{"/Score", "given twice", ""}}},
		{"a 10 MB comment", "/api/v1/responses", `{` + answer + `,"score":9,"comment":"` + strings.Repeat("a", 10<<20) + `"}`,
			[]ProblemField{{"/comment", "10485760 characters long; at most 4000 are taken", ""}}},
		{"a mention's text past 4000", "/api/v1/mentions", `{"mention_id":"X1","source":"x","at":"2026-03-05 10:00","text":"` + strings.Repeat("é", 4001) + `"}`,
			[]ProblemField{{"/text", "4001 characters long", ""}}},
		{"two orders of 1.7e308", "/api/v1/orders",
			`[{"order_id":"O1",` + order + `,"amount":1.7e308},{"order_id":"O2",` + order + `,"amount":1.7e308}]`,
			[]ProblemField{{"/0/amount", "1.7e308 is more than 1000000000000", ""}, {"/1/amount", "1.7e308 is more than 1000000000000", ""}}},
		{"attributes point into attrs (found by FuzzIngestBody)", "/api/v1/mentions",
			`{"mention_id":"X1","source":"x","at":"2026-03-05 10:00","text":"t","attrs":{"a":{"b":1},"text":"u"}}`,
			[]ProblemField{{"/attrs/a", "must be a string, a number or a boolean", ""}, {"/attrs/text", "also given as a field", ""}}},
		{"a wait of 1e300 seconds", "/api/v1/tickets", `{"ticket_id":"T1","created_at":"2026-03-05 10:00","wait_seconds":1e300}`,
			[]ProblemField{{"/wait_seconds", "1e300 is more than 1000000000", ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := w.postJSON(tt.path, tt.body)
			var p Problem
			res.json(t, &p)
			if res.status != http.StatusUnprocessableEntity || res.header.Get("Content-Type") != "application/problem+json" {
				t.Fatalf("%d %s, want 422 problem", res.status, res.header.Get("Content-Type"))
			}
			if len(p.Errors) != len(tt.want) {
				t.Fatalf("errors %+v, want %+v", p.Errors, tt.want)
			}
			for i, want := range tt.want {
				if got := p.Errors[i]; got.Pointer != want.Pointer || !strings.HasPrefix(got.Detail, want.Detail) &&
					!strings.Contains(got.Detail, want.Detail) {
					t.Errorf("error %d: %+v, want %+v", i, got, want)
				}
			}
		})
	}
	r := ts.withToken("adminRead")
	for _, figure := range []string{"nps.n", "clv.orders", "tickets.created", "feedback_response.n"} {
		if n := r.reportFigure(figure); n != 0 {
			t.Errorf("%s = %v after refused bodies, want 0", figure, n)
		}
	}
	// Escaped text that is whole is taken as it is: a pair of surrogates, an escaped backslash.
	ok := `{` + answer + `,"score":9,"comment":"\ud83d\ude00 \\ud800"}`
	if res := w.postJSON("/api/v1/responses", ok); res.status != http.StatusOK {
		t.Fatalf("a comment with an emoji: %d %s", res.status, res.body)
	}
	rec, err := ts.app.Record(context.Background(), cx.KindResponses, "R1")
	if err != nil || rec.(*cx.Response).Comment != "😀 \\ud800" {
		t.Errorf("stored comment %q, %v", rec.(*cx.Response).Comment, err)
	}
}

// A figure JSON cannot hold is a logged 500 problem, never an empty 200. Orders of 1.7e308 can
// no longer come in, but a database written before the bound may hold them.
func TestUnwritableFiguresAreAProblem(t *testing.T) {
	ts := startServer(t)
	at := time.Date(2026, 3, 5, 10, 0, 0, 0, time.UTC)
	if _, err := ts.app.Ingest(context.Background(), []cx.Record{
		&cx.Order{ID: "O1", CustomerID: "C1", OrderedAt: at, Amount: 1.7e308},
		&cx.Order{ID: "O2", CustomerID: "C1", OrderedAt: at, Amount: 1.7e308},
	}); err != nil {
		t.Fatal(err)
	}
	r := ts.withToken("adminRead")
	for _, path := range []string{"/api/v1/series?from=2026-03-01&to=2026-04-01&step=month", "/api/v1/report?from=2026-03-01&to=2026-04-01"} {
		res := r.get(path)
		var p Problem
		res.json(t, &p)
		if res.status != http.StatusInternalServerError || res.header.Get("Content-Type") != "application/problem+json" || p.Status != 500 {
			t.Errorf("%s: %d %q %s, want a 500 problem", path, res.status, res.header.Get("Content-Type"), res.body)
		}
	}
	if logs := ts.logs.String(); !strings.Contains(logs, "json: unsupported value: +Inf") {
		t.Errorf("the encoding error is not logged:\n%s", logs)
	}
}

// writeJSON of NaN through the server's own wrapper, over HTTP: a logged problem.
func TestWriteJSONOfNaN(t *testing.T) {
	ts := startServer(t)
	h := ts.srv.outer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]float64{"value": math.NaN()})
	}))
	srv := httptest.NewServer(h)
	defer srv.Close()
	res, err := http.Get(srv.URL + "/nan")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 500 || res.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("%d %q, want a 500 problem", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if logs := ts.logs.String(); !strings.Contains(logs, "json: unsupported value: NaN") || !strings.Contains(logs, `"path":"/nan"`) {
		t.Errorf("not logged with its path:\n%s", logs)
	}
}
