package store

import (
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Both stores keep instants as Unix seconds; these give a caller's times the form a look-up
// returns them in, so the struct written equals the struct read back.

// Stamp returns t as it comes back from a store: whole seconds, UTC. A zero t means now. A store
// has no clock of its own, so this is the one place accounts and surveys read the time.
func Stamp(t time.Time) time.Time {
	if t.IsZero() {
		t = time.Now()
	}
	return FromUnix(t.Unix())
}

// Seconds returns t as a store returns it: whole seconds, UTC; a zero t stays zero (absent).
func Seconds(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return FromUnix(t.Unix())
}

// FromUnix is a stored instant read back: sec Unix seconds, UTC.
func FromUnix(sec int64) time.Time { return time.Unix(sec, 0).UTC() }

// NormaliseInvitation sets inv's instants to what a look-up of it returns.
func NormaliseInvitation(inv *cx.Invitation) {
	inv.CreatedAt, inv.SentAt = Seconds(inv.CreatedAt), Seconds(inv.SentAt)
	inv.OpenedAt, inv.AnsweredAt = Seconds(inv.OpenedAt), Seconds(inv.AnsweredAt)
}
