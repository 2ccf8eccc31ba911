package importer

import (
	"errors"
	"io/fs"
	"syscall"

	"github.com/klantpuls/klantpuls/internal/importer/cells"
	"github.com/klantpuls/klantpuls/internal/report"
)

// Lang is the language of the importer's messages (klantpuls import --lang).
type Lang = cells.Lang

// The languages messages come in.
const (
	English = cells.English
	Dutch   = cells.Dutch
)

// Message is one message of the catalogue: a format in each language, the same verbs in both.
// It is a cells.Message, so one type words every message of the import.
type Message cells.Message

// In writes the message in l (English for any other language).
func (m Message) In(l Lang, args ...any) string { return cells.Message(m).In(l, args...) }

type msg = Message

// Count is a number of things in words, for one and for any other number (cells.Count, whose
// rule it follows).
type Count struct{ One, Other Message }

// In writes the count of n in l (cells.Count.In).
func (c Count) In(l Lang, n int, args ...any) string {
	return cells.Count{One: cells.Message(c.One), Other: cells.Message(c.Other)}.In(l, n, args...)
}

// Of writes the count of n in l, its message's one value (%s) n as l writes a number
// (report.Lang.Number): "12.345 fouten", "12,345 errors".
func (c Count) Of(l Lang, n int) string { return c.In(l, n, report.Lang(l).Number(float64(n), 0)) }

func (m msg) in(l Lang, args ...any) string { return m.In(l, args...) }

// Reason words err in l: a problem of ParseTime or ParseDecimal, or of mapping.Preset, in its
// catalogue's words, any other error as it is.
func Reason(err error, l Lang) string { return cells.Reason(err, l) }

// The catalogue: every message the importer gives, in English and Dutch (those of numbers and
// times in cells/messages.go). Each names what is wrong and what to do; the caller puts
// FILE:LINE: column in front.
// The file and its rows.
var (
	msgEmptyFile = msg{
		"the file is empty: the first row must be the header",
		"het bestand is leeg: de eerste regel moet de kopregel met de kolomnamen zijn"}
	msgMoreErrors = Count{
		One:   Message{EN: "… and %s more error", NL: "… en nog %s fout"},
		Other: Message{EN: "… and %s more errors", NL: "… en nog %s fouten"}}
	msgDuplicate = msg{
		"duplicate key %s (first at line %d): keep one row per key, or import the later one in a file of its own to replace it",
		"dubbele sleutel %s (eerst op regel %d): houd één regel per sleutel, of importeer de latere in een eigen bestand om de eerste te vervangen"}
	msgBareQuote = msg{
		`a " in a cell that does not start with one: put the cell in quotes and double each " in it ("27"" scherm")`,
		`een " in een cel die er niet mee begint: zet de cel tussen aanhalingstekens en verdubbel elke " erin ("27"" scherm")`}
	msgBadQuote = msg{
		`a quoted cell has text after its closing ", or its closing " is missing (a " inside a quoted cell is written "")`,
		`een cel tussen aanhalingstekens heeft tekst na de afsluitende ", of de afsluitende " ontbreekt (een " binnen zo'n cel schrijf je als "")`}
	msgNotUTF8 = msg{
		`not valid UTF-8 text: save the file as "CSV UTF-8" (a NUL character is not allowed either)`,
		`geen geldige UTF-8-tekst: sla het bestand op als "CSV UTF-8" (een NUL-teken mag ook niet)`}
	msgNUL = msg{
		`holds a NUL character (\u0000), which no text may: remove it`,
		`bevat een NUL-teken (\u0000), dat in geen tekst mag: haal het weg`}
	msgTooLong = msg{
		"%d characters long; at most %d are taken: shorten the text",
		"%d tekens lang; er passen er hoogstens %d in: maak de tekst korter"}
	msgUTF16NoMark = msg{
		`the file is not text klantpuls can read (UTF-16 or UTF-32 without a byte order mark): save it as "CSV UTF-8" (in Excel: Save As, file type "CSV UTF-8 (comma delimited)")`,
		`het bestand is geen tekst die klantpuls kan lezen (UTF-16 of UTF-32 zonder byte order mark): sla het op als "CSV UTF-8" (in Excel: Opslaan als, bestandstype "CSV UTF-8 (door komma's gescheiden)")`}
	msgMixedEncoding = msg{
		`this line is written in UTF-8, but the start of the file in Windows-1252 (ANSI): save the whole file as "CSV UTF-8" and import it again`,
		`deze regel is in UTF-8 geschreven, maar het begin van het bestand in Windows-1252 (ANSI): sla het hele bestand op als "CSV UTF-8" en importeer het opnieuw`}
	msgRowWidth = msg{
		"the row has %d cells, the header %d: check for a delimiter inside a cell that is not in quotes",
		"de regel heeft %d cellen, de kopregel %d: kijk of er een scheidingsteken in een cel staat die niet tussen aanhalingstekens staat"}
)

// The header.
var (
	msgNoName = msg{
		"column %d has no name but a value on this line: give the column a name in the header, or delete the column",
		"kolom %d heeft geen naam maar wel een waarde op deze regel: geef de kolom een naam in de kopregel, of verwijder de kolom"}
	msgBadName = msg{"the name of column %d is %s", "de naam van kolom %d is %s"}
	msgTwice   = msg{
		"the column appears twice in the header: delete or rename one of them",
		"de kolom staat twee keer in de kopregel: verwijder of hernoem er een"}
	msgNoColumn = msg{
		"required column missing (a %s file needs %s): add it, or rename the column that holds it",
		"verplichte kolom ontbreekt (een bestand met %s heeft %s nodig): voeg hem toe, of hernoem de kolom waar het in staat"}
)

// Values (row.go, kinds.go).
var (
	msgRequired = msg{"required value missing: fill in the cell", "verplichte waarde ontbreekt: vul de cel in"}
	msgControl  = msg{
		"holds the control character %U; an id is printable text: remove it",
		"bevat het stuurteken %U; een id is leesbare tekst: haal het weg"}
	msgBefore = msg{
		"%s is before %s (%s < %s): check both times and their time zone",
		"%s ligt voor %s (%s < %s): controleer beide tijden en hun tijdzone"}
	msgMixedSeparators = msg{
		"%q: this column writes both ways — line %d has a point before three digits (1.250 is 1.25 as written, 1250 the Dutch way) and line %d a decimal comma: write every amount of the file one way",
		"%q: deze kolom schrijft op twee manieren — regel %d heeft een punt voor drie cijfers (1.250 is 1,25 zoals geschreven, 1250 op z'n Nederlands) en regel %d een decimale komma: schrijf alle bedragen van het bestand op één manier"}
	msgMixedSeparatorsRecords = msg{
		"%q: this field is written both ways in the body — record %d has a point before three digits (1.250 is 1.25 as written, 1250 the Dutch way) and record %d a decimal comma: write every amount one way",
		"%q: dit veld staat op twee manieren in de body — record %d heeft een punt voor drie cijfers (1.250 is 1,25 zoals geschreven, 1250 op z'n Nederlands) en record %d een decimale komma: schrijf alle bedragen op één manier"}
	msgNotWhole = msg{
		"%q is not a whole number: write digits only (3)",
		"%q is geen geheel getal: schrijf alleen cijfers (3)"}
	msgNegative = msg{"%v is negative: a value of 0 or more is taken", "%v is negatief: alleen 0 of meer kan"}
	msgTooLarge = msg{
		"%s is more than %s, the largest %s klantpuls accepts",
		"%s is meer dan %s, het grootste %s dat klantpuls aanneemt"}
	msgTooSmall = msg{
		"%s is less than %s, the largest refund klantpuls accepts",
		"%s is minder dan %s, de grootste terugbetaling die klantpuls aanneemt"}
	whatAmount   = msg{"amount", "bedrag"}
	whatDuration = msg{"duration (about 31 years)", "tijdsduur (ongeveer 31 jaar)"}
	msgNotYesNo  = msg{
		"%q is not a yes/no value: write true/false, 1/0, yes/no, ja/nee or waar/onwaar",
		"%q is geen ja/nee-waarde: schrijf ja/nee, waar/onwaar, true/false, 1/0 of yes/no"}
	msgNotOneOf = msg{"%q is not one of %s", "%q is niet een van %s"}
	// A record's value of a JSON type its field does not take (row_types.go).
	msgNumberNotText = msg{
		`must be a string, not a number: send "%s" if that text is meant`,
		`moet een string zijn, geen getal: stuur "%s" als die tekst bedoeld is`}
	msgBooleanNotText = msg{
		"must be a string, not true or false",
		"moet een string zijn, geen true of false"}
	msgNumberNotID = msg{
		`an id sent as a number must be a whole number in digits, such as 1042, not %s: send any other id as a string`,
		`een id als getal moet een geheel getal in cijfers zijn, zoals 1042, niet %s: stuur een ander id als string`}
	msgBooleanNotID = msg{
		"must be a string or a whole number, not true or false",
		"moet een string of een geheel getal zijn, geen true of false"}
	msgStructuredNotText = msg{
		"must be a string, not an object or an array",
		"moet een string zijn, geen object of array"}
	msgStructuredNotID = msg{
		"must be a string or a whole number, not an object or an array",
		"moet een string of een geheel getal zijn, geen object of array"}
	msgStructuredNotNumber = msg{
		"must be a number, not an object or an array",
		"moet een getal zijn, geen object of array"}
	msgStructuredNotYesNo = msg{
		"must be true or false, not an object or an array",
		"moet true of false zijn, geen object of array"}
	msgFraction = msg{
		"%s is outside 0..1: a margin is a fraction (0.3) or a percentage (30%%)",
		"%s ligt buiten 0..1: een marge is een fractie (0,3) of een percentage (30%%)"}
	msgNotEuro = msg{
		"the amount is in euros (€), and currency says %s: write one currency, the amount without € for another",
		"het bedrag is in euro's (€), en currency zegt %s: schrijf één valuta, het bedrag zonder € voor een andere"}
	msgRefundOfItself = msg{
		"an order cannot be a refund of itself: give the refund an order_id of its own (such as the refund's number)",
		"een bestelling kan geen terugbetaling van zichzelf zijn: geef de terugbetaling een eigen order_id (zoals het nummer van de terugbetaling)"}
	msgRefundNotNegative = msg{
		"%v is not below 0, yet the row is a refund of %s: write a refund as a negative amount (-20), or leave refund_of empty",
		"%v is niet kleiner dan 0, terwijl de regel een terugbetaling van %s is: schrijf een terugbetaling als negatief bedrag (-20), of laat refund_of leeg"}
	msgNotCurrency = msg{
		"%q is not a currency code: write the three letters of ISO 4217 (EUR, USD, GBP)",
		"%q is geen valutacode: schrijf de drie letters van ISO 4217 (EUR, USD, GBP)"}
	msgNoRate = msg{
		"%s is not the account's currency (%s) and has no exchange rate: add it to the configuration ([exchange_rates] %s = …) or convert the amounts before importing",
		"%s is niet de valuta van het account (%s) en heeft geen wisselkoers: zet hem in de configuratie ([exchange_rates] %s = …) of reken de bedragen om voor het importeren"}
	msgOffScale = msg{
		"%d is outside the %s scale %d..%d",
		"%d ligt buiten de %s-schaal %d..%d"}
	msgOffOwnScale = msg{
		"%d is not a score of the scale %s (%s)",
		"%d is geen score van de schaal %s (%s)"}
	msgScaleNotCSAT = msg{
		"a scale of its own is for CSAT answers; a %s answer is always on its survey's scale: leave the cell empty",
		"een eigen schaal is er voor CSAT-antwoorden; een %s-antwoord staat altijd op de schaal van zijn enquête: laat de cel leeg"}
	msgOffCriterion = msg{
		"%d is outside the scale of criterion %q, %d..%d",
		"%d ligt buiten de schaal van criterium %q, %d..%d"}
	msgOffDefault = msg{
		"%d is outside the default scale of a criterion the config does not name, %d..%d",
		"%d ligt buiten de standaardschaal van een criterium dat de configuratie niet noemt, %d..%d"}
)

// The members of a JSON object sent to the API (values.go): a member is its field, as a
// column is a file's.
var (
	msgFieldRequired = msg{"required field missing", "verplicht veld ontbreekt"}
	msgFieldTwice    = msg{
		"given twice (names match trimmed and case-insensitively)",
		"twee keer gegeven (namen zijn gelijk zonder spaties eromheen, hoofd- en kleine letters gelijk)"}
	msgMemberNameIs    = msg{"a member name is %s", "de naam van een veld is %s"}
	msgMemberNameHolds = msg{"a member name %s", "de naam van een veld %s"}
	msgMemberNoName    = msg{"a member has no name", "een veld heeft geen naam"}
)

// The command line (klantpuls import).
var (
	MsgNothingImported = Message{"%s: nothing imported", "%s: niets geïmporteerd"}
	// Stopped after the commit, before the figures caught up on it (app.ErrNotCaughtUp).
	MsgImportedFiguresLater = Message{"%s: imported; stopped before the figures were brought up to date with it: they follow at the next start",
		"%s: geïmporteerd; gestopt voordat de cijfers ermee waren bijgewerkt: ze volgen bij de volgende start"}
	// Counted by the files given: "1 of 1 file".
	MsgFilesFailed = Count{
		One:   Message{EN: "%s of %s file not imported", NL: "%s van %s bestand niet geïmporteerd"},
		Other: Message{EN: "%s of %s files not imported", NL: "%s van %s bestanden niet geïmporteerd"}}
	MsgCannotOpen = Message{"%s: cannot open: %v", "%s: kan niet openen: %v"}
	// The database did not answer the import's commit (store.CommitUnknown): a second import
	// of the file replaces its records by their keys, so it is safe either way.
	MsgMaybeImported = Message{
		"%s: not known whether it was imported; importing it again replaces what of it is stored",
		"%s: niet bekend of het is geïmporteerd; opnieuw importeren vervangt wat ervan is opgeslagen"}
	// The second argument of these four is CountRows: "1 row", "2 rows". Every number is an
	// argument as the command's language writes it ("1.234" in Dutch), as are those below.
	MsgImported        = Message{"%s: %s read, %s written (%s rows/s)", "%s: %s gelezen, %s geschreven (%s regels/s)"}
	MsgImportedRefused = Message{
		"%s: %s read, %s written, %s refused (%s rows/s)",
		"%s: %s gelezen, %s geschreven, %s geweigerd (%s regels/s)"}
	MsgImportedKinds = Message{
		"%s: %s read; records: %s; %s written (%s rows/s)",
		"%s: %s gelezen; records: %s; %s geschreven (%s regels/s)"}
	MsgImportedKindsRefused = Message{
		"%s: %s read, %s refused; records: %s; %s written (%s rows/s)",
		"%s: %s gelezen, %s geweigerd; records: %s; %s geschreven (%s regels/s)"}
	MsgImportedForgotten = Count{
		One: Message{
			EN: "%s: %s record is of an erased customer: stored under their pseudonym, without their name, e-mail address or text",
			NL: "%s: %s record is van een gewiste klant: opgeslagen onder diens pseudoniem, zonder naam, e-mailadres of tekst"},
		Other: Message{
			EN: "%s: %s records are of erased customers: stored under their pseudonym, without their name, e-mail address or text",
			NL: "%s: %s records zijn van gewiste klanten: opgeslagen onder hun pseudoniem, zonder naam, e-mailadres of tekst"}}
	MsgImportedDeleted = Message{
		"%s: %s of those written deleted a stored record the file shows cancelled, or otherwise as no record (the mapping's delete rule)",
		"%s: %s van de geschreven verwijderden een opgeslagen record dat het bestand als geannuleerd, of anders als geen record, toont (de delete-regel van de mapping)"}
	MsgRejectsAt = Message{
		"%s: the refused rows, each with its reason in the column %q, are in %s: correct them there, delete that column and import the file again",
		"%s: de geweigerde regels staan, elk met de reden in de kolom %q, in %s: verbeter ze daar, verwijder die kolom en importeer het bestand opnieuw"}
	MsgCannotWriteRejects = Message{
		"%s: cannot write the rejects file: %v (name another with --rejects PATH)",
		"%s: kan het bestand met geweigerde regels niet schrijven: %v (noem een ander met --rejects PAD)"}
)

// The command line's flags (klantpuls import), said before any file is read.
var (
	MsgOneWayToRead = Message{
		"--preset, --map and --mapping each say how to read the export: give one of them",
		"--preset, --map en --mapping zeggen elk hoe de export gelezen wordt: geef er één"}
	MsgKindWithExport = Message{
		"--kind is for klantpuls's own files; a --preset, --map or --mapping export says its kinds itself: leave --kind out",
		"--kind is voor de eigen bestanden van klantpuls; een export met --preset, --map of --mapping zegt zelf wat erin staat: laat --kind weg"}
	MsgNoFiles = Message{
		"name the files to import (or --list-presets to see the tools klantpuls reads)",
		"noem de bestanden die geïmporteerd moeten worden (of --list-presets voor de programma's die klantpuls leest)"}
	MsgLooksLikePreset = Message{
		"%s looks like %s: import it with --preset %s (or give --kind or --map)",
		"%s lijkt op %s: importeer het met --preset %s (of geef --kind of --map)"}
	MsgLooksLikeSaved = Message{
		"%s has the columns of the mapping %q saved in the browser import (%s): import it with --mapping %s (or give --kind or --map)",
		"%s heeft de kolommen van de mapping %q die in de browserimport bewaard is (%s): importeer het met --mapping %s (of geef --kind of --map)"}
	MsgGiveKind = Message{
		"give --kind KIND for klantpuls's own files, or --preset NAME, --map FILE or --mapping NAME for another tool's export (klantpuls import --list-presets)",
		"geef --kind SOORT voor de eigen bestanden van klantpuls, of --preset NAAM, --map BESTAND of --mapping NAAM voor de export van een ander programma (klantpuls import --list-presets)"}
	MsgBadTimezone = Message{
		"--timezone: %q is not a time zone name such as Europe/Amsterdam or UTC",
		"--timezone: %q is geen naam van een tijdzone, zoals Europe/Amsterdam of UTC"}
	MsgRejectsWithoutSkip = Message{
		"--rejects names where --skip-invalid writes refused rows: give both, or neither",
		"--rejects noemt waar --skip-invalid de geweigerde regels schrijft: geef ze allebei, of geen van beide"}
	MsgRejectsOneFile = Message{
		"--rejects names one file: import one file at a time, or leave it out (each file's rejects then go beside it)",
		"--rejects noemt één bestand: importeer één bestand tegelijk, of laat het weg (de geweigerde regels van elk bestand komen er dan naast)"}
	MsgNoSavedMapping = Message{
		"no saved mapping %q (see the import page, or klantpuls import --list-presets)",
		"geen bewaarde mapping %q (zie de importpagina, of klantpuls import --list-presets)"}
	MsgRejectsIsInput = Message{
		"--rejects %s is the file being imported: name another file",
		"--rejects %s is het bestand dat geïmporteerd wordt: noem een ander bestand"}
)

// CountRows is a number of rows, for the summaries above: "1 row", "1.234 regels".
var CountRows = Count{One: Message{EN: "%s row", NL: "%s regel"}, Other: Message{EN: "%s rows", NL: "%s regels"}}

// Why a file could not be opened, for the commonest reasons; any other is the system's own.
var (
	msgNoSuchFile  = msg{"no such file or directory", "bestand bestaat niet"}
	msgNoAccess    = msg{"permission denied", "geen toegang (ontbrekende rechten)"}
	msgIsDirectory = msg{"is a directory", "is een map, geen bestand"}
)

// FileReason words why a file could not be opened, read or made (an *fs.PathError) in l,
// without the path the message names already.
func FileReason(err error, l Lang) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return msgNoSuchFile.in(l)
	case errors.Is(err, fs.ErrPermission):
		return msgNoAccess.in(l)
	case errors.Is(err, syscall.EISDIR):
		return msgIsDirectory.in(l)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
