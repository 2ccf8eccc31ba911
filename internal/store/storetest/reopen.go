package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// AccountsAndSurveys is a store of accounts and surveys that can be closed.
type AccountsAndSurveys interface {
	store.Accounts
	store.Surveys
	store.Audit
	Close() error
}

// Reopen checks that accounts and surveys are there after the store is closed and opened again:
// nothing is kept in memory only, and opening a store brought up to date loses nothing. open
// returns a new, empty store and a function that opens another on the same data.
func Reopen(t *testing.T, open func(t *testing.T) (AccountsAndSurveys, func(t *testing.T) AccountsAndSurveys)) {
	ctx := context.Background()
	s, reopen := open(t)

	u := anouk()
	sess := &cx.Session{Hash: auth.HashSecret("session"), UserID: 1, ExpiresAt: time.Now().Add(time.Hour)}
	tok := &cx.Token{Name: "webshop", Hash: auth.HashSecret("kp_token"), Scope: cx.ScopeWrite, UserID: 1,
		LastUsedAt: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	sv := npsSurvey()
	inv := fullInvitation()
	site := &cx.Site{Key: "pk_webshop", Name: "Webshop", SurveyID: 1, CreatedAt: on(1, 9, 0),
		Origins: []string{"https://www.fietsenwinkel.nl"}}
	rule := &cx.AlertRule{Name: "Detractors", Condition: cx.AlertNPSDetractor, Email: "team@shop.nl",
		Active: true, CreatedAt: on(1, 9, 0)}
	alert := &cx.Alert{RuleID: 1, ResponseID: "R1", CreatedAt: on(2, 9, 0)}
	entry := &cx.AuditEntry{At: on(2, 9, 0), UserID: 1, Actor: "anouk@fietsenwinkel.nl", From: "203.0.113.7",
		Action: cx.AuditTokenCreate, Subject: "token 1", Detail: "webshop (write)"}
	// A failed sign-in that holds the account back for a minute: a restart must not lift it.
	strict := store.SignInLimit{Free: 1, First: time.Minute, Max: time.Hour, Forget: 24 * time.Hour}
	if _, _, err := s.ClaimSignIn(ctx, "anouk@fietsenwinkel.nl", on(2, 9, 0), strict); err != nil {
		t.Fatal(err)
	}
	follow := &cx.FollowUp{ResponseID: "R1", OwnerID: 3, Reply: "Gebeld", Status: cx.FollowUpDone,
		UpdatedAt: on(2, 10, 0)}
	writes := []error{
		s.CreateUser(ctx, u), s.CreateSession(ctx, sess), s.CreateToken(ctx, tok),
		s.CreateSetupLink(ctx, auth.HashSecret("link"), time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)),
		s.CreateSurvey(ctx, sv), s.CreateInvitation(ctx, inv), s.CreateSite(ctx, site),
		s.CreateAlertRule(ctx, rule), s.Unsubscribe(ctx, "bram@shop.nl", on(2, 9, 0)),
		s.SetFollowUp(ctx, follow), s.AddAudit(ctx, entry),
	}
	if _, err := s.CreateAlert(ctx, alert); err != nil {
		writes = append(writes, err)
	}
	for _, err := range writes {
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	again := reopen(t)
	checks := []struct {
		name string
		read func() (any, error)
		want any
	}{
		{"user", func() (any, error) { return again.UserByEmail(ctx, "anouk@fietsenwinkel.nl") }, u},
		{"session", func() (any, error) { return again.SessionByHash(ctx, auth.HashSecret("session"), time.Now()) }, sess},
		{"token", func() (any, error) { return again.TokenByHash(ctx, auth.HashSecret("kp_token")) }, tok},
		{"survey", func() (any, error) { return again.Survey(ctx, sv.ID) }, sv},
		{"invitation", func() (any, error) { return again.Invitation(ctx, inv.ID) }, inv},
		{"site", func() (any, error) { return again.Site(ctx, site.Key) }, site},
		{"alert rules", func() (any, error) { return again.ListAlertRules(ctx) }, []cx.AlertRule{*rule}},
		{"pending alerts", func() (any, error) { return again.PendingAlerts(ctx, time.Now(), 5, nil, 10) }, []cx.Alert{*alert}},
		{"follow-ups", func() (any, error) { return again.FollowUps(ctx, []string{"R1"}) },
			map[string]cx.FollowUp{"R1": *follow}},
		{"unsubscribed", func() (any, error) { return again.Unsubscribed(ctx, "Bram@Shop.nl") }, true},
		{"last invited", func() (any, error) { return again.LastInvited(ctx, "anouk@fietsenwinkel.nl") }, inv.SentAt},
		{"audit log", func() (any, error) { return again.AuditLog(ctx, store.AuditQuery{}) }, []cx.AuditEntry{*entry}},
		{"sign-in hold", func() (any, error) {
			held, until, err := again.ClaimSignIn(ctx, "anouk@fietsenwinkel.nl", on(2, 9, 0), strict)
			return []any{held, until}, err
		}, []any{true, on(2, 9, 1)}},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if got, err := c.read(); err != nil || !reflect.DeepEqual(got, c.want) {
				t.Errorf("after reopening = %+v, %v; want %+v", got, err, c.want)
			}
		})
	}
	if err := again.UseSetupLink(ctx, auth.HashSecret("link"), time.Now()); err != nil {
		t.Errorf("setup link after reopening: %v", err)
	}
}
