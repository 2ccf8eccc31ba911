package storetest

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// Users runs the contract of changing and removing users (store.Accounts.ChangeUser and
// DeleteUser), which reach into sessions, tokens, digests and follow-ups; open returns a new,
// empty store.
func Users(t *testing.T, open func(t *testing.T) AccountsAndSurveys) {
	tests := []struct {
		name string
		test func(*testing.T, AccountsAndSurveys)
	}{
		{"change a user", testChangeUser},
		{"remove a user", testDeleteUser},
		{"two administrators demoting each other keep one", testLastAdminRace},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.test(t, open(t)) })
	}
}

// users creates the given users in order, each with a role and an address starting with tag,
// and returns them.
func users(t *testing.T, s store.Accounts, tag string, roles ...string) []*cx.User {
	t.Helper()
	var out []*cx.User
	for i, role := range roles {
		u := &cx.User{Email: tag + string(rune('a'+i)) + "@fietsenwinkel.nl", PasswordHash: "x", Role: role}
		if role == cx.RoleAgent {
			u.Agent = "Agent " + string(rune('A'+i))
		}
		if err := s.CreateUser(context.Background(), u); err != nil {
			t.Fatal(err)
		}
		out = append(out, u)
	}
	return out
}

// session starts a session of user id whose secret is name.
func session(t *testing.T, s store.Accounts, id int64, name string) {
	t.Helper()
	err := s.CreateSession(context.Background(), &cx.Session{Hash: auth.HashSecret(name), UserID: id, ExpiresAt: time.Now().Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
}

// sessionLives tells whether the session with secret name is still there.
func sessionLives(t *testing.T, s store.Accounts, name string) bool {
	t.Helper()
	_, err := s.SessionByHash(context.Background(), auth.HashSecret(name), time.Now())
	if err != nil && cx.ErrorCode(err) != cx.ENOTFOUND {
		t.Fatal(err)
	}
	return err == nil
}

func testChangeUser(t *testing.T, s AccountsAndSurveys) {
	ctx := context.Background()
	u := users(t, s, "", cx.RoleAdmin, cx.RoleAdmin, cx.RoleAgent)
	a, b, c := u[0], u[1], u[2]
	for _, name := range []string{"c1", "c2", "c3"} {
		session(t, s, c.ID, name)
	}
	session(t, s, a.ID, "a1")

	// In order: each step sees what the ones before it did.
	steps := []struct {
		name   string
		signIn string // a session of the user to start before the step
		user   cx.User
		end    bool
		code   string
		lives  map[string]bool // sessions after the step
	}{
		{"team only, sessions kept", "", cx.User{ID: c.ID, Email: c.Email, PasswordHash: "x", Role: cx.RoleAgent, Agent: "Agent C", Team: "Fietsen"},
			false, "", map[string]bool{"c1": true, "c2": true, "c3": true, "a1": true}},
		{"new role, every session ended", "", cx.User{ID: c.ID, Email: c.Email, PasswordHash: "x", Role: cx.RoleManager},
			true, "", map[string]bool{"c1": false, "c2": false, "c3": false, "a1": true}},
		{"new password, every session ended", "c4", cx.User{ID: c.ID, Email: c.Email, PasswordHash: "y", Role: cx.RoleManager},
			true, "", map[string]bool{"c4": false, "a1": true}},
		{"an administrator demoted while another stays", "", cx.User{ID: a.ID, Email: a.Email, PasswordHash: "x", Role: cx.RoleManager},
			true, "", map[string]bool{"a1": false}},
		{"the last administrator demoted", "", cx.User{ID: b.ID, Email: b.Email, PasswordHash: "x", Role: cx.RoleAgent, Agent: "B"},
			true, cx.ECONFLICT, nil},
		{"the last administrator's password", "", cx.User{ID: b.ID, Email: b.Email, PasswordHash: "z", Role: cx.RoleAdmin},
			true, "", nil},
		{"unknown user", "", cx.User{ID: 999, Email: "x@fietsenwinkel.nl", Role: cx.RoleManager}, true, cx.ENOTFOUND, nil},
	}
	for _, tt := range steps {
		t.Run(tt.name, func(t *testing.T) {
			if tt.signIn != "" {
				session(t, s, tt.user.ID, tt.signIn)
			}
			before, after, err := s.ChangeUser(ctx, tt.user.ID, func(u *cx.User) (bool, error) {
				u.PasswordHash, u.Role, u.Agent, u.Team = tt.user.PasswordHash, tt.user.Role, tt.user.Agent, tt.user.Team
				return tt.end, nil
			})
			wantCode(t, "ChangeUser", err, tt.code)
			if tt.code == cx.ECONFLICT && !errors.Is(err, store.ErrLastAdmin) {
				t.Errorf("ChangeUser: %v, want store.ErrLastAdmin", err)
			}
			for name, want := range tt.lives {
				if got := sessionLives(t, s, name); got != want {
					t.Errorf("session %s lives: %v, want %v", name, got, want)
				}
			}
			if tt.code != "" {
				return
			}
			got, err := s.UserByID(ctx, tt.user.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Role != tt.user.Role || got.Agent != tt.user.Agent || got.Team != tt.user.Team || got.PasswordHash != tt.user.PasswordHash {
				t.Errorf("stored %+v, want %+v", got, tt.user)
			}
			if *after != *got || before.ID != got.ID || before.Email != got.Email || !before.CreatedAt.Equal(got.CreatedAt) {
				t.Errorf("ChangeUser returned %+v → %+v, stored %+v", before, after, got)
			}
		})
	}
	// change is handed the user as stored, and what it refuses is not written.
	refused := errors.New("the change's own refusal")
	var seen cx.User
	_, _, err := s.ChangeUser(ctx, c.ID, func(u *cx.User) (bool, error) {
		seen = *u
		u.Role = cx.RoleAdmin
		return true, refused
	})
	if err != refused {
		t.Errorf("ChangeUser refused by its change: %v, want the change's error as it is", err)
	}
	if got, err := s.UserByID(ctx, c.ID); err != nil || seen != *got || got.Role != cx.RoleManager {
		t.Errorf("change was handed %+v; stored after its refusal %+v, %v: want both as stored, a manager", seen, got, err)
	}
	if got, err := s.UserByID(ctx, b.ID); err != nil || got.Role != cx.RoleAdmin {
		t.Errorf("the last administrator after the refused change: %+v, %v; want an admin still", got, err)
	}
}

func testDeleteUser(t *testing.T, s AccountsAndSurveys) {
	ctx := context.Background()
	u := users(t, s, "", cx.RoleAdmin, cx.RoleAgent)
	admin, anna := u[0], u[1]
	session(t, s, anna.ID, "anna1")
	session(t, s, anna.ID, "anna2")
	session(t, s, admin.ID, "admin1")
	for i, owner := range []int64{anna.ID, anna.ID} {
		tok := &cx.Token{Name: "t", Hash: auth.HashSecret("kp_anna" + string(rune('0'+i))), Scope: cx.ScopeRead, UserID: owner}
		if err := s.CreateToken(ctx, tok); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.CreateToken(ctx, &cx.Token{Name: "t", Hash: auth.HashSecret("kp_admin"), Scope: cx.ScopeRead, UserID: admin.ID}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetDigestSchedule(ctx, &cx.DigestSchedule{UserID: anna.ID, Frequency: "daily", Hour: 7, Lang: "nl"}); err != nil {
		t.Fatal(err)
	}
	owners := map[string]int64{"r1": anna.ID, "r2": anna.ID, "r3": admin.ID, "r4": 0}
	for id, owner := range owners {
		if err := s.SetFollowUp(ctx, &cx.FollowUp{ResponseID: id, OwnerID: owner, Reply: "Bedankt", Status: cx.FollowUpOpen}); err != nil {
			t.Fatal(err)
		}
	}

	_, err := s.DeleteUser(ctx, admin.ID)
	wantCode(t, "DeleteUser of the last administrator", err, cx.ECONFLICT)
	if _, err := s.UserByID(ctx, admin.ID); err != nil {
		t.Fatalf("the last administrator was removed: %v", err)
	}

	gone, err := s.DeleteUser(ctx, anna.ID)
	if want := (store.UserRemoved{Sessions: 2, Tokens: 2, FollowUps: 2}); err != nil || gone != want {
		t.Errorf("DeleteUser = %+v, %v; want %+v", gone, err, want)
	}
	_, err = s.UserByID(ctx, anna.ID)
	wantCode(t, "UserByID of a removed user", err, cx.ENOTFOUND)
	for name, want := range map[string]bool{"anna1": false, "anna2": false, "admin1": true} {
		if got := sessionLives(t, s, name); got != want {
			t.Errorf("session %s lives: %v, want %v", name, got, want)
		}
	}
	for name, code := range map[string]string{"kp_anna0": cx.ENOTFOUND, "kp_anna1": cx.ENOTFOUND, "kp_admin": ""} {
		_, err := s.TokenByHash(ctx, auth.HashSecret(name))
		wantCode(t, "TokenByHash "+name, err, code)
	}
	_, err = s.DigestSchedule(ctx, anna.ID)
	wantCode(t, "DigestSchedule of a removed user", err, cx.ENOTFOUND)
	follow, err := s.FollowUps(ctx, []string{"r1", "r2", "r3", "r4"})
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]int64{"r1": 0, "r2": 0, "r3": admin.ID, "r4": 0} {
		if f, ok := follow[id]; !ok || f.OwnerID != want || f.Reply != "Bedankt" {
			t.Errorf("follow-up %s: %+v (stored %v), want owner %d and its reply kept", id, f, ok, want)
		}
	}
	_, err = s.DeleteUser(ctx, anna.ID)
	wantCode(t, "DeleteUser twice", err, cx.ENOTFOUND)
}

// testLastAdminRace: two administrators, each demoted by a request of its own at the same moment
// (as two admins on two nodes might): one change goes through, the other is refused, and one
// administrator is left.
func testLastAdminRace(t *testing.T, s AccountsAndSurveys) {
	ctx := context.Background()
	for round := range 20 {
		u := users(t, s, "r"+strconv.Itoa(round), cx.RoleAdmin, cx.RoleAdmin)
		// The round's two are the only administrators: the one an earlier round left becomes
		// a manager, which the two new ones allow.
		all, err := s.Users(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range all {
			if x.Role == cx.RoleAdmin && x.ID != u[0].ID && x.ID != u[1].ID {
				if _, _, err := s.ChangeUser(ctx, x.ID, func(u *cx.User) (bool, error) {
					u.Role = cx.RoleManager
					return false, nil
				}); err != nil {
					t.Fatal(err)
				}
			}
		}
		errs := make([]error, len(u))
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i, a := range u {
			wg.Go(func() {
				<-start
				if i == 1 {
					_, errs[i] = s.DeleteUser(ctx, a.ID)
					return
				}
				_, _, errs[i] = s.ChangeUser(ctx, a.ID, func(u *cx.User) (bool, error) {
					u.Role = cx.RoleManager
					return true, nil
				})
			})
		}
		close(start)
		wg.Wait()
		refused := 0
		for _, err := range errs {
			switch {
			case errors.Is(err, store.ErrLastAdmin):
				refused++
			case err != nil:
				t.Fatalf("round %d: %v", round, err)
			}
		}
		all, err = s.Users(ctx)
		if err != nil {
			t.Fatal(err)
		}
		admins := 0
		for _, x := range all {
			if x.Role == cx.RoleAdmin {
				admins++
			}
		}
		if refused != 1 || admins != 1 {
			t.Errorf("round %d: %d of 2 refused and %d administrators left, want 1 and 1", round, refused, admins)
		}
	}
}
