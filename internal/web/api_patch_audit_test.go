package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/pgtest"
	"github.com/klantpuls/klantpuls/internal/store/postgres/postgrestest"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// TestPatchAudited: a PATCH of a stored record is in the audit log as a deletion is — one line
// record_patch naming the kind, the record's key as a deletion's line shows it and the fields
// it changed, in order of name, never their values (a customer's name and address are personal
// data), by the token's owner from the request's address, in the change's transaction. A PATCH
// that changes nothing, or is refused, writes no line; one whose line cannot be stored is not
// made (503). An erasure renames the customer in them. Before the fix a PATCH left no line at
// all, and the audit log refused ?action=record_patch as no action it has.
func TestPatchAudited(t *testing.T) {
	for _, db := range []struct {
		name   string
		dsn    func(t *testing.T) string
		refuse func(t testing.TB, dsn, table string) func()
	}{
		{"SQLite", func(t *testing.T) string { return sqlitetest.New(t) }, sqlitetest.RefuseInserts},
		{"PostgreSQL", func(t *testing.T) string { return postgrestest.Fresh(t) }, pgtest.RefuseInserts},
	} {
		t.Run(db.name, func(t *testing.T) {
			dsn := db.dsn(t)
			testPatchAudited(t, startServerOn(t, dsn), func() func() { return db.refuse(t, dsn, "audit_log") })
		})
	}
}

func testPatchAudited(t *testing.T, ts *testServer, refuse func() (lift func())) {
	ctx := context.Background()
	w := ts.withToken("adminWrite")
	for path, body := range map[string]string{
		"/api/v1/customers": `{"customer_id":"C1","acquired_at":"2026-01-05","name":"Wilhelmina Zwanenburg","email":"w.zwanenburg@example.nl","attrs":{"plaats":"Utrecht"}}`,
		"/api/v1/reviews":   `{"review_id":"V1","criterion":"Toon","reviewed_at":"2026-03-03 10:00","agent":"Anouk","rating":3}`,
		"/api/v1/responses": `{"response_id":"R1","survey":"nps","score":3,"submitted_at":"2026-03-03 10:00","comment":"Het pakket kwam kapot aan","language":"nl"}`,
	} {
		if res := w.postJSON(path, body); res.status != 200 {
			t.Fatalf("%s: %d %s", path, res.status, res.body)
		}
	}
	admin, err := ts.app.UserByEmail(ctx, "admin@example.com")
	if err != nil {
		t.Fatal(err)
	}
	tokens, err := ts.app.Tokens(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var token int64
	for _, tk := range tokens {
		if tk.Name == "adminWrite" {
			token = tk.ID
		}
	}
	patch := func(path, body string, status int) {
		t.Helper()
		if res := w.do("PATCH", path, mergePatchType, strings.NewReader(body)); res.status != status {
			t.Fatalf("PATCH %s %s: %d %s, want %d", path, body, res.status, res.body, status)
		}
	}
	// lines are the record_patch lines, newest first, read as an admin reads them.
	lines := func() []cx.AuditEntry {
		t.Helper()
		res := ts.withToken("adminRead").get("/api/v1/audit?action=record_patch")
		var log struct{ Entries []cx.AuditEntry }
		res.json(t, &log)
		if res.status != 200 {
			t.Fatalf("GET /api/v1/audit?action=record_patch: %d %s", res.status, res.body)
		}
		for _, e := range log.Entries {
			for _, value := range []string{"Wilhelmina", "Mina", "zwanenburg", "Zwolle", "Utrecht", "Vos", "kapot", "geleverd"} {
				if strings.Contains(e.Subject+AuditDetail("en", e), value) {
					t.Errorf("the line %+v holds the value %q", e, value)
				}
			}
		}
		return log.Entries
	}
	want := func(subject, detail string, n int) {
		t.Helper()
		log := lines()
		if len(log) != n {
			t.Fatalf("%d record_patch lines %+v, want %d", len(log), log, n)
		}
		e := log[0]
		if e.Actor != "admin@example.com" || e.UserID != admin.ID || e.TokenID != token || e.From != "127.0.0.1" ||
			e.Subject != subject || AuditDetail("en", e) != "fields: "+detail {
			t.Errorf("line %+v, want by admin@example.com (user %d, token %d) from 127.0.0.1, subject %q, detail \"fields: %s\"",
				e, admin.ID, token, subject, detail)
		}
	}

	patch("/api/v1/customers/C1", `{"name":"Mina Zwanenburg-Vos","email":"mina@example.nl","segment":"B2C"}`, 200)
	want("customers C1", "email, name, segment", 1)
	patch("/api/v1/customers/C1", `{"name":"Mina Zwanenburg-Vos","email":"mina@example.nl"}`, 200) // as they are
	patch("/api/v1/customers/C1", `{"Name":"Mina Zwanenburg-Vos"}`, 200)                           // a name read as the same
	patch("/api/v1/customers/C1", `{}`, 200)
	want("customers C1", "email, name, segment", 1)

	// An attribute is named as one; a field removed is a field changed.
	patch("/api/v1/customers/C1", `{"plaats":"Zwolle","segment":null}`, 200)
	want("customers C1", "attrs.plaats, segment", 2)
	// A comment changed changes its sentiment score, which is derived, not changed by the PATCH.
	patch("/api/v1/responses/R1", `{"comment":"Snel geleverd, top!"}`, 200)
	want("responses R1", "comment", 3)
	patch("/api/v1/reviews/V1?criterion=toon", `{"rating":5}`, 200)
	want("reviews V1, criterion toon", "rating", 4)

	// Refused: no line.
	patch("/api/v1/customers/C1", `{"acquired_at":"gisteren","name":"Anna"}`, http.StatusUnprocessableEntity)
	patch("/api/v1/customers/C9", `{"name":"Anna"}`, http.StatusNotFound)
	patch("/api/v1/customers/C1", `{"customer_id":"C2"}`, http.StatusUnprocessableEntity)
	want("reviews V1, criterion toon", "rating", 4)

	// A line that cannot be stored: the change is not made.
	lift := refuse()
	patch("/api/v1/customers/C1", `{"name":"Anna de Vries"}`, http.StatusServiceUnavailable)
	lift()
	rec, err := ts.app.Record(ctx, cx.KindCustomers, "C1")
	if c, _ := rec.(*cx.Customer); err != nil || c.Name != "Mina Zwanenburg-Vos" {
		t.Errorf("customer C1 after a PATCH whose line was refused: %+v %v, want the name as it was", rec, err)
	}
	want("reviews V1, criterion toon", "rating", 4)

	// Erased, the customer is named by their pseudonym in these lines too, as in a deletion's:
	// their id may be their address.
	res := w.postJSON("/api/v1/customers/C1/erase", `{"purge":false}`)
	var erased struct{ Pseudonym string }
	res.json(t, &erased)
	if res.status != 200 || !strings.HasPrefix(erased.Pseudonym, "erased-") {
		t.Fatalf("erase: %d %s", res.status, res.body)
	}
	var subjects []string
	for _, e := range lines() {
		subjects = append(subjects, e.Subject)
	}
	if got, want := strings.Join(subjects, "; "), "reviews V1, criterion toon; responses R1; customers "+erased.Pseudonym+"; customers "+erased.Pseudonym; got != want {
		t.Errorf("after the erasure the lines name %q, want %q", got, want)
	}
}
