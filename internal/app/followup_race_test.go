package app

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// hookedBegin is the store with hook run once, as the first transaction of records begins:
// after all app read for the change, before its transaction. What hook commits is what another
// request, made at the same moment, commits between the two.
type hookedBegin struct {
	store.Store
	hook func()
}

func (h *hookedBegin) Begin(ctx context.Context) (store.Tx, error) {
	if hook := h.hook; hook != nil {
		h.hook = nil
		hook()
	}
	return h.Store.Begin(ctx)
}

// TestFollowUpChangesMadeAtOnce: a follow-up saved or assigned while another request changed
// it keeps what that request did, and its lines in the audit log say what it changed of the
// follow-up as it stood. Before the fix both read the follow-up before their transaction: a
// bulk assignment wrote back the reply and status it had read, undoing a reply noted and
// "done" under a bare followup_assign line, and a save said "reply written" of a reply it
// replaced and nothing of the done answer it reopened.
func TestFollowUpChangesMadeAtOnce(t *testing.T) {
	at := time.Date(2026, 3, 6, 9, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name string
		// change is made by lead, after anna committed hers meanwhile.
		change, meanwhile func(ctx context.Context, a *App, lead int64) error
		want              cx.FollowUp // R2's reply and status after both
		lines             []string    // lead's, newest first; {lead} is their id
	}{
		{"assigned while a reply was noted and done",
			func(ctx context.Context, a *App, lead int64) error {
				return a.AssignFollowUps(ctx, []string{"R2"}, lead, at.Add(time.Minute))
			},
			func(ctx context.Context, a *App, lead int64) error {
				return a.SaveFollowUp(ctx, &cx.FollowUp{ResponseID: "R2", Reply: "Gebeld", UpdatedAt: at}, true, wholeFollowUp)
			},
			cx.FollowUp{ResponseID: "R2", Reply: "Gebeld", Status: cx.FollowUpDone},
			[]string{"followup_assign response R2 (owner {lead})"}},
		{"saved while another reply was noted and done",
			func(ctx context.Context, a *App, lead int64) error {
				return a.SaveFollowUp(ctx, &cx.FollowUp{ResponseID: "R2", OwnerID: lead, Reply: "Teruggebeld", UpdatedAt: at.Add(time.Minute)}, false, wholeFollowUp)
			},
			func(ctx context.Context, a *App, lead int64) error {
				return a.SaveFollowUp(ctx, &cx.FollowUp{ResponseID: "R2", OwnerID: lead, Reply: "Gebeld", UpdatedAt: at}, true, wholeFollowUp)
			},
			cx.FollowUp{ResponseID: "R2", Reply: "Teruggebeld", Status: cx.FollowUpOpen},
			[]string{"followup_change response R2 (reply_changed; reopened)"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			bothDatabases(t, func(t *testing.T, dsn string) {
				a, lead := openWorldWithLead(t, dsn)
				other := openEraseAt(t, dsn) // another node, or a command beside the server
				ctx := ActingAs(context.Background(), cx.AuditEntry{UserID: lead.ID, Actor: lead.Email})
				anna := ActingAs(context.Background(), cx.AuditEntry{Actor: "anna@shop.nl"})
				var meanwhile error
				a.store = &hookedBegin{Store: a.store, hook: func() { meanwhile = tt.meanwhile(anna, other, lead.ID) }}
				if err := tt.change(ctx, a, lead.ID); err != nil {
					t.Fatal(err)
				}
				if meanwhile != nil {
					t.Fatalf("the change made meanwhile: %v", meanwhile)
				}
				got, err := a.FollowUps(context.Background(), []string{"R2"})
				if err != nil {
					t.Fatal(err)
				}
				f := got["R2"]
				if f.ResponseID != "R2" || f.OwnerID != lead.ID || f.Reply != tt.want.Reply || f.Status != tt.want.Status ||
					!f.UpdatedAt.Equal(at.Add(time.Minute)) {
					t.Errorf("R2's follow-up %+v, want %+v owned by %d, updated at %s", f, tt.want, lead.ID, at.Add(time.Minute))
				}
				var lines, want []string
				for _, l := range auditActions(t, a) {
					if rest, ok := strings.CutPrefix(l, lead.Email+" "); ok {
						lines = append(lines, rest)
					}
				}
				for _, l := range tt.lines {
					want = append(want, strings.ReplaceAll(l, "{lead}", strconv.FormatInt(lead.ID, 10)))
				}
				if !slices.Equal(lines, want) {
					t.Errorf("lead's lines %q, want %q", lines, want)
				}
			})
		})
	}
}
