package app

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/ingest"
)

// openTest opens an App on a new SQLite file holding recs, closed when the test ends.
func openTest(t *testing.T, recs ...cx.Record) *App {
	t.Helper()
	a, err := Open(context.Background(), filepath.Join(t.TempDir(), "klantpuls.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if _, err := a.Ingest(context.Background(), recs); err != nil {
		t.Fatal(err)
	}
	return a
}

// march is an instant on a day of March 2026 in UTC, as the store gives instants back.
func march(day, hour, minute int) time.Time {
	return time.Date(2026, time.March, day, hour, minute, 0, 0, time.UTC)
}

func patchOf(kind cx.Kind, id, doc string) cx.Patch {
	return cx.Patch{Of: kind, ID: id, Doc: json.RawMessage(doc)}
}

// storedTicket is T1 as stored before each case: created Monday 2 March 2026 08:00 UTC. It is
// inbound, as an import file's ticket without a direction is (data.md).
func storedTicket() *cx.Ticket {
	return &cx.Ticket{ID: "T1", CreatedAt: march(2, 8, 0), Channel: "E-mail", Agent: "Anouk", Direction: cx.Inbound,
		Attrs: cx.Attrs{"plaats": "Utrecht"}}
}

func TestWritePatches(t *testing.T) {
	with := func(change func(*cx.Ticket)) []cx.Record {
		tk := storedTicket()
		change(tk)
		return []cx.Record{tk}
	}
	tests := []struct {
		name    string
		recs    []cx.Record
		patches []cx.Patch
		want    []cx.Record // the tickets stored afterwards
	}{
		{"a patch changes its fields and keeps the others and the attributes",
			nil, []cx.Patch{patchOf(cx.KindTickets, "T1", `{"solved_at":"2026-03-02T11:30:00+01:00"}`)},
			with(func(tk *cx.Ticket) { tk.SolvedAt = march(2, 10, 30) })},
		{"null removes an optional field",
			nil, []cx.Patch{patchOf(cx.KindTickets, "T1", `{"agent":null}`)},
			with(func(tk *cx.Ticket) { tk.Agent = "" })},
		{"attributes are added and removed under attrs",
			nil, []cx.Patch{patchOf(cx.KindTickets, "T1", `{"attrs":{"plaats":null,"bron":"mail"}}`)},
			with(func(tk *cx.Ticket) { tk.Attrs = cx.Attrs{"bron": "mail"} })},
		{"an unknown member is an attribute, as in an import file",
			nil, []cx.Patch{patchOf(cx.KindTickets, "T1", `{"plaats":"Zwolle","bron":"mail","Agent":"Bas"}`)},
			with(func(tk *cx.Ticket) { tk.Attrs, tk.Agent = cx.Attrs{"plaats": "Zwolle", "bron": "mail"}, "Bas" })},
		{"two patches of one key apply in order",
			nil, []cx.Patch{patchOf(cx.KindTickets, "T1", `{"agent":"Bas","team":"Retour"}`),
				patchOf(cx.KindTickets, "T1", `{"agent":"Cor"}`)},
			with(func(tk *cx.Ticket) { tk.Agent, tk.Team = "Cor", "Retour" })},
		{"a patch after the whole record in the same call changes that record",
			[]cx.Record{&cx.Ticket{ID: "T2", CreatedAt: march(3, 9, 0)}},
			[]cx.Patch{patchOf(cx.KindTickets, "T2", `{"agent":"Bas"}`)},
			[]cx.Record{storedTicket(), &cx.Ticket{ID: "T2", CreatedAt: march(3, 9, 0), Agent: "Bas", Direction: cx.Inbound}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			a := openTest(t, storedTicket())
			if _, err := a.Write(ctx, tc.recs, tc.patches); err != nil {
				t.Fatal(err)
			}
			if got := allTickets(t, a); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %s\nwant %s", jsonOf(got), jsonOf(tc.want))
			}
		})
	}
}

// TestWriteRefusesPatches: a patch that is refused leaves nothing of its call stored, the
// whole record beside it included, and says where and why.
func TestWriteRefusesPatches(t *testing.T) {
	tests := []struct {
		name    string
		patch   cx.Patch
		code    string // of a cx.Error; "" for an *ingest.Error
		pointer string // of the invalid field
		says    string
	}{
		{"a field in the wrong format", patchOf(cx.KindTickets, "T1", `{"solved_at":"gisteren"}`), "", "/solved_at", ""},
		{"a required field removed", patchOf(cx.KindTickets, "T1", `{"created_at":null}`), "", "/created_at", "required"},
		{"the key changed", patchOf(cx.KindTickets, "T1", `{"ticket_id":"T9"}`), "", "/ticket_id", "cannot be changed"},
		{"an attribute that is no text", patchOf(cx.KindTickets, "T1", `{"attrs":{"plaats":{"x":1}}}`), "", "/attrs/plaats", ""},
		{"a record not stored", patchOf(cx.KindTickets, "T9", `{"agent":"Bas"}`), cx.ENOTFOUND, "",
			`no ticket "T9" to patch: a patch changes a stored record, so send the whole record first`},
		{"a review not stored", patchOf(cx.KindReviews, cx.ReviewKey("V1", "Toon"), `{"rating":3}`), cx.ENOTFOUND, "",
			`no review "V1, criterion toon" to patch`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			a := openTest(t, storedTicket())
			_, err := a.Write(ctx, []cx.Record{&cx.Ticket{ID: "T2", CreatedAt: march(3, 9, 0)}}, []cx.Patch{tc.patch})
			var refused *ingest.Error
			switch {
			case tc.code != "":
				if cx.ErrorCode(err) != tc.code || !strings.Contains(err.Error(), tc.says) {
					t.Errorf("error %v (%s), want %s saying %q", err, cx.ErrorCode(err), tc.code, tc.says)
				}
			case !errors.As(err, &refused) || refused.Reason != ingest.InvalidFields || len(refused.Fields) != 1 ||
				refused.Fields[0].Pointer != tc.pointer || !strings.Contains(refused.Fields[0].Detail, tc.says):
				t.Errorf("error %#v, want one invalid field at %s saying %q", err, tc.pointer, tc.says)
			}
			if got, want := allTickets(t, a), []cx.Record{storedTicket()}; !reflect.DeepEqual(got, want) {
				t.Errorf("stored %s, want only %s", jsonOf(got), jsonOf(want))
			}
		})
	}
}

func allTickets(t *testing.T, a *App) []cx.Record {
	t.Helper()
	var out []cx.Record
	err := a.store.Stream(context.Background(), cx.KindTickets, func(r cx.Record) error {
		out = append(out, r)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
