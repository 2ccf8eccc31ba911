// Package auth holds what logging in and acting on klantpuls needs, apart from storage and HTTP:
// password hashing, session and API token secrets, and who may do what.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Argon2id parameters: the first of OWASP's equivalent choices (m=19 MiB, t=2, p=1), not its
// 46 MiB or RFC 9106's 64 MiB ones. klantpuls runs on small machines (2 cores) where several
// people may log in at once, and each hash holds its memory for the ~30 ms it takes.
// https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#argon2id
const (
	argonMemory  = 19 * 1024 // KiB
	argonTime    = 2
	argonThreads = 1
	argonSaltLen = 16
	argonKeyLen  = 32
)

// Bounds on parameters read back from a stored hash. They are generous for any hash klantpuls
// writes, and stop a damaged or planted string from making a login allocate gigabytes or spin.
const (
	maxArgonMemory = 1024 * 1024 // KiB: 1 GiB
	maxArgonTime   = 16
	minArgonSalt   = 8
	minArgonKey    = 16
	maxArgonKey    = 64
)

// Password length limits, in characters. The minimum follows NIST SP 800-63B for passwords
// chosen by the user without other rules; the maximum only bounds the work of one login.
const (
	MinPasswordLength = 10
	MaxPasswordLength = 1024
)

// PasswordProblem is why a new password is refused. The pages say it by the key "pw_" +
// Reason (cx.Error.Key); the message is English, for the API and the command line. It carries
// cx.EINVALID.
type PasswordProblem struct {
	Reason string // "too_short", "too_long", "blank", or one of WeakCommon, WeakEmail, WeakRepetitive
	err    *cx.Error
}

func (p *PasswordProblem) Error() string { return p.err.Message }

// Unwrap gives the coded error, so cx.ErrorCode(err) is cx.EINVALID.
func (p *PasswordProblem) Unwrap() error { return p.err }

// passwordMessages are the English messages of PasswordProblem reasons.
var passwordMessages = map[string]string{
	"too_short":    fmt.Sprintf("a password needs at least %d characters", MinPasswordLength),
	"too_long":     fmt.Sprintf("a password can have at most %d characters", MaxPasswordLength),
	"blank":        "a password cannot be only spaces",
	WeakCommon:     "this password is on a list of common and leaked passwords (also with digits, symbols or look-alike characters added); choose another: a few unrelated words make a strong one",
	WeakEmail:      "a password cannot be built on your own e-mail address",
	WeakRepetitive: "this password is made of repeated or sequential characters (like aaaaaaaaaa or 1234abcd); choose another",
}

func passwordProblem(reason string) *PasswordProblem {
	return &PasswordProblem{Reason: reason, err: &cx.Error{Code: cx.EINVALID, Message: passwordMessages[reason], Key: "pw_" + reason}}
}

// ValidatePassword says why pw cannot be the new password of the user with e-mail address
// email, or returns nil: too short or long, or too easy to guess (weak.go). It counts
// characters, not bytes, so "wáchtwoörd" is ten long. The error is a *PasswordProblem.
func ValidatePassword(pw, email string) error {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinPasswordLength:
		return passwordProblem("too_short")
	case n > MaxPasswordLength:
		return passwordProblem("too_long")
	case strings.TrimSpace(pw) == "":
		return passwordProblem("blank")
	}
	if reason := weakness(pw, email); reason != "" {
		return passwordProblem(reason)
	}
	return nil
}

// HashPassword hashes pw with argon2id and a fresh random salt, in the PHC string format
// ($argon2id$v=19$m=19456,t=2,p=1$salt$hash), so the parameters travel with the hash and can
// be raised later without breaking stored ones.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: unable to make a salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, newHashes.time, newHashes.memory, newHashes.threads, argonKeyLen)
	return encodePHC(newHashes, salt, key), nil
}

// productCost is the cost of the hashes klantpuls writes (the constants above).
var productCost = argonParams{memory: argonMemory, time: argonTime, threads: argonThreads}

// newHashes is the cost of a new hash: the product's, except in a test binary (go test), which
// writes argon2id hashes of the least cost, m=64 KiB and t=1: the suite makes and checks
// hundreds (each test server's users, every sign-in), at 66 ms each, 143 ms under the race
// detector, a seventh of the web package's time under it. CheckPassword reads the cost from
// the hash, so a test signs in through the same code; TestHashPassword holds the product's cost.
var newHashes = func() argonParams {
	if testing.Testing() {
		return argonParams{memory: 64, time: 1, threads: 1}
	}
	return productCost
}()

// CheckPassword reports whether pw matches encoded, a hash from HashPassword. It uses the
// parameters stored in encoded, and is false for anything malformed.
func CheckPassword(encoded, pw string) bool {
	p, salt, key, ok := decodePHC(encoded)
	if !ok {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, p.time, p.memory, p.threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1
}

type argonParams struct {
	memory  uint32 // KiB
	time    uint32
	threads uint8
}

// b64 is the PHC string format's base64: standard alphabet, no padding. Strict, so a string
// has one encoding only.
var b64 = base64.RawStdEncoding.Strict()

func encodePHC(p argonParams, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.memory, p.time, p.threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// decodePHC parses "$argon2id$v=19$m=…,t=…,p=…$salt$hash", parameters in that order, as
// the reference implementation writes them.
func decodePHC(s string) (p argonParams, salt, key []byte, ok bool) {
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" ||
		parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return p, nil, nil, false
	}
	fields := strings.Split(parts[3], ",")
	if len(fields) != 3 {
		return p, nil, nil, false
	}
	m, okM := param(fields[0], "m=", maxArgonMemory)
	t, okT := param(fields[1], "t=", maxArgonTime)
	threads, okP := param(fields[2], "p=", 255)
	if !okM || !okT || !okP || t < 1 || threads < 1 || m < 8*threads {
		return p, nil, nil, false
	}
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < minArgonSalt {
		return p, nil, nil, false
	}
	key, err = b64.DecodeString(parts[5])
	if err != nil || len(key) < minArgonKey || len(key) > maxArgonKey {
		return p, nil, nil, false
	}
	return argonParams{memory: m, time: t, threads: uint8(threads)}, salt, key, true
}

// param parses "name=value" with value a decimal number from 0 to limit.
func param(field, name string, limit uint32) (uint32, bool) {
	v, found := strings.CutPrefix(field, name)
	if !found {
		return 0, false
	}
	n, err := strconv.ParseUint(v, 10, 32)
	if err != nil || n > uint64(limit) {
		return 0, false
	}
	return uint32(n), true
}
