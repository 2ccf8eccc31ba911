package storetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// signInLimit is issue 9's rule: five attempts at once, then 1 s, doubling, at most 15 minutes;
// a run forgotten after a day.
var signInLimit = store.SignInLimit{Free: 5, First: time.Second, Max: 15 * time.Minute, Forget: 24 * time.Hour}

// claim is one step of a sign-in script: an attempt on account at a time, and what it must
// get.
type claim struct {
	name    string
	account string
	at      time.Time
	held    bool
	until   time.Time // when held: until when, as stored
	succeed bool      // the password was right: SignInSucceeded after the claim
}

func testSignIn(t *testing.T, s store.Accounts) {
	ctx := context.Background()
	// Half a second past the minute: stores keep whole seconds, so a hold ends on the second
	// after its rule's end, never before it (1 s after 09:00:00.5 is 09:00:02).
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 500_000_000, time.UTC)
	sec := func(n float64) time.Time { return t0.Add(time.Duration(n * float64(time.Second))) }
	steps := []claim{
		{name: "first failure", account: "anouk@shop.nl", at: t0},
		{name: "second failure", account: "anouk@shop.nl", at: t0},
		{name: "third failure", account: "anouk@shop.nl", at: t0},
		{name: "fourth failure", account: "anouk@shop.nl", at: t0},
		{name: "fifth failure: from now on 1 s", account: "anouk@shop.nl", at: t0},
		{name: "within the second", account: "anouk@shop.nl", at: sec(0.9), held: true, until: sec(1.5)},
		{name: "the rule's second is over, the stored one not", account: "anouk@shop.nl", at: sec(1.2), held: true, until: sec(1.5)},
		{name: "another account is free", account: "bram@shop.nl", at: sec(0.9)},
		{name: "an unknown address likewise", account: "nobody@shop.nl", at: sec(0.9)},
		{name: "after the second: sixth, 2 s", account: "anouk@shop.nl", at: sec(1.5)},
		{name: "a second later", account: "anouk@shop.nl", at: sec(2.5), held: true, until: sec(3.5)},
		{name: "seventh, 4 s", account: "anouk@shop.nl", at: sec(3.5)},
		{name: "three seconds later", account: "anouk@shop.nl", at: sec(6.5), held: true, until: sec(7.5)},
		{name: "the right password after the hold", account: "anouk@shop.nl", at: sec(7.5), succeed: true},
		{name: "after a success, free again", account: "anouk@shop.nl", at: sec(7.5)},
		{name: "and again", account: "anouk@shop.nl", at: sec(7.5)},
	}
	runClaims(t, s, steps)

	// A run of five failures is forgotten after a day: the next five attempts are free again
	// (were it the sixth failure in a row, the attempt after it would be held 2 s).
	day := t0.Add(24*time.Hour + time.Second)
	forget := []claim{
		{name: "carla 1", account: "carla@shop.nl", at: t0}, {name: "carla 2", account: "carla@shop.nl", at: t0},
		{name: "carla 3", account: "carla@shop.nl", at: t0}, {name: "carla 4", account: "carla@shop.nl", at: t0},
		{name: "carla 5", account: "carla@shop.nl", at: t0},
		{name: "a day later", account: "carla@shop.nl", at: day},
		{name: "a day later, again", account: "carla@shop.nl", at: day},
	}
	runClaims(t, s, forget)

	// The hold doubles from 1 s and stops growing at 15 minutes: there is no permanent lock.
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for i := 1; i <= 20; i++ {
		if held, _, err := s.ClaimSignIn(ctx, "dirk@shop.nl", at, signInLimit); err != nil || held {
			t.Fatalf("failure %d, at the end of the hold before it: held %v, %v", i, held, err)
		}
		if i < 5 {
			continue
		}
		held, until, err := s.ClaimSignIn(ctx, "dirk@shop.nl", at, signInLimit)
		want := min(time.Second<<(i-5), 15*time.Minute) // 1 s, 2 s, 4 s, … 512 s, then 900 s
		if err != nil || !held || until.Sub(at) != want {
			t.Fatalf("right after failure %d: held %v for %v, %v; want held for %v", i, held, until.Sub(at), err, want)
		}
		at = until
	}
}

func runClaims(t *testing.T, s store.Accounts, steps []claim) {
	t.Helper()
	ctx := context.Background()
	for _, st := range steps {
		held, until, err := s.ClaimSignIn(ctx, cx.NameKey(st.account), st.at, signInLimit)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if held != st.held || (held && !until.Equal(st.until)) {
			t.Errorf("%s: held %v until %v; want held %v until %v", st.name, held, until, st.held, st.until)
		}
		if st.succeed {
			if err := s.SignInSucceeded(ctx, cx.NameKey(st.account)); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
		}
	}
}

// testSignInRace: parallel attempts, as a distributed attacker sends them, each count; with
// a hold after the first failure, exactly one of them gets through.
func testSignInRace(t *testing.T, s store.Accounts) {
	ctx := context.Background()
	strict := store.SignInLimit{Free: 1, First: time.Minute, Max: time.Hour, Forget: 24 * time.Hour}
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	const tries = 8
	held := make([]bool, tries)
	errs := make([]error, tries)
	var wg sync.WaitGroup
	for i := range tries {
		wg.Go(func() { held[i], _, errs[i] = s.ClaimSignIn(ctx, "anouk@shop.nl", now, strict) })
	}
	wg.Wait()
	through := 0
	for i := range tries {
		if errs[i] != nil {
			t.Fatalf("ClaimSignIn: %v", errs[i])
		}
		if !held[i] {
			through++
		}
	}
	if through != 1 {
		t.Errorf("%d of %d parallel attempts got through, want 1", through, tries)
	}
}
