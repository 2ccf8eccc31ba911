package web

import (
	"net/http"
	"strings"
	"testing"
)

// TestDeleteReviewRow: DELETE /api/v1/reviews/{id}?criterion=… deletes one criterion's row; a
// row not stored is a 404 naming it as PATCH does — the review and its criterion, matched
// case-insensitively — never by the key the store joins them into (with a control character).
func TestDeleteReviewRow(t *testing.T) {
	ts := startServer(t)
	w := ts.withToken("adminWrite")
	if res := w.postJSON("/api/v1/reviews", `{"review_id":"V1","criterion":"Toon","reviewed_at":"2026-03-03 10:00","agent":"Anouk","rating":3}`); res.status != 200 {
		t.Fatalf("%d %s", res.status, res.body)
	}
	if res := w.do("DELETE", "/api/v1/reviews/V1?criterion=TOON", "", nil); res.status != http.StatusNoContent {
		t.Errorf("deleting V1, criterion TOON: %d %s, want 204", res.status, res.body)
	}
	res := w.do("DELETE", "/api/v1/reviews/QA-7?criterion=Toon", "", nil)
	if res.status != http.StatusNotFound || !strings.Contains(res.body, `no review \"QA-7, criterion toon\" to delete`) ||
		strings.Contains(res.body, `\u001f`) {
		t.Errorf("deleting a review row not stored: %d %s, want 404 naming QA-7, criterion toon", res.status, res.body)
	}
}
