package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// NotTextStore is what NotText looks things up in: everything a request names by a key,
// an address or a name.
type NotTextStore interface {
	Full
	store.Connections
}

// NotText runs the contract of a look-up by what no database holds as text: a NUL character
// (PostgreSQL refuses it in any text) or bytes that are not UTF-8. A URL's path or query, a
// form or a typed address can bring either, from anyone; no stored key, name or address holds
// one, so each look-up finds nothing, as one of a key not stored — on PostgreSQL it failed
// ("invalid byte sequence for encoding UTF8", a 500 of the webhook, widget, sign-in, customer,
// delete and audit routes) where SQLite found nothing.
func NotText(t *testing.T, open func(t *testing.T) NotTextStore) {
	s := open(t)
	ctx := context.Background()
	Put(t, s, ticket("T1", "Anouk"))
	if err := s.AddAudit(ctx, &cx.AuditEntry{Actor: "anouk@shop.nl", From: "203.0.113.7", Action: cx.AuditSignIn}); err != nil {
		t.Fatal(err)
	}
	for name, key := range map[string]string{"a NUL": "T1\x00", "not UTF-8": "T1\xff"} {
		t.Run(name, func(t *testing.T) {
			_, err := s.Record(ctx, cx.KindTickets, key)
			wantCode(t, "Record", err, cx.ENOTFOUND)
			_, err = s.TicketRecords(ctx, key)
			wantCode(t, "TicketRecords", err, cx.ENOTFOUND)
			_, err = s.CustomerRecords(ctx, key)
			wantCode(t, "CustomerRecords", err, cx.ENOTFOUND)
			_, err = s.UserByEmail(ctx, key)
			wantCode(t, "UserByEmail", err, cx.ENOTFOUND)
			_, err = s.Invitation(ctx, key)
			wantCode(t, "Invitation", err, cx.ENOTFOUND)
			_, err = s.Site(ctx, key)
			wantCode(t, "Site", err, cx.ENOTFOUND)
			_, err = s.Mapping(ctx, key)
			wantCode(t, "Mapping", err, cx.ENOTFOUND)
			_, _, err = s.Connection(ctx, key)
			wantCode(t, "Connection", err, cx.ENOTFOUND)
			if got, err := s.AuditLog(ctx, store.AuditQuery{Actor: key}); err != nil || len(got) > 0 {
				t.Errorf("AuditLog of actor %q = %v, %v; want none", key, got, err)
			}
			if got, total, err := s.Customers(ctx, store.CustomerQuery{Search: key, Sort: store.SortCustomerID}); err != nil || len(got) > 0 || total != 0 {
				t.Errorf("Customers searched for %q = %v (%d), %v; want none", key, got, total, err)
			}
			if got, err := s.Unsubscribed(ctx, key); err != nil || got {
				t.Errorf("Unsubscribed(%q) = %v, %v; want false", key, got, err)
			}
			if got, err := s.LastInvited(ctx, key); err != nil || !got.IsZero() {
				t.Errorf("LastInvited(%q) = %v, %v; want never", key, got, err)
			}
			// A sign-in tried with it is counted nowhere: no account is it.
			if held, _, err := s.ClaimSignIn(ctx, key, time.Now(), store.SignInLimit{Free: 0, First: time.Hour, Max: time.Hour, Forget: time.Hour}); err != nil || held {
				t.Errorf("ClaimSignIn(%q) = %v, %v; want not held", key, held, err)
			}
			if err := s.SignInSucceeded(ctx, key); err != nil {
				t.Errorf("SignInSucceeded(%q) = %v", key, err)
			}
			tx := begin(t, s)
			_, err = tx.Get(cx.KindTickets, key)
			wantCode(t, "Tx.Get", err, cx.ENOTFOUND)
			wantCode(t, "Tx.Delete", tx.Delete(cx.KindTickets, key), cx.ENOTFOUND)
			if err := tx.Put(ticket("T2", "Bas")); err != nil {
				t.Errorf("the transaction after the look-ups: %v", err)
			}
			if _, err := tx.Commit(); err != nil {
				t.Errorf("the transaction after the look-ups: %v", err)
			}
		})
	}
}

// NotTextWritten runs the contract of a write of what no database holds as text: refused as
// invalid (cx.EINVALID) and nothing written, on both databases. PostgreSQL failed such a write
// ("invalid byte sequence for encoding UTF8": a 500) and SQLite kept what the other could not.
func NotTextWritten(t *testing.T, open func(t *testing.T) NotTextStore) {
	s := open(t)
	ctx := context.Background()
	u := anouk()
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"a NUL": "Fiet\x00sen", "not UTF-8": "Fiet\xffsen"} {
		t.Run(name, func(t *testing.T) {
			wantCode(t, "CreateUser", s.CreateUser(ctx, &cx.User{Email: "bas@fietsenwinkel.nl", PasswordHash: u.PasswordHash,
				Role: cx.RoleAgent, Agent: "Bas", Team: text}), cx.EINVALID)
			_, _, err := s.ChangeUser(ctx, u.ID, func(u *cx.User) (bool, error) {
				u.Team = text
				return false, nil
			})
			wantCode(t, "ChangeUser", err, cx.EINVALID)
			wantCode(t, "CreateToken", s.CreateToken(ctx, &cx.Token{Name: text, Hash: []byte("h-" + name), Scope: cx.ScopeRead, UserID: u.ID}), cx.EINVALID)
			wantCode(t, "SaveMapping", s.SaveMapping(ctx, &cx.SavedMapping{Name: "shop", Text: text, Actor: "cli:beheer"}), cx.EINVALID)
			wantCode(t, "SetSetting", s.SetSetting(ctx, "target.sla", text), cx.EINVALID)
			wantCode(t, "SetFollowUp", s.SetFollowUp(ctx, &cx.FollowUp{ResponseID: "R1", Reply: text, Status: cx.FollowUpOpen}), cx.EINVALID)
			tx := begin(t, s)
			ftx, ok := tx.(store.FollowUpTx)
			if !ok {
				t.Fatal("the transaction stores no follow-ups")
			}
			wantCode(t, "FollowUpTx.SetFollowUp", ftx.SetFollowUp(&cx.FollowUp{ResponseID: "R1", Reply: text, Status: cx.FollowUpOpen}), cx.EINVALID)
			tx.Rollback()
		})
	}
	users, err := s.Users(ctx)
	if err != nil || len(users) != 1 || users[0].Team != u.Team {
		t.Errorf("Users = %+v, %v; want only %s of team %s", users, err, u.Email, u.Team)
	}
	tokens, err := s.Tokens(ctx)
	if err != nil || len(tokens) != 0 {
		t.Errorf("Tokens = %+v, %v; want none", tokens, err)
	}
	settings, err := s.Settings(ctx)
	if err != nil || settings["target.sla"] != "" {
		t.Errorf("Settings = %v, %v; want no target.sla", settings, err)
	}
	follow, err := s.FollowUps(ctx, []string{"R1"})
	if err != nil || len(follow) != 0 {
		t.Errorf("FollowUps = %v, %v; want none", follow, err)
	}
}
