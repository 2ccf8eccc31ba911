package web

import (
	"fmt"
	"html"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// pageError is the text of a page's error (or flash) paragraphs, unescaped.
func pageError(body string) string {
	re := regexp.MustCompile(`(?s)<p class="error"[^>]*>(.*?)</p>`)
	var out []string
	for _, m := range re.FindAllStringSubmatch(body, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	return strings.Join(out, " | ")
}

// englishOnly are words that only an English sentence has (no Dutch homographs).
var englishOnly = regexp.MustCompile(`\b(give|the|needs|is not|an agent|address is taken|at least|or both|such as|choose|no such|not found|upload the file again|makes the secret|no record names it|characters|origin)\b`)

// dutchAdmin is a signed-in admin whose browser asks for Dutch (Accept-Language) and
// who also chose Dutch on the dashboard (the language cookie).
func dutchAdmin(ts *testServer) *client {
	admin := ts.login("admin@example.com")
	admin.get("/?lang=nl")
	return admin
}

// postDutch posts a form as a Dutch browser does.
func postDutch(c *client, path string, v url.Values) response {
	return c.form("POST", path, v, "Accept-Language", "nl-NL,nl;q=0.9")
}

// assertDutchError fails when the page's error is missing or written in English.
func assertDutchError(t *testing.T, what string, res response) {
	t.Helper()
	msg := pageError(res.body)
	if msg == "" {
		t.Errorf("%s: status %d and no error shown", what, res.status)
		return
	}
	if englishOnly.MatchString(msg) {
		t.Errorf("%s: a Dutch page shows an English error: %q", what, msg)
	}
}

// TestRefusalInPageLanguage: an error that carries a key is said by the catalogue's sentence in
// the page's language with its arguments, also wrapped; one without is said in its own words.
func TestRefusalInPageLanguage(t *testing.T) {
	taken := cx.Refuse(cx.ECONFLICT, "email", "user_email_taken", "%s is the address of another user", "a@example.nl")
	for _, tt := range []struct {
		name   string
		err    error
		nl, en string
	}{
		{"a refusal", taken, "E-mailadres: a@example.nl is al het adres van een andere gebruiker.",
			"E-mail address: a@example.nl is already another user's address."},
		{"a refusal wrapped", fmt.Errorf("form: %w", taken), "E-mailadres: a@example.nl is al het adres van een andere gebruiker.",
			"E-mail address: a@example.nl is already another user's address."},
		{"a record not found", cx.NotFound(cx.KindTickets, "T9", " to delete"), `Ticket "T9" bestaat niet.`, `There is no ticket "T9".`},
		// A review's row by its id and criterion, the word for a criterion in the page's language.
		{"a review's row not found", cx.NotFound(cx.KindReviews, cx.ReviewKey("V1", "Toon"), " to delete"),
			`Kwaliteitsbeoordeling "V1, criterium toon" bestaat niet.`, `There is no quality review "V1, criterion toon".`},
		{"a refused password", auth.ValidatePassword("kort", "a@example.nl"), "Een wachtwoord heeft minstens 10 tekens nodig.",
			"A password needs at least 10 characters."},
		{"no key", cx.Errorf(cx.EINVALID, "owner: 9 is not a user"), "owner: 9 is not a user", "owner: 9 is not a user"},
		{"a database being restored", cx.Refuse(cx.ECONFLICT, "", "db_being_restored",
			"%s is being restored by process %s: start again when it is done", "kp.db", "812 (klantpuls restore)"),
			"kp.db wordt teruggezet door proces 812 (klantpuls restore): begin opnieuw als dat klaar is",
			"kp.db is being restored by process 812 (klantpuls restore): start again when it is done"},
		{"a database this process has open", cx.Refuse(cx.ECONFLICT, "", "db_open_here", "%s is open in this process", "kp.db"),
			"kp.db is al geopend in dit proces", "kp.db is open in this process"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := refusal("nl", tt.err); got != tt.nl {
				t.Errorf("nl: %q, want %q", got, tt.nl)
			}
			if got := refusal("en", tt.err); got != tt.en {
				t.Errorf("en: %q, want %q", got, tt.en)
			}
		})
	}
	if got, want := taken.Error(), "email: a@example.nl is the address of another user"; got != want {
		t.Errorf("the API's message: %q, want %q", got, want)
	}
}

// TestEveryRefusalHasWords: every key a refusal is made with in the code (cx.Refuse, survey's
// refuse, missing,
// cx.NotFound of each kind) has a sentence in both languages, each taking the arguments the
// English message takes (missing and cx.NotFound: the one name of what is not there).
func TestEveryRefusalHasWords(t *testing.T) {
	keys := map[string]string{}    // key: where it is made
	formats := map[string]string{} // key: the English format it is made with
	made := regexp.MustCompile(`(?:cx\.Refuse|\brefuse)\(cx\.E[A-Z]+, "[^"]*", "([a-z_/]+)", ((?:"(?:[^"\\]|\\.)*"\s*\+?\s*)+)|missing\([^,]+, "([a-z]+)"`)
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		b, err := os.ReadFile(path)
		for _, m := range made.FindAllStringSubmatch(string(b), -1) {
			if m[3] != "" {
				m[1], m[2] = "not_found/"+m[3], "%v"
			}
			keys[m[1]], formats[m[1]] = path, m[2]
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) < 30 {
		t.Fatalf("found %d keys: the pattern no longer matches the calls", len(keys))
	}
	for _, k := range cx.Kinds {
		key := "not_found/" + strings.TrimSuffix(string(k), "s")
		keys[key], formats[key] = "cx.NotFound", "%q"
	}
	verbs := regexp.MustCompile(`%[^%]`)
	for key, where := range keys {
		nl, inNL := words["nl"][key]
		en, inEN := words["en"][key]
		if !inNL || !inEN {
			t.Errorf("%s refuses with %q, which the catalogue lacks (nl %v, en %v)", where, key, inNL, inEN)
			continue
		}
		args := len(verbs.FindAllString(formats[key], -1))
		if len(verbs.FindAllString(nl, -1)) != args || len(verbs.FindAllString(en, -1)) != args {
			t.Errorf("%q is made with %d arguments (%s); its sentences take others:\n%s\n%s", key, args, formats[key], nl, en)
		}
	}
}
