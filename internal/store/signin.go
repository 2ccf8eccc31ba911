package store

import "time"

// SignInLimit is how failed sign-ins on one account hold it back: Free attempts in a row go
// through at once; the failure of the last of them holds the account First, and each failure
// after that twice as long as the one before, up to Max. A correct password ends the run; a run
// whose last attempt is older than Forget starts again. There is no permanent lock: the owner
// can always try again after at most Max.
type SignInLimit struct {
	Free   int
	First  time.Duration
	Max    time.Duration
	Forget time.Duration
}

// Hold is how long the account is held back after failures attempts in a row (at least 1).
func (l SignInLimit) Hold(failures int) time.Duration {
	if failures < l.Free {
		return 0
	}
	d := l.First
	for i := l.Free; i < failures && d < l.Max; i++ {
		d *= 2
	}
	return min(d, l.Max)
}

// SignInState is what a store keeps of one account's failed sign-ins.
type SignInState struct {
	Failures  int
	Last      time.Time // the last attempt counted
	HeldUntil time.Time // whole seconds: attempts before it are refused
}

// Claim applies one sign-in attempt at now to st, as both stores do within one transaction:
// held says the attempt is refused (st is unchanged); otherwise next is the state to store,
// counting the attempt as a failure until a success clears it.
func (l SignInLimit) Claim(st SignInState, now time.Time) (next SignInState, held bool) {
	if now.Before(st.HeldUntil) {
		return st, true
	}
	if now.Sub(st.Last) > l.Forget {
		st.Failures = 0
	}
	next = SignInState{Failures: st.Failures + 1, Last: now}
	// Stores keep whole seconds: the end of a hold is rounded up, so it is never shorter than
	// its rule; no hold ends at or before now.
	until := now.Add(l.Hold(next.Failures))
	next.HeldUntil = until.Truncate(time.Second)
	if next.HeldUntil.Before(until) && until.After(now) {
		next.HeldUntil = next.HeldUntil.Add(time.Second)
	}
	return next, false
}
