package mapping

import (
	"fmt"

	"github.com/klantpuls/klantpuls/internal/importer/cells"
)

// fileMistake is an error in a mapping file itself: the TOML key it is at, and a message of
// the catalogue below saying what is wrong and what to write. Parse puts the file and the
// key's line in front (at), so whoever reports it words it in its reader's language with
// cells.Reason, as every other import error.
type fileMistake struct {
	key  string
	line int // where toml said it is; 0: the key's line in the text
	m    msg
	args []any
}

func (e *fileMistake) Error() string { return e.key + ": " + e.m.In(cells.English, e.args...) }

func mistake(key string, m msg, args ...any) error { return &fileMistake{key: key, m: m, args: args} }

// at is the mistake as Parse returns it, FILE:LINE: key: reason (without the line when the
// file writes neither the key nor a table around it: a title left out).
func (e *fileMistake) at(file, text string) error {
	where, line := file, e.line
	if line == 0 {
		line = lineOf(text, e.key)
	}
	if line > 0 {
		where = fmt.Sprintf("%s:%d", file, line)
	}
	if e.key != "" {
		where += ": " + e.key
	}
	return e.m.ErrAt(where, e.args...)
}

// The syntax and the shape of values.
var (
	msgNotTOML = msg{
		"%s (the file is not TOML; see docs/mapping.md)",
		"het bestand is geen geldige TOML (de TOML-lezer meldt: %s); zie docs/mapping.md"}
	msgKeyTwice = msg{
		"given a second time (first on line %d): keep one",
		"staat er een tweede keer (eerst op regel %d): houd er een"}
	msgWrongType = msg{
		"write %s here, not %s",
		"schrijf hier %s, geen %s"}
	msgUnknownRecognise = msg{
		`unknown key; [recognise] takes columns = ["…"]`,
		`onbekende sleutel; [recognise] kent alleen columns = ["…"]`}
	msgUnknownKey = msg{
		"unknown key; this table takes %s",
		"onbekende sleutel; deze tabel kent %s"}
	msgUnknownAnywhere = msg{
		"unknown key; see docs/mapping.md for the keys of a mapping file",
		"onbekende sleutel; zie docs/mapping.md voor de sleutels van een mappingbestand"}
)

// The kinds of TOML value, as msgWrongType names them: what the toml package calls the value
// written, and what it calls the value a key takes.
var (
	valueWords = map[string]msg{
		"string":                  {"text", "tekst"},
		"int64":                   {"a whole number", "een geheel getal"},
		"float64":                 {"a number with decimals", "een getal met decimalen"},
		"bool":                    {"true or false", "true of false"},
		"time.Time":               {"a date or time without quotes", "een datum of tijd zonder aanhalingstekens"},
		"[]interface {}":          {"a list", "een lijst"},
		"map[string]interface {}": {"a table", "een tabel"},
	}
	takesWords = map[string]msg{
		"string":  {`text in quotes ("…")`, `tekst tussen aanhalingstekens ("…")`},
		"integer": {"a whole number", "een geheel getal"},
		"float":   {"a number", "een getal"},
		"boolean": {"true or false", "true of false"},
		"slice":   {`a list ["…", "…"]`, `een lijst ["…", "…"]`},
		"table":   {`a table { … }`, `een tabel { … }`},
		"map":     {`a table { … }`, `een tabel { … }`},
	}
)

// The file's own keys.
var (
	msgNoTitle = msg{
		`missing; write what the file reads, such as title = "Zendesk: tickets (CSV export)"`,
		`ontbreekt; schrijf wat het bestand leest, zoals title = "Zendesk: tickets (CSV-export)"`}
	msgHeaderRowCount = msg{
		"%d header rows; write 1, or 2 when the first row holds the questions and the second their answer options",
		"%d kopregels; schrijf 1, of 2 als de eerste regel de vragen bevat en de tweede hun antwoordopties"}
	msgNoTimezone = msg{
		`%q is not a time zone; write an IANA name such as "Europe/Amsterdam" or "UTC", or leave it out for the account's zone`,
		`%q is geen tijdzone; schrijf een IANA-naam zoals "Europe/Amsterdam" of "UTC", of laat hem weg voor de tijdzone van het account`}
	msgNoDecimal = msg{
		`%q is no decimal separator; write "." or ",", or leave it out to read each number as it comes`,
		`%q is geen decimaalteken; schrijf "." of ",", of laat het weg om elk getal te lezen zoals het komt`}
	msgTimeFormatPart = msg{
		`%q has %q, which is neither a part (YYYY MM M DD D HH H hh h mm ss A Z ZZ) nor a separator (space - / : . , T); write the format such as "DD-MM-YYYY HH:mm"`,
		`%q bevat %q, dat geen deel (YYYY MM M DD D HH H hh h mm ss A Z ZZ) en geen scheidingsteken (spatie - / : . , T) is; schrijf het formaat zoals "DD-MM-YYYY HH:mm"`}
	msgTimeFormatDate = msg{
		`%q lacks the year, month or day (YYYY, MM or M, DD or D); write the format such as "DD-MM-YYYY HH:mm"`,
		`%q mist het jaar, de maand of de dag (YYYY, MM of M, DD of D); schrijf het formaat zoals "DD-MM-YYYY HH:mm"`}
	msgFooterPattern = msg{
		`%q is not a regular expression (%v); write a pattern for the first cell of a footer line, such as "^Period"`,
		`%q is geen reguliere expressie (%v); schrijf een patroon voor de eerste cel van een voetregel, zoals "^Periode"`}
	msgNoKinds = msg{
		"the map yields no records; add a table [kinds.KIND.fields] for one of %s",
		"de mapping levert geen records op; voeg een tabel [kinds.SOORT.fields] toe voor een van %s"}
	msgNotAKind = msg{
		"%q is not a record kind; write one of %s",
		"%q is geen soort record; schrijf een van %s"}
)

// A kind's keys ([kinds.KIND]).
var (
	msgCompleteAndUpdate = msg{
		"complete and update both; a kind's records either complete the stored ones or update the fields they map",
		"complete en update allebei; de records van een soort vullen de opgeslagen records aan, of werken de velden bij die ze mappen, niet allebei"}
	msgNoSuchColumn = msg{
		"%s has no column %q; write one of %s",
		"%s heeft geen kolom %q; schrijf een van %s"}
	msgFieldMissing = msg{
		`%s needs %s; add %s = { column = "…" } (or value = "…" for a constant)`,
		`%s heeft %s nodig; voeg %s = { column = "…" } toe (of value = "…" voor een vaste waarde)`}
	msgAfterNotTime = msg{
		`%q is not a time field of this kind read from the source; write the field the duration runs from, such as after = "created_at"`,
		`%q is geen tijdveld van deze soort dat uit de bron komt; schrijf het veld waar de tijdsduur vanaf loopt, zoals after = "created_at"`}
	msgWhenFilled = msg{
		"%q is not a field of this map's %s; write fields given under [%s.fields]",
		"%q is geen veld van %s in deze mapping; schrijf velden die onder [%s.fields] staan"}
	msgRepeats = msg{
		`%q; write "merge" to keep one record per key, or leave it out to refuse a key met twice`,
		`%q; schrijf "merge" om één record per sleutel te houden, of laat het weg om een sleutel die twee keer voorkomt te weigeren`}
	msgEarliest = msg{
		`%q; list time fields of this kind, and only with repeats = "merge" or complete = true`,
		`%q; noem tijdvelden van deze soort, en alleen met repeats = "merge" of complete = true`}
	msgSum = msg{
		`%q; list amount fields of this kind (such as "amount"), and only with repeats = "merge"`,
		`%q; noem bedragvelden van deze soort (zoals "amount"), en alleen met repeats = "merge"`}
	msgOwnMeaning = msg{
		"%q is a column name klantpuls gives its own meaning (or none); map it under [%s.fields] instead",
		"%q is een kolomnaam die klantpuls een eigen betekenis geeft (of een lege naam); map hem in plaats daarvan onder [%s.fields]"}
	msgVersion = msg{
		`%q; name the export's column with the time the record last changed (such as "updated_at"), and not with repeats = "merge"`,
		`%q; noem de kolom van de export met het tijdstip waarop het record voor het laatst veranderde (zoals "updated_at"), en niet met repeats = "merge"`}
	msgVersionAttribute = msg{
		`%q is where klantpuls keeps the version (version = "…"); keep the column under another name`,
		`%q is waar klantpuls de versie bewaart (version = "…"); bewaar de kolom onder een andere naam`}
	msgSkipRule = msg{
		`%q = %q: write a column and a regular expression its cells match in the rows to leave out, such as "Financial Status" = "^voided$"`,
		`%q = %q: schrijf een kolom en een reguliere expressie waar de cellen van de over te slaan regels aan voldoen, zoals "Financial Status" = "^voided$"`}
	msgDeleteRule = msg{
		`%q = %q: write a column and a regular expression its cells match in the rows whose stored record to delete, such as "Financial Status" = "^voided$"`,
		`%q = %q: schrijf een kolom en een reguliere expressie waar de cellen van de regels aan voldoen waarvan het opgeslagen record weg moet, zoals "Financial Status" = "^voided$"`}
)

// A field's keys ([kinds.KIND.fields]).
var (
	msgOneSource = msg{
		`give exactly one source: column = "Name", match = "regular expression", join = ["A", "B"] or value = "constant"`,
		`geef precies één bron: column = "Naam", match = "reguliere expressie", join = ["A", "B"] of value = "vaste waarde"`}
	msgMatchPattern = msg{
		`%q is not a regular expression (%v); write a pattern the column's header matches, such as "recommend"`,
		`%q is geen reguliere expressie (%v); schrijf een patroon waar de kop van de kolom aan voldoet, zoals "aanbevelen"`}
	msgSeparator = msg{
		`goes with join; remove it or give join = ["A", "B"]`,
		`hoort bij join; haal het weg of geef join = ["A", "B"]`}
	msgValueTwice = msg{
		"%q is given twice (values match trimmed, upper and lower case alike); keep one",
		"%q staat er twee keer (waarden worden vergeleken zonder spaties eromheen, hoofd- en kleine letters gelijk); houd er een"}
	msgDefault = msg{
		`goes with values; give values = { "Source value" = "klantpuls value" } or remove it`,
		`hoort bij values; geef values = { "Waarde in de bron" = "waarde in klantpuls" } of haal het weg`}
	msgNoUnit = msg{
		`%q is no unit; write "seconds", "minutes", "hours" or "hh:mm:ss"`,
		`%q is geen eenheid; schrijf "seconds", "minutes", "hours" of "hh:mm:ss"`}
	msgUnitWhere = msg{
		`a duration fills a time field with after = "created_at" (first_reply_at = created_at + duration), or a *_seconds field without after`,
		`een tijdsduur vult een tijdveld met after = "created_at" (first_reply_at = created_at + tijdsduur), of een *_seconds-veld zonder after`}
	msgAfterWithoutUnit = msg{
		`goes with unit; write unit = "minutes" (or seconds, hours, "hh:mm:ss") for the duration in the column`,
		`hoort bij unit; schrijf unit = "minutes" (of seconds, hours, "hh:mm:ss") voor de tijdsduur in de kolom`}
	msgMinus = msg{
		"only a number field (such as amount) can have a column subtracted",
		"alleen van een getalveld (zoals amount) kan een kolom worden afgetrokken"}
	msgScale = msg{
		"a score is rescaled with scale = [low, high] of the source and to = [low, high] of klantpuls's survey, such as scale = [1, 10], to = [0, 10]",
		"een score wordt omgerekend met scale = [laag, hoog] van de bron en to = [laag, hoog] van de enquête in klantpuls, zoals scale = [1, 10], to = [0, 10]"}
)

// A saved mapping's name and size (ParseSaved).
var (
	msgSavedName = msg{
		`name: %q; write 1 to 63 lower-case letters, digits and dashes, such as "webshop-orders"`,
		`naam: %q; schrijf 1 tot 63 kleine letters, cijfers en streepjes, zoals "webshop-bestellingen"`}
	msgPresetsName = msg{
		`name: %q is a preset's name; choose another, such as "%s-own"`,
		`naam: %q is de naam van een preset; kies een andere, zoals "%s-eigen"`}
	msgTooBig = msg{
		"the mapping is %d KB, more than the %d KB a saved mapping may be; leave out what it does not need",
		"de mapping is %d KB, meer dan de %d KB die een bewaarde mapping mag zijn; laat weg wat hij niet nodig heeft"}
)
