package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestErasureRenamesTheCustomerInTheAuditLog: a customer whose id is their e-mail address has
// their row deleted (DELETE /api/v1/customers/{id}, audited as record_delete "customers <id>")
// and is then erased. The erasure's own entry names the pseudonym, and so must the earlier
// deletion's afterwards: the audit log may not keep the address (README, erasing a customer).
func TestErasureRenamesTheCustomerInTheAuditLog(t *testing.T) {
	ts := startServer(t)
	w := ts.withToken("adminWrite")
	const id = "jan.jansen@example.org"
	if res := w.postJSON("/api/v1/customers", `{"customer_id":"`+id+`","acquired_at":"2025-01-01 10:00"}`); res.status != 200 {
		t.Fatalf("customer: %d %s", res.status, res.body)
	}
	if res := w.postJSON("/api/v1/tickets", `{"ticket_id":"T1","created_at":"2026-03-02 10:00","customer_id":"`+id+`"}`); res.status != 200 {
		t.Fatalf("ticket: %d %s", res.status, res.body)
	}
	if res := w.do("DELETE", "/api/v1/customers/"+url.PathEscape(id), "", nil); res.status != http.StatusNoContent {
		t.Fatalf("delete: %d %s", res.status, res.body)
	}
	if log := ts.withToken("adminRead").get("/api/v1/audit"); !strings.Contains(log.body, `"customers `+id+`"`) {
		t.Fatalf("the deletion is not in the audit log by its id:\n%s", log.body)
	}
	res := w.postJSON("/api/v1/customers/"+url.PathEscape(id)+"/erase", `{"purge":false}`)
	var erased struct{ Pseudonym string }
	res.json(t, &erased)
	if res.status != 200 || !strings.HasPrefix(erased.Pseudonym, "erased-") {
		t.Fatalf("erase: %d %s", res.status, res.body)
	}
	log := ts.withToken("adminRead").get("/api/v1/audit").body
	if strings.Contains(log, id) {
		t.Errorf("after the erasure the audit log still names the customer's address:\n%s", log)
	}
	if !strings.Contains(log, `"customers `+erased.Pseudonym+`"`) {
		t.Errorf("the deletion no longer names the pseudonym:\n%s", log)
	}
}

// TestEraseNeedsPurge: an erasure cannot be undone, so its body must say which one
// ({"purge": false} or true, and nothing else: the OpenAPI document's EraseRequest, required
// purge, no other member). {} and a misspelt {"purge_all": true} erased the customer with
// purge false; now they and a purge that is no boolean are refused 422 naming the member, and
// the customer keeps their name. A webhook's erasure (klantpuls's "erase") has no body of its
// own and is not read here.
func TestEraseNeedsPurge(t *testing.T) {
	ts := startServer(t)
	w := ts.withToken("adminWrite")
	if res := w.postJSON("/api/v1/customers", `{"customer_id":"C1","acquired_at":"2026-01-05","name":"Anna de Vries"}`); res.status != 200 {
		t.Fatalf("customer: %d %s", res.status, res.body)
	}
	for body, pointers := range map[string][]string{
		`{}`:                   {"/purge"},
		`{"purge_all":true}`:   {"/purge_all", "/purge"},
		`{"purge":true,"x":1}`: {"/x"},
		`{"purge":null}`:       {"/purge"},
		`{"purge":"true"}`:     {"/purge"},
		`null`:                 {"/purge"},
	} {
		res := w.postJSON("/api/v1/customers/C1/erase", body)
		var p Problem
		if res.status != http.StatusUnprocessableEntity {
			t.Errorf("erase with %s: %d %.200s; want 422", body, res.status, res.body)
			continue
		}
		res.json(t, &p)
		var got []string
		for _, e := range p.Errors {
			got = append(got, e.Pointer)
		}
		if strings.Join(got, " ") != strings.Join(pointers, " ") {
			t.Errorf("erase with %s: problems at %v, want %v", body, got, pointers)
		}
	}
	if got := w.get("/api/v1/customers/C1"); got.status != 200 || !strings.Contains(got.body, `"name":"Anna de Vries"`) {
		t.Errorf("the customer after refused erasures: %d %.200s", got.status, got.body)
	}
}

// TestDeleteByIDWithSpaces: a record written as " T1 " is stored as T1 (ids are trimmed when
// read); DELETE and PATCH of "/api/v1/tickets/%20T1%20" name that record too.
func TestDeleteByIDWithSpaces(t *testing.T) {
	ts := startServer(t)
	w := ts.withToken("adminWrite")
	for _, id := range []string{"T1", "T2"} {
		if res := w.postJSON("/api/v1/tickets", `{"ticket_id":" `+id+` ","created_at":"2026-03-02 10:00"}`); res.status != 200 {
			t.Fatalf("ticket: %d %s", res.status, res.body)
		}
	}
	if res := w.do("PATCH", "/api/v1/tickets/%20T2%20", "application/merge-patch+json", strings.NewReader(`{"channel":"email"}`)); res.status != http.StatusOK {
		t.Errorf("PATCH of ' T2 ': %d %s", res.status, res.body)
	}
	if res := w.do("DELETE", "/api/v1/tickets/%20T1%20", "", nil); res.status != http.StatusNoContent {
		t.Errorf("DELETE of ' T1 ': %d %s", res.status, res.body)
	}
	if n := ts.withToken("adminRead").reportFigure("tickets.created"); n != 1 {
		t.Errorf("tickets created after the deletion: %v, want 1", n)
	}
}
