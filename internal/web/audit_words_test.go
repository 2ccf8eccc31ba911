package web

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestAuditPageSaysDetailsInReadersLanguage: the audit page says what an entry did in the
// page's language — Dutch by default, English with ?lang=en — for a user made on the users
// API, a backup made on the command line (and where: the command line on a machine), and an
// entry written before details had words shows its free text as it was. Before, every detail
// was stored as English text, and a Dutch lead read "role agent" and "cli on vm".
func TestAuditPageSaysDetailsInReadersLanguage(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	admin := ts.login("admin@example.com")
	if res := admin.postJSON("/api/v1/users", `{"email":"bram@example.com","password":"`+testPassword+`","role":"agent","agent":"Bram"}`); res.status != 201 {
		t.Fatalf("POST /api/v1/users: %d %s", res.status, res.body)
	}
	backup := app.CommandLine(cx.AuditBackup, "/backup/k.db", cx.Phrase("backup_of", "klantpuls.db"))
	old := cx.AuditEntry{Actor: "admin@example.com", From: "203.0.113.7", Action: cx.AuditUserPassword,
		Subject: "anna@example.com", Detail: "set by an administrator; their sessions ended"}
	for _, e := range []cx.AuditEntry{backup, old} {
		if err := ts.app.Audit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	host, _ := os.Hostname()
	for _, tc := range []struct {
		query string
		want  []string
		not   []string
	}{
		{"", []string{"rol medewerker", "een kopie van klantpuls.db", "opdrachtregel op " + host, old.Detail},
			[]string{"role agent", "a copy of", "cli on "}},
		{"?lang=en", []string{"role agent", "a copy of klantpuls.db", "cli on " + host, old.Detail},
			[]string{"rol medewerker", "een kopie", "opdrachtregel"}},
	} {
		rows := tableOf(admin.get("/audit" + tc.query).body)
		for _, want := range tc.want {
			if !strings.Contains(rows, want) {
				t.Errorf("/audit%s lacks %q:\n%s", tc.query, want, rows)
			}
		}
		for _, not := range tc.not {
			if strings.Contains(rows, not) {
				t.Errorf("/audit%s says %q, in the other language:\n%s", tc.query, not, rows)
			}
		}
	}
	// The API speaks English, as its problems do, and keeps the old text as it was.
	var log struct{ Entries []cx.AuditEntry }
	admin.get("/api/v1/audit").json(t, &log)
	if len(log.Entries) < 3 || log.Entries[0].Detail != old.Detail || log.Entries[1].Detail != "a copy of klantpuls.db" ||
		log.Entries[2].Detail != "role agent" {
		t.Errorf("the API's entries %+v, want the old text, then a copy of klantpuls.db, then role agent", log.Entries)
	}
}

// phraseKey finds the phrases the code writes to the audit log: cx.Phrase("key", …).
var phraseKey = regexp.MustCompile(`cx\.Phrase\("([a-z_0-9]+)"`)

// TestEveryAuditPhraseHasWords: every phrase the code writes to the audit log has its words
// in Dutch and in English, taking the same number of values, so no page shows a key or a
// %!s(MISSING). The keys chosen at run time are listed by hand, from the code that picks them.
func TestEveryAuditPhraseHasWords(t *testing.T) {
	keys := map[string]bool{}
	for _, k := range []string{"first_admin_env", "first_admin_terminal", "mapping_saved", "mapping_replaced",
		"import_refused", "import_commit_unknown", "invites_queued", "invites_sent", "invites_throttled",
		"invites_unsubscribed", "invites_bounce_held", "invites_error"} {
		keys[k] = true
	}
	for _, dir := range []string{"../app", "../web", "../../cmd/klantpuls"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range phraseKey.FindAllStringSubmatch(string(src), -1) {
				if !strings.HasSuffix(m[1], "_") { // a key's start, its ends listed above
					keys[m[1]] = true
				}
			}
		}
	}
	if len(keys) < 40 {
		t.Fatalf("found %d phrases; the search for them has lost its way", len(keys))
	}
	for key := range keys {
		for _, k := range []string{key, key + "_1"} {
			nl, inNL := words["nl"]["auditd_"+k]
			en, inEN := words["en"]["auditd_"+k]
			if k != key && !inNL && !inEN {
				continue
			}
			if !inNL || !inEN {
				t.Errorf("phrase %s: Dutch %q, English %q; want both", k, nl, en)
				continue
			}
			if n, m := valuesTaken(nl), valuesTaken(en); n != m {
				t.Errorf("phrase %s takes %d values in Dutch (%q), %d in English (%q)", k, n, nl, m, en)
			}
		}
	}
}

// valuesTaken is how many values the words form takes: the fewest it says without a missing one.
func valuesTaken(form string) int {
	var args []any
	for n := 0; n < 10; n++ {
		if !strings.Contains(fmt.Sprintf(form, args...), "%!") {
			return n
		}
		args = append(args, "v")
	}
	return -1
}

// TestAuditShowsAValueStartingWithAtAsWritten: a name a user chose that looks like the key of
// a word ("@weekday_fri", a team) is shown in the audit log as written, on the page in both
// languages and in the API — not said as the word ("vrijdag"). Before, any value starting with
// "@" was read as the key of a word.
func TestAuditShowsAValueStartingWithAtAsWritten(t *testing.T) {
	ts := startServer(t)
	anna, err := ts.app.UserByEmail(context.Background(), "anna@example.com")
	if err != nil {
		t.Fatal(err)
	}
	admin := ts.login("admin@example.com")
	path := fmt.Sprintf("/api/v1/users/%d", anna.ID)
	if res := admin.do("PATCH", path, "application/json", strings.NewReader(`{"team":"@weekday_fri"}`)); res.status != 200 {
		t.Fatalf("PATCH %s: %d %s", path, res.status, res.body)
	}
	for query, word := range map[string]string{"": "vrijdag", "?lang=en": "Friday"} {
		rows := tableOf(admin.get("/audit" + query).body)
		if !strings.Contains(rows, "@weekday_fri") || strings.Contains(rows, word) {
			t.Errorf("/audit%s: want the team @weekday_fri as written, not %q:\n%s", query, word, rows)
		}
	}
	var log struct{ Entries []cx.AuditEntry }
	admin.get("/api/v1/audit?action="+cx.AuditUserChange).json(t, &log)
	if want := `team "Support" → "@weekday_fri"`; len(log.Entries) == 0 || log.Entries[0].Detail != want {
		t.Errorf("the API's entries %+v, want the detail %s", log.Entries, want)
	}
}

// TestAuditWordsOfRowsStoredBefore: a row stored before values a user chose were kept apart
// from words (migrations 00043 SQLite, 00042 PostgreSQL) says its words as it did, and a value
// written by cx.Phrase reads back as written, whatever it starts with.
func TestAuditWordsOfRowsStoredBefore(t *testing.T) {
	stored := []cx.AuditPhrase{{Key: "digest_on", Args: []string{"@digest_weekly", "@weekday_fri", "16:30", "nl"}}}
	if got, want := AuditWords("nl", stored), "Wekelijks op vrijdag om 16:30, taal nl"; got != want {
		t.Errorf("a stored row says %q, want %q", got, want)
	}
	written := []cx.AuditPhrase{cx.Phrase("team_changed", "@weekday_fri", "@@x"), cx.Phrase("role", cx.Word("role/agent"))}
	if got, want := AuditWords("en", written), `team "@weekday_fri" → "@@x"; role agent`; got != want {
		t.Errorf("AuditWords = %q, want %q", got, want)
	}
}
