package web

import (
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/store/postgres/postgrestest"
)

// TestNotTextIsNotFound: a key, address or name in a request that is no text a database holds
// (a NUL character, bytes that are not UTF-8; anyone can send them) finds nothing, on both
// databases — on PostgreSQL the webhook's and the widget's paths, the sign-in form, a customer's
// history, a deletion and the audit log's user filter answered 500 and logged an error
// ("invalid byte sequence for encoding UTF8"), where SQLite answered 404. A write of such text
// is refused (422) on both, where PostgreSQL answered 500 and SQLite stored it.
func TestNotTextIsNotFound(t *testing.T) {
	for _, db := range []string{"SQLite", "PostgreSQL"} {
		t.Run(db, func(t *testing.T) {
			dsn := filepath.Join(t.TempDir(), "klantpuls.db")
			if db == "PostgreSQL" {
				dsn = postgrestest.Fresh(t)
			}
			ts := startServerOn(t, dsn)
			anon, admin := ts.anonymous(), ts.withToken("adminWrite")
			tests := []struct {
				name   string
				c      *client
				method string
				path   string
				status int
			}{
				{"webhook path, NUL", anon, "POST", "/hooks/shopify/%00", 404},
				{"webhook path, not UTF-8", anon, "POST", "/hooks/shopify/%FF", 404},
				{"widget key, NUL", anon, "GET", "/w/%00", 403}, // as for any key no site has
				{"customer, NUL", admin, "GET", "/api/v1/customers/%00", 404},
				{"customer, not UTF-8", admin, "GET", "/api/v1/customers/%FF", 404},
				{"delete, NUL", admin, "DELETE", "/api/v1/tickets/%00", 404},
				{"delete, not UTF-8", admin, "DELETE", "/api/v1/tickets/%FFab", 404},
				{"delete a review row, NUL criterion", admin, "DELETE", "/api/v1/reviews/R1?criterion=%00", 404},
				{"erase, NUL", admin, "POST", "/api/v1/customers/%00/erase", 404},
				{"audit log of a user, NUL", admin, "GET", "/api/v1/audit?user=%00", 200},
			}
			for _, tt := range tests {
				var body *strings.Reader
				if tt.method == "POST" {
					body = strings.NewReader(`{"purge": false}`)
				} else {
					body = strings.NewReader("")
				}
				res := tt.c.do(tt.method, tt.path, "application/json", body)
				if res.status != tt.status {
					t.Errorf("%s: %s %s = %d %s, want %d", tt.name, tt.method, tt.path, res.status, res.body, tt.status)
				}
			}
			res := anon.form("POST", "/login", url.Values{"email": {"admin@example.com\x00"}, "password": {testPassword}})
			if res.status != 401 {
				t.Errorf("sign-in with a NUL in the address: %d, want 401 (no such user)", res.status)
			}
			// A write of it is refused as invalid, naming it, and writes nothing.
			session := ts.login("admin@example.com")
			for _, w := range []struct{ method, path, body string }{
				{"POST", "/api/v1/users", `{"email": "bas@example.com", "password": "correct horse battery", "role": "agent", "agent": "Bas", "team": "Sup\u0000port"}`},
				{"PATCH", "/api/v1/users/1", `{"team": "Sup\u0000port"}`},
				{"POST", "/api/v1/tokens", `{"name": "Power\u0000BI", "scope": "read"}`},
			} {
				res := session.do(w.method, w.path, "application/json", strings.NewReader(w.body))
				if res.status != 422 || !strings.Contains(res.body, `Sup\\x00port`) && !strings.Contains(res.body, `Power\\x00BI`) {
					t.Errorf("%s %s with a NUL: %d %s, want 422 naming the text", w.method, w.path, res.status, res.body)
				}
			}
			if res := session.get("/api/v1/users"); strings.Contains(res.body, "bas@example.com") || strings.Contains(res.body, `\u0000`) {
				t.Errorf("a refused user was written: %s", res.body)
			}
			if logs := ts.logs.String(); strings.Contains(logs, `"level":"ERROR"`) {
				t.Errorf("errors logged:\n%s", logs)
			}
		})
	}
}
