package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestAPIBodyAsSent: a body as common clients send it. A UTF-8 byte order mark before the JSON
// (Windows PowerShell 5.1's Out-File and Set-Content write one) is read past, as RFC 8259
// section 8.1 lets a parser do and as the CSV import does; it was refused as "send a JSON
// object or an array of objects" though it was one. A compressed body (Content-Encoding: gzip)
// is 415 naming the coding (RFC 9110 section 15.5.16), not 400 saying it is no JSON object.
// The users and tokens API read their bodies by the same rule.
func TestAPIBodyAsSent(t *testing.T) {
	ts := startServer(t)
	w := ts.withToken("adminWrite")
	const record = `{"response_id":"R1","survey":"nps","score":9,"submitted_at":"2026-03-02 10:00"}`
	if res := w.postJSON("/api/v1/responses", "\ufeff"+record); res.status != 200 {
		t.Errorf("a body after a byte order mark: %d %s, want 200", res.status, res.body)
	}
	if _, err := ts.app.Record(context.Background(), cx.KindResponses, "R1"); err != nil {
		t.Errorf("the record after a byte order mark: %v", err)
	}
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	zw.Write([]byte(strings.Replace(record, "R1", "R2", 1)))
	zw.Close()
	res := w.do("POST", "/api/v1/responses", "application/json", &zipped, "Content-Encoding", "gzip")
	if res.status != 415 || !strings.Contains(res.body, `"detail":"Content-Encoding gzip is not accepted: send the body uncompressed"`) {
		t.Errorf("a gzip body: %d %s, want 415 naming the coding", res.status, res.body)
	}
	admin := ts.login("admin@example.com")
	if res := admin.postJSON("/api/v1/tokens", "\ufeff"+`{"name":"powershell","scope":"read"}`); res.status != 201 {
		t.Errorf("a token's body after a byte order mark: %d %s, want 201", res.status, res.body)
	}
	res = admin.do("POST", "/api/v1/tokens", "application/json", strings.NewReader(`{"name":"x","scope":"read"}`), "Content-Encoding", "br")
	if res.status != 415 || !strings.Contains(res.body, `"detail":"Content-Encoding br is not accepted: send the body uncompressed"`) {
		t.Errorf("a token's body said to be compressed: %d %s, want 415 naming the coding", res.status, res.body)
	}
}
