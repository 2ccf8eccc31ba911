package storetest

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// Alerts runs the alert and follow-up part of the contract of store.Surveys; open returns a new,
// empty store.
func Alerts(t *testing.T, open func(t *testing.T) store.Surveys) {
	tests := []struct {
		name string
		test func(*testing.T, store.Surveys)
	}{
		{"alert rules", testAlertRules},
		{"alerts", testAlerts},
		{"follow-ups", testFollowUps},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.test(t, open(t)) })
	}
}

func testAlertRules(t *testing.T, s store.Surveys) {
	ctx := context.Background()
	full := &cx.AlertRule{Name: "Lage CSAT", Condition: cx.AlertCSATLow, Threshold: 2,
		Email: "team@fietsenwinkel.nl", Webhook: "https://hooks.slack.com/services/T/B/X", WebhookFormat: "teams", Active: true,
		CreatedAt: on(1, 9, 0)}
	minimal := &cx.AlertRule{Name: "Detractors", Condition: cx.AlertNPSDetractor, CreatedAt: on(1, 10, 0)}
	// A theme is any key: whether the configuration has it is the alert package's to judge.
	themed := &cx.AlertRule{Name: "Boos over de levering", Condition: cx.AlertNegativeSentiment, Theme: "delivery",
		Email: "logistiek@fietsenwinkel.nl", Active: true, CreatedAt: on(1, 11, 0)}
	// A rule on a KPI's course keeps its metric, team, period, counts and language.
	course := &cx.AlertRule{Name: "NPS Retour zakt", Condition: cx.AlertBelowTarget, Metric: "nps", Team: "Retour",
		Period: "month", Figure: "p90", Periods: 3, Percent: 175, MinCount: 12, Lang: "en", Webhook: "https://hooks.example.com/x",
		Active: true, CreatedAt: on(1, 12, 0)}
	for _, r := range []*cx.AlertRule{full, minimal, themed, course} {
		if err := s.CreateAlertRule(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if full.ID == 0 || minimal.ID <= full.ID {
		t.Errorf("ids %d, %d: want ascending ids", full.ID, minimal.ID)
	}
	got, err := s.ListAlertRules(ctx)
	if want := []cx.AlertRule{*full, *minimal, *themed, *course}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("ListAlertRules = %+v, %v\nwant %+v", got, err, want)
	}
	if err := s.DeleteAlertRule(ctx, course.ID); err != nil {
		t.Fatal(err)
	}

	// An update writes every field but the id and creation time; emptied ones come back empty.
	changed := *full
	changed.Name, changed.Condition, changed.Threshold, changed.Email, changed.Webhook, changed.Active =
		"Detractors", cx.AlertNPSDetractor, 0, "", "https://example.nl/hook", false
	changed.CreatedAt, changed.WebhookFormat, changed.Theme = on(9, 0, 0), "generic", "price"
	if err := s.UpdateAlertRule(ctx, &changed); err != nil {
		t.Fatal(err)
	}
	anyTheme := *themed
	anyTheme.Theme = ""
	if err := s.UpdateAlertRule(ctx, &anyTheme); err != nil {
		t.Fatal(err)
	}
	want := changed
	want.CreatedAt = full.CreatedAt
	if got, err := s.ListAlertRules(ctx); err != nil || !reflect.DeepEqual(got, []cx.AlertRule{want, *minimal, anyTheme}) {
		t.Errorf("after UpdateAlertRule = %+v, %v\nwant %+v", got, err, []cx.AlertRule{want, *minimal, anyTheme})
	}

	wantCode(t, "UpdateAlertRule(999)", s.UpdateAlertRule(ctx, &cx.AlertRule{ID: 999, Name: "x"}), cx.ENOTFOUND)
	wantCode(t, "DeleteAlertRule(999)", s.DeleteAlertRule(ctx, 999), cx.ENOTFOUND)

	t.Run("deleting a rule drops its undelivered alerts", func(t *testing.T) {
		alerts := []*cx.Alert{
			{RuleID: full.ID, ResponseID: "R1", CreatedAt: on(2, 9, 0), DeliveredAt: on(2, 9, 1), Attempts: 1},
			{RuleID: full.ID, ResponseID: "R2", CreatedAt: on(2, 10, 0), Attempts: 3, Error: "timeout"},
			{RuleID: minimal.ID, ResponseID: "R2", CreatedAt: on(2, 11, 0)},
		}
		for _, a := range alerts {
			if _, err := s.CreateAlert(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.DeleteAlertRule(ctx, full.ID); err != nil {
			t.Fatal(err)
		}
		if got, err := s.ListAlertRules(ctx); err != nil || !reflect.DeepEqual(got, []cx.AlertRule{*minimal, anyTheme}) {
			t.Errorf("rules after DeleteAlertRule = %+v, %v; want only %+v and %+v", got, err, *minimal, anyTheme)
		}
		if got, err := s.ListAlerts(ctx, 0); err != nil || !reflect.DeepEqual(got, []cx.Alert{*alerts[2], *alerts[0]}) {
			t.Errorf("alerts = %+v, %v\nwant the other rule's and the delivered one", got, err)
		}
		wantCode(t, "DeleteAlertRule twice", s.DeleteAlertRule(ctx, full.ID), cx.ENOTFOUND)
	})
}

func testAlerts(t *testing.T, s store.Surveys) {
	ctx := context.Background()
	create := func(a *cx.Alert) bool {
		t.Helper()
		created, err := s.CreateAlert(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		return created
	}
	// Created out of id order: R3's alert is the oldest.
	r1 := &cx.Alert{RuleID: 1, ResponseID: "R1", CreatedAt: on(3, 9, 0)}
	r2 := &cx.Alert{RuleID: 1, ResponseID: "R2", CreatedAt: on(4, 9, 0)}
	r3 := &cx.Alert{RuleID: 1, ResponseID: "R3", CreatedAt: on(2, 9, 0)}
	r1rule2 := &cx.Alert{RuleID: 2, ResponseID: "R1", CreatedAt: on(3, 9, 0)}
	for _, a := range []*cx.Alert{r1, r2, r3, r1rule2} {
		if !create(a) {
			t.Fatalf("alert of rule %d for %s not created", a.RuleID, a.ResponseID)
		}
		if a.ID == 0 {
			t.Errorf("alert of rule %d for %s has no id", a.RuleID, a.ResponseID)
		}
	}

	t.Run("a second alert for the same rule and answer is a no-op", func(t *testing.T) {
		again := &cx.Alert{RuleID: 1, ResponseID: "R1", CreatedAt: on(9, 9, 0), Attempts: 7, Error: "x"}
		if create(again) {
			t.Error("created = true, want false")
		}
		if again.ID != 0 {
			t.Errorf("ID = %d, want it untouched", again.ID)
		}
		if got, _ := s.ListAlerts(ctx, 0); len(got) != 4 {
			t.Errorf("%d alerts, want 4", len(got))
		}
	})

	manyRules := []int64{2}
	for id := int64(1000); len(manyRules) < 1200; id++ {
		manyRules = append(manyRules, id)
	}
	manyRules = append(manyRules, 1)
	ids := func(alerts []cx.Alert) []int64 {
		var out []int64
		for _, a := range alerts {
			out = append(out, a.ID)
		}
		return out
	}
	tests := []struct {
		name string
		read func() ([]cx.Alert, error)
		want []int64
	}{
		{"pending, oldest first", func() ([]cx.Alert, error) { return s.PendingAlerts(ctx, time.Now(), 5, nil, 10) },
			[]int64{r3.ID, r1.ID, r1rule2.ID, r2.ID}},
		{"pending, limited", func() ([]cx.Alert, error) { return s.PendingAlerts(ctx, time.Now(), 5, nil, 2) },
			[]int64{r3.ID, r1.ID}},
		{"pending of one rule", func() ([]cx.Alert, error) { return s.PendingAlerts(ctx, time.Now(), 5, []int64{2}, 10) },
			[]int64{r1rule2.ID}},
		{"pending of one rule, limited", func() ([]cx.Alert, error) { return s.PendingAlerts(ctx, time.Now(), 5, []int64{1}, 2) },
			[]int64{r3.ID, r1.ID}},
		{"pending of no rule", func() ([]cx.Alert, error) { return s.PendingAlerts(ctx, time.Now(), 5, []int64{}, 10) },
			nil},
		// More rules than one statement's IN list: rule 2 in the first part, rule 1 in the
		// second, merged oldest first and cut to the limit.
		{"pending of many rules, limited", func() ([]cx.Alert, error) { return s.PendingAlerts(ctx, time.Now(), 5, manyRules, 3) },
			[]int64{r3.ID, r1.ID, r1rule2.ID}},
		{"all, newest first", func() ([]cx.Alert, error) { return s.ListAlerts(ctx, 0) },
			[]int64{r2.ID, r1rule2.ID, r1.ID, r3.ID}},
		{"all, limited", func() ([]cx.Alert, error) { return s.ListAlerts(ctx, 1) },
			[]int64{r2.ID}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.read()
			if err != nil || !reflect.DeepEqual(ids(got), tc.want) {
				t.Errorf("ids = %v, %v; want %v", ids(got), err, tc.want)
			}
		})
	}

	t.Run("a failed attempt stays pending, a delivered alert leaves", func(t *testing.T) {
		r3.Attempts, r3.Error, r3.Notes = 1, "webhook: 502 Bad Gateway; e-mail: 550 5.7.1 Relay access denied; e-mail: not ours", "email_refused"
		r3.EmailReply = "550 5.7.1 Relay access denied; e-mail: not ours"
		if err := s.UpdateAlert(ctx, r3); err != nil {
			t.Fatal(err)
		}
		r1.Attempts, r1.DeliveredAt = 1, on(3, 9, 1)
		if err := s.UpdateAlert(ctx, r1); err != nil {
			t.Fatal(err)
		}
		got, err := s.PendingAlerts(ctx, time.Now(), 5, nil, 10)
		if want := []cx.Alert{*r3, *r1rule2, *r2}; err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("pending = %+v, %v\nwant %+v", got, err, want)
		}
		all, err := s.ListAlerts(ctx, 0)
		if want := []cx.Alert{*r2, *r1rule2, *r1, *r3}; err != nil || !reflect.DeepEqual(all, want) {
			t.Errorf("all = %+v, %v\nwant %+v", all, err, want)
		}
	})

	t.Run("an update keeps what matched", func(t *testing.T) {
		moved := *r2
		moved.RuleID, moved.ResponseID, moved.CreatedAt = 9, "R9", on(30, 0, 0)
		if err := s.UpdateAlert(ctx, &moved); err != nil {
			t.Fatal(err)
		}
		all, _ := s.ListAlerts(ctx, 1)
		if len(all) != 1 || !reflect.DeepEqual(all[0], *r2) {
			t.Errorf("after UpdateAlert = %+v, want %+v", all, *r2)
		}
	})

	t.Run("a KPI alert keeps its message, once per period", func(t *testing.T) {
		kpi := &cx.Alert{RuleID: 3, ResponseID: "kpi:week:2026-W48", Message: `{"Title":"NPS <b>"}`, CreatedAt: on(31, 9, 0)}
		if !create(kpi) {
			t.Fatal("not created")
		}
		if create(&cx.Alert{RuleID: 3, ResponseID: "kpi:week:2026-W48", Message: "other", CreatedAt: on(31, 9, 10)}) {
			t.Error("a second alert of the same rule and period was created")
		}
		all, err := s.ListAlerts(ctx, 1)
		if err != nil || len(all) != 1 || !reflect.DeepEqual(all[0], *kpi) {
			t.Errorf("newest alert = %+v, %v; want %+v", all, err, *kpi)
		}
	})

	// Two nodes read the same pending alert: one UPDATE gives it to one of them, and it leaves the
	// queue until its hold ends; what went out by which way is kept for the retry. A store shared
	// by machines holds it by its own clock, so the hold is reckoned from now.
	t.Run("an alert is claimed once and waits for its retry time", func(t *testing.T) {
		a := &cx.Alert{RuleID: 4, ResponseID: "R40", CreatedAt: on(31, 10, 0)}
		if !create(a) {
			t.Fatal("not created")
		}
		other := *a
		now, hold := time.Now(), 5*time.Minute
		until := now.Add(hold).Truncate(time.Second)
		if ok, err := s.ClaimAlert(ctx, a, now, hold); err != nil || !ok || a.Attempts != 1 || !a.RetryAt.Equal(until) {
			t.Fatalf("first claim: %v, %v, attempts %d, retry at %v", ok, err, a.Attempts, a.RetryAt)
		}
		if ok, err := s.ClaimAlert(ctx, &other, now, hold); err != nil || ok {
			t.Errorf("second claim of the same attempt: %v, %v; want refused", ok, err)
		}
		pending := func(now time.Time) bool {
			got, err := s.PendingAlerts(ctx, now, 5, []int64{4}, 10)
			if err != nil {
				t.Fatal(err)
			}
			return len(got) == 1
		}
		before, after := now.Add(hold-time.Minute), now.Add(hold+time.Minute)
		if pending(before) || !pending(after) {
			t.Errorf("pending before its hold ends %v, after %v; want false, true", pending(before), pending(after))
		}
		a.SentBy, a.Error, a.RetryAt = "email", "webhook: 500", on(31, 10, 1)
		if err := s.UpdateAlert(ctx, a); err != nil {
			t.Fatal(err)
		}
		got, err := s.PendingAlerts(ctx, on(31, 10, 1), 5, []int64{4}, 10)
		if err != nil || len(got) != 1 || !reflect.DeepEqual(got[0], *a) {
			t.Errorf("after UpdateAlert = %+v, %v; want %+v", got, err, *a)
		}
	})

	wantCode(t, "UpdateAlert(999)", s.UpdateAlert(ctx, &cx.Alert{ID: 999}), cx.ENOTFOUND)
}

func testFollowUps(t *testing.T, s store.Surveys) {
	ctx := context.Background()
	steps := []struct {
		name string
		set  cx.FollowUp
	}{
		{"taken on", cx.FollowUp{ResponseID: "R7", OwnerID: 3, Status: cx.FollowUpOpen, UpdatedAt: on(5, 9, 0)}},
		{"answered", cx.FollowUp{ResponseID: "R7", OwnerID: 3, Reply: "Excuses, we sturen een nieuwe.",
			Status: cx.FollowUpDone, UpdatedAt: on(5, 10, 0), ReplySentiment: ref(-0.25)}},
		{"handed back and reopened", cx.FollowUp{ResponseID: "R7", Status: cx.FollowUpOpen, UpdatedAt: on(6, 9, 0)}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			f := st.set
			if err := s.SetFollowUp(ctx, &f); err != nil {
				t.Fatal(err)
			}
			got, err := s.FollowUps(ctx, []string{"R7"})
			if want := map[string]cx.FollowUp{"R7": st.set}; err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("FollowUps = %+v, %v; want %+v", got, err, want)
			}
		})
	}
	wantCode(t, "SetFollowUp without an answer", s.SetFollowUp(ctx, &cx.FollowUp{Status: cx.FollowUpOpen}), cx.EINVALID)

	t.Run("many ids, in several chunks", func(t *testing.T) {
		// Every seventh of 1,234 answers has a follow-up, in each chunk of the IN list.
		var ids []string
		want := map[string]cx.FollowUp{}
		for i := range 1234 {
			id := fmt.Sprint("A", i)
			ids = append(ids, id)
			if i%7 == 0 {
				f := cx.FollowUp{ResponseID: id, OwnerID: int64(i + 1), Status: cx.FollowUpOpen, UpdatedAt: on(7, 9, 0)}
				if err := s.SetFollowUp(ctx, &f); err != nil {
					t.Fatal(err)
				}
				want[id] = f
			}
		}
		ids = append(ids, "A0", "nope") // a repeat and an unknown one
		got, err := s.FollowUps(ctx, ids)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("FollowUps: %d found, %v; want %d", len(got), err, len(want))
		}
		// The table holds fewer follow-ups than the ids asked for, and is read whole; with 600
		// more, 700 ids (more than one chunk) are read by id.
		for i := range 600 {
			f := cx.FollowUp{ResponseID: fmt.Sprint("B", i), Status: cx.FollowUpOpen, UpdatedAt: on(7, 9, 0)}
			if err := s.SetFollowUp(ctx, &f); err != nil {
				t.Fatal(err)
			}
		}
		wantSome := map[string]cx.FollowUp{}
		for i := range 700 {
			if f, ok := want[ids[i]]; ok {
				wantSome[ids[i]] = f
			}
		}
		if got, err := s.FollowUps(ctx, ids[:700]); err != nil || !reflect.DeepEqual(got, wantSome) {
			t.Errorf("FollowUps of 700 ids among more follow-ups: %d found, %v; want %d", len(got), err, len(wantSome))
		}
	})

	t.Run("no ids", func(t *testing.T) {
		got, err := s.FollowUps(ctx, nil)
		if err != nil || got == nil || len(got) != 0 {
			t.Errorf("FollowUps(nil) = %#v, %v; want an empty map", got, err)
		}
	})

	t.Run("replies to score", func(t *testing.T) {
		for _, f := range []cx.FollowUp{
			{ResponseID: "S1", Reply: "Gebeld", Status: cx.FollowUpDone, UpdatedAt: on(8, 9, 0)},
			{ResponseID: "S2", Reply: "Gemaild", Status: cx.FollowUpDone, UpdatedAt: on(8, 9, 0), ReplySentiment: ref(0.5)},
			{ResponseID: "S3", Reply: "Teruggebeld", Status: cx.FollowUpOpen, UpdatedAt: on(8, 9, 0)},
		} {
			if err := s.SetFollowUp(ctx, &f); err != nil {
				t.Fatal(err)
			}
		}
		toScore := func(after string, limit int, all bool) string {
			got, err := s.RepliesToScore(ctx, after, limit, all)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, r := range got {
				out = append(out, r.ResponseID+":"+r.Reply+":"+r.Language)
				if r.Sentiment != nil {
					out[len(out)-1] += fmt.Sprint(":", *r.Sentiment)
				}
			}
			return strings.Join(out, " ")
		}
		unscored := func(after string, limit int) string { return toScore(after, limit, false) }
		// By answer id; the answers are not stored, so no language.
		if got := unscored("", 10); got != "S1:Gebeld: S3:Teruggebeld:" {
			t.Errorf("unscored = %q", got)
		}
		if got := unscored("S1", 1); got != "S3:Teruggebeld:" {
			t.Errorf("unscored after S1 = %q", got)
		}
		// A reply changed since it was read is not scored with the old one's score.
		if err := s.ScoreReply(ctx, "S1", "Niet gebeld", -0.5); err != nil {
			t.Fatal(err)
		}
		if err := s.ScoreReply(ctx, "S3", "Teruggebeld", 0.25); err != nil {
			t.Fatal(err)
		}
		if got := unscored("", 10); got != "S1:Gebeld:" {
			t.Errorf("unscored after scoring = %q", got)
		}
		got, err := s.FollowUps(ctx, []string{"S3"})
		if err != nil || got["S3"].ReplySentiment == nil || *got["S3"].ReplySentiment != 0.25 {
			t.Errorf("S3 = %+v, %v; want its score 0.25", got["S3"], err)
		}
		// A newer scorer reads every reply again, scored or not, and its score replaces the
		// older one's.
		if got := toScore("", 10, true); got != "S1:Gebeld: S2:Gemaild::0.5 S3:Teruggebeld::0.25" {
			t.Errorf("every reply = %q", got)
		}
		if got := toScore("S2", 10, true); got != "S3:Teruggebeld::0.25" {
			t.Errorf("every reply after S2 = %q", got)
		}
		if err := s.ScoreReply(ctx, "S2", "Gemaild", -0.125); err != nil {
			t.Fatal(err)
		}
		if got := toScore("S1", 1, true); got != "S2:Gemaild::-0.125" {
			t.Errorf("S2 scored again = %q", got)
		}
	})
}
