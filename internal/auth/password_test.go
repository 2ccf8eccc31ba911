package auth

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/crypto/argon2"

	"github.com/klantpuls/klantpuls/internal/cx"
)

func TestHashPassword(t *testing.T) {
	const pw = "correct horse battery staple"
	if newHashes == productCost {
		t.Error("a test binary hashes at the product's cost; want the least (newHashes)")
	}
	least := newHashes
	newHashes = productCost // as the product hashes
	defer func() { newHashes = least }()
	encoded, err := HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(encoded, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("encoded = %q, want the PHC string format with OWASP's parameters", encoded)
	}
	if !CheckPassword(encoded, pw) {
		t.Error("the password does not match its own hash")
	}
	for _, wrong := range []string{"", "correct horse battery stapl", "Correct horse battery staple", pw + " "} {
		if CheckPassword(encoded, wrong) {
			t.Errorf("%q matches the hash of %q", wrong, pw)
		}
	}
	again, err := HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	if again == encoded {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
}

// TestCheckPasswordReadsItsParameters checks hashes written with other parameters than today's,
// as stored hashes will be once the parameters are raised. The reference vectors are those of
// golang.org/x/crypto/argon2's tests, from the reference implementation: password "password",
// salt "somesalt", 24-byte keys.
func TestCheckPasswordReadsItsParameters(t *testing.T) {
	tests := []struct {
		name, encoded, pw string
		want              bool
	}{
		{"RFC 9106 style, p=4", encode(t, argonParams{memory: 64, time: 3, threads: 4}, "password"), "password", true},
		{"one pass", encode(t, argonParams{memory: 32, time: 1, threads: 1}, "wachtwoord"), "wachtwoord", true},
		{"wrong password", encode(t, argonParams{memory: 32, time: 1, threads: 1}, "wachtwoord"), "Wachtwoord", false},
		{"reference t=2 m=64 p=2", "$argon2id$v=19$m=64,t=2,p=2$c29tZXNhbHQ$NQrDciL0Nsy1wJcvHr079rlYvyBxhBNi", "password", true},
		{"reference t=4 m=4096 p=4", "$argon2id$v=19$m=4096,t=4,p=4$c29tZXNhbHQ$FF25czqfTuQ+3zPFCb6WuTTVBaTvszxa", "password", true},
		{"reference, other password", "$argon2id$v=19$m=64,t=2,p=2$c29tZXNhbHQ$NQrDciL0Nsy1wJcvHr079rlYvyBxhBNi", "Password", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CheckPassword(tt.encoded, tt.pw); got != tt.want {
				t.Errorf("CheckPassword = %v, want %v", got, tt.want)
			}
		})
	}
}

// encode hashes pw with cheap parameters p, so a test can check many.
func encode(t *testing.T, p argonParams, pw string) string {
	t.Helper()
	salt := []byte("0123456789abcdef")
	return encodePHC(p, salt, argon2.IDKey([]byte(pw), salt, p.time, p.memory, p.threads, 32))
}

func TestCheckPasswordRefusesMalformed(t *testing.T) {
	good := encode(t, argonParams{memory: 32, time: 1, threads: 1}, "wachtwoord")
	parts := strings.Split(good, "$") // "", argon2id, v=19, params, salt, hash
	with := func(i int, s string) string {
		p := append([]string(nil), parts...)
		p[i] = s
		return strings.Join(p, "$")
	}
	tests := map[string]string{
		"empty":                   "",
		"plain text":              "wachtwoord",
		"bcrypt":                  "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
		"argon2i":                 with(1, "argon2i"),
		"argon2d":                 with(1, "argon2d"),
		"version 16":              with(2, "v=16"),
		"no version":              strings.Replace(good, "$v=19", "", 1),
		"params out of order":     with(3, "t=1,m=32,p=1"),
		"missing a param":         with(3, "m=32,t=1"),
		"extra param":             with(3, "m=32,t=1,p=1,k=0"),
		"negative memory":         with(3, "m=-32,t=1,p=1"),
		"signed memory":           with(3, "m=+32,t=1,p=1"),
		"spaces":                  with(3, "m=32, t=1, p=1"),
		"zero time":               with(3, "m=32,t=0,p=1"),
		"zero threads":            with(3, "m=32,t=1,p=0"),
		"256 threads":             with(3, "m=4096,t=1,p=256"),
		"memory below 8 per lane": with(3, "m=15,t=1,p=2"),
		"memory over 1 GiB":       with(3, "m=1048577,t=1,p=1"),
		"memory over uint32":      with(3, "m=4294967296,t=1,p=1"),
		"time over 16":            with(3, "m=32,t=17,p=1"),
		"padded salt":             with(4, parts[4]+"=="),
		"short salt":              with(4, "c2FsdA"),
		"salt not base64":         with(4, "!!!!!!!!!!!!"),
		"url-safe base64":         with(5, strings.NewReplacer("+", "-", "/", "_").Replace(parts[5])+"-_"),
		"short hash":              with(5, "c2hvcnQ"),
		"no hash":                 with(5, ""),
		"trailing field":          good + "$",
		"leading garbage":         "x" + good,
	}
	for name, encoded := range tests {
		t.Run(name, func(t *testing.T) {
			if CheckPassword(encoded, "wachtwoord") {
				t.Errorf("CheckPassword(%q) = true, want false", encoded)
			}
		})
	}
	if !CheckPassword(good, "wachtwoord") {
		t.Fatal("the unaltered hash does not match: the cases above prove nothing")
	}
}

func TestValidatePassword(t *testing.T) {
	tests := []struct {
		name, pw, email string
		reason          string // "" for a good password
	}{
		{"empty", "", "", "too_short"},
		{"nine characters", "zoLder9k!", "", "too_short"},
		{"ten characters", "zoLder9k!x", "", ""},
		{"ten characters, twelve bytes", "wáchtzoërd", "", ""},
		{"nine characters, eleven bytes", "wáchtwoö1", "", "too_short"},
		{"only spaces", "          ", "", "blank"},
		{"only whitespace", " \t\n \u00a0      ", "", "blank"},
		{"spaces inside", "mijn mooie fietsbel", "", ""},
		{"longest", strings.Repeat("fiets bel ", MaxPasswordLength/10) + strings.Repeat("x", MaxPasswordLength%10), "", ""},
		{"too long", strings.Repeat("fiets bel ", MaxPasswordLength/10+1), "", "too_long"},
		{"the demo password of make run", "klantpuls-demo", "demo@example.com", ""},
		{"the tests' password", "correct horse battery", "admin@example.com", ""},

		// NIST SP 800-63B 5.1.1.2: repetitive or sequential characters.
		{"one letter ten times (issue 9)", "aaaaaaaaaa", "", WeakRepetitive},
		{"a pair repeated", "abababababab", "", WeakRepetitive},
		{"a year repeated", "2024202420", "", WeakRepetitive},
		{"digits in order", "1234567890", "", WeakRepetitive},
		{"digits backwards", "9876543210", "", WeakRepetitive},
		{"letters in order", "abcdefghijkl", "", WeakRepetitive},
		{"letters backwards, upper case", "ZYXWVUTSRQ", "", WeakRepetitive},
		{"runs of sequences (NIST's 1234abcd)", "1234abcd5678", "", WeakRepetitive},

		// Common and leaked passwords (zxcvbn's list from Xato's corpus), also disguised.
		{"listed, ten characters", "qwertyuiop", "", WeakCommon},
		{"listed, in capitals", "QWERTYUIOP", "", WeakCommon},
		{"listed word with digits after", "password2024", "", WeakCommon},
		{"listed word with digits and symbols around", "!!welkom2024!", "", WeakCommon},
		{"Dutch word on the list", "Wachtwoord", "", WeakCommon},
		{"look-alike characters", "P@ssw0rd2024", "", WeakCommon},
		{"listed word with spaces around", "  wachtwoord  ", "", WeakCommon},
		{"iloveyou with a year", "iloveyou1987", "", WeakCommon},

		// The user's own e-mail address.
		{"the whole address", "anouk.devries@fietsenwinkel.nl", "Anouk.deVries@fietsenwinkel.nl", WeakEmail},
		{"the local part with digits", "anouk.devries2024", "anouk.devries@fietsenwinkel.nl", WeakEmail},
		{"the local part without its dot", "AnoukDeVries!!", "anouk.devries@fietsenwinkel.nl", WeakEmail},
		{"a word of the local part", "devries123456", "anouk.devries@fietsenwinkel.nl", WeakEmail},
		{"the domain's name", "fietsenwinkel1", "anouk@fietsenwinkel.nl", WeakEmail},
		{"the domain", "fietsenwinkel.nl!", "anouk@fietsenwinkel.nl", WeakEmail},
		{"the name inside a passphrase", "anouk fietst graag door de duinen", "anouk@fietsenwinkel.nl", ""},
		{"another user's address", "anouk.devries2024", "bram@fietsenwinkel.nl", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidatePassword(tt.pw, tt.email)
			var p *PasswordProblem
			switch {
			case tt.reason == "" && err != nil:
				t.Fatalf("ValidatePassword(%q) = %v, want nil", tt.pw, err)
			case tt.reason == "":
				return
			case !errors.As(err, &p):
				t.Fatalf("ValidatePassword(%q) = %v, want a *PasswordProblem %q", tt.pw, err, tt.reason)
			case p.Reason != tt.reason:
				t.Errorf("ValidatePassword(%q): reason %q (%v), want %q", tt.pw, p.Reason, err, tt.reason)
			}
			if cx.ErrorCode(err) != cx.EINVALID {
				t.Errorf("code = %q, want %q", cx.ErrorCode(err), cx.EINVALID)
			}
			if err.Error() == "" {
				t.Error("no message")
			}
		})
	}
}
