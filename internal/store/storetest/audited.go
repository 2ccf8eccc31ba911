package storetest

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// AuditedChanges runs the contract of store.Audit.Audited and store.AuditTx: a change and its
// lines in the audit log commit together or not at all. open returns a new, empty store.
func AuditedChanges(t *testing.T, open func(t *testing.T) Full) {
	tests := []struct {
		name string
		test func(*testing.T, Full)
	}{
		{"a change and its line commit together", auditedCommits},
		{"fn failing leaves neither change nor line", auditedFnFails},
		{"a line refused leaves no change", auditedLineRefused},
		{"a failed write fails the unit though fn goes on", auditedWriteFails},
		{"a transaction inside the unit commits with it", auditedNestedTx},
		{"a unit inside a unit is part of it", auditedNested},
		{"cancelled before the commit leaves nothing", auditedCancelled},
		{"no records transaction inside a unit", auditedNoRecords},
		{"records commit with their line", auditedRecords},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.test(t, open(t)) })
	}
}

// auditLines reads the whole audit log, newest first.
func auditLines(t *testing.T, s store.Audit) []cx.AuditEntry {
	t.Helper()
	got, err := s.AuditLog(context.Background(), store.AuditQuery{})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// wantLines fails t unless the audit log holds the actions want, newest first.
func wantLines(t *testing.T, s store.Audit, want ...string) []cx.AuditEntry {
	t.Helper()
	got := auditLines(t, s)
	var actions []string
	for _, e := range got {
		actions = append(actions, e.Action)
	}
	if !slices.Equal(actions, want) {
		t.Fatalf("audit log holds %q, want %q", actions, want)
	}
	return got
}

// wantSetting fails t unless setting key holds want ("" for none), read outside any unit.
func wantSetting(t *testing.T, s store.Dashboard, key, want string) {
	t.Helper()
	got, err := s.Settings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got[key] != want {
		t.Errorf("setting %s = %q, want %q", key, got[key], want)
	}
}

// wantNoUser fails t when a user has the address email.
func wantNoUser(t *testing.T, s store.Accounts, email string) {
	t.Helper()
	u, err := s.UserByEmail(context.Background(), email)
	if cx.ErrorCode(err) != cx.ENOTFOUND {
		t.Errorf("UserByEmail(%s) = %+v, %v: want not found (the change rolled back)", email, u, err)
	}
}

func newUser(email string) *cx.User {
	return &cx.User{Email: email, PasswordHash: "x", Role: cx.RoleManager, CreatedAt: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
}

func auditedCommits(t *testing.T, s Full) {
	var id int64
	err := s.Audited(context.Background(), func(ctx context.Context) ([]cx.AuditEntry, error) {
		u := newUser("anouk@shop.nl")
		if err := s.CreateUser(ctx, u); err != nil {
			return nil, err
		}
		// A read inside the unit sees its write (on SQLite a reader's connection would not).
		got, err := s.UserByID(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		id = got.ID
		return []cx.AuditEntry{{Actor: "bram@shop.nl", Action: cx.AuditUserCreate, Subject: "user " + strconv.FormatInt(u.ID, 10),
			Detail: "role " + got.Role}}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	u, err := s.UserByEmail(context.Background(), "anouk@shop.nl")
	if err != nil {
		t.Fatalf("the user is not stored: %v", err)
	}
	lines := wantLines(t, s, cx.AuditUserCreate)
	if want := "user " + strconv.FormatInt(u.ID, 10); lines[0].Subject != want || lines[0].Detail != "role manager" || u.ID != id {
		t.Errorf("line %+v, want subject %q (the id fn read back: %d) and detail \"role manager\"", lines[0], want, id)
	}
	// Nothing changed, no line: no transaction either.
	if err := s.Audited(context.Background(), func(ctx context.Context) ([]cx.AuditEntry, error) { return nil, nil }); err != nil {
		t.Fatal(err)
	}
	wantLines(t, s, cx.AuditUserCreate)
}

func auditedFnFails(t *testing.T, s Full) {
	refused := cx.Errorf(cx.ECONFLICT, "not this one")
	err := s.Audited(context.Background(), func(ctx context.Context) ([]cx.AuditEntry, error) {
		if err := s.CreateUser(ctx, newUser("anouk@shop.nl")); err != nil {
			return nil, err
		}
		if _, err := s.SetSettings(ctx, map[string]string{"target.nps": "40"}); err != nil {
			return nil, err
		}
		return []cx.AuditEntry{{Actor: "bram@shop.nl", Action: cx.AuditUserCreate}}, refused
	})
	if !errors.Is(err, refused) {
		t.Fatalf("Audited = %v, want fn's error", err)
	}
	wantNoUser(t, s, "anouk@shop.nl")
	wantSetting(t, s, "target.nps", "")
	wantLines(t, s)
}

func auditedLineRefused(t *testing.T, s Full) {
	err := s.Audited(context.Background(), func(ctx context.Context) ([]cx.AuditEntry, error) {
		if err := s.CreateUser(ctx, newUser("anouk@shop.nl")); err != nil {
			return nil, err
		}
		return []cx.AuditEntry{{Actor: "bram@shop.nl", Action: cx.AuditUserCreate}, {Actor: "bram@shop.nl"}}, nil // no action
	})
	wantCode(t, "Audited with a line without an action", err, cx.EINVALID)
	wantNoUser(t, s, "anouk@shop.nl")
	wantLines(t, s)
}

func auditedWriteFails(t *testing.T, s Full) {
	ctx := context.Background()
	if err := s.CreateUser(ctx, newUser("anouk@shop.nl")); err != nil {
		t.Fatal(err)
	}
	err := s.Audited(ctx, func(ctx context.Context) ([]cx.AuditEntry, error) {
		if _, err := s.SetSettings(ctx, map[string]string{"target.nps": "40"}); err != nil {
			return nil, err
		}
		// The address is taken: the INSERT fails, and fn goes on as if it had not.
		if err := s.CreateUser(ctx, newUser("Anouk@shop.nl")); cx.ErrorCode(err) != cx.ECONFLICT {
			t.Errorf("CreateUser of a taken address = %v, want a conflict", err)
		}
		return []cx.AuditEntry{{Actor: "bram@shop.nl", Action: cx.AuditTargetsChange}}, nil
	})
	if err == nil || !strings.Contains(err.Error(), "not made") {
		t.Errorf("Audited after a failed write = %v, want the change not made", err)
	}
	wantSetting(t, s, "target.nps", "")
	wantLines(t, s)
}

func auditedNestedTx(t *testing.T, s Full) {
	err := s.Audited(context.Background(), func(ctx context.Context) ([]cx.AuditEntry, error) {
		// SetSettings is a transaction of its own outside a unit; inside, it is the unit's.
		if _, err := s.SetSettings(ctx, map[string]string{"target.nps": "40", "target.csat": "80"}); err != nil {
			return nil, err
		}
		// Another connection sees nothing of it before the unit commits.
		wantSetting(t, s, "target.nps", "")
		got, err := s.Settings(ctx)
		if err != nil {
			return nil, err
		}
		if got["target.nps"] != "40" {
			t.Errorf("inside the unit, target.nps = %q, want what it wrote, 40", got["target.nps"])
		}
		return []cx.AuditEntry{{Actor: "bram@shop.nl", Action: cx.AuditTargetsChange, Subject: "targets"}}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	wantSetting(t, s, "target.nps", "40")
	wantLines(t, s, cx.AuditTargetsChange)
}

func auditedNested(t *testing.T, s Full) {
	ctx := context.Background()
	inner := func(ctx context.Context) error {
		return s.Audited(ctx, func(ctx context.Context) ([]cx.AuditEntry, error) {
			_, err := s.SetSettings(ctx, map[string]string{"target.nps": "40"})
			return []cx.AuditEntry{{Actor: "bram@shop.nl", Action: cx.AuditTargetsChange}}, err
		})
	}
	err := s.Audited(ctx, func(ctx context.Context) ([]cx.AuditEntry, error) {
		if err := inner(ctx); err != nil {
			return nil, err
		}
		wantLines(t, s) // the inner unit's line waits for the outer's commit
		return nil, errors.New("the outer change fails")
	})
	if err == nil {
		t.Fatal("Audited: the outer fn's error was lost")
	}
	wantSetting(t, s, "target.nps", "")
	wantLines(t, s)
	err = s.Audited(ctx, func(ctx context.Context) ([]cx.AuditEntry, error) {
		return []cx.AuditEntry{{Actor: "bram@shop.nl", Action: cx.AuditUserCreate}}, inner(ctx)
	})
	if err != nil {
		t.Fatal(err)
	}
	wantSetting(t, s, "target.nps", "40")
	wantLines(t, s, cx.AuditUserCreate, cx.AuditTargetsChange)
}

func auditedCancelled(t *testing.T, s Full) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	err := s.Audited(ctx, func(ctx context.Context) ([]cx.AuditEntry, error) {
		if err := s.CreateUser(ctx, newUser("anouk@shop.nl")); err != nil {
			return nil, err
		}
		cancel() // the client went away after the change, before its line
		return []cx.AuditEntry{{Actor: "bram@shop.nl", Action: cx.AuditUserCreate}}, nil
	})
	if err == nil {
		t.Fatal("Audited after its context ended = nil, want an error")
	}
	wantNoUser(t, s, "anouk@shop.nl")
	wantLines(t, s)
}

func auditedNoRecords(t *testing.T, s Full) {
	start := time.Now()
	err := s.Audited(context.Background(), func(ctx context.Context) ([]cx.AuditEntry, error) {
		if _, err := s.SetSettings(ctx, map[string]string{"target.nps": "40"}); err != nil {
			return nil, err
		}
		tx, err := s.Begin(ctx)
		if err == nil {
			tx.Rollback()
		}
		return nil, err
	})
	// Refused at once: on SQLite it would wait for the one write connection the unit holds.
	wantCode(t, "Begin inside a unit", err, cx.EINTERNAL)
	if waited := time.Since(start); waited >= store.WriteWait {
		t.Errorf("Begin inside a unit took %v: it waited for the unit's own turn", waited)
	}
	wantSetting(t, s, "target.nps", "")
}

func auditedRecords(t *testing.T, s Full) {
	ctx := context.Background()
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for _, commit := range []bool{false, true} {
		tx, err := s.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := tx.Put(&cx.Customer{ID: "C1", AcquiredAt: at}); err != nil {
			t.Fatal(err)
		}
		atx, ok := tx.(store.AuditTx)
		if !ok {
			t.Fatal("the store's transaction writes no audit lines (store.AuditTx)")
		}
		e := cx.AuditEntry{Actor: "bram@shop.nl", Action: cx.AuditRecordDelete, Subject: "customers C0"}
		if err := atx.AddAudit(&e); err != nil {
			t.Fatal(err)
		}
		if e.ID == 0 {
			t.Error("AddAudit in a transaction set no id")
		}
		wantLines(t, s) // not before the commit
		if !commit {
			if err := tx.Rollback(); err != nil {
				t.Fatal(err)
			}
			wantLines(t, s)
			if n, err := s.Count(ctx, cx.KindCustomers); err != nil || n != 0 {
				t.Fatalf("Count after a rollback = %d, %v; want 0", n, err)
			}
			continue
		}
		if _, err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		wantLines(t, s, cx.AuditRecordDelete)
		if n, err := s.Count(ctx, cx.KindCustomers); err != nil || n != 1 {
			t.Fatalf("Count after the commit = %d, %v; want 1", n, err)
		}
	}
	// A line refused leaves the transaction only a rollback.
	tx, err := s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	wantCode(t, "AddAudit without an action", tx.(store.AuditTx).AddAudit(&cx.AuditEntry{Actor: "x"}), cx.EINVALID)
}
