package auth

import (
	"strings"
	"testing"
	"time"
)

func TestSigner(t *testing.T) {
	s, err := NewSigner([]byte(strings.Repeat("k", 32)))
	if err != nil {
		t.Fatal(err)
	}
	other, _ := NewSigner([]byte(strings.Repeat("x", 32)))
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tok := s.Sign("a:inv123:9", now.Add(time.Hour))
	if got, err := s.Verify(tok, now); err != nil || got != "a:inv123:9" {
		t.Fatalf("verify: %q %v", got, err)
	}
	body, sig, _ := strings.Cut(tok, ".")
	altered := []byte(body)
	altered[len(altered)-1] ^= 1 // change the score's last bits
	for name, bad := range map[string]string{
		"expired":         tok,
		"altered payload": string(altered) + "." + sig,
		"forged":          other.Sign("a:inv123:9", now.Add(time.Hour)),
		"no signature":    body,
		"garbage":         "!!.??",
		"empty":           "",
	} {
		at := now
		if name == "expired" {
			at = now.Add(time.Hour)
		}
		if _, err := s.Verify(bad, at); err != ErrBadToken {
			t.Errorf("%s: %v, want ErrBadToken", name, err)
		}
	}
	if _, err := NewSigner([]byte("short")); err == nil {
		t.Error("a short key is accepted")
	}
}
