package app

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/pgtest"
	"github.com/klantpuls/klantpuls/internal/store"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// refuseAuditLines has the database at dsn refuse every new line of the audit log, as a full
// disk or a broken table would, until the returned func lifts it.
func refuseAuditLines(t *testing.T, dsn string) (lift func()) {
	if IsPostgres(dsn) {
		return pgtest.RefuseInserts(t, dsn, "audit_log")
	}
	return sqlitetest.RefuseInserts(t, dsn, "audit_log")
}

// wantRefusedWhole fails t unless err is the refusal of a change whose audit line could not be
// stored: unavailable, nothing stored (store.ErrAuditNotWritten).
func wantRefusedWhole(t *testing.T, what string, err error) {
	t.Helper()
	var e *cx.Error
	if cx.ErrorCode(err) != cx.EUNAVAILABLE || !errors.As(err, &e) || e.Key != "audit_not_written" {
		t.Errorf("%s with the audit log refusing lines = %v (%s), want the change refused as its line was not stored", what, err, cx.ErrorCode(err))
	}
}

// auditActions are the actions of the audit log, newest first, with their subjects and details.
func auditActions(t *testing.T, a *App) []string {
	t.Helper()
	log, err := a.AuditLog(context.Background(), store.AuditQuery{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range log {
		out = append(out, e.Actor+" "+e.Action+" "+e.Subject+" ("+detailOf(e)+")")
	}
	return out
}

// detailOf is what an entry says, for a test to read: its phrases as their keys and values
// ("reply_changed; owner 1"), the words of which are web's; else its free text.
func detailOf(e cx.AuditEntry) string {
	if len(e.Words) == 0 {
		return e.Detail
	}
	said := make([]string, len(e.Words))
	for i, p := range e.Words {
		said[i] = strings.Join(append([]string{p.Key}, p.Args...), " ")
	}
	return strings.Join(said, "; ")
}

func wantActions(t *testing.T, a *App, want ...string) {
	t.Helper()
	got := auditActions(t, a)
	if len(got) != len(want) {
		t.Fatalf("audit log %q, want %q", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("audit line %d: %q, want %q", i, got[i], want[i])
		}
	}
}

// TestWritesOfRecordsRefusedWithoutTheirLine: a deletion, a reply noted and a follow-up saved
// or assigned are stored with their audit line in one transaction, by whoever ActingAs names.
// Before the fix Delete committed the deletion and then failed to write its line ("done, but
// the audit log was not written"), and the others wrote no line: web added it after them,
// and a line refused left the change standing without it.
func TestWritesOfRecordsRefusedWithoutTheirLine(t *testing.T) {
	bothDatabases(t, func(t *testing.T, dsn string) {
		a, lead := openWorldWithLead(t, dsn)
		ctx := ActingAs(context.Background(), cx.AuditEntry{UserID: lead.ID, Actor: lead.Email, From: "203.0.113.7"})
		at := time.Date(2026, 3, 6, 9, 0, 0, 0, time.UTC)
		lift := refuseAuditLines(t, dsn)

		wantRefusedWhole(t, "Delete", a.Delete(ctx, cx.KindResponses, "R3"))
		if _, err := a.Record(ctx, cx.KindResponses, "R3"); err != nil {
			t.Errorf("R3 deleted without its line: %v", err)
		}
		wantRefusedWhole(t, "MarkReplied", a.MarkReplied(ctx, cx.KindResponses, "R1", at))
		wantRefusedWhole(t, "SaveFollowUp", a.SaveFollowUp(ctx, &cx.FollowUp{ResponseID: "R2", OwnerID: lead.ID, Reply: "Gebeld", UpdatedAt: at}, true, wholeFollowUp))
		wantRefusedWhole(t, "AssignFollowUps", a.AssignFollowUps(ctx, []string{"R1"}, lead.ID, at))
		for _, id := range []string{"R1", "R2"} {
			rec, err := a.Record(ctx, cx.KindResponses, id)
			if err != nil {
				t.Fatal(err)
			}
			if !rec.(*cx.Response).RepliedAt.IsZero() {
				t.Errorf("%s marked replied without its line", id)
			}
		}
		if follows, err := a.FollowUps(ctx, []string{"R1", "R2"}); err != nil || len(follows) != 0 {
			t.Errorf("follow-ups %+v, %v: saved without their lines", follows, err)
		}
		wantActions(t, a)

		lift()
		if err := a.SaveFollowUp(ctx, &cx.FollowUp{ResponseID: "R2", OwnerID: lead.ID, Reply: "Gebeld", UpdatedAt: at}, true, wholeFollowUp); err != nil {
			t.Fatal(err)
		}
		if err := a.MarkReplied(ctx, cx.KindResponses, "R1", at); err != nil {
			t.Fatal(err)
		}
		if err := a.MarkReplied(ctx, cx.KindResponses, "R1", at); err != nil { // replied already: no change, no line
			t.Fatal(err)
		}
		if err := a.Delete(ctx, cx.KindResponses, "R3"); err != nil {
			t.Fatal(err)
		}
		owner := "owner " + strconv.FormatInt(lead.ID, 10)
		wantActions(t, a,
			"lead@shop.nl record_delete responses R3 ()",
			"lead@shop.nl mark_replied responses R1 ()",
			"lead@shop.nl followup_change response R2 (reply_written)",
			"lead@shop.nl mark_replied responses R2 ()",
			"lead@shop.nl followup_assign response R2 ("+owner+")")
	})
}

// TestChangesRefusedWithoutTheirLine: a digest schedule and the first administrator are stored
// with their audit line or not at all. Before the fix each was stored, and the line refused
// after it.
func TestChangesRefusedWithoutTheirLine(t *testing.T) {
	bothDatabases(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a := openEraseAt(t, dsn)
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		lift := refuseAuditLines(t, dsn)
		err := a.Bootstrap(ctx, log, "lead@shop.nl", "Correct-Horse-Battery-9", nil, "https://klantpuls.example.nl", time.Now())
		wantRefusedWhole(t, "Bootstrap", err)
		if n, err := a.CountUsers(ctx); err != nil || n != 0 {
			t.Fatalf("%d users, %v: the administrator was made without their line", n, err)
		}
		lift()
		if err := a.Bootstrap(ctx, log, "lead@shop.nl", "Correct-Horse-Battery-9", nil, "https://klantpuls.example.nl", time.Now()); err != nil {
			t.Fatal(err)
		}
		lead, err := a.UserByEmail(ctx, "lead@shop.nl")
		if err != nil {
			t.Fatal(err)
		}

		lift = refuseAuditLines(t, dsn)
		d := &cx.DigestSchedule{UserID: lead.ID, Frequency: cx.DigestWeekly, Weekday: time.Friday, Hour: 16, Minute: 30, Lang: "en"}
		wantRefusedWhole(t, "SetDigestSchedule", a.SetDigestSchedule(ctx, d, cx.AuditEntry{Actor: lead.Email}))
		if got, err := a.DigestSchedule(ctx, lead.ID); err == nil && got.Frequency == cx.DigestWeekly {
			t.Errorf("schedule %+v stored without its line", got)
		}
		lift()
		if err := a.SetDigestSchedule(ctx, d, cx.AuditEntry{Actor: lead.Email}); err != nil {
			t.Fatal(err)
		}
		lines := auditActions(t, a)
		if len(lines) != 2 || lines[0] != "lead@shop.nl digest_change lead@shop.nl (digest_on @digest_weekly @weekday_fri 16:30 en)" {
			t.Errorf("audit log %q, want the schedule's line on the administrator's", lines)
		}
	})
}

// TestKeyOfARolledBackChangeNotKept: the key that seals connections' secrets, made inside a
// change that is then rolled back, is rolled back with it, and no later secret is sealed with
// it. Before the fix it stayed in memory: the next connection was sealed with a key no
// database held, and after a restart its secret could not be opened.
func TestKeyOfARolledBackChangeNotKept(t *testing.T) {
	ctx := context.Background()
	dsn := sqlitetest.New(t)
	a := openEraseAt(t, dsn)
	newConn := func() cx.Connection {
		return cx.Connection{Source: "shopify", Name: "Winkel", Kinds: []cx.Kind{cx.KindOrders}, Actor: "lead@shop.nl"}
	}
	err := a.Audited(ctx, func(ctx context.Context) ([]cx.AuditEntry, error) {
		c := newConn()
		if err := a.CreateConnection(ctx, &c, "a-secret-of-twenty-chars-or-more", ""); err != nil {
			return nil, err
		}
		return nil, cx.Errorf(cx.EINVALID, "changed our mind")
	})
	if cx.ErrorCode(err) != cx.EINVALID {
		t.Fatalf("Audited = %v, want fn's refusal", err)
	}
	c := newConn()
	if err := a.CreateConnection(ctx, &c, "a-secret-of-twenty-chars-or-more", ""); err != nil {
		t.Fatal(err)
	}
	a.Close()
	restarted := openEraseAt(t, dsn)
	if _, secret, err := restarted.Connection(ctx, c.ID); err != nil || string(secret) != "a-secret-of-twenty-chars-or-more" {
		t.Errorf("after a restart the connection's secret is %q, %v: sealed with a key never stored", secret, err)
	}
}
