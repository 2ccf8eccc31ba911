package main

import (
	"strings"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/importer"
	"github.com/klantpuls/klantpuls/internal/mail"
)

// The words a command says in its language: what it logs (say.go), and below, what it answers
// its user — confirmations, summaries, refusals (env.say, env.refused). Machine output (JSON, a
// token or a secret printed for a script, a table's columns) has no language.
//
// The words of what a command logs (say.go) in its language. A record's message is app's
// (app.Log…) or the command's own (say…) as it is logged in English, and looked up here for
// Dutch; a message this table lacks — a ClickHouse shipper's news — is said as it is logged.
// The names of a record's attributes are looked up the same way; their values are counts and
// durations as the language writes numbers, words of app's looked up (sayDutchValues), and
// anything else (a file, an error of the system's) as it is (sayAttrValue).

// What a command logs of its own, beside what app logs.
const (
	sayEngineFileNotWritten = "engine file not written"
	sayEngineFileRefused    = "engine file not used; the next report writes it anew"
	sayEngineFileMadeAnew   = "engine file not used; made anew"
	sayEngineFileBehind     = "engine file not brought up to date"
	sayHistoryNotWritten    = "the import history was not written"
	sayAuditNotWritten      = "the audit log was not written"
)

var (
	sayWarning = importer.Message{EN: "warning: ", NL: "waarschuwing: "}
	sayError   = importer.Message{EN: "error: ", NL: "fout: "}
	sayYes     = importer.Message{EN: "yes", NL: "ja"} // a true value of an attribute (sayAttrValue)
	sayNo      = importer.Message{EN: "no", NL: "nee"}
	// The line under a refusal that keeps the database's own words (sayCause).
	msgDatabaseSaid = importer.Message{EN: "the database said: %v", NL: "de database zei: %v"}
)

// sayDutch are the Dutch words of the messages.
var sayDutch = map[string]string{
	app.LogEngineFileNotUsed:      "engine-bestand niet gebruikt, de cijfers worden uit de database geladen",
	sayEngineFileRefused:          "engine-bestand niet gebruikt; het volgende rapport schrijft het opnieuw",
	sayEngineFileMadeAnew:         "engine-bestand niet gebruikt; opnieuw gemaakt",
	sayEngineFileNotWritten:       "engine-bestand niet geschreven",
	sayEngineFileBehind:           "engine-bestand niet bijgewerkt",
	sayHistoryNotWritten:          "de importgeschiedenis is niet bijgewerkt",
	sayAuditNotWritten:            "het auditlog is niet bijgewerkt",
	app.LogEngineLoaded:           "engine geladen",
	app.LogImportPhaseNotRecorded: "hoe ver de import was, is niet vastgelegd",
	app.LogRepliesNotScored:       "het sentiment van eerdere antwoorden bij opvolging is niet gescoord",
	app.LogRepliesScored:          "sentiment van eerdere antwoorden bij opvolging opgeslagen",
	app.LogTextsScored:            "sentiment van eerdere teksten opgeslagen",
	app.LogRescoring:              "eerdere teksten opnieuw scoren met de nieuwere sentimentscorer",
	app.LogRescored:               "eerdere teksten opnieuw gescoord met de nieuwere sentimentscorer",
	app.LogRescoreLeaseKept:       "het opnieuw scoren van eerdere teksten is niet vrijgegeven voor een ander proces",
	app.LogNamesNotRecorded:       "namen van records die een oudere versie schreef zijn niet vastgelegd",
}

// sayDutchValues are the Dutch words of the values of attributes that app words itself: each
// alone, or followed by its detail, said as it is (app.WhyDamaged).
var sayDutchValues = map[string]string{
	app.WhyNotEngineFile: "geen engine-bestand van deze versie, of afgebroken",
	app.WhyOtherEngine:   "gemaakt door een andere versie, of met andere openingstijden of thema's",
	app.WhyUnreadable:    "onleesbaar",
	app.WhyNoDatabaseID:  "het id van de database kan niet worden gelezen of gemaakt",
	app.WhyOtherDatabase: "gemaakt van een andere database",
	app.WhyDamaged:       "beschadigd",
	app.WhyHeadUnread:    "beschadigd: de wijziging in de kop is niet leesbaar",
	app.WhyHeadColumns:   "beschadigd: de kop en de kolommen noemen een andere wijziging",
	app.WhyAhead:         "verder dan de wijzigingen van de database: is de database teruggezet uit een back-up?",
	app.WhyOtherHistory: "niet van de geschiedenis van deze database: het is gemaakt na een wijziging die de database " +
		"niet bevat; is de database teruggezet uit een kopie van het bestand?",
}

// sayDutchNames are the Dutch names of the attributes.
var sayDutchNames = map[string]string{
	"file": "bestand", "why": "reden", "error": "fout", "replies": "antwoorden", "texts": "teksten",
	"import": "import", "phase": "fase", "for": "voor", "records": "records", "from_snapshot": "uit bestand",
	"took": "duur", "read": "gelezen", "from_version": "van versie", "to_version": "naar versie",
}

// sayMessage is message in lang.
func sayMessage(message string, lang importer.Lang) string {
	if w, ok := sayDutch[message]; ok && lang == importer.Dutch {
		return w
	}
	return message
}

// sayValue is the value of an attribute in lang: words of sayDutchValues, and after them
// their detail (": " an error, " (" ids and numbers) as it is. The longest words that begin the
// value are its words: "damaged: its head's change …" is not "damaged" and a detail.
func sayValue(value string, lang importer.Lang) string {
	if lang != importer.Dutch {
		return value
	}
	words := ""
	for en := range sayDutchValues {
		rest, ok := strings.CutPrefix(value, en)
		if ok && len(en) > len(words) && (rest == "" || strings.HasPrefix(rest, ": ") || strings.HasPrefix(rest, " (")) {
			words = en
		}
	}
	if words == "" {
		return value
	}
	return sayDutchValues[words] + value[len(words):]
}

// sayName is the name of an attribute in lang.
func sayName(name string, lang importer.Lang) string {
	if w, ok := sayDutchNames[name]; ok && lang == importer.Dutch {
		return w
	}
	return name
}

// count is the words of a number of things (importer.Count): for one and for any other number,
// in English and in Dutch.
func count(oneEN, otherEN, oneNL, otherNL string) importer.Count {
	return importer.Count{One: importer.Message{EN: oneEN, NL: oneNL}, Other: importer.Message{EN: otherEN, NL: otherNL}}
}

// What the commands answer their user, in English and Dutch. A flag, a command, a role or a
// kind is said as it is typed; the names of weekdays are the pages' (web.WeekdayName).
var (
	msgNoDatabase = importer.Message{
		EN: "no database at %s: check --db (or $KLANTPULS_DB), or %s",
		NL: "geen database op %s: controleer --db (of $KLANTPULS_DB), of %s",
	}
	msgBeginWithImport = importer.Message{
		EN: "make one with klantpuls import (your data) or klantpuls demo",
		NL: "maak er een met klantpuls import (uw gegevens) of klantpuls demo",
	}
	msgBeginWithSync = importer.Message{
		EN: "begin with the first sync, which says how far back to read: klantpuls sync %s --since 2026-01-01",
		NL: "begin met de eerste sync, die zegt hoe ver terug die leest: klantpuls sync %s --since 2026-01-01",
	}
	msgNoUser = importer.Message{
		EN: "no user %s (klantpuls user list shows them)",
		NL: "geen gebruiker %s (klantpuls user list toont ze)",
	}
	msgEngineFileNotRemoved = importer.Message{
		EN: "the engine file %s could not be removed (remove it by hand)",
		NL: "het engine-bestand %s kon niet worden verwijderd (verwijder het met de hand)",
	}
	msgReportWritesFile = importer.Message{
		EN: "--format %s writes a file: add --out FILE, or send stdout to a file (> report.%s)",
		NL: "--format %s schrijft een bestand: voeg --out BESTAND toe, of stuur stdout naar een bestand (> report.%s)",
	}
	// migrate: what it did, which an upgrade's operator reads (README, Production).
	msgSchemaMigrated = importer.Message{
		EN: "migrate: schema brought from version %d to %d (%s)",
		NL: "migrate: schema bijgewerkt van versie %d naar %d (%s)",
	}
	countMigrations  = count("%s migration", "%s migrations", "%s migratie", "%s migraties")
	msgSchemaCurrent = importer.Message{EN: "migrate: already at version %d", NL: "migrate: al op versie %d"}
)

// digest schedule and digest send.
var (
	msgDigestChooseOne = importer.Message{
		EN: "choose one of --daily, --weekly DAY, --monthly or --none",
		NL: "kies een van --daily, --weekly DAG, --monthly of --none",
	}
	msgDigestNotADay = importer.Message{
		EN: "--weekly: %q is not a day (%s, or the day's full name)",
		NL: "--weekly: %q is geen dag (%s, of de volledige naam van de dag)",
	}
	msgDigestNotATime = importer.Message{EN: "time %q is not HH:MM", NL: "tijdstip %q is geen UU:MM"}
	msgDigestFor      = importer.Message{EN: "digest for %s: %s", NL: "overzicht per e-mail voor %s: %s"}
	msgDigestNone     = importer.Message{EN: "none", NL: "geen"}
	msgDigestWeekly   = importer.Message{EN: "weekly on %s at %s %s, in %s", NL: "wekelijks op %s om %s %s, taal %s"}
	msgDigestDaily    = importer.Message{EN: "daily at %s %s, in %s", NL: "dagelijks om %s %s, taal %s"}
	msgDigestMonthly  = importer.Message{EN: "monthly at %s %s, in %s", NL: "maandelijks om %s %s, taal %s"}
	msgDigestNoMail   = importer.Message{
		EN: "no mail server configured: set [mail] host in the config file",
		NL: "geen mailserver ingesteld: zet host onder [mail] in het configuratiebestand",
	}
	msgDigestTo = importer.Message{EN: "digest to %s", NL: "overzicht aan %s"}
	// What a refusal for good means for the recipient (mail.RefusalSaid), before the server's
	// reply, and an address held back after one (mail.ErrHeld).
	msgMailBounced = importer.Message{EN: mail.BounceSaid,
		NL: "de mailserver weigerde het adres voorgoed (een bounce); het wordt bij elke mail tegengehouden tot een beheerder " +
			"het vrijgeeft op de pagina Enquêtes"}
	msgMailRefused = importer.Message{EN: mail.RefusedSaid,
		NL: "de mailserver weigerde dit bericht voorgoed, niet het adres (er wordt niets tegengehouden); zijn antwoord zegt " +
			"waarom, vaak de afzender onder [mail] (from, en de SPF, DKIM en DMARC van zijn domein), een volle mailbox of " +
			"de grootte van het bericht"}
	msgMailHeld = importer.Message{EN: mail.ErrHeld.Error(),
		NL: "niet verstuurd: een mailserver weigerde het adres eerder voorgoed (een bounce); het wordt tegengehouden tot een " +
			"beheerder het vrijgeeft"}
	msgDigestSent = importer.Message{EN: "sent %q to %s", NL: "%q verstuurd aan %s"}
)

// token create and user.
var (
	msgNoAdmin = importer.Message{
		EN: "no administrator to own the token: create one with `klantpuls user add --role admin` or by starting `klantpuls serve`",
		NL: "geen beheerder die eigenaar van het token kan zijn: maak er een met `klantpuls user add --role admin` of door `klantpuls serve` te starten",
	}
	msgTokenBadExpires = importer.Message{
		EN: "--expires: %q is not a number of days from 1 to %d like \"90d\", or \"never\"",
		NL: "--expires: %q is geen aantal dagen van 1 tot %d zoals \"90d\", of \"never\"",
	}
	msgTokenNoExpiry = importer.Message{EN: "it does not expire", NL: "het verloopt niet"}
	msgTokenExpires  = importer.Message{EN: "it expires %s", NL: "het verloopt %s"}
	msgTokenMade     = importer.Message{
		EN: "token %q (%s) for %s, %s; copy it now, it is not shown again:",
		NL: "token %q (%s) voor %s, %s; kopieer het nu, het wordt niet nog eens getoond:",
	}
	msgUserNewPassword = importer.Message{
		EN: "set KLANTPULS_USER_PASSWORD to the new user's password",
		NL: "zet KLANTPULS_USER_PASSWORD op het wachtwoord van de nieuwe gebruiker",
	}
	msgUserPasswordNeeded = importer.Message{
		EN: "set KLANTPULS_USER_PASSWORD to the user's new password",
		NL: "zet KLANTPULS_USER_PASSWORD op het nieuwe wachtwoord van de gebruiker",
	}
	msgUserSetNothing = importer.Message{EN: "give --role, --agent or --team to change", NL: "geef --role, --agent of --team om te wijzigen"}
	msgUserAdded      = importer.Message{EN: "user %s (%s) added", NL: "gebruiker %s (%s) toegevoegd"}
	msgUserChanged    = importer.Message{EN: "user %s: %s", NL: "gebruiker %s: %s"}
	msgUserPassword   = importer.Message{
		EN: "user %s: password set, their sessions ended",
		NL: "gebruiker %s: wachtwoord ingesteld, de sessies beëindigd",
	}
	msgUserRemoved = importer.Message{EN: "user %s removed: %s", NL: "gebruiker %s verwijderd: %s"}
)

// connection.
var (
	msgConnectionNoStdin = importer.Message{
		EN: "%s: standard input holds no %s; pipe in the one the tool shows (with --secret-stdin and --api-token-stdin: the secret, then the token, each on a line)",
		NL: "%s: standaardinvoer bevat geen %s; geef die van de tool door via een pipe (met --secret-stdin en --api-token-stdin: het geheim, dan het token, elk op een regel)",
	}
	msgConnectionSecret = importer.Message{EN: "secret", NL: "geheim"}
	msgConnectionToken  = importer.Message{EN: "API token", NL: "API-token"}
	msgConnectionMade   = importer.Message{
		EN: "connection %q (%s; may write %s) made. In %s, set the webhook URL to this server's address followed by the path",
		NL: "koppeling %q (%s; mag %s schrijven) gemaakt. Zet in %s de webhook-URL op het adres van deze server gevolgd door het pad",
	}
	msgConnectionSecretOnce = importer.Message{
		EN: ", and the secret (copy it now, it is not shown again)",
		NL: ", en het geheim (kopieer het nu, het wordt niet nog eens getoond)",
	}
	msgConnectionNone = importer.Message{
		EN: "no webhook connections (make one with klantpuls connection add)",
		NL: "geen webhookkoppelingen (maak er een met klantpuls connection add)",
	}
	msgNoConnection = importer.Message{
		EN: "no connection %s (klantpuls connection list shows them)",
		NL: "geen koppeling %s (klantpuls connection list toont ze)",
	}
	msgConnectionRemoved = importer.Message{
		EN: "connection %q (%s) removed; its path answers 404 from now on",
		NL: "koppeling %q (%s) verwijderd; het pad antwoordt vanaf nu met 404",
	}
)

// backup, restore, delete, erase, clickhouse rebuild, demo.
var (
	msgBackupPostgres = importer.Message{
		EN: "back up PostgreSQL with pg_dump (README, production)",
		NL: "maak een backup van PostgreSQL met pg_dump (README, productie)",
	}
	msgBackupWritten   = importer.Message{EN: "backup: %s written", NL: "backup: %s geschreven"}
	msgRestorePostgres = importer.Message{
		EN: "restore PostgreSQL with pg_restore or psql (README, production)",
		NL: "zet PostgreSQL terug met pg_restore of psql (README, productie)",
	}
	msgRestoreExists = importer.Message{
		EN: "%s exists: stop the server and add --force to replace it",
		NL: "%s bestaat al: stop de server en voeg --force toe om het te vervangen",
	}
	msgRestored = importer.Message{
		EN: "restore: %s restored from %s (%s kept from the database it replaced)",
		NL: "restore: %s teruggezet uit %s (%s bewaard uit de database die het verving)",
	}
	countAuditLines = count("%s audit log line", "%s audit log lines", "%s regel van het auditlog", "%s regels van het auditlog")
	msgErasedAgain  = importer.Count{
		One: importer.Message{
			EN: "restore: %s customer erased again%s: the database replaced had erased them after the backup was taken",
			NL: "restore: %s klant opnieuw gewist%s: de vervangen database had die gewist nadat de backup gemaakt was",
		},
		Other: importer.Message{
			EN: "restore: %s customers erased again%s: the database replaced had erased them after the backup was taken",
			NL: "restore: %s klanten opnieuw gewist%s: de vervangen database had ze gewist nadat de backup gemaakt was",
		},
	}
	msgErasedAgainPurged = importer.Message{EN: " (%s purged)", NL: " (%s met hun records verwijderd)"}
	msgUnerased          = importer.Count{
		One: importer.Message{
			EN: "restore: %s customer erased from the database replaced is not erased in the backup, which may hold their personal data again: erase them again (klantpuls erase --customer ID --ahead)",
			NL: "restore: %s klant die in de vervangen database gewist was, is in de backup niet gewist, die de persoonsgegevens weer kan bevatten: wis die opnieuw (klantpuls erase --customer ID --ahead)",
		},
		Other: importer.Message{
			EN: "restore: %s customers erased from the database replaced are not erased in the backup, which may hold their personal data again: erase them again (klantpuls erase --customer ID --ahead)",
			NL: "restore: %s klanten die in de vervangen database gewist waren, zijn in de backup niet gewist, die hun persoonsgegevens weer kan bevatten: wis ze opnieuw (klantpuls erase --customer ID --ahead)",
		},
	}
	msgDeleteCriterion = importer.Message{
		EN: "--criterion: a review is rated per criterion; name the row to delete",
		NL: "--criterion: een review heeft een score per criterium; noem de regel die weg moet",
	}
	msgDeleted         = importer.Message{EN: "delete: %s %s deleted", NL: "delete: %s %s verwijderd"}
	msgErased          = importer.Message{EN: "erase: customer %s erased: %s, %s deleted", NL: "erase: klant %s gewist: %s, %s verwijderd"}
	countErasedRecords = count("%s record without its text", "%s records without their text",
		"%s record zonder de tekst", "%s records zonder hun tekst")
	msgEraseLeftovers = importer.Message{
		EN: "erase: these still hold the customer's text; remove them or the lines naming the customer:\n  %s",
		NL: "erase: deze bevatten nog tekst van de klant; verwijder ze of de regels die de klant noemen:\n  %s",
	}
	msgNoClickHouse = importer.Message{
		EN: "no ClickHouse to rebuild: give --clickhouse (or $KLANTPULS_CLICKHOUSE) or set [engine] clickhouse in the config file; nothing was dropped",
		NL: "geen ClickHouse om opnieuw op te bouwen: geef --clickhouse (of $KLANTPULS_CLICKHOUSE) of zet clickhouse onder [engine] in het configuratiebestand; er is niets verwijderd",
	}
	msgClickHouseLeft = importer.Message{
		EN: "ClickHouse dropped; the serve node that ships (it holds the lease) ships every record again: its log tells how far it is.",
		NL: "ClickHouse verwijderd; de serve-node die verstuurt (die heeft de lease) verstuurt elk record opnieuw: zijn log zegt hoe ver die is.",
	}
	msgClickHouseRebuilt = importer.Message{
		EN: "ClickHouse rebuilt: %s shipped in %s s (%s a second).",
		NL: "ClickHouse opnieuw opgebouwd: %s verstuurd in %s s (%s per seconde).",
	}
	countChanges    = count("%s change", "%s changes", "%s wijziging", "%s wijzigingen")
	msgDemoNotADate = importer.Message{EN: "--until %q is not a date YYYY-MM-DD", NL: "--until %q is geen datum JJJJ-MM-DD"}
	msgDemoWritten  = importer.Message{
		EN: "demo: %s written in %s s (%s changed)",
		NL: "demo: %s geschreven in %s s (%s gewijzigd)",
	}
	countDemoRows = count("%s row", "%s rows", "%s rij", "%s rijen")
	msgDemoTry    = importer.Message{
		EN: "demo: %s to %s; try: klantpuls --db %s report --from %s --to %s --by team",
		NL: "demo: %s tot en met %s; probeer: klantpuls --db %s report --from %s --to %s --by team",
	}
	countRecords        = count("%s record", "%s records", "%s record", "%s records")
	countDeletions      = count("%s deletion", "%s deletions", "%s verwijdering", "%s verwijderingen")
	countErased         = count("%s erased customer", "%s erased customers", "%s gewiste klant", "%s gewiste klanten")
	msgHeldImports      = importer.Message{EN: "an import history", NL: "een importgeschiedenis"}
	countUsers          = count("%s user", "%s users", "%s gebruiker", "%s gebruikers")
	msgHeldAudit        = importer.Message{EN: "an audit log", NL: "een auditlog"}
	msgDemoHoldsRecords = importer.Message{
		EN: "demo: %s holds records already (%s), and the demo's would be mixed into them (replacing those with the same ids): nothing written; demo data goes into a new file: klantpuls --db demo.db demo",
		NL: "demo: %s bevat al records (%s), en die van de demo zouden ermee vermengd raken (en die met dezelfde id's vervangen): niets geschreven; demogegevens gaan in een nieuw bestand: klantpuls --db demo.db demo",
	}
	msgDemoHeld = importer.Message{
		EN: "demo: %s holds no records, but has held your data (%s): nothing written, as the demo's fictional records would be mixed into its history; demo data goes into a new file: klantpuls --db demo.db demo",
		NL: "demo: %s bevat geen records, maar heeft uw gegevens bevat (%s): niets geschreven, want de verzonnen records van de demo zouden met de geschiedenis ervan vermengd raken; demogegevens gaan in een nieuw bestand: klantpuls --db demo.db demo",
	}
)

// sync.
var (
	msgSynced        = importer.Message{EN: "%s: %s, %s%s, %s written", NL: "%s: %s, %s%s, %s geschreven"}
	countPages       = count("%s page", "%s pages", "%s pagina", "%s pagina's")
	msgSyncDeleted   = importer.Message{EN: ", %s reported deleted", NL: ", %s gemeld als verwijderd"}
	msgSyncNoRecords = importer.Message{EN: "no records", NL: "geen records"}
	msgSyncBadSince  = importer.Message{
		EN: "--since %q: write a date as 2026-01-31 or a time as 2026-01-31T08:00:00Z",
		NL: "--since %q: schrijf een datum als 2026-01-31 of een tijd als 2026-01-31T08:00:00Z",
	}
	msgSyncLater = importer.Message{EN: "try again when it is done", NL: "probeer het opnieuw als die klaar is"}
)

// model fit: its table (the parameters keep the papers' names) and its refusals.
var (
	msgModelNotADate = importer.Message{EN: "--as-of %q is not a date YYYY-MM-DD", NL: "--as-of %q is geen datum JJJJ-MM-DD"}
	msgModelNotOver  = importer.Message{
		EN: "--as-of %s is not over yet: the models observe days up to yesterday (%s)",
		NL: "--as-of %s is nog niet voorbij: de modellen bekijken de dagen tot en met gisteren (%s)",
	}
	msgModelNoFigures = importer.Message{EN: "model fit as of %s: no figures", NL: "model fit op %s: geen cijfers"}
	msgModelTooFew    = importer.Count{
		One: importer.Message{
			EN: "model fit as of %s: %s customer made a repeat purchase; the models need at least %s; no figures",
			NL: "model fit op %s: %s klant deed een herhaalaankoop; de modellen hebben er minstens %s nodig; geen cijfers",
		},
		Other: importer.Message{
			EN: "model fit as of %s: %s customers made a repeat purchase; the models need at least %s; no figures",
			NL: "model fit op %s: %s klanten deden een herhaalaankoop; de modellen hebben er minstens %s nodig; geen cijfers",
		},
	}
	msgModelFitted = importer.Message{
		EN: "as of %s: %s, %s with a repeat purchase (time in weeks)",
		NL: "op %s: %s, %s met een herhaalaankoop (tijd in weken)",
	}
	countCustomers   = count("%s customer", "%s customers", "%s klant", "%s klanten")
	msgChurnBacktest = importer.Message{
		EN: "churn risk   cut-off %s (label %s): AUC %s, top-decile lift %s, %s scored (%s churned), trained on %s (%s churned), fitted in %s s",
		NL: "churnrisico  peildatum %s (label %s): AUC %s, lift van het hoogste deciel %s, %s gescoord (%s vertrokken), getraind op %s (%s vertrokken), gefit in %s s",
	}
	// Over the columns of the deciles (printChurnBacktest): "%6s %7s %10s %9s".
	msgChurnDeciles = importer.Message{EN: "decile       n  predicted  observed", NL: "deciel       n  voorspeld werkelijk"}
	noteNoSettings  = importer.Message{
		EN: "churn_backtest is null: the settings cannot be read (%v)",
		NL: "churn_backtest is leeg: de instellingen kunnen niet worden gelezen (%v)",
	}
	noteNoChurnModel = importer.Message{
		EN: "churn_backtest is null: the churn risk model cannot be fitted (%v)",
		NL: "churn_backtest is leeg: het churnrisicomodel kan niet worden gefit (%v)",
	}
	noteChurnUsable   = importer.Message{EN: "churn risk: usable, the Risico page ranks customers", NL: "churnrisico: bruikbaar, de pagina Risico rangschikt de klanten"}
	noteChurnUnusable = importer.Message{
		EN: "churn risk: below AUC %s or %s churned customers, the Risico page shows no ranking",
		NL: "churnrisico: onder AUC %s of %s vertrokken klanten, de pagina Risico toont geen rangschikking",
	}
)

// import --list-presets (a preset's name and title are the preset's), sentiment, and serve's
// questions for the first administrator on a terminal.
var (
	msgPresetSource = importer.Message{EN: "  source: %s", NL: "  bron: %s"}
	// On the progress bar of an import: the file, its rows so far and their rate.
	msgImportProgress    = importer.Message{EN: "%s: %s, %s rows/s", NL: "%s: %s, %s regels/s"}
	msgPresetsUsePreset  = importer.Message{EN: "\nUse one with: klantpuls import --preset NAME FILE (docs/mapping.md)", NL: "\nGebruik er een met: klantpuls import --preset NAAM BESTAND (docs/mapping.md)"}
	msgPresetsSaved      = importer.Message{EN: "\nMappings saved in the browser import:", NL: "\nMappings bewaard in de browserimport:"}
	msgPresetUnreadable  = importer.Message{EN: "(no longer reads: delete it on the page of saved mappings)", NL: "(leest niet meer: verwijder hem op de pagina met bewaarde mappings)"}
	msgPresetSavedBy     = importer.Message{EN: "  saved by %s on %s", NL: "  bewaard door %s op %s"}
	msgPresetsUseMapping = importer.Message{EN: "\nUse one with: klantpuls import --mapping NAME FILE", NL: "\nGebruik er een met: klantpuls import --mapping NAAM BESTAND"}
	msgSentimentLine     = importer.Message{
		EN: "standard input, line %d: %v (one text per line, at most %s bytes)",
		NL: "standaardinvoer, regel %d: %v (één tekst per regel, hoogstens %s bytes)",
	}
	msgAskAdmin    = importer.Message{EN: "klantpuls has no users yet. Create the administrator.", NL: "klantpuls heeft nog geen gebruikers. Maak de beheerder aan."}
	msgAskEmail    = importer.Message{EN: "E-mail: ", NL: "E-mailadres: "}
	msgAskPassword = importer.Message{EN: "Password (at least %d characters): ", NL: "Wachtwoord (minstens %d tekens): "}
	msgAskAgain    = importer.Message{EN: "Again: ", NL: "Nog een keer: "}
	msgAskDiffer   = importer.Message{EN: "The passwords differ; try again.", NL: "De wachtwoorden verschillen; probeer het opnieuw."}
	msgAskNotThis  = importer.Message{EN: "Not this one: %s.", NL: "Niet dit: %s."}
)
