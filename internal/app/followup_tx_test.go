package app

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestSaveFollowUpReadsTheAnswerInItsTransaction: a reply is scored in the language of the
// answer as the save's transaction finds it. Before the fix SaveFollowUp read the answer before
// its transaction: R2, sent as English and corrected to Dutch at that moment, had the reply
// "Helaas, slecht geregeld" read as English, in which none of its words is known (0), rather
// than as the regret it is in Dutch (below 0).
func TestSaveFollowUpReadsTheAnswerInItsTransaction(t *testing.T) {
	bothDatabases(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a := openWorld(t, dsn)
		if _, err := a.Patch(ctx, patchOf(cx.KindResponses, "R2", `{"language":"en"}`)); err != nil {
			t.Fatal(err)
		}
		other := openEraseAt(t, dsn) // another request, committing between the read and the save
		var meanwhile error
		a.store = &hookedBegin{Store: a.store, hook: func() {
			_, meanwhile = other.Patch(ctx, patchOf(cx.KindResponses, "R2", `{"language":"nl"}`))
		}}
		f := cx.FollowUp{ResponseID: "R2", Reply: "Helaas, slecht geregeld", UpdatedAt: time.Date(2026, 3, 6, 9, 0, 0, 0, time.UTC)}
		if err := a.SaveFollowUp(ctx, &f, false, FollowUpFields{Reply: true}); err != nil {
			t.Fatal(err)
		}
		if meanwhile != nil {
			t.Fatalf("the language corrected meanwhile: %v", meanwhile)
		}
		got, err := a.FollowUps(ctx, []string{"R2"})
		if err != nil {
			t.Fatal(err)
		}
		s := got["R2"].ReplySentiment
		if s == nil || *s >= 0 {
			t.Errorf("reply sentiment %s, want below 0: the reply read as Dutch, the answer's language when it was saved", fmtScore(s))
		}
	})
}

// TestFollowUpOwnerRemovedMeanwhile: a follow-up saved or assigned to a user removed after the
// form was shown is refused, naming the owner field, and nothing is stored. Before the fix the
// owner was checked before the transaction: a user removed at that moment became the owner of
// an answer nobody would see again in their own queue.
func TestFollowUpOwnerRemovedMeanwhile(t *testing.T) {
	at := time.Date(2026, 3, 6, 9, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name string
		save func(ctx context.Context, a *App, owner int64) error
	}{
		{"saved", func(ctx context.Context, a *App, owner int64) error {
			return a.SaveFollowUp(ctx, &cx.FollowUp{ResponseID: "R2", OwnerID: owner, UpdatedAt: at}, false, FollowUpFields{Owner: true})
		}},
		{"assigned", func(ctx context.Context, a *App, owner int64) error {
			return a.AssignFollowUps(ctx, []string{"R2"}, owner, at)
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			bothDatabases(t, func(t *testing.T, dsn string) {
				ctx := context.Background()
				a, lead := openWorldWithLead(t, dsn)
				anna, err := a.CreateUser(ctx, "anna@shop.nl", "correct horse battery", cx.RoleManager, "", "", at)
				if err != nil {
					t.Fatal(err)
				}
				other := openEraseAt(t, dsn)
				var meanwhile error
				a.store = &hookedBegin{Store: a.store, hook: func() { _, _, meanwhile = other.RemoveUser(ctx, anna.ID) }}
				err = tt.save(ActingAs(ctx, cx.AuditEntry{UserID: lead.ID, Actor: lead.Email}), a, anna.ID)
				if meanwhile != nil {
					t.Fatalf("removing Anna meanwhile: %v", meanwhile)
				}
				var e *cx.Error
				if cx.ErrorCode(err) != cx.EINVALID || !errors.As(err, &e) || e.Field != "owner" || e.Key != "followup_bad_owner" {
					t.Fatalf("owner removed meanwhile: %v (%s), want refused as no user, naming the owner", err, cx.ErrorCode(err))
				}
				if got, err := a.FollowUps(ctx, []string{"R2"}); err != nil || len(got) != 0 {
					t.Errorf("follow-ups %+v %v, want none stored", got, err)
				}
				for _, l := range auditActions(t, a) {
					if strings.HasPrefix(l, lead.Email+" ") {
						t.Errorf("line %q of a refused save", l)
					}
				}
			})
		})
	}
}

// TestAssignFollowUpsOnceEach: a bulk assignment naming an answer twice (a tampered form, or a
// page whose list showed it twice) assigns it once, with one line in the audit log. Before the
// fix both were written, each with its line.
func TestAssignFollowUpsOnceEach(t *testing.T) {
	bothDatabases(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, lead := openWorldWithLead(t, dsn)
		at := time.Date(2026, 3, 6, 9, 0, 0, 0, time.UTC)
		acting := ActingAs(ctx, cx.AuditEntry{UserID: lead.ID, Actor: lead.Email})
		if err := a.AssignFollowUps(acting, []string{"R1", "R2", "R1"}, lead.ID, at); err != nil {
			t.Fatal(err)
		}
		owner := " (owner " + strconv.FormatInt(lead.ID, 10) + ")"
		wantActions(t, a,
			lead.Email+" "+cx.AuditFollowUpAssign+" response R2"+owner,
			lead.Email+" "+cx.AuditFollowUpAssign+" response R1"+owner)
		got, err := a.FollowUps(ctx, []string{"R1", "R2"})
		if err != nil || got["R1"].OwnerID != lead.ID || got["R2"].OwnerID != lead.ID {
			t.Errorf("follow-ups %+v %v, want R1 and R2 owned by %d", got, err, lead.ID)
		}
	})
}

// fmtScore is a sentiment score as a failure says it.
func fmtScore(s *float64) string {
	if s == nil {
		return "none"
	}
	return strconv.FormatFloat(*s, 'f', 2, 64)
}
