package store

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Bind helpers both stores write records with: an absent value becomes NULL (nil), instants
// become Unix seconds.

// BindInstant is t as Unix seconds, NULL when absent.
func BindInstant(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}

// BindText is s, NULL when empty.
func BindText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// BindInt is an optional count, NULL when absent.
func BindInt(p *int) any {
	if p == nil {
		return nil
	}
	return int64(*p)
}

// BindFloat is an optional number, NULL when absent.
func BindFloat(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// BindAttrs encodes attrs with sorted keys, so equal attrs give equal text and an unchanged row
// is recognised as unchanged; NULL when there are none.
func BindAttrs(a cx.Attrs) (any, error) {
	if len(a) == 0 {
		return nil, nil
	}
	b, err := json.Marshal(a)
	if err != nil {
		return nil, fmt.Errorf("store: unable to encode attrs: %w", err)
	}
	return string(b), nil
}

// WrongRecord is the error of a record handed to another kind's table: a bug, not input.
func WrongRecord(want string, rec cx.Record) error {
	return cx.Errorf(cx.EINTERNAL, "store: unable to store %T as %s", rec, want)
}

// BindID is an optional id, NULL when 0 (none).
func BindID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
