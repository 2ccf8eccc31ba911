package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/chtest"
	"github.com/klantpuls/klantpuls/internal/importer"
)

// A damaged engine file is said to whoever runs import or report as a sentence, as the
// command's other words on stderr are: they printed a JSON log record
// ({"time":…,"level":"WARN","msg":"engine file not used, …"}) to a person. Run as a person at
// a terminal or a cron mail sees it: run itself, stderr a file, not a terminal.
func TestEngineFileWarningIsASentence(t *testing.T) {
	if onPostgres {
		t.Skip("SQLite only: PostgreSQL has no engine file by default")
	}
	p := newProject(t)
	p.mustImport("tickets", "ticket_id,created_at\nT1,2026-03-02 10:00\n")
	file := p.db + ".engine"
	// stderr runs klantpuls with stderr a file and returns what it wrote there.
	stderr := func(args ...string) string {
		t.Helper()
		if err := os.WriteFile(file, []byte("not an engine file\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		f, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if code := run(context.Background(), append([]string{"--db", p.db}, args...), io.Discard, f); code != 0 {
			t.Errorf("%v: exit %d", args, code)
		}
		said, err := os.ReadFile(f.Name())
		if err != nil {
			t.Fatal(err)
		}
		return string(said)
	}
	const why = "why: not an engine file of this version, or cut short)\n"
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"report", "--lang", "en", "--from", "2026-03-01", "--to", "2026-04-01", "--format", "json"},
			"klantpuls: warning: engine file not used, loading from the database (file: " + file + "; " + why},
		{[]string{"import", "--lang", "en", "--kind", "tickets", p.file("more.csv", "ticket_id,created_at\nT2,2026-03-03 10:00\n")},
			"klantpuls: warning: engine file not used; the next report writes it anew (file: " + file + "; " + why},
	} {
		if said := stderr(c.args...); !strings.Contains(said, c.want) || strings.Contains(said, "{") || strings.Contains(said, "level=") {
			t.Errorf("%s says, want a line %q and no log record:\n%s", c.args[0], c.want, said)
		}
	}
}

// sayLogger's line for what app logs: the level in words, the message, its attributes in
// brackets; nothing below the command's level (rescore says its Info in words itself).
func TestSayLoggerLines(t *testing.T) {
	for _, c := range []struct {
		name string
		min  slog.Level
		log  func(*slog.Logger)
		want string
	}{
		{"a warning with an error", slog.LevelInfo, func(l *slog.Logger) {
			l.Warn("engine file not written", slog.String("file", "k.db.engine"), slog.Any("error", errors.New("disk full")))
		}, "klantpuls: warning: engine file not written (file: k.db.engine; error: disk full)\n"},
		{"news without attributes", slog.LevelInfo, func(l *slog.Logger) {
			l.Info("engine loaded")
		}, "klantpuls: engine loaded\n"},
		{"an error, attributes given before and grouped", slog.LevelInfo, func(l *slog.Logger) {
			l.With(slog.String("node", "n1")).WithGroup("ship").Error("shipping", slog.Int("changes", 3), slog.Group("retry", slog.Duration("in", 2e9)))
		}, "klantpuls: error: shipping (node: n1; ship.changes: 3; ship.retry.in: 2.0 s)\n"},
		{"news below a warning's level", slog.LevelWarn, func(l *slog.Logger) {
			l.Info("earlier texts scored again", slog.Int("texts", 4))
		}, ""},
		{"debug below news", slog.LevelInfo, func(l *slog.Logger) {
			l.Debug("engine file written")
		}, ""},
		// A name from the data or a server's reply with a line break would start a line of its
		// own ("klantpuls: error: …" that no one logged), a terminal's escape would recolour or
		// clear the screen: such a value is quoted as Go quotes it, as serve's text log does.
		{"a value with a line break or a terminal's escape", slog.LevelInfo, func(l *slog.Logger) {
			l.Warn("alert not delivered", slog.String("rule", "Noord\nklantpuls: error: database lost"),
				slog.Any("error", errors.New("\x1b[2Jrefused\r")), slog.String("team", "Zoë\tNoord"))
		}, `klantpuls: warning: alert not delivered (rule: "Noord\nklantpuls: error: database lost"; error: "\x1b[2Jrefused\r"; team: "Zoë\tNoord")` + "\n"},
		// A right-to-left override turns the rest of the line round on a terminal that reads
		// bidi, a line separator breaks it: quoted too (cx.TerminalUnsafe).
		{"a value with a bidi override or a line separator", slog.LevelInfo, func(l *slog.Logger) {
			l.Warn("alert not delivered", slog.String("rule", "Noord\u202Enimda"), slog.String("team", "a\u2028b"))
		}, `klantpuls: warning: alert not delivered (rule: "Noord\u202enimda"; team: "a\u2028b")` + "\n"},
		{"a message with a line break", slog.LevelInfo, func(l *slog.Logger) {
			l.Error("import of a\r\nb failed")
		}, `klantpuls: error: "import of a\r\nb failed"` + "\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var b strings.Builder
			c.log(sayLogger(&b, c.min, importer.English))
			if got := b.String(); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// Every command but serve says what app logs of its run in sentences, by the one logger the
// command's env is made with: clickhouse rebuild, which ships and logs as serve's shipper does,
// wrote JSON log records ({"time":…,"level":"INFO","msg":"settled a ClickHouse table",…}) to the
// person who ran it.
func TestClickHouseRebuildSaysSentences(t *testing.T) {
	p := newProject(t)
	p.mustImport("tickets", "ticket_id,created_at,team\nT1,2026-03-02 10:00,Support\n")
	dsn := chtest.Shared(t).NewDatabase(t)
	f, err := os.Create(filepath.Join(t.TempDir(), "stderr")) // a file, as a cron job's stderr
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if code := run(context.Background(), []string{"--db", p.db, "clickhouse", "rebuild", "--clickhouse", dsn}, io.Discard, f); code != 0 {
		t.Fatalf("clickhouse rebuild: exit %d", code)
	}
	said, err := os.ReadFile(f.Name())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(said), "klantpuls: settled a ClickHouse table (kind: tickets; rows: 1;") {
		t.Errorf("stderr lacks the sentence of the one ticket's table settled:\n%s", said)
	}
	for _, line := range strings.Split(strings.TrimSuffix(string(said), "\n"), "\n") {
		if !strings.HasPrefix(line, "klantpuls: ") || strings.Contains(line, "level=") {
			t.Errorf("stderr line %q is no sentence", line)
		}
	}
}

// Every command's App logs by the env's sentence logger, from the moment the command opens the
// database: sync, erase, demo and the rest set none, and app's warnings reached Go's default
// logger ("2026/12/07 10:00:00 WARN engine file not used, …").
func TestCommandsLogInSentences(t *testing.T) {
	t.Setenv("KLANTPULS_LANG", "en")
	var stderr strings.Builder
	e := newEnv(context.Background(), io.Discard, &stderr, &Globals{DB: filepath.Join(t.TempDir(), "kp.db")})
	a, err := e.open()
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if a.Log == nil {
		t.Fatal("the command's App has no log: app writes to Go's default logger")
	}
	a.Log.Warn("engine file not used, loading from the database", slog.String("file", "kp.db.engine"))
	if got, want := stderr.String(), "klantpuls: warning: engine file not used, loading from the database (file: kp.db.engine)\n"; got != want {
		t.Errorf("stderr %q, want %q", got, want)
	}
}

// serve's log, JSON lines for a log collector: a name from the data with a line break, or a
// message that quotes one, stays in its record — one line, which reads back as written.
func TestServeLogKeepsARecordOnOneLine(t *testing.T) {
	const team = "Noord\r\n{\"level\":\"ERROR\",\"msg\":\"database lost\"}"
	var b strings.Builder
	newLogger(&b).Warn("alert for "+team+" not delivered", slog.String("team", team))
	line, rest, _ := strings.Cut(b.String(), "\n")
	var rec map[string]any
	if err := json.Unmarshal([]byte(line), &rec); err != nil || rest != "" {
		t.Fatalf("not one JSON line (%v):\n%s", err, b.String())
	}
	if rec["team"] != team || rec["msg"] != "alert for "+team+" not delivered" {
		t.Errorf("the record reads back as %q", rec)
	}
}
