package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer"
)

// numberLine is the whole line tmpl in lang, where {n} stands for a whole number as lang writes
// it (Dutch "25.459", English "25,459": a group of thousands each), {-n} the same that may be
// negative (the minus U+2212), {d1}…{d4} a number with that many decimals ("0,713", "0.713"),
// {date} a day YYYY-MM-DD and {any} any words. A number written without its thousands
// ("25459") or with the other language's point ("0.713" in Dutch) does not match.
func numberLine(lang, tmpl string) *regexp.Regexp {
	group, point := `\.`, ","
	if lang == "en" {
		group, point = ",", `\.`
	}
	n := `\d{1,3}(?:` + group + `\d{3})*`
	r := regexp.QuoteMeta(tmpl)
	for _, p := range []struct{ in, out string }{
		{`\{n\}`, n}, {`\{-n\}`, "−?" + n}, {`\{date\}`, `\d{4}-\d{2}-\d{2}`}, {`\{any\}`, `.*`},
		{`\{d1\}`, n + point + `\d`}, {`\{d2\}`, n + point + `\d{2}`}, {`\{d3\}`, n + point + `\d{3}`}, {`\{d4\}`, n + point + `\d{4}`},
		{`\{-d2\}`, "−?" + n + point + `\d{2}`},
	} {
		r = strings.ReplaceAll(r, p.in, p.out)
	}
	return regexp.MustCompile("^" + r + "$")
}

// sayLines fails t unless each of want matches a whole line of said.
func sayLines(t *testing.T, what, lang, said string, want ...string) {
	t.Helper()
	lines := strings.Split(said, "\n")
	var missing []string
	for _, w := range want {
		if !slices.ContainsFunc(lines, numberLine(lang, w).MatchString) {
			missing = append(missing, w)
		}
	}
	if missing != nil {
		t.Errorf("%s in %s: no line\n%s\ngot:\n%s", what, lang, strings.Join(missing, "\n"), said)
	}
}

// TestImportSummaryNumbersInItsLanguage: the line an import ends a file with writes its
// numbers as its language does: a Dutch run said "(5612 regels/s)", English writes "5,612".
func TestImportSummaryNumbersInItsLanguage(t *testing.T) {
	var csv strings.Builder
	csv.WriteString("ticket_id,created_at\n")
	for i := range 1500 {
		fmt.Fprintf(&csv, "T%05d,2026-03-02 10:00\n", i)
	}
	for _, c := range []struct{ lang, want string }{
		{"nl", "FILE: 1.500 regels gelezen, 1.500 geschreven ({n} regels/s)"},
		{"en", "FILE: 1,500 rows read, 1,500 written ({n} rows/s)"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			p := newProject(t)
			path := p.file("tickets.csv", csv.String())
			_, stderr, code := p.run("import", "--lang", c.lang, "--kind", "tickets", path)
			if code != 0 {
				t.Fatalf("import: exit %d\n%s", code, stderr)
			}
			sayLines(t, "import", c.lang, stderr, strings.Replace(c.want, "FILE", path, 1))
		})
	}
}

// TestDemoAndModelFitNumbersInTheirLanguage: what demo and model fit say of the demo year
// writes its numbers as the command's language does — counts with the thousands grouped,
// decimals after the language's point, shares with it before "%". A Dutch run said "demo:
// 40000 customers, …", "3620 met een herhaalaankoop", "AUC 0.556" and "3.3%"; an English one
// "40000" too. The demo's sizes are its generator's (README: the demo's 40,000 customers).
func TestDemoAndModelFitNumbersInTheirLanguage(t *testing.T) {
	if testing.Short() || raceDetector {
		t.Skip("the demo year takes a few seconds, minutes under -race")
	}
	for _, c := range []struct {
		lang string
		want []string
	}{
		{"nl", []string{
			"demo: 40.000 customers, 60.000 orders, 50.000 tickets, {n} messages, 20.000 responses, 2.000 mentions, 3.000 reviews, 30.000 events geschreven in {d1} s ({n} rijen gewijzigd)",
			"op 2026-10-31: {n} klanten, {n} met een herhaalaankoop (tijd in weken)",
			"BG/NBD       r={d4} alpha={d4} a={d4} b={d4} log-likelihood={-d2}",
			"Gamma-Gamma  p={d4} q={d4} gamma={d4}",
			"churnrisico  peildatum {date} (label {any}): AUC {d3}, lift van het hoogste deciel {d2}, {n} gescoord ({n} vertrokken), getraind op {n} ({n} vertrokken), gefit in {d1} s",
			"     1   {n}       {d1}%      {d1}%",
		}},
		{"en", []string{
			"demo: 40,000 customers, 60,000 orders, 50,000 tickets, {n} messages, 20,000 responses, 2,000 mentions, 3,000 reviews, 30,000 events written in {d1} s ({n} rows changed)",
			"as of 2026-10-31: {n} customers, {n} with a repeat purchase (time in weeks)",
			"BG/NBD       r={d4} alpha={d4} a={d4} b={d4} log-likelihood={-d2}",
			"Gamma-Gamma  p={d4} q={d4} gamma={d4}",
			"churn risk   cut-off {date} (label {any}): AUC {d3}, top-decile lift {d2}, {n} scored ({n} churned), trained on {n} ({n} churned), fitted in {d1} s",
			"     1   {n}       {d1}%      {d1}%",
		}},
	} {
		t.Run(c.lang, func(t *testing.T) {
			t.Setenv("KLANTPULS_LANG", c.lang)
			p := newProject(t)
			_, demoSaid, code := p.run("demo", "--until", "2026-11-01")
			if code != 0 {
				t.Fatalf("demo: exit %d\n%s", code, demoSaid)
			}
			fit, stderr, code := p.run("model", "fit", "--as-of", "2026-10-31")
			if code != 0 {
				t.Fatalf("model fit: exit %d\n%s", code, stderr)
			}
			sayLines(t, "demo and model fit", c.lang, demoSaid+fit, c.want...)
		})
	}
}

// TestEngineFileReasonsInTheCommandsLanguage: why an engine file was not used is said in the
// command's language, its detail (the engine's error, the databases' ids) after it as it is. A
// Dutch report said "reden: damaged: engine: …" and "reden: made of another database (…)".
func TestEngineFileReasonsInTheCommandsLanguage(t *testing.T) {
	if onPostgres {
		t.Skip("SQLite only: PostgreSQL has no engine file by default")
	}
	p := newProject(t)
	p.mustImport("responses", "response_id,survey,score,submitted_at\nR0,nps,9,2026-03-02 10:00\n")
	file := p.db + ".engine"
	report := []string{"report", "--from", "2026-03-01", "--to", "2026-04-01", "--format", "json"}
	if _, errOut, code := p.run(report...); code != 0 {
		t.Fatalf("report: %s", errOut)
	}
	good, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	q := newProject(t)
	q.mustImport("responses", "response_id,survey,score,submitted_at\nX0,nps,9,2026-03-02 10:00\n")
	if _, errOut, code := q.run(report...); code != 0 {
		t.Fatalf("report on the other database: %s", errOut)
	}
	other, err := os.ReadFile(q.db + ".engine")
	if err != nil {
		t.Fatal(err)
	}
	damaged := append([]byte(nil), good...)
	damaged[len(damaged)/2] ^= 0xff
	const (
		nl = "klantpuls: waarschuwing: engine-bestand niet gebruikt, de cijfers worden uit de database geladen (bestand: FILE; reden: "
		en = "klantpuls: warning: engine file not used, loading from the database (file: FILE; why: "
	)
	for _, c := range []struct {
		name, lang string
		file       []byte
		want       string // the whole line, after nl or en
	}{
		{"damaged", "nl", damaged, "beschadigd: engine: {any})"},
		{"damaged", "en", damaged, "damaged: engine: {any})"},
		{"of another database", "nl", other, "gemaakt van een andere database (id {any}… ≠ {any}…))"},
		{"of another database", "en", other, "made of another database (id {any}… ≠ {any}…))"},
	} {
		t.Run(c.name+" "+c.lang, func(t *testing.T) {
			if err := os.WriteFile(file, c.file, 0o644); err != nil {
				t.Fatal(err)
			}
			var stderr strings.Builder
			if code := run(context.Background(), append([]string{"--db", p.db}, append(report, "--lang", c.lang)...), io.Discard, &stderr); code != 0 {
				t.Fatalf("report: exit %d\n%s", code, stderr.String())
			}
			head := map[string]string{"nl": nl, "en": en}[c.lang]
			sayLines(t, "report", c.lang, stderr.String(), strings.Replace(head, "FILE", file, 1)+c.want)
		})
	}
}

// TestEveryEngineFileReasonHasDutchWords: each reason app gives for not using an engine file
// is said in Dutch words in a Dutch run, alone or with its detail after it as it is, and as it
// is in English; the longest reason a value begins with is its reason ("damaged: its head's
// change …" is not "damaged" with a detail).
func TestEveryEngineFileReasonHasDutchWords(t *testing.T) {
	for _, c := range []struct{ why, nl string }{
		{app.WhyNotEngineFile, "geen engine-bestand van deze versie, of afgebroken"},
		{app.WhyOtherEngine, "gemaakt door een andere versie, of met andere openingstijden of thema's"},
		{app.WhyUnreadable + ": open k.db.engine: permission denied", "onleesbaar: open k.db.engine: permission denied"},
		{app.WhyNoDatabaseID + ": attempt to write a readonly database", "het id van de database kan niet worden gelezen of gemaakt: attempt to write a readonly database"},
		{app.WhyOtherDatabase + " (id 0123456789ab… ≠ ba9876543210…)", "gemaakt van een andere database (id 0123456789ab… ≠ ba9876543210…)"},
		{app.WhyDamaged + ": engine: reading a snapshot: a column's checksum does not match", "beschadigd: engine: reading a snapshot: a column's checksum does not match"},
		{app.WhyHeadUnread, "beschadigd: de wijziging in de kop is niet leesbaar"},
		{app.WhyHeadColumns + " (12 ≠ 11)", "beschadigd: de kop en de kolommen noemen een andere wijziging (12 ≠ 11)"},
		{app.WhyAhead + " (12 > 10)", "verder dan de wijzigingen van de database: is de database teruggezet uit een back-up? (12 > 10)"},
		{app.WhyOtherHistory + ` (responses "OLD3", 57)`, "niet van de geschiedenis van deze database: het is gemaakt na een wijziging die de database " +
			`niet bevat; is de database teruggezet uit een kopie van het bestand? (responses "OLD3", 57)`},
		{"damagedness", "damagedness"}, // no reason's words and a detail: said as it is
	} {
		if got := sayValue(c.why, importer.Dutch); got != c.nl {
			t.Errorf("%q in Dutch: got %q, want %q", c.why, got, c.nl)
		}
		if got := sayValue(c.why, importer.English); got != c.why {
			t.Errorf("%q in English: got %q", c.why, got)
		}
	}
}

// TestSayLoggerNumbersInItsLanguage: a count and a duration among what app logs are written as
// the command's language writes numbers; a Dutch rescore said "(teksten: 12345; …)".
func TestSayLoggerNumbersInItsLanguage(t *testing.T) {
	for _, c := range []struct {
		lang importer.Lang
		want string
	}{
		{importer.Dutch, "klantpuls: eerdere teksten opnieuw gescoord met de nieuwere sentimentscorer (teksten: 12.345; duur: 83,5 s)\n"},
		{importer.English, "klantpuls: earlier texts scored again by the newer sentiment scorer (texts: 12,345; took: 83.5 s)\n"},
	} {
		var b strings.Builder
		sayLogger(&b, slog.LevelInfo, c.lang).Info(app.LogRescored, slog.Int("texts", 12345), slog.Duration("took", 83500*time.Millisecond))
		if b.String() != c.want {
			t.Errorf("%s: got %q, want %q", c.lang, b.String(), c.want)
		}
	}
}

// TestCountsOfKindsInTheirLanguage: what a database held (demo's refusal) and what a sync wrote
// count in the language's numbers: "1.234 records" in Dutch, "1,234 records" in English.
func TestCountsOfKindsInTheirLanguage(t *testing.T) {
	held := app.Held{Records: 1234, Deletions: 1, Erased: 2000, Users: 3}
	kinds := map[cx.Kind]int{cx.KindTickets: 1, cx.KindResponses: 3000}
	for _, c := range []struct {
		lang        importer.Lang
		held, kinds string
	}{
		{importer.Dutch, "1.234 records, 1 verwijdering, 2.000 gewiste klanten, 3 gebruikers", "1 ticket, 3.000 responses"},
		{importer.English, "1,234 records, 1 deletion, 2,000 erased customers, 3 users", "1 ticket, 3,000 responses"},
	} {
		if got := heldWords(held, c.lang); got != c.held {
			t.Errorf("held in %s: got %q, want %q", c.lang, got, c.held)
		}
		if got := kindCounts(kinds, c.lang); got != c.kinds {
			t.Errorf("kinds in %s: got %q, want %q", c.lang, got, c.kinds)
		}
	}
}

// TestReportLangHelpSaysAll: report --lang sets the language of everything the command says,
// and its help says so; it said "Language of the table, xlsx and pdf".
func TestReportLangHelpSaysAll(t *testing.T) {
	p := newProject(t)
	stdout, _, _ := p.run("report", "--help")
	help := strings.Join(strings.Fields(stdout), " ")
	if want := "Language of all the command says: the table, xlsx and pdf, its messages and warnings; nl or en"; !strings.Contains(help, want) {
		t.Errorf("report --help lacks %q:\n%s", want, stdout)
	}
}

// TestSayLoggerYesOrNoInItsLanguage: a true or false among what app logs is said as a word of
// the command's language; a Dutch run that loaded the engine said "uit bestand: true".
func TestSayLoggerYesOrNoInItsLanguage(t *testing.T) {
	for _, c := range []struct {
		lang     importer.Lang
		fromFile bool
		want     string
	}{
		{importer.Dutch, true, "klantpuls: engine geladen (voor: report; records: 12.345; uit bestand: ja; duur: 0,5 s)\n"},
		{importer.Dutch, false, "klantpuls: engine geladen (voor: report; records: 12.345; uit bestand: nee; duur: 0,5 s)\n"},
		{importer.English, true, "klantpuls: engine loaded (for: report; records: 12,345; from_snapshot: yes; took: 0.5 s)\n"},
		{importer.English, false, "klantpuls: engine loaded (for: report; records: 12,345; from_snapshot: no; took: 0.5 s)\n"},
	} {
		var b strings.Builder
		sayLogger(&b, slog.LevelInfo, c.lang).Info(app.LogEngineLoaded, slog.String("for", "report"), slog.Int("records", 12345),
			slog.Bool("from_snapshot", c.fromFile), slog.Duration("took", 500*time.Millisecond))
		if b.String() != c.want {
			t.Errorf("%s, %v: got %q, want %q", c.lang, c.fromFile, b.String(), c.want)
		}
	}
}
