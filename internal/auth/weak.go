package auth

import (
	"strings"
	"sync"
	"unicode"

	"github.com/trustelem/zxcvbn/frequency"
)

// Why a new password is refused beyond its length. NIST SP 800-63B section 5.1.1.2 asks a
// verifier to compare a new password with passwords from breach corpuses, repetitive or
// sequential characters and context-specific words such as the user name; these are those
// three checks. Each reason is a key the pages translate (words.go: "pw_" + reason).
const (
	WeakCommon     = "common"     // on the list of common and leaked passwords, also disguised
	WeakEmail      = "email"      // built on the user's own e-mail address
	WeakRepetitive = "repetitive" // repeated or sequential characters: aaaaaaaaaa, 1234abcd
)

// commonPasswords is zxcvbn's list of the 30,000 most common passwords of Xato's corpus of
// 10 million leaked passwords (github.com/trustelem/zxcvbn, MIT; see NOTICE), as a set.
// Built on first use: servers that never set a password never pay for it.
var commonPasswords = sync.OnceValue(func() map[string]struct{} {
	list := frequency.FrequencyLists["passwords"]
	set := make(map[string]struct{}, len(list))
	for _, pw := range list {
		set[pw] = struct{}{}
	}
	return set
})

// weakness names why pw is too easy to guess for the user with e-mail address email, or
// returns "" when it is not.
func weakness(pw, email string) string {
	lower := strings.ToLower(strings.TrimSpace(pw))
	switch {
	case repetitive(lower):
		return WeakRepetitive
	case common(lower):
		return WeakCommon
	case builtOnEmail(lower, strings.ToLower(strings.TrimSpace(email))):
		return WeakEmail
	}
	return ""
}

// common tells whether lower (a lower-cased password) is a common password, also with digits
// and symbols added before or after it ("Password2024!") and with the usual letter
// substitutions ("p@ssw0rd"): people make a listed password "stronger" in those ways, and
// cracking tools try exactly those variations first.
func common(lower string) bool {
	list := commonPasswords()
	core := strings.TrimFunc(lower, notLetter)
	for _, candidate := range []string{lower, core, unleet(core)} {
		if _, found := list[candidate]; found && candidate != "" {
			return true
		}
	}
	return false
}

func notLetter(r rune) bool { return !unicode.IsLetter(r) }

// leet undoes the common substitutions of letters by digits and symbols.
var leet = strings.NewReplacer("@", "a", "4", "a", "3", "e", "1", "i", "!", "i", "0", "o", "$", "s", "5", "s", "7", "t")

func unleet(s string) string { return leet.Replace(s) }

// builtOnEmail tells whether lower is the e-mail address, or a part of it (the local part,
// with or without its dots, one of its words, the domain, its name), with little else: what
// is left when the part is taken out has fewer than four letters. "anouk.devries2024" is
// built on anouk.devries@…; "klantpuls-demo" for demo@example.com is not.
func builtOnEmail(lower, email string) bool {
	local, domain, found := strings.Cut(email, "@")
	if !found || local == "" {
		return false
	}
	separators := func(r rune) bool { return strings.ContainsRune(".-_+", r) }
	parts := []string{email, local, strings.Join(strings.FieldsFunc(local, separators), ""), domain}
	parts = append(parts, strings.FieldsFunc(local, separators)...)
	if name, _, ok := strings.Cut(domain, "."); ok {
		parts = append(parts, name)
	}
	for _, part := range parts {
		if len([]rune(part)) < 3 || !strings.Contains(lower, part) {
			continue
		}
		rest := strings.ReplaceAll(lower, part, "")
		if letters(rest) < 4 {
			return true
		}
	}
	return false
}

func letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

// repetitive tells whether lower is made of few different characters ("aaaaaaaaaa",
// "abababababab", "2024202420") or of runs where each character repeats or follows the one
// before it ("1234567890", "1234abcd5678", "zyxwvutsrq"): fewer than four characters of it
// are not predictable from their neighbour.
func repetitive(lower string) bool {
	runes := []rune(lower)
	distinct := map[rune]bool{}
	for _, r := range runes {
		distinct[r] = true
	}
	if len(distinct) < 5 {
		return true
	}
	surprises := 0
	for i, r := range runes {
		if i == 0 || !follows(runes[i-1], r) {
			surprises++
		}
	}
	return surprises < 4
}

// follows tells whether b repeats a, or is the character after or before it ("ab", "ba",
// and "90" as on a keyboard's number row).
func follows(a, b rune) bool {
	d := b - a
	return d == 0 || d == 1 || d == -1 || (a == '9' && b == '0') || (a == '0' && b == '9')
}
