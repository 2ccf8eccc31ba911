package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
)

// TokenPrefix starts every API token, so a leaked one is recognisable (by people and by secret
// scanners) and cannot be mistaken for a session cookie.
const TokenPrefix = "kp_"

// secretLen is 32 random bytes: 256 bits, beyond any guessing.
const secretLen = 32

// NewToken returns a new API token: the plain text to show its owner once, and the hash to
// store.
func NewToken() (plain string, hash []byte) {
	return newSecret(TokenPrefix)
}

// NewSessionSecret returns a new session secret: the plain text for the cookie, and the hash to
// store. It also serves for one-time setup links.
func NewSessionSecret() (plain string, hash []byte) {
	return newSecret("")
}

func newSecret(prefix string) (string, []byte) {
	b := make([]byte, secretLen)
	// crypto/rand.Read never fails (since Go 1.24 it crashes the program instead, as there is
	// no safe way on).
	rand.Read(b)
	plain := prefix + base64.RawURLEncoding.EncodeToString(b)
	return plain, HashSecret(plain)
}

// HashSecret returns the SHA-256 of a secret from NewToken or NewSessionSecret, prefix
// included: what the store keeps and looks up. A slow, salted hash is what passwords need,
// because people choose guessable ones; these secrets carry 256 random bits, so no amount of
// guessing finds one from its hash, and a fast unsalted hash lets every request find its
// session or token by an indexed look-up instead of spending tens of milliseconds.
func HashSecret(plain string) []byte {
	h := sha256.Sum256([]byte(plain))
	return h[:]
}
