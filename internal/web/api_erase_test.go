package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// TestErasureRenamesTheCustomerInTheAuditLog: a customer whose id is their e-mail address has
// their row deleted (DELETE /api/v1/customers/{id}, audited as record_delete "customers <id>")
// and is then erased. The erasure's own entry names the pseudonym, and so must the earlier
// deletion's afterwards: the audit log may not keep the address (README, erasing a customer).
// Also when the row was all klantpuls held of them: the audit entry names them, so the erasure
// is no unknown customer's (404) but goes ahead, and is remembered.
func TestErasureRenamesTheCustomerInTheAuditLog(t *testing.T) {
	for _, ticket := range []bool{true, false} {
		t.Run(map[bool]string{true: "their ticket left", false: "nothing left"}[ticket], func(t *testing.T) {
			testErasureRenamesTheCustomerInTheAuditLog(t, ticket)
		})
	}
}

func testErasureRenamesTheCustomerInTheAuditLog(t *testing.T, ticket bool) {
	ts := startServer(t)
	w := ts.withToken("adminWrite")
	const id = "jan.jansen@example.org"
	if res := w.postJSON("/api/v1/customers", `{"customer_id":"`+id+`","acquired_at":"2025-01-01 10:00"}`); res.status != 200 {
		t.Fatalf("customer: %d %s", res.status, res.body)
	}
	if ticket {
		if res := w.postJSON("/api/v1/tickets", `{"ticket_id":"T1","created_at":"2026-03-02 10:00","customer_id":"`+id+`"}`); res.status != 200 {
			t.Fatalf("ticket: %d %s", res.status, res.body)
		}
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
	// Remembered: their row sent again is stored under the pseudonym.
	if res := w.postJSON("/api/v1/customers", `{"customer_id":"`+id+`","acquired_at":"2025-01-01 10:00"}`); res.status != 200 {
		t.Fatalf("customer again: %d %s", res.status, res.body)
	}
	if got := w.get("/api/v1/customers/" + url.PathEscape(id)); got.status != http.StatusNotFound {
		t.Errorf("the customer sent again after the erasure is under their address: %d %.200s", got.status, got.body)
	}
}

// TestEraseAnswerToInvitationByAddress: a customer is invited by their e-mail address (the
// surveys page's list of addresses, or POST /api/v1/invitations with "email"), answers and
// writes a comment. The answer names no customer, but it is theirs: erasing the customer removes
// its comment and attrs (which name the invitation) as well as the invitation's address. README:
// erase removes "the comments and attributes of their survey answers".
func TestEraseAnswerToInvitationByAddress(t *testing.T) {
	ls := startLoopServer(t)
	w := ls.withToken("adminWrite")
	if res := w.postJSON("/api/v1/customers", `{"customer_id":"C7","acquired_at":"2025-01-01 10:00","name":"Wilhelmina Zwanenburg-Vos","email":"w.zwanenburg@example.nl"}`); res.status != 200 {
		t.Fatalf("customer: %d %s", res.status, res.body)
	}
	sv := ls.survey(t, cx.SurveyNPS)
	if res := w.postJSON("/api/v1/invitations", fmt.Sprintf(`{"survey_id":%d,"email":"w.zwanenburg@example.nl"}`, sv.ID)); res.status != 200 {
		t.Fatalf("invite: %d %s", res.status, res.body)
	}
	if n, err := ls.surveys.SendQueued(context.Background(), 10); err != nil || n != 1 {
		t.Fatalf("sent %d, %v", n, err)
	}
	m := ls.smtp.Wait(t, 1, 5*time.Second)[0]
	links := regexp.MustCompile(`http://127\.0\.0\.1:\d+/a/[A-Za-z0-9_.-]+`).FindAllString(m.TextBody, -1)
	if len(links) != 11 {
		t.Fatalf("%d score links, want 11", len(links))
	}
	c := ls.anonymous()
	res := c.form("POST", strings.TrimPrefix(links[3], ls.url), nil) // NPS 3
	if res.status != 200 {
		t.Fatalf("answer: %d %s", res.status, res.body)
	}
	token := regexp.MustCompile(`action="/s/([^"]+)"`).FindStringSubmatch(res.body)[1]
	resp := regexp.MustCompile(`name="response" value="([^"]+)"`).FindStringSubmatch(res.body)[1]
	if res := c.form("POST", "/s/"+token, url.Values{"response": {resp}, "comment": {"Wilhelmina hier: pakket kwam beschadigd aan"}}); res.status != 200 {
		t.Fatalf("comment: %d", res.status)
	}
	if cells := sqlitetest.CellsHolding(t, ls.dbPath, "beschadigd"); len(cells) == 0 {
		t.Fatal("the comment is not stored at all")
	}
	if res := w.postJSON("/api/v1/customers/C7/erase", `{"purge":false}`); res.status != 200 {
		t.Fatalf("erase: %d %s", res.status, res.body)
	}
	for _, text := range []string{"Wilhelmina", "zwanenburg", "Zwanenburg", "beschadigd"} {
		if cells := sqlitetest.CellsHolding(t, ls.dbPath, text); len(cells) > 0 {
			t.Errorf("after erasing C7 the database holds %q in %v", text, cells)
		}
	}
	// The answer keeps its id (the invitation's) and score, no text.
	rec, err := ls.app.Record(context.Background(), cx.KindResponses, resp)
	if r, _ := rec.(*cx.Response); err != nil || r.Score != 3 || r.Comment != "" || r.Attrs != nil {
		t.Errorf("the answer after the erasure: %+v %v; want its score 3 without comment or attrs", rec, err)
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

// TestErasureKeepsUnsubscribeAsKeyedHash: a customer who unsubscribed from surveys (the
// unsubscribe page stores their address) and is then erased, with purge: their address leaves
// the unsubscribes table too — README's erasure names no exception — and their unsubscribe is
// kept as a keyed hash of the address, so that the address, in any case of letters, is still
// not mailed again. Their old invitation's unsubscribe link, clicked after the erasure, stores
// the hash too.
func TestErasureKeepsUnsubscribeAsKeyedHash(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	w := ts.withToken("adminWrite")
	const addr = "w.zwanenburg@example.nl"
	if res := w.postJSON("/api/v1/customers", `{"customer_id":"C7","acquired_at":"2025-01-01 10:00","name":"Wilhelmina","email":"`+addr+`"}`); res.status != 200 {
		t.Fatalf("customer: %d %s", res.status, res.body)
	}
	if err := ts.app.Unsubscribe(ctx, addr, time.Now()); err != nil {
		t.Fatal(err)
	}
	if res := w.postJSON("/api/v1/customers/C7/erase", `{"purge":true}`); res.status != 200 {
		t.Fatalf("erase: %d %s", res.status, res.body)
	}
	// The unsubscribe link of an old invitation, clicked again after the erasure.
	if err := ts.app.Unsubscribe(ctx, "W.Zwanenburg@example.nl", time.Now()); err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{addr, "W.Zwanenburg"} {
		if cells := sqlitetest.CellsHolding(t, ts.dbPath, text); len(cells) > 0 {
			t.Errorf("after erasing C7 the database holds their address in %v", cells)
		}
	}
	for _, a := range []string{addr, " W.Zwanenburg@Example.NL"} {
		if off, err := ts.app.Unsubscribed(ctx, a); err != nil || !off {
			t.Errorf("%q unsubscribed after the erasure: %v %v; want true", a, off, err)
		}
	}
	if off, err := ts.app.Unsubscribed(ctx, "bas@example.nl"); err != nil || off {
		t.Errorf("bas@example.nl, who never unsubscribed: %v %v; want false", off, err)
	}
}
