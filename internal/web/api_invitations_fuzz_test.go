package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/ingest"
)

// FuzzReadInvitations: any body of POST /api/v1/invitations is either read as invitations, one
// per object with its pointer ("" for one object, "/i" for the i-th of an array), or refused as
// a 400, 413 or 422 — a 422 naming where, inside the body, each problem is. It is read so in
// English and in Dutch, and only the words differ: the same items, or the same status, title
// and pointers, each detail said.
func FuzzReadInvitations(f *testing.F) {
	f.Add(`{"survey_id":1,"customer_id":"C1"}`)
	f.Add(`[{"survey_id":1,"email":"a@example.nl","lang":"en"},{"survey_id":1,"ticket_id":"T1"}]`)
	f.Add(`[{"survey_id":1},5,"x",[],null]`)
	f.Add(`{"survey_id":"1","extra":true,"extra":false}`)
	f.Add(`[[[[[[]]]]]]`)
	f.Add(`{"survey_id":1}]`)
	f.Add(``)
	f.Add(" \r\n")
	f.Add(`survey_id=1`)
	f.Fuzz(func(t *testing.T, body string) {
		items, pointers, p := readInvitations(ingest.English, []byte(body))
		checkReadInvitations(t, body, items, pointers, p)
		nlItems, nlPointers, nlP := readInvitations(ingest.Dutch, []byte(body))
		checkReadInvitations(t, body, nlItems, nlPointers, nlP)
		if (p == nil) != (nlP == nil) || !slices.Equal(items, nlItems) || !slices.Equal(pointers, nlPointers) {
			t.Fatalf("English read %v %v %+v, Dutch %v %v %+v", items, pointers, p, nlItems, nlPointers, nlP)
		}
		if p != nil && (p.Status != nlP.Status || p.Title != nlP.Title || !slices.Equal(problemPointers(p), problemPointers(nlP))) {
			t.Fatalf("English refused %+v, Dutch %+v", p, nlP)
		}
	})
}

// checkReadInvitations fails t when what readInvitations made of body, in either language, is
// not as FuzzReadInvitations says.
func checkReadInvitations(t *testing.T, body string, items []invitationIn, pointers []string, p *Problem) {
	t.Helper()
	if p != nil {
		if p.Detail == "" {
			t.Fatalf("a refusal saying nothing: %+v", p)
		}
		switch p.Status {
		case http.StatusBadRequest:
			if !json.Valid([]byte(body)) && !saysWhereNotJSON(p.Detail, []byte(body)) {
				t.Fatalf("%q refused without saying where it is no JSON: %s", body, p.Detail)
			}
		case http.StatusRequestEntityTooLarge:
		case http.StatusUnprocessableEntity:
			if len(p.Errors) == 0 {
				t.Fatalf("a 422 naming nothing: %+v", p)
			}
			for _, e := range p.Errors {
				if e.Pointer != "" && !strings.HasPrefix(e.Pointer, "/") || e.Detail == "" {
					t.Fatalf("problem %+v: no JSON pointer, or no reason", e)
				}
			}
		default:
			t.Fatalf("status %d", p.Status)
		}
		return
	}
	if len(items) != len(pointers) { // an empty array is an empty batch: nothing to make
		t.Fatalf("%d items, %d pointers", len(items), len(pointers))
	}
	var one map[string]json.RawMessage
	if json.Unmarshal([]byte(body), &one) == nil {
		if len(items) != 1 || pointers[0] != "" {
			t.Fatalf("one object read as %d items at %v", len(items), pointers)
		}
		return
	}
	for i, ptr := range pointers {
		if ptr != "/"+strconv.Itoa(i) {
			t.Fatalf("item %d at %q", i, ptr)
		}
	}
}

// saysWhereNotJSON tells whether detail, a 400's, says where body stops being JSON: at a byte,
// or, for a body of white space only, that it is empty.
func saysWhereNotJSON(detail string, body []byte) bool {
	if len(bytes.Trim(body, " \t\r\n")) == 0 {
		return strings.Contains(detail, "empty") || strings.Contains(detail, "leeg")
	}
	return strings.Contains(detail, " byte ")
}

// problemPointers are the pointers p's errors name, in order.
func problemPointers(p *Problem) []string {
	var out []string
	for _, e := range p.Errors {
		out = append(out, e.Pointer)
	}
	return out
}
