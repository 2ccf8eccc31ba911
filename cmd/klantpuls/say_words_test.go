package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/importer"
)

// TestAppWarningsInTheCommandsLanguage: what app warns of during a command is said in the
// command's language — Dutch by default and with --lang nl, English with --lang en — as the
// command's other words are. A damaged engine file made a Dutch import and report say
// "klantpuls: warning: engine file not used, loading from the database (file: …; why: …)".
func TestAppWarningsInTheCommandsLanguage(t *testing.T) {
	if onPostgres {
		t.Skip("SQLite only: PostgreSQL has no engine file by default")
	}
	t.Setenv("KLANTPULS_LANG", "")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "")
	p := newProject(t)
	p.mustImport("tickets", "ticket_id,created_at\nT1,2026-03-02 10:00\n")
	file := p.db + ".engine"
	said := func(args ...string) string {
		t.Helper()
		if err := os.WriteFile(file, []byte("not an engine file\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		var stderr strings.Builder
		if code := run(context.Background(), append([]string{"--db", p.db}, args...), io.Discard, &stderr); code != 0 {
			t.Errorf("%v: exit %d\n%s", args, code, stderr.String())
		}
		return stderr.String()
	}
	report := []string{"report", "--from", "2026-03-01", "--to", "2026-04-01", "--format", "json"}
	more := func(n string) []string {
		return []string{"--kind", "tickets", p.file(n+".csv", "ticket_id,created_at\n"+n+",2026-03-03 10:00\n")}
	}
	for _, c := range []struct {
		name string
		args []string
		want string // the whole line
	}{
		{"report, Dutch by default", report,
			"klantpuls: waarschuwing: engine-bestand niet gebruikt, de cijfers worden uit de database geladen (bestand: " + file +
				"; reden: geen engine-bestand van deze versie, of afgebroken)"},
		{"report --lang en", append(report, "--lang", "en"),
			"klantpuls: warning: engine file not used, loading from the database (file: " + file +
				"; why: not an engine file of this version, or cut short)"},
		{"import --lang nl", append([]string{"import", "--lang", "nl"}, more("T2")...),
			"klantpuls: waarschuwing: engine-bestand niet gebruikt; het volgende rapport schrijft het opnieuw (bestand: " + file +
				"; reden: geen engine-bestand van deze versie, of afgebroken)"},
		{"import --lang en", append([]string{"import", "--lang", "en"}, more("T3")...),
			"klantpuls: warning: engine file not used; the next report writes it anew (file: " + file +
				"; why: not an engine file of this version, or cut short)"},
	} {
		if got := said(c.args...); !strings.Contains(got, c.want) {
			t.Errorf("%s says, want the line %q:\n%s", c.name, c.want, got)
		}
	}
}

// TestEveryWarningHasDutchWords: each message app and the commands log of a command's run has
// Dutch words, and a Dutch log says them; a message without them is said as it is logged.
func TestEveryWarningHasDutchWords(t *testing.T) {
	for _, m := range []string{app.LogEngineFileNotUsed, app.LogEngineLoaded, app.LogImportPhaseNotRecorded,
		app.LogRepliesNotScored, app.LogRepliesScored, app.LogTextsScored, app.LogRescoring, app.LogRescored,
		app.LogRescoreLeaseKept, app.LogNamesNotRecorded, sayEngineFileNotWritten, sayEngineFileRefused, sayEngineFileMadeAnew, sayEngineFileBehind, sayHistoryNotWritten, sayAuditNotWritten} {
		if w := sayDutch[m]; w == "" || w == m {
			t.Errorf("%q has no Dutch words", m)
		}
	}
	var b strings.Builder
	log := sayLogger(&b, slog.LevelInfo, importer.Dutch)
	log.Warn(sayHistoryNotWritten, slog.Any("error", errors.New("disk I/O error")))
	log.Info("settled a ClickHouse table", slog.Int("rows", 2))
	want := "klantpuls: waarschuwing: de importgeschiedenis is niet bijgewerkt (fout: disk I/O error)\n" +
		"klantpuls: settled a ClickHouse table (rows: 2)\n"
	if b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}
