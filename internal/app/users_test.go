package app

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// hookedAccounts is the store's accounts with hook run once, as the first ChangeUser begins:
// after all app read for the change, before the store's transaction. What hook commits is what
// another request, made at the same moment, commits between the two.
type hookedAccounts struct {
	store.Accounts
	hook func()
}

func (h *hookedAccounts) ChangeUser(ctx context.Context, id int64, change func(*cx.User) (bool, error)) (before, after *cx.User, err error) {
	if hook := h.hook; hook != nil {
		h.hook = nil
		hook()
	}
	return h.Accounts.ChangeUser(ctx, id, change)
}

// TestUserChangesMadeAtOnceBothStand: two changes of one user at the same moment — an
// administrator's and the user's own — each stand, whichever commits first. Before the fix a
// change read the user before its transaction and wrote every column back from that read: a
// demotion made while the user changed their password wrote their old password hash back (the
// old, perhaps leaked, password worked again, the new one did not), and a password change made
// while they were demoted made them an administrator again; the audit log said neither. And a
// current password proven against a hash an administrator replaced meanwhile set the new one
// over the administrator's.
func TestUserChangesMadeAtOnceBothStand(t *testing.T) {
	const old, theirs, reset = "oud wachtwoord 1234", "nieuw wachtwoord 5678", "door beheer gezet 90"
	manager := cx.RoleManager
	for _, tt := range []struct {
		name string
		// change is the change that began first; meanwhile commits the other, by mira herself or
		// by the administrator, between what change read and its transaction.
		change, meanwhile func(ctx context.Context, a *App, mira int64) error
		wantErr           error
		role, password    string // mira's after both
	}{
		{"demoted while changing their own password",
			func(ctx context.Context, a *App, mira int64) error {
				_, _, err := a.ChangeUser(ctx, mira, UserChange{Role: &manager})
				return err
			},
			func(ctx context.Context, a *App, mira int64) error {
				_, err := a.ChangeOwnPassword(ctx, mira, old, theirs)
				return err
			},
			nil, cx.RoleManager, theirs},
		{"changing their own password while demoted",
			func(ctx context.Context, a *App, mira int64) error {
				_, err := a.ChangeOwnPassword(ctx, mira, old, theirs)
				return err
			},
			func(ctx context.Context, a *App, mira int64) error {
				_, _, err := a.ChangeUser(ctx, mira, UserChange{Role: &manager})
				return err
			},
			nil, cx.RoleManager, theirs},
		{"the current password proven before an administrator set another",
			func(ctx context.Context, a *App, mira int64) error {
				_, err := a.ChangeOwnPassword(ctx, mira, old, theirs)
				return err
			},
			func(ctx context.Context, a *App, mira int64) error {
				_, err := a.SetPassword(ctx, mira, reset)
				return err
			},
			ErrWrongPassword, cx.RoleAdmin, reset},
	} {
		t.Run(tt.name, func(t *testing.T) {
			bothDatabases(t, func(t *testing.T, dsn string) {
				ctx := context.Background()
				a := openEraseAt(t, dsn)
				now := time.Now()
				if _, err := a.CreateUser(ctx, "beheer@shop.nl", "beheerder wachtwoord 1", cx.RoleAdmin, "", "", now); err != nil {
					t.Fatal(err)
				}
				mira, err := a.CreateUser(ctx, "mira@shop.nl", old, cx.RoleAdmin, "", "", now)
				if err != nil {
					t.Fatal(err)
				}
				var meanwhile error
				a.accounts = &hookedAccounts{Accounts: a.accounts, hook: func() {
					meanwhile = tt.meanwhile(ctx, a, mira.ID)
				}}
				// As a request makes it: the change with its line, in one unit.
				err = a.Audited(ctx, func(ctx context.Context) ([]cx.AuditEntry, error) {
					return nil, tt.change(ctx, a, mira.ID)
				})
				if meanwhile != nil {
					t.Fatalf("the change made meanwhile: %v", meanwhile)
				}
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("the change begun first: %v, want %v", err, tt.wantErr)
				}
				got, err := a.UserByID(ctx, mira.ID)
				if err != nil {
					t.Fatal(err)
				}
				if got.Role != tt.role {
					t.Errorf("role %s, want %s", got.Role, tt.role)
				}
				for _, pw := range []string{old, theirs, reset} {
					if works := auth.CheckPassword(got.PasswordHash, pw); works != (pw == tt.password) {
						t.Errorf("password %q works: %v, want %v", pw, works, pw == tt.password)
					}
				}
			})
		})
	}
}
