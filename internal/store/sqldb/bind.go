package sqldb

import (
	"encoding/json"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Both databases keep instants as Unix seconds, UTC, and an absent value as NULL. These turn
// values into what is bound, and a caller's times into the form a look-up returns them in, so
// the struct written equals the struct read back.

// bindInstant is t as Unix seconds, NULL when absent.
func bindInstant(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}

// bindText is s, NULL when empty.
func bindText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// bindID is an optional id, NULL when 0 (none).
func bindID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// bindAttrs encodes attrs with sorted keys, so equal attrs give equal text and an unchanged row
// is recognised as unchanged; NULL when there are none. A map of strings always encodes.
func bindAttrs(a cx.Attrs) any {
	if len(a) == 0 {
		return nil
	}
	b, _ := json.Marshal(a)
	return string(b)
}

// bindPointer is *p, NULL when p is nil; bindCount an optional count so.
func bindPointer[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

func bindCount(p *int) any {
	if p == nil {
		return nil
	}
	return int64(*p)
}

// stamp returns t as it comes back from a store: whole seconds, UTC. A zero t means now. A store
// has no clock of its own, so this is the one place accounts and surveys read the time.
func stamp(t time.Time) time.Time {
	if t.IsZero() {
		t = time.Now()
	}
	return fromUnix(t.Unix())
}

// seconds returns t as a store returns it: whole seconds, UTC; a zero t stays zero (absent).
func seconds(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return fromUnix(t.Unix())
}

// fromUnix is a stored instant read back: sec Unix seconds, UTC.
func fromUnix(sec int64) time.Time { return time.Unix(sec, 0).UTC() }
