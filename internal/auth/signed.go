package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"strings"
	"time"
)

// Signer makes links that carry their own proof: an answer link in a survey e-mail names the
// invitation and the score, and only klantpuls can have made it. A token is
// base64url(expiry ‖ payload) "." base64url(HMAC-SHA256(key, expiry ‖ payload)).
type Signer struct{ key []byte }

// NewSigner returns a signer with a secret key of at least 32 bytes.
func NewSigner(key []byte) (*Signer, error) {
	if len(key) < 32 {
		return nil, errors.New("auth: a signing key needs at least 32 bytes")
	}
	return &Signer{key: append([]byte(nil), key...)}, nil
}

// ErrBadToken is returned for a token that is malformed, altered, forged or expired; the
// caller learns no more than that, and records nothing.
var ErrBadToken = errors.New("auth: the link is not valid or has expired")

// Sign makes a token for payload, valid until expires.
func (s *Signer) Sign(payload string, expires time.Time) string {
	msg := make([]byte, 8, 8+len(payload))
	binary.BigEndian.PutUint64(msg, uint64(expires.Unix()))
	msg = append(msg, payload...)
	return base64.RawURLEncoding.EncodeToString(msg) + "." + base64.RawURLEncoding.EncodeToString(s.mac(msg))
}

// Verify checks a token at now and returns its payload.
func (s *Signer) Verify(token string, now time.Time) (string, error) {
	body, sig, ok := strings.Cut(token, ".")
	if !ok {
		return "", ErrBadToken
	}
	msg, err1 := base64.RawURLEncoding.DecodeString(body)
	mac, err2 := base64.RawURLEncoding.DecodeString(sig)
	if err1 != nil || err2 != nil || len(msg) < 8 || !hmac.Equal(mac, s.mac(msg)) {
		return "", ErrBadToken
	}
	// The decoder skips line breaks and ignores the spare bits of the last character, so one
	// link has many spellings; only the one Sign makes is the link.
	if base64.RawURLEncoding.EncodeToString(msg) != body || base64.RawURLEncoding.EncodeToString(mac) != sig {
		return "", ErrBadToken
	}
	if now.Unix() >= int64(binary.BigEndian.Uint64(msg[:8])) {
		return "", ErrBadToken
	}
	return string(msg[8:]), nil
}

func (s *Signer) mac(msg []byte) []byte {
	h := hmac.New(sha256.New, s.key)
	h.Write(msg)
	return h.Sum(nil)
}
