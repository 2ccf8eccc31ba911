// Package storetest is the contract every store keeps: suites of tests that the SQLite and the
// PostgreSQL store both run, each test on a store of its own from the open function it is given.
package storetest

import (
	"context"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// wantCode fails t unless err carries code ("" for no error).
func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got := cx.ErrorCode(err); got != code {
		t.Errorf("%s: error %v has code %q, want %q", what, err, got, code)
	}
}

// Accounts runs the contract of store.Accounts; open returns a new, empty store.
func Accounts(t *testing.T, open func(t *testing.T) store.Accounts) {
	tests := []struct {
		name string
		test func(*testing.T, store.Accounts)
	}{
		{"users", testUsers},
		{"change every field of a user", testChangeUserEveryField},
		{"sessions", testSessions},
		{"tokens", testTokens},
		{"setup link", testSetupLink},
		{"setup link works once under race", testSetupLinkRace},
		{"sign-in failures hold an account back", testSignIn},
		{"parallel sign-ins each count", testSignInRace},
		{"token expiry", testTokenExpiry},
		{"wall screens", testWallScreens},
		{"digests", testDigests},
		{"digests sent", testDigestsSent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.test(t, open(t)) })
	}
}

func anouk() *cx.User {
	return &cx.User{Email: "Anouk@Fietsenwinkel.nl", PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
		Role: cx.RoleAgent, Agent: "Anouk", Team: "Fietsen", CreatedAt: time.Date(2026, 3, 2, 9, 30, 15, 0, time.UTC)}
}

func testUsers(t *testing.T, s store.Accounts) {
	ctx := context.Background()
	if n, err := s.CountUsers(ctx); n != 0 || err != nil {
		t.Fatalf("CountUsers of a new store = %d, %v; want 0", n, err)
	}
	a := anouk()
	a.Email = "  " + a.Email + " "
	if err := s.CreateUser(ctx, a); err != nil {
		t.Fatal(err)
	}
	if a.ID == 0 || a.Email != "Anouk@Fietsenwinkel.nl" {
		t.Errorf("after CreateUser: ID %d, e-mail %q; want an id and the trimmed address", a.ID, a.Email)
	}
	// A zero CreatedAt is now, in whole seconds and UTC; a given one is kept the same way.
	b := &cx.User{Email: "bram@fietsenwinkel.nl", PasswordHash: "x", Role: cx.RoleAdmin,
		CreatedAt: time.Date(2026, 3, 2, 10, 0, 0, 999, time.FixedZone("CET", 3600))}
	if err := s.CreateUser(ctx, b); err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC); b.CreatedAt != want {
		t.Errorf("CreatedAt = %v, want %v", b.CreatedAt, want)
	}
	before := time.Now().Add(-time.Second)
	c := &cx.User{Email: "carla@fietsenwinkel.nl", Role: cx.RoleManager}
	if err := s.CreateUser(ctx, c); err != nil {
		t.Fatal(err)
	}
	if c.CreatedAt.Before(before) || c.CreatedAt.After(time.Now()) || c.CreatedAt.Location() != time.UTC {
		t.Errorf("CreatedAt = %v, want now in UTC", c.CreatedAt)
	}

	finds := []struct {
		name string
		find func() (*cx.User, error)
		want *cx.User
		code string
	}{
		{"by id", func() (*cx.User, error) { return s.UserByID(ctx, a.ID) }, a, ""},
		{"by e-mail as entered", func() (*cx.User, error) { return s.UserByEmail(ctx, "Anouk@Fietsenwinkel.nl") }, a, ""},
		{"by e-mail in lower case", func() (*cx.User, error) { return s.UserByEmail(ctx, "anouk@fietsenwinkel.nl") }, a, ""},
		{"by e-mail in upper case with spaces", func() (*cx.User, error) { return s.UserByEmail(ctx, " ANOUK@FIETSENWINKEL.NL\t") }, a, ""},
		{"no agent or team", func() (*cx.User, error) { return s.UserByID(ctx, b.ID) }, b, ""},
		{"unknown id", func() (*cx.User, error) { return s.UserByID(ctx, 999) }, nil, cx.ENOTFOUND},
		{"unknown e-mail", func() (*cx.User, error) { return s.UserByEmail(ctx, "anouk@fietsenwinkel.be") }, nil, cx.ENOTFOUND},
		{"empty e-mail", func() (*cx.User, error) { return s.UserByEmail(ctx, "") }, nil, cx.ENOTFOUND},
	}
	for _, tt := range finds {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.find()
			wantCode(t, tt.name, err, tt.code)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}

	creates := []struct {
		name  string
		email string
		code  string
	}{
		{"same address", "Anouk@Fietsenwinkel.nl", cx.ECONFLICT},
		{"other case", "anouk@FIETSENWINKEL.nl", cx.ECONFLICT},
		{"surrounding spaces", " anouk@fietsenwinkel.nl ", cx.ECONFLICT},
		{"no address", "  ", cx.EINVALID},
	}
	for _, tt := range creates {
		t.Run("create with "+tt.name, func(t *testing.T) {
			u := &cx.User{Email: tt.email, Role: cx.RoleAgent}
			wantCode(t, "CreateUser", s.CreateUser(ctx, u), tt.code)
			if u.ID != 0 {
				t.Errorf("a refused user got id %d", u.ID)
			}
		})
	}

	users, err := s.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := []cx.User{*a, *b, *c}; !reflect.DeepEqual(users, want) {
		t.Errorf("Users = %+v, want %+v", users, want)
	}
	if n, err := s.CountUsers(ctx); n != 3 || err != nil {
		t.Errorf("CountUsers = %d, %v; want 3", n, err)
	}
}

// testChangeUserEveryField: ChangeUser writes every field change makes, but ID and CreatedAt;
// an address taken by another user or none at all is refused, and the old address finds nobody.
func testChangeUserEveryField(t *testing.T, s store.Accounts) {
	ctx := context.Background()
	a, b := anouk(), &cx.User{Email: "bram@fietsenwinkel.nl", Role: cx.RoleAdmin}
	for _, u := range []*cx.User{a, b} {
		if err := s.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	changed := *a
	changed.Email, changed.PasswordHash, changed.Role = "anouk.devries@fietsenwinkel.nl", "new", cx.RoleManager
	changed.Agent, changed.Team = "", ""
	changed.CreatedAt = time.Time{} // not written: the stored one stays

	tests := []struct {
		name string
		u    cx.User
		code string
	}{
		{"unknown id", cx.User{ID: 999, Email: "x@fietsenwinkel.nl", Role: cx.RoleAgent}, cx.ENOTFOUND},
		{"another user's address", cx.User{ID: a.ID, Email: "BRAM@fietsenwinkel.nl", Role: cx.RoleAgent}, cx.ECONFLICT},
		{"no address", cx.User{ID: a.ID, Email: " ", Role: cx.RoleAgent}, cx.EINVALID},
		{"every field", changed, ""},
		{"unchanged", changed, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := s.ChangeUser(ctx, tt.u.ID, func(u *cx.User) (bool, error) {
				id, created := u.ID, u.CreatedAt
				*u = tt.u
				u.ID, u.CreatedAt = id, created
				return false, nil
			})
			wantCode(t, "ChangeUser", err, tt.code)
		})
	}
	got, err := s.UserByEmail(ctx, "Anouk.DeVries@fietsenwinkel.nl")
	if err != nil {
		t.Fatal(err)
	}
	want := changed
	want.CreatedAt = a.CreatedAt
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("after ChangeUser: %+v, want %+v", *got, want)
	}
	if _, err := s.UserByEmail(ctx, a.Email); cx.ErrorCode(err) != cx.ENOTFOUND {
		t.Errorf("the old address still finds a user: %v", err)
	}
}

func testSessions(t *testing.T, s store.Accounts) {
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Second)
	sessions := map[string]*cx.Session{
		"live":    {Hash: auth.HashSecret("live"), UserID: 1, CreatedAt: now.Add(-time.Hour), ExpiresAt: now.Add(time.Hour)},
		"expired": {Hash: auth.HashSecret("expired"), UserID: 1, CreatedAt: now.Add(-2 * time.Hour), ExpiresAt: now.Add(-time.Minute)},
		"ending":  {Hash: auth.HashSecret("ending"), UserID: 2, ExpiresAt: now.Add(-time.Second)},
		"deleted": {Hash: auth.HashSecret("deleted"), UserID: 2, ExpiresAt: now.Add(time.Hour)},
	}
	for _, sess := range sessions {
		if err := s.CreateSession(ctx, sess); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.DeleteSession(ctx, auth.HashSecret("deleted")); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name string
		hash []byte
		want *cx.Session
		code string
	}{
		{"found", auth.HashSecret("live"), sessions["live"], ""},
		{"expired", auth.HashSecret("expired"), nil, cx.ENOTFOUND},
		{"expired a second ago", auth.HashSecret("ending"), nil, cx.ENOTFOUND},
		{"deleted", auth.HashSecret("deleted"), nil, cx.ENOTFOUND},
		{"unknown", auth.HashSecret("unknown"), nil, cx.ENOTFOUND},
		{"no hash", nil, nil, cx.ENOTFOUND},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.SessionByHash(ctx, tt.hash, time.Now())
			wantCode(t, "SessionByHash", err, tt.code)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}

	creates := []struct {
		name string
		sess cx.Session
		code string
	}{
		{"same secret", cx.Session{Hash: auth.HashSecret("live"), UserID: 3, ExpiresAt: now.Add(time.Hour)}, cx.ECONFLICT},
		{"no secret", cx.Session{UserID: 3, ExpiresAt: now.Add(time.Hour)}, cx.EINVALID},
		{"no expiry", cx.Session{Hash: auth.HashSecret("forever"), UserID: 3}, cx.EINVALID},
	}
	for _, tt := range creates {
		t.Run("create with "+tt.name, func(t *testing.T) {
			wantCode(t, "CreateSession", s.CreateSession(ctx, &tt.sess), tt.code)
		})
	}

	if err := s.DeleteSession(ctx, auth.HashSecret("deleted")); err != nil {
		t.Errorf("deleting a session twice: %v, want no error", err)
	}
	// Looked up at a time before they expired, swept sessions are gone and the live one is not.
	earlier := now.Add(-3 * time.Hour)
	if _, err := s.SessionByHash(ctx, auth.HashSecret("expired"), earlier); err != nil {
		t.Fatalf("before the sweep, an expired session looked up before its expiry: %v", err)
	}
	if err := s.DeleteExpiredSessions(ctx, now); err != nil {
		t.Fatal(err)
	}
	for name, code := range map[string]string{"live": "", "expired": cx.ENOTFOUND, "ending": cx.ENOTFOUND} {
		_, err := s.SessionByHash(ctx, auth.HashSecret(name), earlier)
		wantCode(t, "after DeleteExpiredSessions, session "+name, err, code)
	}
}

func testTokens(t *testing.T, s store.Accounts) {
	ctx := context.Background()
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	ingest := &cx.Token{Name: "webshop", Hash: auth.HashSecret("kp_ingest"), Scope: cx.ScopeWrite, UserID: 1, CreatedAt: day}
	bi := &cx.Token{Name: "Power BI", Hash: auth.HashSecret("kp_bi"), Scope: cx.ScopeRead, UserID: 2, CreatedAt: day}
	for _, tok := range []*cx.Token{ingest, bi} {
		if err := s.CreateToken(ctx, tok); err != nil {
			t.Fatal(err)
		}
	}
	if ingest.ID == 0 || bi.ID == ingest.ID {
		t.Fatalf("ids %d and %d, want two different ones", ingest.ID, bi.ID)
	}
	wantCode(t, "CreateToken with a secret in use",
		s.CreateToken(ctx, &cx.Token{Name: "copy", Hash: auth.HashSecret("kp_bi"), Scope: cx.ScopeRead}), cx.ECONFLICT)
	wantCode(t, "CreateToken without a secret", s.CreateToken(ctx, &cx.Token{Name: "empty"}), cx.EINVALID)

	got, err := s.TokenByHash(ctx, auth.HashSecret("kp_bi"))
	if err != nil || !reflect.DeepEqual(got, bi) {
		t.Errorf("TokenByHash = %+v, %v; want %+v", got, err, bi)
	}
	_, err = s.TokenByHash(ctx, auth.HashSecret("kp_unknown"))
	wantCode(t, "TokenByHash of an unknown secret", err, cx.ENOTFOUND)

	touches := []struct {
		name string
		id   int64
		at   time.Time
		want time.Time // the stored last use after the touch
		code string
	}{
		{"first use", bi.ID, day.Add(9 * time.Hour), day.Add(9 * time.Hour), ""},
		{"later use", bi.ID, day.Add(10*time.Hour + 500*time.Millisecond), day.Add(10 * time.Hour), ""},
		{"earlier use finishing late", bi.ID, day.Add(9*time.Hour + 30*time.Minute), day.Add(10 * time.Hour), ""},
		{"no time", bi.ID, time.Time{}, day.Add(10 * time.Hour), cx.EINVALID},
		{"unknown token", 999, day, day.Add(10 * time.Hour), cx.ENOTFOUND},
	}
	for _, tt := range touches {
		t.Run(tt.name, func(t *testing.T) {
			wantCode(t, "TouchToken", s.TouchToken(ctx, tt.id, tt.at), tt.code)
			got, err := s.TokenByHash(ctx, auth.HashSecret("kp_bi"))
			if err != nil {
				t.Fatal(err)
			}
			if got.LastUsedAt != tt.want {
				t.Errorf("LastUsedAt = %v, want %v", got.LastUsedAt, tt.want)
			}
		})
	}

	bi.LastUsedAt = day.Add(10 * time.Hour)
	tokens, err := s.Tokens(ctx)
	if want := []cx.Token{*ingest, *bi}; err != nil || !reflect.DeepEqual(tokens, want) {
		t.Errorf("Tokens = %+v, %v; want %+v", tokens, err, want)
	}

	if err := s.DeleteToken(ctx, bi.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "DeleteToken twice", s.DeleteToken(ctx, bi.ID), cx.ENOTFOUND)
	_, err = s.TokenByHash(ctx, auth.HashSecret("kp_bi"))
	wantCode(t, "TokenByHash of a deleted token", err, cx.ENOTFOUND)
	// A new token does not take the deleted one's id, so nothing that named it reaches it.
	next := &cx.Token{Name: "Power BI 2", Hash: auth.HashSecret("kp_bi2"), Scope: cx.ScopeRead, UserID: 2}
	if err := s.CreateToken(ctx, next); err != nil {
		t.Fatal(err)
	}
	if next.ID <= bi.ID {
		t.Errorf("new token id %d, want more than the deleted %d", next.ID, bi.ID)
	}
	tokens, err = s.Tokens(ctx)
	if err != nil || len(tokens) != 2 || tokens[0].ID != ingest.ID || tokens[1].ID != next.ID {
		t.Errorf("Tokens after delete = %+v, %v; want webshop and Power BI 2", tokens, err)
	}
}

func testSetupLink(t *testing.T, s store.Accounts) {
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for name, expires := range map[string]time.Time{"link": now.Add(time.Hour), "old": now.Add(-time.Second)} {
		if err := s.CreateSetupLink(ctx, auth.HashSecret(name), expires); err != nil {
			t.Fatal(err)
		}
	}
	wantCode(t, "CreateSetupLink with a secret in use",
		s.CreateSetupLink(ctx, auth.HashSecret("link"), now.Add(time.Hour)), cx.ECONFLICT)
	wantCode(t, "CreateSetupLink without a secret", s.CreateSetupLink(ctx, nil, now), cx.EINVALID)

	// In order: each step sees what the ones before it did.
	steps := []struct {
		name string
		link string
		now  time.Time
		code string
	}{
		{"expired", "old", now, cx.ENOTFOUND},
		{"unknown", "other", now, cx.ENOTFOUND},
		{"at its expiry", "link", now.Add(time.Hour), cx.ENOTFOUND},
		{"before its expiry", "link", now.Add(59 * time.Minute), ""},
		{"a second time", "link", now.Add(59 * time.Minute), cx.ENOTFOUND},
	}
	for _, tt := range steps {
		t.Run(tt.name, func(t *testing.T) {
			wantCode(t, "UseSetupLink", s.UseSetupLink(ctx, auth.HashSecret(tt.link), tt.now), tt.code)
		})
	}
}

func testSetupLinkRace(t *testing.T, s store.Accounts) {
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	if err := s.CreateSetupLink(ctx, auth.HashSecret("link"), now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	const tries = 8
	errs := make([]error, tries)
	var wg sync.WaitGroup
	for i := range tries {
		wg.Go(func() { errs[i] = s.UseSetupLink(ctx, auth.HashSecret("link"), now) })
	}
	wg.Wait()
	used := 0
	for _, err := range errs {
		switch cx.ErrorCode(err) {
		case "":
			used++
		case cx.ENOTFOUND:
		default:
			t.Errorf("UseSetupLink: %v", err)
		}
	}
	if used != 1 {
		t.Errorf("%d of %d racing uses succeeded, want 1", used, tries)
	}
}

func testTokenExpiry(t *testing.T, s store.Accounts) {
	ctx := context.Background()
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	expiring := &cx.Token{Name: "quarter", Hash: auth.HashSecret("kp_quarter"), Scope: cx.ScopeRead, UserID: 1,
		CreatedAt: day, ExpiresAt: day.AddDate(0, 0, 90).Add(999 * time.Millisecond)}
	forever := &cx.Token{Name: "forever", Hash: auth.HashSecret("kp_forever"), Scope: cx.ScopeRead, UserID: 1, CreatedAt: day}
	for _, tok := range []*cx.Token{expiring, forever} {
		if err := s.CreateToken(ctx, tok); err != nil {
			t.Fatal(err)
		}
	}
	// Kept in whole seconds, rounded down: a token never outlives what it was given.
	if want := day.AddDate(0, 0, 90); !expiring.ExpiresAt.Equal(want) {
		t.Errorf("ExpiresAt after CreateToken = %v, want %v", expiring.ExpiresAt, want)
	}
	for _, want := range []*cx.Token{expiring, forever} {
		got, err := s.TokenByHash(ctx, want.Hash)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("TokenByHash = %+v, %v; want %+v", got, err, want)
		}
	}
	if !expiring.Expired(day.AddDate(0, 0, 90)) || expiring.Expired(day.AddDate(0, 0, 90).Add(-time.Second)) || forever.Expired(day.AddDate(100, 0, 0)) {
		t.Error("Expired: a token works until, not at, its expiry; one without works forever")
	}
}
