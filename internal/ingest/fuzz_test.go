package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// ingestSeeds are bodies of every kind, good and bad, for FuzzIngestBody.
var ingestSeeds = map[cx.Kind][]string{
	cx.KindCustomers: {`{"customer_id":"C1","acquired_at":"2026-03-01 10:00","segment":"mkb","attrs":{"plaats":"Utrecht"}}`},
	cx.KindOrders: {`[{"order_id":"O1","customer_id":"C1","ordered_at":"2026-03-01T10:00:00+01:00","amount":12.5,"gross_margin":0.3},` +
		`{"order_id":"O2","customer_id":"C1","ordered_at":"2026-03-01 10:00","amount":1.7e308}]`,
		`[{"order_id":"R1","customer_id":"C1","ordered_at":"2026-03-02 10:00","amount":-20,"refund_of":"O1","currency":"usd"},` +
			`{"order_id":"R2","customer_id":"C1","ordered_at":"2026-03-02 10:00","amount":5,"refund_of":"R2","currency":"€"}]`,
		`[{"order_id":"O1","customer_id":"C1","ordered_at":"2026-03-01 10:00","amount":"1.234,50"},` +
			`{"order_id":"O2","customer_id":"C1","ordered_at":"2026-03-01 10:00","amount":1.250}]`},
	cx.KindTickets: {`{"ticket_id":"T1","created_at":"2026-03-01 10:00","solved_at":"2026-03-02 10:00","complaint":true,"reopens":1,"wait_seconds":30}`,
		`{"ticket_id":"T1","created_at":"2026-03-01 10:00","ticket_id":"T2"}`},
	cx.KindMessages: {`{"message_id":"M1","ticket_id":"T1","at":"2026-03-01 10:00","author":"agent","agent":"Anna"}`},
	cx.KindResponses: {`{"response_id":"R1","survey":"nps","score":9,"submitted_at":"2026-03-01 10:00","comment":"prima \ud83d\ude00"}`,
		`{"response_id":"R1","survey":"csat","score":9,"submitted_at":"2026-03-01 10:00","comment":"caf` + "\xe9" + `"}`,
		`{"response_id":"R1","survey":"nps","score":9.0,"submitted_at":"2026-03-01 10:00"}`,
		`{"response_id":"R1","survey":"ces","score":3,"Score":4,"submitted_at":"2026-03-01 10:00","comment":"\ud800"}`,
		`[{"response_id":"R1","survey":"csat","score":-103,"scale":"freshdesk","submitted_at":"2026-03-01 10:00"},` +
			`{"response_id":"R2","survey":"nps","score":1,"scale":"good-bad","submitted_at":"2026-03-01 10:00"}]`},
	cx.KindMentions: {`{"mention_id":"X1","source":"x","at":"2026-03-01 10:00","text":"27\" scherm","attrs":{"text":"x","a":{"b":1}}}`},
	cx.KindReviews:  {`[{"review_id":"Q1","reviewed_at":"2026-03-01 10:00","agent":"Anna","criterion":"Toon","rating":4},{"review_id":"Q1","reviewed_at":"2026-03-01 10:00","agent":"Anna","criterion":" toon","rating":null}]`},
	cx.KindEvents: {`{"event_id":"E1","customer_id":"C1","kind":"training","at":"2026-03-01 10:00","attrs":{"\u0000":"x"}}`, `[]`, `[1]`, `{`, "\v{\"event_id\":1}",
		`[{"event_id":"E1","customer_id":"C1","kind":"training","at":"2026-03-01 10:00","attrs":{"Kind":"x"}},5,"E2",[]]`,
		`{"event_id":"E1","attrs":` + strings.Repeat(`{"a":`, 64) + `1` + strings.Repeat("}", 65)},
}

// FuzzIngestBody reads arbitrary bodies as records of every kind (k picks it), the whole way
// a POST to /api/v1/{kind} does before it commits. Whatever the bytes, it does not panic; a
// refused body is an *Error of one of the three reasons (a 400, 413 or 422), and invalid
// fields are listed with pointers that lead into the body; an accepted body is valid UTF-8, its records have distinct keys, and each record,
// sent on its own as the JSON it is, is accepted again as the same record.
func FuzzIngestBody(f *testing.F) {
	for i, k := range cx.Kinds {
		for _, body := range ingestSeeds[k] {
			f.Add(uint8(i), []byte(body))
		}
	}
	cfg := config.Default()
	f.Fuzz(func(t *testing.T, k uint8, body []byte) {
		kind := cx.Kinds[int(k)%len(cx.Kinds)]
		recs, err := Read(kind, cfg, body)
		if err != nil {
			checkRefusal(t, err, body)
			return
		}
		if len(recs) == 0 || len(recs) > MaxBatch || !utf8.Valid(body) {
			t.Fatalf("accepted %d records of a body that is UTF-8: %v", len(recs), utf8.Valid(body))
		}
		keys := map[string]bool{}
		for _, rec := range recs {
			if keys[rec.Key()] {
				t.Fatalf("key %q accepted twice", rec.Key())
			}
			keys[rec.Key()] = true
			first, err := json.Marshal(rec)
			if err != nil {
				t.Fatalf("an accepted record cannot be written as JSON: %v", err)
			}
			again, err := Read(kind, cfg, first)
			if err != nil {
				t.Fatalf("an accepted record is refused when sent again: %+v\n%s", err, first)
			}
			if second, _ := json.Marshal(again[0]); len(again) != 1 || string(second) != string(first) {
				t.Fatalf("a record sent again differs:\n%s\n%s", first, second)
			}
		}
	})
}

// checkRefusal asserts what every refusal must be: one of the three reasons, and for invalid
// fields a list of at most MaxProblems problems that each point into the body.
func checkRefusal(t *testing.T, err error, body []byte) {
	t.Helper()
	var p *Error
	if !errors.As(err, &p) {
		t.Fatalf("refused with %T, not an *Error: %v", err, err)
	}
	switch p.Reason {
	case NotRecords, TooMany:
		return
	case InvalidFields:
	default:
		t.Fatalf("reason %d", p.Reason)
	}
	if len(p.Fields) == 0 || len(p.Fields) > MaxProblems {
		t.Fatalf("invalid fields refused with %d problems", len(p.Fields))
	}
	var doc any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber() // 10e700 is JSON, if no float64
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("invalid fields in a body that is not JSON: %v", err)
	}
	for _, e := range p.Fields {
		found, missing := lookUp(doc, e.Pointer)
		if e.Detail == "" || !found && !(missing && e.Detail == "required field missing") {
			t.Fatalf("problem %+v does not point into the body:\n%s", e, body)
		}
	}
}

// lookUp follows an RFC 6901 pointer into doc: found when it names a value, missing when it
// names a member an object of doc does not have.
func lookUp(doc any, pointer string) (found, missing bool) {
	if pointer == "" {
		return true, false
	}
	if !strings.HasPrefix(pointer, "/") {
		return false, false
	}
	parts := strings.Split(pointer[1:], "/")
	cur := doc
	for i, part := range parts {
		part = strings.NewReplacer("~1", "/", "~0", "~").Replace(part)
		switch v := cur.(type) {
		case map[string]any:
			next, ok := v[part]
			if !ok {
				return false, i == len(parts)-1
			}
			cur = next
		case []any:
			n, err := strconv.Atoi(part)
			if err != nil || n < 0 || n >= len(v) {
				return false, false
			}
			cur = v[n]
		default:
			return false, false
		}
	}
	return true, false
}
