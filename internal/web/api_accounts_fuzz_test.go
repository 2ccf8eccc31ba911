package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzDecodeJSON: any body of POST /api/v1/users or /api/v1/tokens, in either language, is read
// or refused, never a panic: a body that is no JSON gets 400 saying where it stops being JSON,
// a JSON body that does not fit 422 with problems that point into it, and one read is what
// encoding/json reads.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{`{"email":"anna@winkel.nl","password":"geheim-genoeg","role":"agent","agent":"Anna","team":"Support"}`,
		`{"name":"ci","scope":"ingest","expires":"90d"}`, `[]`, `{"email":5}`, `{"name":"a","name":"b"}`, `{"name":"\ud800"}`,
		`{"name":"ci"} x`, `{"scope":"read","SCOPE":"write"}`, "\ufeff{}", `{`, ``, `null`, `{"scope":{"x":[1,2,{}]}}`} {
		f.Add([]byte(s), "nl")
	}
	f.Add([]byte(`{"name":"ci",}`), "en")
	f.Fuzz(func(t *testing.T, body []byte, acceptLanguage string) {
		var user struct {
			Email    string `json:"email"`
			Password string `json:"password"`
			Role     string `json:"role"`
			Agent    string `json:"agent"`
			Team     string `json:"team"`
		}
		var token struct {
			Name    string `json:"name"`
			Scope   string `json:"scope"`
			Expires string `json:"expires"`
		}
		for _, v := range []any{&user, &token} {
			r := httptest.NewRequest("POST", "/api/v1/users", bytes.NewReader(body))
			r.Header.Set("Accept-Language", acceptLanguage)
			w := httptest.NewRecorder()
			if _, ok := decodeJSON(w, r, v, "api_user_hint"); ok {
				if w.Body.Len() > 0 || json.Unmarshal(bytes.TrimPrefix(body, byteOrderMark), new(map[string]json.RawMessage)) != nil {
					t.Fatalf("%q read as %+v, answered %d %s", body, v, w.Code, w.Body)
				}
				continue
			}
			var p Problem
			if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil || p.Status != w.Code || p.Detail == "" {
				t.Fatalf("%q refused as %d %s: no problem", body, w.Code, w.Body)
			}
			valid := json.Valid(bytes.TrimPrefix(body, byteOrderMark))
			switch {
			case w.Code == http.StatusBadRequest && !valid:
				if !saysWhereNotJSON(p.Detail, bytes.TrimPrefix(body, byteOrderMark)) {
					t.Fatalf("%q refused as %d without saying where: %s", body, w.Code, p.Detail)
				}
			case w.Code == http.StatusUnprocessableEntity && valid:
				if len(p.Errors) == 0 {
					t.Fatalf("%q refused as %d with no problem pointing into it: %s", body, w.Code, w.Body)
				}
				for _, e := range p.Errors {
					if e.Pointer != "" && !strings.HasPrefix(e.Pointer, "/") || e.Detail == "" {
						t.Fatalf("%q refused as %d with problem %+v", body, w.Code, e)
					}
				}
			default:
				t.Fatalf("%q (valid JSON %v) refused as %d %s", body, valid, w.Code, w.Body)
			}
		}
	})
}
