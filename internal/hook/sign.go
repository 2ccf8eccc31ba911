package hook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"
)

// SignatureHeader carries a webhook's signature when the Hook has a Secret:
//
//	Klantpuls-Signature: t=1767225600,v1=5f0c…
//
// t is when it was sent (Unix seconds) and v1 the hex HMAC-SHA256, under the secret, of t, a
// full stop and the request body exactly as sent. A receiver computes the same, compares in
// constant time and refuses an old t (a replay): Verify does, and README shows it in Python.
// A retry is signed again with its own t.
const SignatureHeader = "Klantpuls-Signature"

// DefaultTolerance is how old a signature Verify accepts.
const DefaultTolerance = 5 * time.Minute

// Sign is the value of SignatureHeader for body sent at t.
func Sign(secret, body []byte, t time.Time) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return "t=" + ts + ",v1=" + hex.EncodeToString(mac(secret, ts, body))
}

func mac(secret []byte, ts string, body []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(ts + "."))
	m.Write(body)
	return m.Sum(nil)
}

// Verify checks a SignatureHeader value for body: a v1 that matches under secret, made at most
// tolerance before (or after, for clocks apart) now. Several v1 values may be given (a secret
// being changed); one must match.
func Verify(secret []byte, header string, body []byte, now time.Time, tolerance time.Duration) error {
	var ts string
	var sums [][]byte
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			if sum, err := hex.DecodeString(v); err == nil {
				sums = append(sums, sum)
			}
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	switch {
	case err != nil || len(sums) == 0:
		return errors.New("hook: signature: want t=<unix seconds>,v1=<hex HMAC-SHA256>")
	case now.Sub(time.Unix(sec, 0)).Abs() > tolerance:
		return errors.New("hook: signature: too old or from the future (a replay, or clocks apart)")
	}
	want := mac(secret, ts, body)
	for _, sum := range sums {
		if hmac.Equal(sum, want) {
			return nil
		}
	}
	return errors.New("hook: signature: does not match the body under the secret")
}
