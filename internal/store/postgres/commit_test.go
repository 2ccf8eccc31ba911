package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
	"github.com/klantpuls/klantpuls/internal/store/storetest"
)

// atCommit has an insert into table of s's database run function (plpgsql, made under name)
// at COMMIT and not before: a deferred constraint trigger.
func atCommit(t *testing.T, s *Store, name, table, function string) {
	t.Helper()
	for _, statement := range []string{
		`CREATE OR REPLACE FUNCTION ` + name + `() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN ` + function + ` RETURN NULL; END$$`,
		`CREATE CONSTRAINT TRIGGER ` + name + `_` + table + ` AFTER INSERT ON ` + pgx.Identifier{table}.Sanitize() +
			` DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ` + name + `()`,
	} {
		if _, err := s.db.Exec(statement); err != nil {
			t.Fatal(err)
		}
	}
}

// TestCommitRefused: a change whose COMMIT PostgreSQL refuses (an ERROR: the transaction is
// rolled back) is refused as not stored, naming its audit line only when it had one
// (storetest.CommitRefused). Before the fix every such commit of a unit said its audit line
// could not be stored, and a transaction of records with its line answered an internal error.
func TestCommitRefused(t *testing.T) {
	s, _ := openFresh(t)
	storetest.CommitRefused(t, s, func(t *testing.T, table string) {
		atCommit(t, s, "refuse_at_commit", table, `RAISE EXCEPTION 'refused at commit';`)
	})
}

// TestCommitNotAnswered: a change whose context ends while PostgreSQL runs its COMMIT — a unit,
// a transaction of records with its line — does not say it was not made but that whether it
// was stored is not known, and asks for no retry: the server may commit it all the same (pgx's
// cancel request aborts the COMMIT only if it arrives while the COMMIT still waits). Before the
// fix the unit said "the change was not made: context canceled", and the transaction answered
// an internal error, while the user, the record and their lines could be there after. Which it
// is, is the server's race: only that the change and its line stand or fall together is checked.
func TestCommitNotAnswered(t *testing.T) {
	s, dsn := openFresh(t)
	const lock = 4711
	// The COMMIT waits for an advisory lock the test holds, so the context ends while it runs.
	atCommit(t, s, "wait_at_commit", "audit_log", "PERFORM pg_advisory_xact_lock("+strconv.Itoa(lock)+");")
	ctx := context.Background()
	holder, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close(ctx)
	lockExec := func(statement string) {
		t.Helper()
		if _, err := holder.Exec(ctx, statement, lock); err != nil {
			t.Fatal(err)
		}
	}
	changes := []struct {
		name, action string
		change       func(ctx context.Context) error
		stored       func() error
	}{
		{"a unit", cx.AuditUserCreate, func(ctx context.Context) error {
			return s.Audited(ctx, func(ctx context.Context) ([]cx.AuditEntry, error) {
				u := &cx.User{Email: "anouk@shop.nl", PasswordHash: "x", Role: cx.RoleManager}
				if err := s.CreateUser(ctx, u); err != nil {
					return nil, err
				}
				return []cx.AuditEntry{{Actor: "bram@shop.nl", Action: cx.AuditUserCreate, Subject: u.Email}}, nil
			})
		}, func() error {
			_, err := s.UserByEmail(ctx, "anouk@shop.nl")
			return err
		}},
		{"records with their line", cx.AuditRecordDelete, func(ctx context.Context) error {
			tx, err := s.Begin(ctx)
			if err != nil {
				return err
			}
			defer tx.Rollback()
			if err := tx.Put(&cx.Customer{ID: "C1", AcquiredAt: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}); err != nil {
				return err
			}
			if err := tx.(store.AuditTx).AddAudit(&cx.AuditEntry{Actor: "bram@shop.nl", Action: cx.AuditRecordDelete, Subject: "customers C0"}); err != nil {
				return err
			}
			_, err = tx.Commit()
			return err
		}, func() error {
			if n, err := s.Count(ctx, cx.KindCustomers); err != nil || n != 1 {
				return fmt.Errorf("%d customers, %w", n, err)
			}
			return nil
		}},
	}
	for _, c := range changes {
		lockExec("SELECT pg_advisory_lock($1)")
		changeCtx, cancel := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() { done <- c.change(changeCtx) }()
		waitForLock(t, holder, lock)
		cancel()
		err := <-done
		var e *cx.Error
		want := "it is not known whether the change and its line in the audit log were stored: the database did not answer " +
			"their commit; look whether the change is there before you make it again"
		if !errors.As(err, &e) || e.Code != cx.EUNAVAILABLE || e.Key != "commit_unknown/audited" || e.Message != want || e.RetryAfter != 0 {
			t.Errorf("%s cancelled during its COMMIT = %v (%s), want unavailable under commit_unknown/audited, saying %q, no retry asked",
				c.name, err, cx.ErrorCode(err), want)
		}
		// Let the COMMIT go on; taking the lock again waits for its transaction to end.
		lockExec("SELECT pg_advisory_unlock($1)")
		lockExec("SELECT pg_advisory_lock($1)")
		lockExec("SELECT pg_advisory_unlock($1)")
		// Whether the server committed is what nobody knows: pgx sends PostgreSQL a cancel request
		// when the context ends, which aborts the COMMIT if it arrives while the COMMIT still waits
		// (it did in a CI run under the race detector), and does nothing if it arrives after. Either
		// way the change and its line stand or fall together.
		stored := c.stored() == nil
		lines, err := s.AuditLog(ctx, store.AuditQuery{Action: c.action})
		if err != nil {
			t.Fatal(err)
		}
		if stored != (len(lines) == 1) {
			t.Errorf("%s: change stored %v, with %d lines %s: want both or neither", c.name, stored, len(lines), c.action)
		}
	}
}

// waitForLock returns once a session waits for the advisory lock (as pgtest.HoldTable, the
// server tells).
func waitForLock(t *testing.T, conn *pgx.Conn, lock int) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		var waiting int
		err := conn.QueryRow(context.Background(), "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND NOT granted", lock).Scan(&waiting)
		switch {
		case err != nil:
			t.Fatal(err)
		case waiting == 1:
			return
		case time.Now().After(deadline):
			t.Fatal("the COMMIT never waited for the lock")
		}
	}
}
