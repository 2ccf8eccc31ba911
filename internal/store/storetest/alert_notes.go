package storetest

import (
	"context"
	"database/sql"
	"testing"

	"github.com/pressly/goose/v3"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
	"github.com/klantpuls/klantpuls/internal/store/sqldb"
)

// AlertNotesMigrated brings db back to before migration version, stores alerts with the
// English notes the releases before it wrote into their error, and migrates again: each note
// becomes its code (alert.Note), in the order written, and error keeps only what a mail server
// or webhook said, its parts apart by "; " where errors.Join wrote a newline. d writes the
// placeholders.
func AlertNotesMigrated(t *testing.T, s store.Surveys, db *sql.DB, d sqldb.Dialect, dialect goose.Dialect, m sqldb.Migrations, version int64) {
	ctx := context.Background()
	p := migratedBefore(t, db, dialect, m, version)
	const (
		bounced = "e-mail: mail: send failed: 550 5.1.1 user unknown"
		nowOn   = "; the address is held back from now on, until an admin clears it"
		before  = "e-mail: not sent: a mail server refused the address for good before (a bounce); it is held back until an admin clears it"
		notTry  = "webhook: not tried: it failed for an earlier alert in this round"
		noMail  = "e-mail: no mail server configured ([mail] in the config)"
	)
	cases := []struct{ id, error, notes, left string }{
		{"flood", "held back: more than 10 alerts of this rule in 10m0s; counted in one summary message", "flood:10:10", ""},
		{"bounced", bounced + nowOn, "email_bounced", bounced},
		{"held", before, "email_held", ""},
		{"webhook and held", "webhook: HTTP 500; " + before, "email_held", "webhook: HTTP 500"},
		{"not tried and bounced", notTry + "; " + bounced + nowOn, "email_bounced webhook_not_tried", bounced},
		{"no mail", noMail, "no_mail_server", ""},
		// errors.Join put a newline between the webhook's failure and the e-mail's.
		{"webhook and no mail", "webhook: HTTP 500\n" + noMail, "no_mail_server", "webhook: HTTP 500"},
		{"multi-line bounce", "e-mail: mail: send failed: 550-5.1.1 no such user\n550 5.1.1 see the help" + nowOn, "email_bounced",
			"e-mail: mail: send failed: 550-5.1.1 no such user; 550 5.1.1 see the help"},
		{"failed", "webhook: HTTP 503", "", "webhook: HTTP 503"},
	}
	for i, c := range cases {
		if _, err := db.ExecContext(ctx, d.SQL(`INSERT INTO alerts (rule_id, response_id, created_at, delivered_at, attempts, error)
			VALUES ($1, $2, $3, $3, 1, $4)`), 1, c.id, on(3, 9, i).Unix(), c.error); err != nil {
			t.Fatal(err)
		}
	}
	all := alertsMigrated(t, p, s)
	for _, c := range cases {
		found := false
		for _, a := range all {
			if a.ResponseID != c.id {
				continue
			}
			found = true
			if a.Notes != c.notes || a.Error != c.left {
				t.Errorf("%s: notes %q, error %q after the migration; want %q, %q", c.id, a.Notes, a.Error, c.notes, c.left)
			}
		}
		if !found {
			t.Errorf("%s: the alert is gone after the migration", c.id)
		}
	}
}

// AlertEmailReplyMigrated brings db back to before migration version, stores alerts as the
// releases before it kept them, the mail server's reply to an e-mail settled unsent only in
// error, and migrates again: an alert whose notes settle its e-mail with a reply (bounced,
// refused) keeps the reply on its own, error as it was; the others keep none.
func AlertEmailReplyMigrated(t *testing.T, s store.Surveys, db *sql.DB, d sqldb.Dialect, dialect goose.Dialect, m sqldb.Migrations, version int64) {
	ctx := context.Background()
	p := migratedBefore(t, db, dialect, m, version)
	cases := []struct{ id, error, notes, reply string }{
		{"refused", "e-mail: mail: 550 5.7.1 Relay access denied", "email_refused", "mail: 550 5.7.1 Relay access denied"},
		{"webhook and bounced", "webhook: HTTP 500; e-mail: mail: 550 5.1.1 user unknown", "webhook_not_tried email_bounced",
			"mail: 550 5.1.1 user unknown"},
		{"held", "webhook: HTTP 500", "email_held", ""},
		{"e-mail to try again", "e-mail: mail: 451 4.3.0 try later", "", ""},
		{"flood", "", "flood:10:10", ""},
	}
	for i, c := range cases {
		if _, err := db.ExecContext(ctx, d.SQL(`INSERT INTO alerts (rule_id, response_id, created_at, attempts, error, notes)
			VALUES ($1, $2, $3, 1, $4, $5)`), 1, c.id, on(3, 9, i).Unix(), sql.NullString{String: c.error, Valid: c.error != ""},
			sql.NullString{String: c.notes, Valid: c.notes != ""}); err != nil {
			t.Fatal(err)
		}
	}
	all := alertsMigrated(t, p, s)
	if len(all) != len(cases) {
		t.Fatalf("%d alerts after the migration, want %d", len(all), len(cases))
	}
	for _, c := range cases {
		for _, a := range all {
			if a.ResponseID == c.id && (a.EmailReply != c.reply || a.Error != c.error || a.Notes != c.notes) {
				t.Errorf("%s: reply %q, error %q, notes %q after the migration; want %q, %q, %q", c.id, a.EmailReply, a.Error,
					a.Notes, c.reply, c.error, c.notes)
			}
		}
	}
}

// alertsMigrated migrates p up and reads every alert as the store sees it after.
func alertsMigrated(t *testing.T, p *goose.Provider, s store.Surveys) []cx.Alert {
	t.Helper()
	ctx := context.Background()
	if _, err := p.Up(ctx); err != nil {
		t.Fatal(err)
	}
	all, err := s.ListAlerts(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	return all
}
