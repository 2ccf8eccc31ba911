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
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// openTest opens an App on a new SQLite file holding recs, closed when the test ends.
func openTest(t *testing.T, recs ...cx.Record) *App {
	t.Helper()
	a, err := Open(context.Background(), sqlitetest.New(t), nil)
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

// TestWriteKeepsReplies: the team replied to R1's comment in klantpuls (MarkReplied, 10 March
// 09:00 UTC). The answer sent or imported again whole without replied_at, as the survey tool
// has it, keeps the reply — in the store, in this node's engine and in another's that catches
// up (data.md: importing the same file twice changes nothing); a patch that removes replied_at
// (null, as the API's PATCH says) clears it everywhere.
func TestWriteKeepsReplies(t *testing.T) {
	ctx := context.Background()
	answer := func() *cx.Response {
		return &cx.Response{ID: "R1", Survey: cx.SurveyNPS, Score: 2, SubmittedAt: march(9, 10, 0), Comment: "Nooit meer"}
	}
	write := func(recs []cx.Record, patches ...cx.Patch) func(*App) error {
		return func(a *App) error { _, err := a.Write(ctx, recs, patches); return err }
	}
	removed := patchOf(cx.KindResponses, "R1", `{"replied_at":null}`)
	var none time.Time
	tests := []struct {
		name  string
		write func(*App) error
		want  time.Time // replied_at afterwards
	}{
		{"sent again whole", write([]cx.Record{answer()}), march(10, 9, 0)},
		{"imported again", func(a *App) error {
			_, err := a.Import(ctx, func(put func(cx.Record) error) (int, error) { return 1, put(answer()) }, nil)
			return err
		}, march(10, 9, 0)},
		{"a patch of its score", write(nil, patchOf(cx.KindResponses, "R1", `{"score":3}`)), march(10, 9, 0)},
		{"a patch of another reply time", write(nil, patchOf(cx.KindResponses, "R1", `{"replied_at":"2026-03-11T08:00:00Z"}`)),
			march(11, 8, 0)},
		{"a patch removing replied_at", write(nil, removed), none},
		{"sent again whole and patched to remove replied_at in one call", write([]cx.Record{answer()}, removed), none},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "klantpuls.db")
			a, other := openFile(t, db, nil), openFile(t, db, nil)
			if _, err := a.Write(ctx, []cx.Record{answer()}, nil); err != nil {
				t.Fatal(err)
			}
			if err := a.MarkReplied(ctx, cx.KindResponses, "R1", march(10, 9, 0)); err != nil {
				t.Fatal(err)
			}
			for _, n := range []*App{a, other} {
				if err := n.LoadEngine(ctx); err != nil {
					t.Fatal(err)
				}
			}
			if err := tc.write(a); err != nil {
				t.Fatal(err)
			}
			if _, err := other.CatchUp(ctx); err != nil {
				t.Fatal(err)
			}
			rec, err := a.Record(ctx, cx.KindResponses, "R1")
			if err != nil {
				t.Fatal(err)
			}
			if got := rec.(*cx.Response).RepliedAt; !got.Equal(tc.want) {
				t.Errorf("stored replied_at %v, want %v", got, tc.want)
			}
			want := 0 // answers replied to of the one with a comment
			if !tc.want.IsZero() {
				want = 1
			}
			for node, n := range map[string]*App{"this node": a, "the other node": other} {
				if got := marchReport(t, n).FeedbackResponse; got.Replied != want || got.N != 1 {
					t.Errorf("%s's engine: replied %d of %d, want %d of 1", node, got.Replied, got.N, want)
				}
			}
		})
	}
}
