package auth

import (
	"encoding/base64"
	"encoding/binary"
	"strings"
	"testing"
	"time"
)

// FuzzSignedLink checks answer links with arbitrary payloads, lifetimes and tokens: a link
// made for a payload verifies to that payload until it expires and never after; an arbitrary
// token is refused with ErrBadToken unless it is, byte for byte, the link this key makes for
// what it says (no second spelling of a link verifies); and no other key accepts it.
func FuzzSignedLink(f *testing.F) {
	key := []byte(strings.Repeat("k", 32))
	s, _ := NewSigner(key)
	other, _ := NewSigner([]byte(strings.Repeat("x", 32)))
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	valid := s.Sign("a:inv123:9", now.Add(time.Hour))
	body, sig, _ := strings.Cut(valid, ".")
	f.Add(valid, "a:inv123:9", int64(3600))
	f.Add(valid, "s:inv123", int64(0))
	f.Add(body+"."+sig[:len(sig)-1]+"B", "", int64(-1)) // the same bytes, spelt otherwise
	f.Add(body[:4]+"\n"+body[4:]+"."+sig, "ü\x00", int64(1<<62))
	f.Add(s.Sign("", now), "a:x:10", int64(1))
	f.Add("!!.??", "", int64(-1<<62))
	f.Add("", "", int64(0))
	f.Fuzz(func(t *testing.T, token, payload string, ttl int64) {
		// Lifetimes of ±2^40 s (±35,000 years) keep Unix seconds clear of overflow.
		ttl = max(-1<<40, min(1<<40, ttl))
		expires := time.Unix(now.Unix()+ttl, 0)
		made := s.Sign(payload, expires)
		got, err := s.Verify(made, now)
		if ttl > 0 && (err != nil || got != payload) {
			t.Fatalf("a link for %q valid %d s: %q, %v", payload, ttl, got, err)
		}
		if ttl <= 0 && err != ErrBadToken {
			t.Fatalf("a link that expired %d s ago verifies: %v", -ttl, err)
		}
		if _, err := s.Verify(made, expires); err != ErrBadToken {
			t.Fatalf("a link verifies at its expiry: %v", err)
		}
		if _, err := other.Verify(made, now); err != ErrBadToken {
			t.Fatalf("another key accepts a link: %v", err)
		}

		p, err := s.Verify(token, now)
		if err != nil {
			if err != ErrBadToken {
				t.Fatalf("an error that says more than ErrBadToken: %v", err)
			}
			return
		}
		body, _, _ := strings.Cut(token, ".")
		msg, _ := base64.RawURLEncoding.DecodeString(body)
		if again := s.Sign(p, time.Unix(int64(binary.BigEndian.Uint64(msg[:8])), 0)); again != token {
			t.Fatalf("token %q verifies, but the link for what it says is %q", token, again)
		}
	})
}

// A link has one spelling (found by FuzzSignedLink): a line break in it, or other spare bits
// in a last character, used to verify as the same link.
func TestSignedLinkHasOneSpelling(t *testing.T) {
	s, _ := NewSigner([]byte(strings.Repeat("k", 32)))
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tok := s.Sign("a:inv1234:9", now.Add(time.Hour)) // 19 bytes: 26 characters, 2 spare bits
	body, sig, _ := strings.Cut(tok, ".")
	// respell flips a spare bit of the last character of s.
	respell := func(s string) string {
		const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
		i := strings.IndexByte(alphabet, s[len(s)-1])
		return s[:len(s)-1] + string(alphabet[i^1])
	}
	for name, bad := range map[string]string{
		"a line feed":                   body[:4] + "\n" + body[4:] + "." + sig,
		"a carriage return":             body + "." + sig[:10] + "\r" + sig[10:],
		"spare bits of the payload":     respell(body) + "." + sig,
		"spare bits of the signature":   body + "." + respell(sig),
		"a line break at the very end":  tok + "\n",
		"the payload on its own, again": body + "." + sig + "." + sig,
	} {
		if _, err := s.Verify(bad, now); err != ErrBadToken {
			t.Errorf("%s: %v, want ErrBadToken", name, err)
		}
	}
	if got, err := s.Verify(tok, now); err != nil || got != "a:inv1234:9" {
		t.Errorf("the link itself: %q %v", got, err)
	}
}
