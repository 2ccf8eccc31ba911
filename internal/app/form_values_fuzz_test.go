package app

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// FuzzParseTokenExpiry: a token's --expires, form field or API member never panics; one read is
// no expiry ("", "never") or a day from 1 to 3650 days ahead that "<days>d" reads back as, one
// refused is EINVALID on the field expires.
func FuzzParseTokenExpiry(f *testing.F) {
	for _, s := range []string{"90d", "", "never", "NEVER", " 30D ", "0d", "3650d", "3651d", "90", "d", "+90d", "-1d", "1.5d", "90dd", "9999999999999999999d"} {
		f.Add(s)
	}
	now := time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		at, err := ParseTokenExpiry(s, now)
		if err != nil {
			var e *cx.Error
			if !errors.As(err, &e) || e.Code != cx.EINVALID || e.Field != "expires" {
				t.Fatalf("ParseTokenExpiry(%q): %#v does not name the field expires", s, err)
			}
			return
		}
		if at.IsZero() {
			if w := strings.ToLower(strings.TrimSpace(s)); w != "" && w != "never" {
				t.Fatalf("ParseTokenExpiry(%q) = no expiry", s)
			}
			return
		}
		days := int(at.Sub(now).Hours() / 24)
		if days < 1 || days > maxTokenDays {
			t.Fatalf("ParseTokenExpiry(%q) = %v: %d days", s, at, days)
		}
		if again, err := ParseTokenExpiry(strconv.Itoa(days)+"d", now); err != nil || !again.Equal(at) {
			t.Errorf("ParseTokenExpiry(%q) = %v, which %dd reads back as %v, %v", s, at, days, again, err)
		}
	})
}

// FuzzParseOwner: a follow-up form's owner never panics; one read is nobody (an empty field) or
// an id that reads back as itself, one refused is EINVALID on the field owner.
func FuzzParseOwner(f *testing.F) {
	for _, s := range []string{"", " ", "7", " 12 ", "0", "-3", "x", "9223372036854775808", "1e3", "+4"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		owner, err := ParseOwner(s)
		if err != nil {
			var e *cx.Error
			if !errors.As(err, &e) || e.Code != cx.EINVALID || e.Field != "owner" {
				t.Fatalf("ParseOwner(%q): %#v does not name the field owner", s, err)
			}
			return
		}
		if owner == 0 && strings.TrimSpace(s) == "" {
			return
		}
		if again, err := ParseOwner(strconv.FormatInt(owner, 10)); err != nil || again != owner {
			t.Errorf("ParseOwner(%q) = %d, which reads back as %d, %v", s, owner, again, err)
		}
	})
}
