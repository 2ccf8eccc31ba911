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
