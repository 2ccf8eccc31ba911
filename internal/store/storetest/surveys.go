package storetest

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// Surveys runs the contract of store.Surveys but for alerts and follow-ups (Alerts); open returns
// a new, empty store. That asking to unsubscribe again keeps the first time is not seen through
// the interface: each store checks it in its own tests.
func Surveys(t *testing.T, open func(t *testing.T) store.Surveys) {
	tests := []struct {
		name string
		test func(*testing.T, store.Surveys)
	}{
		{"surveys", testSurveys},
		{"lists of nothing are empty", testListsOfNothingAreEmpty},
		{"invitations", testInvitations},
		{"queued invitations", testQueuedInvitations},
		{"claim invitation", testClaimInvitation},
		{"last invited", testLastInvited},
		{"survey invited", testSurveyInvited},
		{"count invitations", testCountInvitations},
		{"unsubscribe", testUnsubscribe},
		{"bounce", testBounce},
		{"sites", testSites},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.test(t, open(t)) })
	}
}

func npsSurvey() *cx.Survey {
	return &cx.Survey{Kind: "nps", Name: "Na levering",
		QuestionNL:    "Hoe waarschijnlijk is het dat u ons aanbeveelt?",
		QuestionEN:    "How likely are you to recommend us?",
		FollowUpLowNL: "Wat ging er mis?", FollowUpLowEN: "What went wrong?",
		FollowUpHighNL: "Wat ging er goed?", FollowUpHighEN: "What went well?",
		Active: true, CreatedAt: on(1, 9, 0)}
}

func testSurveys(t *testing.T, s store.Surveys) {
	ctx := context.Background()
	full := npsSurvey()
	// Only what a survey needs; follow-ups absent, inactive, created now.
	minimal := &cx.Survey{Kind: "csat", Name: "Chat", QuestionNL: "Tevreden?", QuestionEN: "Satisfied?"}
	before := time.Now().Add(-time.Second)
	for _, sv := range []*cx.Survey{full, minimal} {
		if err := s.CreateSurvey(ctx, sv); err != nil {
			t.Fatal(err)
		}
	}
	if full.ID == 0 || minimal.ID <= full.ID {
		t.Errorf("ids %d, %d: want ascending ids", full.ID, minimal.ID)
	}
	if minimal.CreatedAt.Before(before) || minimal.CreatedAt.Location() != time.UTC || minimal.CreatedAt.Nanosecond() != 0 {
		t.Errorf("a zero CreatedAt became %v, want now in whole seconds, UTC", minimal.CreatedAt)
	}
	for _, want := range []*cx.Survey{full, minimal} {
		t.Run("round trip of "+want.Name, func(t *testing.T) {
			got, err := s.Survey(ctx, want.ID)
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("Survey(%d) = %+v, %v; want %+v", want.ID, got, err, want)
			}
		})
	}
	got, err := s.ListSurveys(ctx)
	if want := []cx.Survey{*full, *minimal}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("ListSurveys = %+v, %v; want %+v", got, err, want)
	}

	// An update writes every field but the id and creation time; emptied follow-ups stay empty.
	changed := *full
	changed.Kind, changed.Name, changed.Active = "ces", "Na retour", false
	changed.FollowUpLowNL, changed.FollowUpHighEN = "", ""
	changed.CreatedAt = on(20, 0, 0)
	if err := s.UpdateSurvey(ctx, &changed); err != nil {
		t.Fatal(err)
	}
	want := changed
	want.CreatedAt = full.CreatedAt
	if got, err := s.Survey(ctx, full.ID); err != nil || !reflect.DeepEqual(got, &want) {
		t.Errorf("after UpdateSurvey = %+v, %v; want %+v", got, err, &want)
	}

	t.Run("not found", func(t *testing.T) {
		_, err := s.Survey(ctx, 999)
		wantCode(t, "Survey(999)", err, cx.ENOTFOUND)
		err = s.UpdateSurvey(ctx, &cx.Survey{ID: 999, Kind: "nps", Name: "x"})
		wantCode(t, "UpdateSurvey(999)", err, cx.ENOTFOUND)
	})
}

func testListsOfNothingAreEmpty(t *testing.T, s store.Surveys) {
	ctx := context.Background()
	lists := []struct {
		name string
		list func() (int, error)
	}{
		{"ListSurveys", func() (int, error) { v, err := s.ListSurveys(ctx); return len(v), err }},
		{"QueuedInvitations", func() (int, error) { v, err := s.QueuedInvitations(ctx, on(31, 0, 0), 10); return len(v), err }},
		{"CountInvitations", func() (int, error) {
			v, err := s.CountInvitations(ctx, on(1, 0, 0), on(31, 0, 0))
			return len(v), err
		}},
		{"ListSites", func() (int, error) { v, err := s.ListSites(ctx); return len(v), err }},
		{"ListAlertRules", func() (int, error) { v, err := s.ListAlertRules(ctx); return len(v), err }},
		{"PendingAlerts", func() (int, error) { v, err := s.PendingAlerts(ctx, time.Now(), 5, nil, 10); return len(v), err }},
		{"ListAlerts", func() (int, error) { v, err := s.ListAlerts(ctx, 10); return len(v), err }},
		{"FollowUps", func() (int, error) { v, err := s.FollowUps(ctx, []string{"R1"}); return len(v), err }},
	}
	for _, tc := range lists {
		t.Run(tc.name, func(t *testing.T) {
			if n, err := tc.list(); n != 0 || err != nil {
				t.Errorf("%d items, %v; want none", n, err)
			}
		})
	}
}

func fullInvitation() *cx.Invitation {
	return &cx.Invitation{ID: "inv-full", SurveyID: 1, CustomerID: "C1", TicketID: "T1",
		Email: "Anouk@Fietsenwinkel.nl", Channel: "email", Lang: "nl", Status: cx.InviteSent,
		Error: "421 try again later", Attempts: 1, RetryAt: on(2, 9, 5), CreatedAt: on(2, 9, 0), SentAt: on(2, 9, 5),
		OpenedAt: on(2, 12, 0), AnsweredAt: on(2, 12, 1)}
}

func testInvitations(t *testing.T, s store.Surveys) {
	ctx := context.Background()
	full := fullInvitation()
	full.Email = " " + full.Email + "  "
	minimal := &cx.Invitation{ID: "inv-min", SurveyID: 2, Channel: "widget", Lang: "en",
		Status: cx.InviteQueued, CreatedAt: on(2, 10, 0)}
	for _, inv := range []*cx.Invitation{full, minimal} {
		if err := s.CreateInvitation(ctx, inv); err != nil {
			t.Fatal(err)
		}
	}
	if full.Email != "Anouk@Fietsenwinkel.nl" {
		t.Errorf("e-mail after CreateInvitation = %q, want it trimmed", full.Email)
	}
	for _, want := range []*cx.Invitation{full, minimal} {
		t.Run("round trip of "+want.ID, func(t *testing.T) {
			got, err := s.Invitation(ctx, want.ID)
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("Invitation(%s) = %+v, %v; want %+v", want.ID, got, err, want)
			}
		})
	}

	errs := []struct {
		name string
		err  func() error
		code string
	}{
		{"a taken id conflicts", func() error {
			return s.CreateInvitation(ctx, &cx.Invitation{ID: "inv-full", SurveyID: 3, Channel: "email",
				Lang: "nl", Status: cx.InviteQueued})
		}, cx.ECONFLICT},
		{"an id is needed", func() error {
			return s.CreateInvitation(ctx, &cx.Invitation{SurveyID: 1, Channel: "email", Lang: "nl",
				Status: cx.InviteQueued})
		}, cx.EINVALID},
		{"an unknown id is not found", func() error {
			_, err := s.Invitation(ctx, "inv-nope")
			return err
		}, cx.ENOTFOUND},
		{"updating an unknown id is not found", func() error {
			return s.UpdateInvitation(ctx, &cx.Invitation{ID: "inv-nope", Channel: "email", Lang: "nl",
				Status: cx.InviteSent})
		}, cx.ENOTFOUND},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) { wantCode(t, tc.name, tc.err(), tc.code) })
	}
	if got, _ := s.Invitation(ctx, "inv-full"); !reflect.DeepEqual(got, full) {
		t.Errorf("a conflicting create changed the stored invitation: %+v", got)
	}

	t.Run("an update overwrites every field", func(t *testing.T) {
		upd := &cx.Invitation{ID: "inv-min", SurveyID: 5, CustomerID: "C9", TicketID: "T9",
			Email: "Bram@Shop.nl", Channel: "email", Lang: "nl", Status: cx.InviteBounced,
			Error: "550 no such user", CreatedAt: on(3, 8, 0).Add(500 * time.Millisecond),
			SentAt: on(3, 8, 1), OpenedAt: on(3, 8, 2), AnsweredAt: on(3, 8, 3), Attempts: 3, RetryAt: on(3, 9, 0)}
		if err := s.UpdateInvitation(ctx, upd); err != nil {
			t.Fatal(err)
		}
		if upd.CreatedAt != on(3, 8, 0) {
			t.Errorf("CreatedAt after update = %v, want it in whole seconds", upd.CreatedAt)
		}
		if got, err := s.Invitation(ctx, "inv-min"); err != nil || !reflect.DeepEqual(got, upd) {
			t.Errorf("after UpdateInvitation = %+v, %v; want %+v", got, err, upd)
		}
		// Emptied fields come back empty; a zero CreatedAt keeps the stored one.
		cleared := &cx.Invitation{ID: "inv-min", SurveyID: 5, Channel: "web", Lang: "en", Status: cx.InviteQueued}
		if err := s.UpdateInvitation(ctx, cleared); err != nil {
			t.Fatal(err)
		}
		want := *cleared
		want.CreatedAt = on(3, 8, 0)
		if got, err := s.Invitation(ctx, "inv-min"); err != nil || !reflect.DeepEqual(got, &want) {
			t.Errorf("after clearing = %+v, %v; want %+v", got, err, &want)
		}
		if n, _ := s.LastInvited(ctx, "bram@shop.nl"); !n.IsZero() {
			t.Errorf("LastInvited of an address the update removed = %v, want zero", n)
		}
	})
}

func testQueuedInvitations(t *testing.T, s store.Surveys) {
	ctx := context.Background()
	// Created out of order; q2a and q2b in the same second, q2b second. retry was refused for a
	// while and may be tried again from the 6th.
	invs := []struct {
		id      string
		status  string
		created time.Time
		retry   time.Time
	}{
		{"q3", cx.InviteQueued, on(5, 9, 0), time.Time{}},
		{"sent", cx.InviteSent, on(1, 9, 0), time.Time{}},
		{"q2b", cx.InviteQueued, on(4, 9, 0), time.Time{}},
		{"q1", cx.InviteQueued, on(3, 9, 0), time.Time{}},
		{"throttled", cx.InviteThrottled, on(2, 9, 0), time.Time{}},
		{"q2a", cx.InviteQueued, on(4, 9, 0), time.Time{}},
		{"retry", cx.InviteQueued, on(2, 10, 0), on(6, 9, 0)},
	}
	for _, inv := range invs {
		err := s.CreateInvitation(ctx, &cx.Invitation{ID: inv.id, SurveyID: 1, Email: "a@b.nl",
			Channel: "email", Lang: "nl", Status: inv.status, CreatedAt: inv.created, Attempts: 1, RetryAt: inv.retry})
		if err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		due   time.Time
		limit int
		want  []string
	}{
		{on(5, 9, 0), 2, []string{"q1", "q2b"}},
		{on(5, 9, 0), 10, []string{"q1", "q2b", "q2a", "q3"}},
		{on(5, 9, 0), 0, []string{"q1", "q2b", "q2a", "q3"}}, // no limit
		{on(6, 8, 59).Add(59 * time.Second), 0, []string{"q1", "q2b", "q2a", "q3"}},
		{on(6, 9, 0), 0, []string{"retry", "q1", "q2b", "q2a", "q3"}}, // its time has come: the oldest
		{on(6, 9, 0), 1, []string{"retry"}},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("due %s, limit %d", tc.due.Format("2 15:04:05"), tc.limit), func(t *testing.T) {
			got, err := s.QueuedInvitations(ctx, tc.due, tc.limit)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, inv := range got {
				ids = append(ids, inv.ID)
			}
			if !reflect.DeepEqual(ids, tc.want) {
				t.Errorf("ids = %v, want %v", ids, tc.want)
			}
		})
	}
}

// testClaimInvitation: a queued invitation is claimed once; a second claim is refused until
// the first lapses (its node died), and a sent one, or one waiting for a retry, is not claimed.
// A store shared by machines judges the lapse by its own clock (as leases, testSyncs), so it
// takes real time: a lapse of 2 s (whole seconds) has passed 3 s after the claim. A retry is
// judged by the time the caller gives.
func testClaimInvitation(t *testing.T, s store.Surveys) {
	ctx := context.Background()
	now := time.Now()
	retry := now.Add(time.Hour)
	for _, inv := range []struct {
		id, status string
		retry      time.Time
	}{{"queued", cx.InviteQueued, time.Time{}}, {"sent", cx.InviteSent, time.Time{}}, {"retry", cx.InviteQueued, retry}} {
		if err := s.CreateInvitation(ctx, &cx.Invitation{ID: inv.id, SurveyID: 1, Email: "a@b.nl", Channel: "email",
			Lang: "nl", Status: inv.status, CreatedAt: on(1, 9, 0), RetryAt: inv.retry}); err != nil {
			t.Fatal(err)
		}
	}
	lapse := 2 * time.Second
	for _, tc := range []struct {
		name string
		id   string
		wait time.Duration // before the claim
		at   time.Time
		want bool
	}{
		{"a queued invitation", "queued", 0, now, true},
		{"claimed again at once", "queued", 0, now, false},
		{"a sent invitation", "sent", 0, now, false},
		{"before its retry", "retry", 0, retry.Add(-time.Minute), false},
		{"at its retry", "retry", 0, retry, true},
		{"no such invitation", "nope", 0, now, false},
		{"claimed again as the claim lapses", "queued", 3 * time.Second, time.Now().Add(3 * time.Second), true},
	} {
		time.Sleep(tc.wait)
		got, err := s.ClaimInvitation(ctx, tc.id, tc.at, lapse)
		if err != nil || got != tc.want {
			t.Errorf("%s: claimed %v (%v), want %v", tc.name, got, err, tc.want)
		}
	}
}

func testSurveyInvited(t *testing.T, s store.Surveys) {
	ctx := context.Background()
	// Any invitation counts, whatever became of it: its answer links may still be used.
	for i, status := range []string{cx.InviteThrottled, cx.InviteSent} {
		if err := s.CreateInvitation(ctx, &cx.Invitation{ID: fmt.Sprint("inv-", i), SurveyID: int64(i + 1),
			Channel: "email", Lang: "nl", Status: status}); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		survey int64
		want   bool
	}{{1, true}, {2, true}, {3, false}} {
		if got, err := s.SurveyInvited(ctx, tc.survey); err != nil || got != tc.want {
			t.Errorf("SurveyInvited(%d) = %v, %v; want %v", tc.survey, got, err, tc.want)
		}
	}
}

func testLastInvited(t *testing.T, s store.Surveys) {
	ctx := context.Background()
	invs := []cx.Invitation{
		{ID: "1", Email: "Anouk@Shop.nl", Status: cx.InviteSent, SentAt: on(2, 9, 0)},
		{ID: "2", Email: " anouk@shop.NL ", Status: cx.InviteSent, SentAt: on(9, 9, 0)},
		{ID: "3", Email: "anouk@shop.nl", Status: cx.InviteSent, SentAt: on(5, 9, 0)},
		// Later, but not sent: they do not count.
		{ID: "4", Email: "anouk@shop.nl", Status: cx.InviteBounced, SentAt: on(20, 9, 0)},
		{ID: "5", Email: "anouk@shop.nl", Status: cx.InviteQueued},
		{ID: "6", Email: "bram@shop.nl", Status: cx.InviteThrottled},
		{ID: "7", Email: "Carla <Carla@Shop.nl>", Status: cx.InviteSent, SentAt: on(1, 8, 0)},
		{ID: "8", Status: cx.InviteSent, Channel: "widget", SentAt: on(25, 8, 0)}, // no address
	}
	for i := range invs {
		inv := &invs[i]
		inv.SurveyID, inv.Lang, inv.CreatedAt = 1, "nl", on(1, 0, 0)
		if inv.Channel == "" {
			inv.Channel = "email"
		}
		if err := s.CreateInvitation(ctx, inv); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		email string
		want  time.Time
	}{
		{"anouk@shop.nl", on(9, 9, 0)},
		{"  ANOUK@Shop.nl\t", on(9, 9, 0)},
		{"Anouk de Boer <anouk@shop.nl>", on(9, 9, 0)}, // cx.AddressKey: the bare address
		{"carla@shop.nl", on(1, 8, 0)},
		{"bram@shop.nl", time.Time{}}, // throttled only: never sent
		{"daan@shop.nl", time.Time{}}, // unknown
		{"", time.Time{}},             // invitations without an address are nobody's
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%q", tc.email), func(t *testing.T) {
			got, err := s.LastInvited(ctx, tc.email)
			if err != nil || got != tc.want {
				t.Errorf("LastInvited = %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}

func testCountInvitations(t *testing.T, s store.Surveys) {
	ctx := context.Background()
	type inv struct {
		survey           int64
		channel, status  string
		created          time.Time
		opened, answered bool
	}
	invs := []inv{
		// Survey 2 by e-mail: three sent, one of them opened and answered, one opened only; one
		// bounced; one throttled (not sent) that was still created in the period.
		{2, "email", cx.InviteSent, on(10, 9, 0), true, true},
		{2, "email", cx.InviteSent, on(10, 10, 0), true, false},
		{2, "email", cx.InviteSent, on(11, 9, 0), false, false},
		{2, "email", cx.InviteBounced, on(11, 10, 0), false, false},
		{2, "email", cx.InviteThrottled, on(12, 9, 0), false, false},
		// Survey 2 by widget: created as sent when shown.
		{2, "widget", cx.InviteSent, on(12, 10, 0), false, true},
		{2, "widget", cx.InviteSent, on(13, 10, 0), false, false},
		// Survey 1 by web, at the period's edges: the first second is in, the last is out.
		{1, "web", cx.InviteSent, on(10, 0, 0), false, true},
		{1, "web", cx.InviteSent, on(20, 0, 0), false, true},
		// Survey 3: only held back.
		{3, "email", cx.InviteUnsubscribed, on(15, 0, 0), false, false},
	}
	for i, v := range invs {
		x := &cx.Invitation{ID: fmt.Sprint("inv-", i), SurveyID: v.survey, Channel: v.channel,
			Lang: "nl", Status: v.status, CreatedAt: v.created}
		if v.opened {
			x.OpenedAt = v.created.Add(time.Hour)
		}
		if v.answered {
			x.AnsweredAt = v.created.Add(2 * time.Hour)
		}
		if err := s.CreateInvitation(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name     string
		from, to time.Time
		want     []store.InvitationCounts
	}{
		{"the whole period, grouped and ordered by survey and channel", on(10, 0, 0), on(20, 0, 0),
			[]store.InvitationCounts{
				{SurveyID: 1, Channel: "web", Sent: 1, Opened: 0, Answered: 1},
				{SurveyID: 2, Channel: "email", Sent: 3, Opened: 2, Answered: 1},
				{SurveyID: 2, Channel: "widget", Sent: 2, Opened: 0, Answered: 1},
				{SurveyID: 3, Channel: "email"},
			}},
		{"the end is included when the period goes on", on(10, 0, 0), on(20, 0, 1),
			[]store.InvitationCounts{
				{SurveyID: 1, Channel: "web", Sent: 2, Answered: 2},
				{SurveyID: 2, Channel: "email", Sent: 3, Opened: 2, Answered: 1},
				{SurveyID: 2, Channel: "widget", Sent: 2, Answered: 1},
				{SurveyID: 3, Channel: "email"},
			}},
		{"one second after the start", on(10, 0, 1), on(10, 23, 59),
			[]store.InvitationCounts{{SurveyID: 2, Channel: "email", Sent: 2, Opened: 2, Answered: 1}}},
		{"counted by creation, not by when answered", on(12, 0, 0), on(13, 0, 0),
			[]store.InvitationCounts{
				{SurveyID: 2, Channel: "email"},
				{SurveyID: 2, Channel: "widget", Sent: 1, Answered: 1},
			}},
		{"an empty period", on(21, 0, 0), on(31, 0, 0), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.CountInvitations(ctx, tc.from, tc.to)
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Errorf("CountInvitations = %+v, %v\nwant %+v", got, err, tc.want)
			}
		})
	}
}

func testUnsubscribe(t *testing.T, s store.Surveys) {
	ctx := context.Background()
	steps := []struct {
		name  string
		email string
		at    time.Time
	}{
		{"first", "Anouk@Shop.nl", on(3, 9, 0)},
		{"again, in another case", " anouk@shop.NL ", on(4, 9, 0)},
		{"again, the same", "Anouk@Shop.nl", on(2, 9, 0)},
		{"with a name", "Anouk de Boer <ANOUK@shop.nl>", on(5, 9, 0)},
		{"written with a name", "Jan de Vries <jan@example.nl>", on(6, 9, 0)},
	}
	for _, st := range steps {
		if err := s.Unsubscribe(ctx, st.email, st.at); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
	}
	tests := []struct {
		email string
		want  bool
	}{
		{"anouk@shop.nl", true},
		{"ANOUK@SHOP.NL", true},
		{"\tanouk@shop.nl ", true},
		{"jan@example.nl", true}, // cx.AddressKey: the bare address, whatever name it came with
		{`"Jan" <JAN@example.nl>`, true},
		{"bram@shop.nl", false},
		{"", false},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%q", tc.email), func(t *testing.T) {
			if got, err := s.Unsubscribed(ctx, tc.email); err != nil || got != tc.want {
				t.Errorf("Unsubscribed = %v, %v; want %v", got, err, tc.want)
			}
		})
	}
	wantCode(t, "Unsubscribe without an address", s.Unsubscribe(ctx, "  ", on(3, 9, 0)), cx.EINVALID)
}

// testBounce: a bounce holds an address back from every mail, by its key, until it is cleared,
// whatever its unsubscribe, before or after; the unsubscribe outranks it for surveys (HeldBack)
// and no clearing lifts it.
func testBounce(t *testing.T, s store.Surveys) {
	ctx := context.Background()
	for _, st := range []struct{ how, email string }{
		{"bounce", "Gone <Gone@Shop.nl>"}, {"bounce", "gone@shop.nl"},
		{"bounce", "left@shop.nl"}, {"unsubscribe", "Left <left@shop.nl>"},
		{"unsubscribe", "bram@shop.nl"}, {"bounce", "BRAM@shop.nl"},
	} {
		do := s.Bounce
		if st.how == "unsubscribe" {
			do = s.Unsubscribe
		}
		if err := do(ctx, st.email, on(3, 9, 0)); err != nil {
			t.Fatalf("%s %s: %v", st.how, st.email, err)
		}
	}
	held := func(email, want string) {
		t.Helper()
		if got, err := s.HeldBack(ctx, email); err != nil || got != want {
			t.Errorf("HeldBack(%q) = %q, %v; want %q", email, got, err, want)
		}
	}
	held("GONE@shop.nl", cx.InviteBounced)
	held("left@shop.nl", cx.InviteUnsubscribed)
	held("bram@shop.nl", cx.InviteUnsubscribed)
	held("carla@shop.nl", "")
	if off, err := s.Unsubscribed(ctx, "gone@shop.nl"); err != nil || off {
		t.Errorf("Unsubscribed of an address that bounced = %v, %v; want false", off, err)
	}
	bounced := func(email string, want bool) {
		t.Helper()
		if got, err := s.Bounced(ctx, email); err != nil || got != want {
			t.Errorf("Bounced(%q) = %v, %v; want %v", email, got, err, want)
		}
	}
	for _, email := range []string{"GONE@shop.nl", "left@shop.nl", "bram@shop.nl"} {
		bounced(email, true)
	}
	bounced("carla@shop.nl", false)
	if err := s.Unsubscribe(ctx, "pure@shop.nl", on(3, 9, 0)); err != nil {
		t.Fatal(err)
	}
	bounced("pure@shop.nl", false)
	// The list of holds, newest first, by key; an unsubscribe without a bounce is none of it.
	for _, b := range []struct {
		email string
		at    time.Time
	}{{"Zoë <ZOE@shop.nl>", on(4, 10, 0)}, {"gone@shop.nl", on(5, 9, 0)}} {
		if err := s.Bounce(ctx, b.email, b.at); err != nil {
			t.Fatal(err)
		}
	}
	bounces := func(want ...cx.Bounce) {
		t.Helper()
		got, err := s.Bounces(ctx)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("Bounces = %v, %v; want %v", got, err, want)
		}
	}
	bounces(cx.Bounce{Address: "zoe@shop.nl", Since: on(4, 10, 0)}, cx.Bounce{Address: "bram@shop.nl", Since: on(3, 9, 0)},
		cx.Bounce{Address: "gone@shop.nl", Since: on(3, 9, 0)}, cx.Bounce{Address: "left@shop.nl", Since: on(3, 9, 0)})
	for _, tc := range []struct {
		email string
		want  bool
	}{{`"Gone" <GONE@shop.nl>`, true}, {"gone@shop.nl", false}, {"left@shop.nl", true}, {"left@shop.nl", false},
		{"pure@shop.nl", false}, {"carla@shop.nl", false}} {
		if got, err := s.ClearBounce(ctx, tc.email); err != nil || got != tc.want {
			t.Errorf("ClearBounce(%q) = %v, %v; want %v", tc.email, got, err, tc.want)
		}
	}
	held("gone@shop.nl", "")
	held("left@shop.nl", cx.InviteUnsubscribed)
	bounced("left@shop.nl", false)
	held("pure@shop.nl", cx.InviteUnsubscribed)
	bounces(cx.Bounce{Address: "zoe@shop.nl", Since: on(4, 10, 0)}, cx.Bounce{Address: "bram@shop.nl", Since: on(3, 9, 0)})
	wantCode(t, "Bounce without an address", s.Bounce(ctx, " ", on(3, 9, 0)), cx.EINVALID)
}

func testSites(t *testing.T, s store.Surveys) {
	ctx := context.Background()
	sites := []*cx.Site{
		{Key: "pk_webshop", Name: "Webshop", SurveyID: 1, CreatedAt: on(1, 9, 0),
			Origins: []string{"https://www.fietsenwinkel.nl", "https://fietsenwinkel.nl", `https://x.nl/"quoted"`}},
		{Key: "pk_one", Name: "Blog", SurveyID: 2, CreatedAt: on(2, 9, 0),
			Origins: []string{"https://blog.fietsenwinkel.nl"}},
		{Key: "pk_none", Name: "Nog niet", SurveyID: 2, CreatedAt: on(3, 9, 0)},
		{Key: "pk_empty", Name: "Leeg", SurveyID: 2, CreatedAt: on(4, 9, 0), Origins: []string{}},
	}
	for _, site := range sites {
		if err := s.CreateSite(ctx, site); err != nil {
			t.Fatal(err)
		}
	}
	sites[3].Origins = nil // no origins come back as the zero value
	for _, want := range sites {
		t.Run("origins of "+want.Key, func(t *testing.T) {
			got, err := s.Site(ctx, want.Key)
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("Site(%s) = %+v, %v; want %+v", want.Key, got, err, want)
			}
		})
	}
	got, err := s.ListSites(ctx)
	if want := []cx.Site{*sites[0], *sites[1], *sites[2], *sites[3]}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("ListSites = %+v, %v; want %+v", got, err, want)
	}

	errs := []struct {
		name string
		err  func() error
		code string
	}{
		{"a taken key conflicts", func() error {
			return s.CreateSite(ctx, &cx.Site{Key: "pk_webshop", Name: "Andere", SurveyID: 3})
		}, cx.ECONFLICT},
		{"a key is needed", func() error { return s.CreateSite(ctx, &cx.Site{Name: "Zonder"}) }, cx.EINVALID},
		{"an unknown key is not found", func() error { _, err := s.Site(ctx, "pk_nope"); return err }, cx.ENOTFOUND},
		{"deleting an unknown key is not found", func() error { return s.DeleteSite(ctx, "pk_nope") }, cx.ENOTFOUND},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) { wantCode(t, tc.name, tc.err(), tc.code) })
	}

	if err := s.DeleteSite(ctx, "pk_one"); err != nil {
		t.Fatal(err)
	}
	_, err = s.Site(ctx, "pk_one")
	wantCode(t, "Site after DeleteSite", err, cx.ENOTFOUND)
	wantCode(t, "DeleteSite twice", s.DeleteSite(ctx, "pk_one"), cx.ENOTFOUND)
	if got, _ := s.ListSites(ctx); len(got) != 3 {
		t.Errorf("%d sites after deleting one of 4, want 3", len(got))
	}
}
