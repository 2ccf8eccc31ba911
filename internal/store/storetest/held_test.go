package storetest_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	moderncsqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
	"github.com/klantpuls/klantpuls/internal/store/storetest"
)

// errHeld is a probe's answer when another connection holds what it asked for.
var errHeld = errors.New("held by another connection")

// probes ask, on a connection of their own and without waiting, to write what a change holds
// (the statement PostgreSQL is asked; SQLite's write transaction holds the whole database, so
// any write is refused while one is open): errHeld while a change holds it, nil once it is free.
var probes = map[string]func(t *testing.T, where, statement string, args ...any) error{
	"SQLite": func(t *testing.T, path, _ string, _ ...any) error {
		db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(0)&_txlock=immediate")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		tx, err := db.Begin()
		var e *moderncsqlite.Error
		if errors.As(err, &e) && e.Code()&0xff == sqlite3.SQLITE_BUSY {
			return errHeld
		} else if err != nil {
			t.Fatal(err)
		}
		return tx.Rollback()
	},
	"PostgreSQL": func(t *testing.T, dsn, statement string, args ...any) error {
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		// A transaction, so that the lock a probe takes ends with it.
		_, err = conn.Exec(ctx, "BEGIN")
		if err == nil {
			_, err = conn.Exec(ctx, statement, args...)
		}
		conn.Exec(ctx, "ROLLBACK")
		var e *pgconn.PgError
		if errors.As(err, &e) && e.Code == "55P03" { // lock_not_available
			return errHeld
		} else if err != nil {
			t.Fatal(err)
		}
		return nil
	},
}

// TestChangesHoldWhatTheyRead: a change that reads a row to write it back holds it from that
// read until it ends — the user a change of users reads (Accounts.ChangeUser), the follow-ups a
// transaction of records reads (FollowUpTx.FollowUps), the settings SetSettings replaces (the
// table: a key not stored yet has no row) — so a change made at the same moment waits and then
// reads what this one wrote, rather than writing back over it what it read before.
func TestChangesHoldWhatTheyRead(t *testing.T) {
	for _, db := range databases {
		t.Run(db.name, func(t *testing.T) {
			ctx := context.Background()
			where := db.fresh(t)
			s, err := db.open(ctx, where)
			s = storetest.Keep(t, s, err)
			probe := func(statement string, args ...any) error {
				t.Helper()
				return probes[db.name](t, where, statement, args...)
			}
			t.Run("a user", func(t *testing.T) { userHeld(t, s, probe) })
			t.Run("follow-ups", func(t *testing.T) { followUpsHeld(t, s, probe) })
			t.Run("an owner", func(t *testing.T) { ownerHeld(t, s, probe) })
			t.Run("settings", func(t *testing.T) { settingsHeld(t, s, probe) })
		})
	}
}

func userHeld(t *testing.T, s storetest.Full, probe func(string, ...any) error) {
	ctx := context.Background()
	u := &cx.User{Email: "mira@shop.nl", PasswordHash: "x", Role: cx.RoleManager}
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	lockUser := "SELECT 1 FROM users WHERE id = $1 FOR UPDATE NOWAIT"
	var held error
	_, _, err := s.ChangeUser(ctx, u.ID, func(u *cx.User) (bool, error) {
		held = probe(lockUser, u.ID)
		u.Team = "Fietsen"
		return false, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if held != errHeld {
		t.Errorf("the user was free to change while ChangeUser held them (%v)", held)
	}
	if err := probe(lockUser, u.ID); err != nil {
		t.Errorf("the user after ChangeUser: %v, want free", err)
	}
}

func followUpsHeld(t *testing.T, s storetest.Full, probe func(string, ...any) error) {
	ctx := context.Background()
	at := time.Date(2026, 3, 6, 9, 0, 0, 0, time.UTC)
	stored := cx.FollowUp{ResponseID: "R1", OwnerID: 3, Reply: "Gebeld", Status: cx.FollowUpDone, UpdatedAt: at}
	if err := s.SetFollowUp(ctx, &stored); err != nil {
		t.Fatal(err)
	}
	tx, err := s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	ftx := tx.(store.FollowUpTx)
	// What the transaction wrote is read in it too, which a read beside it would not see.
	written := cx.FollowUp{ResponseID: "R2", Status: cx.FollowUpOpen, UpdatedAt: at}
	if err := ftx.SetFollowUp(&written); err != nil {
		t.Fatal(err)
	}
	got, err := ftx.FollowUps([]string{"R1", "R2", "nope", "R\xff"})
	if want := map[string]cx.FollowUp{"R1": stored, "R2": written}; err != nil || len(got) != len(want) ||
		!sameFollowUp(got["R1"], stored) || !sameFollowUp(got["R2"], written) {
		t.Errorf("FollowUps in the transaction = %+v, %v; want %+v", got, err, want)
	}
	lockR1 := "SELECT 1 FROM followups WHERE response_id = $1 FOR UPDATE NOWAIT"
	if err := probe(lockR1, "R1"); err != errHeld {
		t.Errorf("R1's follow-up was free to change while the transaction held it (%v)", err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if err := probe(lockR1, "R1"); err != nil {
		t.Errorf("R1's follow-up after the transaction: %v, want free", err)
	}
}

// ownerHeld: the owner a follow-up is given is read in its transaction (FollowUpTx.IsUser)
// and held until it ends, so the user cannot be removed before the follow-up is theirs.
func ownerHeld(t *testing.T, s storetest.Full, probe func(string, ...any) error) {
	ctx := context.Background()
	u := &cx.User{Email: "anna@shop.nl", PasswordHash: "x", Role: cx.RoleManager}
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	tx, err := s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	ftx := tx.(store.FollowUpTx)
	for _, tt := range []struct {
		id   int64
		want bool
	}{{u.ID, true}, {u.ID + 1, false}, {0, false}} {
		if got, err := ftx.IsUser(tt.id); err != nil || got != tt.want {
			t.Errorf("IsUser(%d) = %v, %v; want %v", tt.id, got, err, tt.want)
		}
	}
	lockUser := "SELECT 1 FROM users WHERE id = $1 FOR UPDATE NOWAIT"
	if err := probe(lockUser, u.ID); err != errHeld {
		t.Errorf("the owner was free to remove while the transaction held them (%v)", err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if err := probe(lockUser, u.ID); err != nil {
		t.Errorf("the owner after the transaction: %v, want free", err)
	}
}

// sameFollowUp compares follow-ups read back, their instants by Equal.
func sameFollowUp(a, b cx.FollowUp) bool {
	return a.ResponseID == b.ResponseID && a.OwnerID == b.OwnerID && a.Reply == b.Reply && a.Status == b.Status &&
		a.UpdatedAt.Equal(b.UpdatedAt) && (a.ReplySentiment == nil) == (b.ReplySentiment == nil)
}

func settingsHeld(t *testing.T, s storetest.Full, probe func(string, ...any) error) {
	ctx := context.Background()
	// What INSERT, UPDATE and DELETE take: another writer of any setting, a new key's too.
	lockSettings := "LOCK TABLE settings IN ROW EXCLUSIVE MODE NOWAIT"
	var held error
	err := s.Audited(ctx, func(ctx context.Context) ([]cx.AuditEntry, error) {
		was, err := s.SetSettings(ctx, map[string]string{"target.nps": "40"})
		if err != nil || len(was) != 0 {
			t.Errorf("SetSettings = %v, %v; want nothing held before", was, err)
		}
		held = probe(lockSettings)
		return []cx.AuditEntry{{Actor: "bram@shop.nl", Action: cx.AuditTargetsChange}}, err
	})
	if err != nil {
		t.Fatal(err)
	}
	if held != errHeld {
		t.Errorf("the settings were free to change while SetSettings held them (%v)", held)
	}
	if err := probe(lockSettings); err != nil {
		t.Errorf("the settings after the change: %v, want free", err)
	}
}
