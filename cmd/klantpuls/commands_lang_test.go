package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/smtptest"
)

// TestCommandsSayInTheirLanguage: what digest, token, user, connection, migrate, backup,
// restore, delete, erase, clickhouse and demo answer their user — confirmations, summaries,
// refusals — is in the command's language ($KLANTPULS_LANG here; Dutch by default), as import,
// report and rescore already spoke. A Dutch run said "digest for …", "token … copy it now" and
// "user … added" in English. Each line is the whole line, as written by hand.
func TestCommandsSayInTheirLanguage(t *testing.T) {
	if onPostgres {
		t.Skip("SQLite only: backup and restore are SQLite's")
	}
	for _, lang := range []string{"nl", "en"} {
		t.Run(lang, func(t *testing.T) {
			t.Setenv("KLANTPULS_LANG", lang)
			srv := smtptest.Start(t)
			p := newProject(t).withLead(srv)
			in, says := inLang(lang), p.says
			says(in("gebruiker anna@example.com (agent) toegevoegd", "user anna@example.com (agent) added"), 0,
				"user", "add", "--email", "anna@example.com", "--role", "agent", "--agent", "Anna")
			says(in(`gebruiker anna@example.com: team "" → "Support BE"`, `user anna@example.com: team "" → "Support BE"`), 0,
				"user", "set", "--email", "anna@example.com", "--team", "Support BE")
			says(in("gebruiker anna@example.com: wachtwoord ingesteld, de sessies beëindigd", "user anna@example.com: password set, their sessions ended"), 0,
				"user", "password", "--email", "anna@example.com")
			says(in("gebruiker anna@example.com verwijderd: rol medewerker; 0 sessies en 0 API-tokens beëindigd, overzicht per e-mail gestopt, 0 opvolgingen zonder eigenaar",
				"user anna@example.com removed: role agent; 0 sessions and 0 API tokens ended, digest stopped, 0 follow-ups left without an owner"), 0,
				"user", "remove", "--email", "anna@example.com")
			says(in("klantpuls: geef --role, --agent of --team om te wijzigen", "klantpuls: give --role, --agent or --team to change"), 2,
				"user", "set", "--email", "lead@example.com")

			says(in("overzicht per e-mail voor lead@example.com: wekelijks op vrijdag om 16:30 Europe/Amsterdam, taal nl",
				"digest for lead@example.com: weekly on Friday at 16:30 Europe/Amsterdam, in nl"), 0,
				"digest", "schedule", "lead@example.com", "--weekly", "vrijdag", "16:30")
			says(in("overzicht per e-mail voor lead@example.com: dagelijks om 07:30 Europe/Amsterdam, taal nl",
				"digest for lead@example.com: daily at 07:30 Europe/Amsterdam, in nl"), 0,
				"digest", "schedule", "lead@example.com", "--daily", "07:30")
			says(in("overzicht per e-mail voor lead@example.com: geen", "digest for lead@example.com: none"), 0,
				"digest", "schedule", "lead@example.com", "--none")
			says(in(`klantpuls: --weekly: "vrijdagg" is geen dag (ma, di, wo, do, vr, za, zo, of de volledige naam van de dag)`,
				`klantpuls: --weekly: "vrijdagg" is not a day (mon, tue, wed, thu, fri, sat, sun, or the day's full name)`), 2,
				"digest", "schedule", "lead@example.com", "--weekly", "vrijdagg")
			says(in(`klantpuls: tijdstip "25:00" is geen UU:MM`, `klantpuls: time "25:00" is not HH:MM`), 2,
				"digest", "schedule", "lead@example.com", "--daily", "25:00")
			says(in("klantpuls: kies een van --daily, --weekly DAG, --monthly of --none", "klantpuls: choose one of --daily, --weekly DAY, --monthly or --none"), 2,
				"digest", "schedule", "lead@example.com")
			says(in("klantpuls: geen gebruiker nobody@example.com (klantpuls user list toont ze)", "klantpuls: no user nobody@example.com (klantpuls user list shows them)"), 1,
				"digest", "send", "nobody@example.com", "--base-url", "https://klantpuls.example.nl")
			stdout, stderr, code := p.run("digest", "send", "lead@example.com", "--base-url", "https://klantpuls.example.nl")
			m := srv.Wait(t, 1, 10*time.Second)[0]
			if want := in(`"`+m.Subject+`" verstuurd aan lead@example.com`, `sent "`+m.Subject+`" to lead@example.com`); code != 0 || stdout != want+"\n" {
				t.Errorf("digest send: exit %d, said %q, want %q\n%s", code, stdout, want, stderr)
			}

			says(in(`token "helpdesk" (read) voor lead@example.com, het verloopt niet; kopieer het nu, het wordt niet nog eens getoond:`,
				`token "helpdesk" (read) for lead@example.com, it does not expire; copy it now, it is not shown again:`), 0,
				"token", "create", "--name", "helpdesk", "--user", "lead@example.com")
			says(in("klantpuls: geen beheerder die eigenaar van het token kan zijn: maak er een met `klantpuls user add --role admin` of door `klantpuls serve` te starten",
				"klantpuls: no administrator to own the token: create one with `klantpuls user add --role admin` or by starting `klantpuls serve`"), 1,
				"token", "create", "--name", "helpdesk")
			says(in(`klantpuls: --expires: "90" is geen aantal dagen van 1 tot 3650 zoals "90d", of "never"`,
				`klantpuls: --expires: "90" is not a number of days from 1 to 3650 like "90d", or "never"`), 2,
				"token", "create", "--name", "helpdesk", "--user", "lead@example.com", "--expires", "90")

			says(in("geen webhookkoppelingen (maak er een met klantpuls connection add)", "no webhook connections (make one with klantpuls connection add)"), 0,
				"connection", "list")
			path, made, code := p.run("connection", "add", "--source", "klantpuls", "--name", "Winkel", "--kinds", "tickets")
			id := strings.TrimPrefix(strings.SplitN(path, "\n", 2)[0], "/hooks/klantpuls/")
			// The source by its name in the command's language, as Live koppelingen names it: a
			// Dutch run said "Zet in klantpuls (own format) …".
			if want := in(`koppeling "Winkel" (`+id+`; mag tickets schrijven) gemaakt. Zet in klantpuls (eigen formaat) de webhook-URL op het adres van deze server gevolgd door het pad, en het geheim (kopieer het nu, het wordt niet nog eens getoond):`,
				`connection "Winkel" (`+id+`; may write tickets) made. In klantpuls (own format), set the webhook URL to this server's address followed by the path, and the secret (copy it now, it is not shown again):`); code != 0 || made != want+"\n" {
				t.Errorf("connection add: exit %d, said\n%s\nwant\n%s", code, made, want)
			}
			says(in(`koppeling "Winkel" (`+id+`) verwijderd; het pad antwoordt vanaf nu met 404`,
				`connection "Winkel" (`+id+`) removed; its path answers 404 from now on`), 0, "connection", "remove", id)
			says(in("klantpuls: geen koppeling "+id+" (klantpuls connection list toont ze)", "klantpuls: no connection "+id+" (klantpuls connection list shows them)"), 1,
				"connection", "remove", id)

			newest := newestMigration(t, "../../internal/store/sqlite/migrations")
			says(in(fmt.Sprintf("migrate: al op versie %d", newest), fmt.Sprintf("migrate: already at version %d", newest)), 0, "migrate")
			p.mustImport("customers", "customer_id,acquired_at,name\nC1,2026-01-05,Anna\n")
			p.mustImport("tickets", "ticket_id,created_at\nT1,2026-03-02 10:00\n")
			// A count of one is singular, in both languages.
			bad := filepath.Join(p.dir, "bad.csv")
			if err := os.WriteFile(bad, []byte("ticket_id,created_at\nT2,gisteren\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			says(in("klantpuls: 1 van 1 bestand niet geïmporteerd", "klantpuls: 1 of 1 file not imported"), 1, "import", "--lang", lang, "--kind", "tickets", bad)
			says(in("delete: tickets T1 verwijderd", "delete: tickets T1 deleted"), 0, "delete", "--kind", "tickets", "--id", "T1")
			// A review's row is named by its id and criterion, the word in the command's language.
			p.mustImport("reviews", "review_id,criterion,reviewed_at,agent,rating\nQ1,Toon,2026-03-04 10:00,Anna,4\n")
			says(in("delete: reviews Q1, criterium toon verwijderd", "delete: reviews Q1, criterion toon deleted"), 0,
				"delete", "--kind", "reviews", "--id", "Q1", "--criterion", "Toon")
			says(in(`klantpuls: Kwaliteitsbeoordeling "Q1, criterium toon" bestaat niet.`, `klantpuls: no review "Q1, criterion toon" to delete`), 1,
				"delete", "--kind", "reviews", "--id", "Q1", "--criterion", "Toon")
			says(in("erase: klant C1 gewist: 1 record zonder de tekst, 0 verwijderd", "erase: customer C1 erased: 1 record without its text, 0 deleted"), 0,
				"erase", "--customer", "C1")
			backup := filepath.Join(p.dir, "backup.db")
			says(in("backup: "+backup+" geschreven", "backup: "+backup+" written"), 0, "backup", backup)
			says(in("klantpuls: "+p.db+" bestaat al: stop de server en voeg --force toe om het te vervangen",
				"klantpuls: "+p.db+" exists: stop the server and add --force to replace it"), 1, "restore", backup)
			// The backup's own line in the audit log is written after its copy: the one line kept.
			says(in("restore: "+p.db+" teruggezet uit "+backup+" (1 regel van het auditlog bewaard uit de database die het verving)",
				"restore: "+p.db+" restored from "+backup+" (1 audit log line kept from the database it replaced)"), 0, "restore", "--force", backup)
			says(in("klantpuls: geen ClickHouse om opnieuw op te bouwen: geef --clickhouse (of $KLANTPULS_CLICKHOUSE) of zet clickhouse onder [engine] in het configuratiebestand; er is niets verwijderd",
				"klantpuls: no ClickHouse to rebuild: give --clickhouse (or $KLANTPULS_CLICKHOUSE) or set [engine] clickhouse in the config file; nothing was dropped"), 2,
				"clickhouse", "rebuild")
			says(in("klantpuls: demo: "+p.db+" bevat al records (1 record, 1 gewiste klant, een importgeschiedenis, 1 gebruiker, een auditlog), en die van de demo zouden ermee vermengd raken (en die met dezelfde id's vervangen): niets geschreven; demogegevens gaan in een nieuw bestand: klantpuls --db demo.db demo",
				"klantpuls: demo: "+p.db+" holds records already (1 record, 1 erased customer, an import history, 1 user, an audit log), and the demo's would be mixed into them (replacing those with the same ids): nothing written; demo data goes into a new file: klantpuls --db demo.db demo"), 1,
				"demo")
			missing := filepath.Join(p.dir, "weg.db")
			var said strings.Builder
			if code := run(context.Background(), []string{"--db", missing, "user", "list"}, io.Discard, &said); code != 1 || !strings.Contains(said.String(), in(
				"klantpuls: geen database op "+missing+": controleer --db (of $KLANTPULS_DB), of maak er een met klantpuls import (uw gegevens) of klantpuls demo\n",
				"klantpuls: no database at "+missing+": check --db (or $KLANTPULS_DB), or make one with klantpuls import (your data) or klantpuls demo\n")) {
				t.Errorf("user list on a missing database: exit %d\n%s", code, said.String())
			}
		})
	}
}

// inLang picks of a line's Dutch and English words those of lang.
func inLang(lang string) func(nl, en string) string {
	return func(nl, en string) string {
		if lang == "nl" {
			return nl
		}
		return en
	}
}

// says runs the command line args and fails the test unless it ends with code and says the
// whole line want, on stdout or stderr; it returns stdout.
func (p *project) says(want string, code int, args ...string) (stdout string) {
	p.t.Helper()
	stdout, stderr, got := p.run(args...)
	if lines := strings.Split(stdout+stderr, "\n"); got != code || !slices.Contains(lines, want) {
		p.t.Errorf("%v: exit %d, want %d saying the line\n%s\ngot:\n%s%s", args, got, code, want, stdout, stderr)
	}
	return stdout
}

// TestWeeklyTakesDutchDays: --weekly reads a day by its English or Dutch name, or the short form
// calendars write (fri, vr), in any case, in a run of either language; the schedule is on that
// day. "vrijdag" was refused: only English names were read.
func TestWeeklyTakesDutchDays(t *testing.T) {
	srv := smtptest.Start(t)
	p := newProject(t).withLead(srv)
	for _, c := range []struct {
		lang, day string
		want      time.Weekday
	}{
		{"nl", "vrijdag", time.Friday}, {"nl", "Vrijdag", time.Friday}, {"nl", "vr", time.Friday}, {"nl", "ZO", time.Sunday},
		{"nl", "maandag", time.Monday}, {"nl", "woensdag", time.Wednesday}, {"nl", "zaterdag", time.Saturday},
		{"en", "vrijdag", time.Friday}, {"en", "donderdag", time.Thursday}, {"en", "di", time.Tuesday},
		{"nl", "Friday", time.Friday}, {"nl", "sat", time.Saturday}, {"en", "MONDAY", time.Monday},
	} {
		t.Setenv("KLANTPULS_LANG", c.lang)
		if _, stderr, code := p.run("digest", "schedule", "lead@example.com", "--weekly", c.day); code != 0 {
			t.Errorf("--weekly %s (%s): exit %d\n%s", c.day, c.lang, code, stderr)
			continue
		}
		ctx := context.Background()
		a, err := app.Open(ctx, p.db, nil)
		if err != nil {
			t.Fatal(err)
		}
		u, _ := a.UserByEmail(ctx, "lead@example.com")
		if s, err := a.DigestSchedule(ctx, u.ID); err != nil || s.Frequency != "weekly" || s.Weekday != c.want {
			t.Errorf("--weekly %s (%s): stored %+v, %v; want weekly on %s", c.day, c.lang, s, err, c.want)
		}
		a.Close()
	}
	// Neither a typo nor a day's first letters beyond its short form.
	for _, day := range []string{"vrij", "vrijdagg", "fr", "monkey"} {
		if _, _, code := p.run("digest", "schedule", "lead@example.com", "--weekly", day); code != 2 {
			t.Errorf("--weekly %s: exit %d, want 2", day, code)
		}
	}
}
