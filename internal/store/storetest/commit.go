package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// CommitRefused: a change whose COMMIT the database refuses is refused as unavailable, saying
// nothing was stored and to try again — naming its line in the audit log when it had one (a
// unit, a transaction of records with its line), and not when it had none (a unit, records
// without a line: an import) — and nothing of it stays. refuseAtCommit has the database refuse, at COMMIT and not before, a transaction that
// inserted a row into table (a deferred constraint), as a full disk refuses it there.
func CommitRefused(t *testing.T, s Full, refuseAtCommit func(t *testing.T, table string)) {
	ctx := context.Background()
	refuseAtCommit(t, "audit_log")
	refuseAtCommit(t, "settings")
	refuseAtCommit(t, "customers")

	err := s.Audited(ctx, func(ctx context.Context) ([]cx.AuditEntry, error) {
		if err := s.CreateUser(ctx, newUser("anouk@shop.nl")); err != nil {
			return nil, err
		}
		return []cx.AuditEntry{{Actor: "bram@shop.nl", Action: cx.AuditUserCreate, Subject: "anouk@shop.nl"}}, nil
	})
	wantNotCommitted(t, "a unit with its line", err, "not_committed/audited",
		"the change and its line in the audit log were not stored: the database could not commit them; try again later")
	wantNoUser(t, s, "anouk@shop.nl")

	// A unit with no line (targets set to what they were) says nothing of the audit log.
	err = s.Audited(ctx, func(ctx context.Context) ([]cx.AuditEntry, error) {
		_, err := s.SetSettings(ctx, map[string]string{"target.nps": "40"})
		return nil, err
	})
	wantNotCommitted(t, "a unit without a line", err, "not_committed",
		"the change was not stored: the database could not commit it; try again later")
	wantSetting(t, s, "target.nps", "")

	// Records without a line (an import) say nothing of the audit log either.
	tx, err := s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if err := tx.Put(&cx.Customer{ID: "C1", AcquiredAt: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	_, err = tx.Commit()
	wantNotCommitted(t, "records without a line", err, "not_committed",
		"the change was not stored: the database could not commit it; try again later")
	if n, err := s.Count(ctx, cx.KindCustomers); err != nil || n != 0 {
		t.Errorf("Count = %d, %v; want 0: the records were stored though their commit failed", n, err)
	}

	tx, err = s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if err := tx.Put(&cx.Customer{ID: "C1", AcquiredAt: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	if err := tx.(store.AuditTx).AddAudit(&cx.AuditEntry{Actor: "bram@shop.nl", Action: cx.AuditRecordDelete, Subject: "customers C0"}); err != nil {
		t.Fatal(err) // the line is refused at COMMIT only
	}
	_, err = tx.Commit()
	wantNotCommitted(t, "records with their line", err, "not_committed/audited",
		"the change and its line in the audit log were not stored: the database could not commit them; try again later")
	if n, err := s.Count(ctx, cx.KindCustomers); err != nil || n != 0 {
		t.Errorf("Count = %d, %v; want 0: the records were stored though their commit failed", n, err)
	}
	wantLines(t, s)
}

// wantNotCommitted fails t unless err is store.ErrNotCommitted's for a commit the database
// refused: unavailable, to be tried again after store.WriteWait, under key, saying message,
// what the database said kept for the log.
func wantNotCommitted(t *testing.T, what string, err error, key, message string) {
	t.Helper()
	var e *cx.Error
	switch {
	case err == nil:
		t.Errorf("%s: committed though the database refuses the commit", what)
	case !errors.As(err, &e) || e.Code != cx.EUNAVAILABLE || e.Key != key || e.RetryAfter != store.WriteWait:
		t.Errorf("%s: %v (%s), want unavailable under %q, retry after %v", what, err, cx.ErrorCode(err), key, store.WriteWait)
	case e.Message != message:
		t.Errorf("%s: %q, want %q", what, e.Message, message)
	case e.Cause == nil:
		t.Errorf("%s: no cause kept for the log", what)
	}
}
