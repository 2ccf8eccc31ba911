package auth

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"
)

func TestSecrets(t *testing.T) {
	tests := []struct {
		name   string
		new    func() (string, []byte)
		prefix string
	}{
		{"token", NewToken, "kp_"},
		{"session", NewSessionSecret, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plain, hash := tt.new()
			body, ok := strings.CutPrefix(plain, tt.prefix)
			if !ok {
				t.Fatalf("%q does not start with %q", plain, tt.prefix)
			}
			raw, err := base64.RawURLEncoding.DecodeString(body)
			if err != nil || len(raw) != 32 {
				t.Errorf("%q: %d random bytes (%v), want 32 in unpadded URL-safe base64", plain, len(raw), err)
			}
			if want := sha256.Sum256([]byte(plain)); !bytes.Equal(hash, want[:]) {
				t.Errorf("hash = %x, want the SHA-256 of the plain text with its prefix", hash)
			}
			if !bytes.Equal(HashSecret(plain), hash) {
				t.Error("HashSecret of the plain text differs from the hash handed out")
			}
			again, _ := tt.new()
			if again == plain {
				t.Error("two secrets are equal")
			}
		})
	}
}

func TestHashSecret(t *testing.T) {
	// The SHA-256 of "abc", FIPS 180-2 appendix B.1: pins the hash, so stored secrets keep
	// matching.
	want, _ := hex.DecodeString("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
	if got := HashSecret("abc"); !bytes.Equal(got, want) {
		t.Errorf("HashSecret(abc) = %x, want %x", got, want)
	}
}
