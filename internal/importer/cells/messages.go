package cells

import (
	"errors"
	"fmt"
	"slices"
)

// Lang is the language of a message (klantpuls import --lang).
type Lang string

// The languages messages come in.
const (
	English Lang = "en"
	Dutch   Lang = "nl"
)

// Message is one message of a catalogue: a format in each language, the same verbs in both.
type Message struct{ EN, NL string }

// In writes the message in l (English for any other language). An argument that is itself a
// Message is written in l too, so an error made before its reader is known can name a thing
// (a kind of value) in words.
func (m Message) In(l Lang, args ...any) string {
	worded := args
	for i, a := range args {
		if w, ok := a.(Message); ok {
			if &worded[0] == &args[0] {
				worded = slices.Clone(args) // the caller's arguments stay as they are
			}
			worded[i] = w.In(l)
		}
	}
	if l == Dutch {
		return fmt.Sprintf(m.NL, worded...)
	}
	return fmt.Sprintf(m.EN, worded...)
}

// problem is a reason not yet put into words: a message and its arguments, and where it is
// when the message does not say (a mapping file's FILE:LINE: key). ParseDecimal and ParseTime
// know no language and return one; Reason words it in the reader's.
type problem struct {
	where string
	m     Message
	args  []any
}

func (p *problem) Error() string { return p.in(English) }

func (p *problem) in(l Lang) string {
	if p.where == "" {
		return p.m.In(l, p.args...)
	}
	return p.where + ": " + p.m.In(l, p.args...)
}

func newProblem(m Message, args ...any) error { return &problem{m: m, args: args} }

// Err is the message as an error, worded by Reason in the language of whoever reports it.
func (m Message) Err(args ...any) error { return newProblem(m, args...) }

// ErrAt is Err at a place the reader is sent to (FILE:LINE: key), which Reason keeps in front
// of the message in every language.
func (m Message) ErrAt(where string, args ...any) error {
	return &problem{where: where, m: m, args: args}
}

// Reason words err in l: a problem in the catalogue's words, any other error as it is.
func Reason(err error, l Lang) string {
	var p *problem
	if errors.As(err, &p) {
		return p.in(l)
	}
	return err.Error()
}

// ForRecords is err worded for a record of a JSON body (the API, a webhook delivery): its
// sender has no import to give --timezone, and a time without an offset is read in the
// account's time zone. Any other error stays as it is.
func ForRecords(err error) error {
	var p *problem
	if errors.As(err, &p) {
		if m, ok := recordWords[p.m]; ok {
			return &problem{where: p.where, m: m, args: p.args}
		}
	}
	return err
}

// recordWords are the messages of ParseTime that speak of an import, and their words for a
// record of a body.
var recordWords = map[Message]Message{
	msgTimeT: {
		`%q is not a timestamp: a time after T needs an offset (2026-03-13T17:30:00+01:00); write 2026-03-13 17:30 for a time in the account's time zone`,
		`%q is geen tijdstip: een tijd na T heeft een verschil met UTC nodig (2026-03-13T17:30:00+01:00); schrijf 2026-03-13 17:30 voor een tijd in de tijdzone van het account`},
	msgTimeGap: {
		`%s does not exist in %s (clocks go from %s to %s that night): give an offset such as %s`,
		`%s bestaat niet in %s (de klok gaat die nacht van %s naar %s): geef een verschil met UTC zoals %s`},
	msgTimeFold: {
		`%s happens twice in %s (clocks go back from %s to %s that night): give an offset, %s for the first or %s for the second`,
		`%s komt twee keer voor in %s (de klok gaat die nacht terug van %s naar %s): geef een verschil met UTC, %s voor de eerste of %s voor de tweede keer`},
}

// Numbers (ParseDecimal).
var (
	msgNotANumber = Message{
		`%q is not a number: write digits with a decimal point or comma (1234.56 or 1234,56)`,
		`%q is geen getal: schrijf cijfers met een decimale punt of komma (1234.56 of 1234,56)`}
	msgNumberGrouping = Message{
		`%q is not a number: thousands separators come between groups of three digits (1.234.567,89 or 1,234,567.89), or leave them out`,
		`%q is geen getal: een scheidingsteken voor duizendtallen staat tussen groepen van drie cijfers (1.234.567,89 of 1,234,567.89), of laat het weg`}
	msgNotANumberAs = Message{
		`%q is not a number with %q as the decimal separator: correct the cell, or the decimal separator the mapping file gives`,
		`%q is geen getal met %q als decimaalteken: verbeter de cel, of het decimaalteken dat het mappingbestand noemt`}
	msgCurrencySign = Message{
		`%q has a currency sign klantpuls does not read: an amount is written without one (12,50, in the account's currency) or with € for euros (€ 12,50); write another currency's code in the column currency`,
		`%q heeft een valutateken dat klantpuls niet leest: een bedrag staat er zonder (12,50, in de valuta van het account) of met € voor euro's (€ 12,50); schrijf de code van een andere valuta in de kolom currency`}
	msgNumberAmbiguous = Message{
		`%q could be %s (a comma between thousands) or %s (a decimal comma): write %[2]s or %[3]s`,
		`%q kan %s zijn (een komma tussen duizendtallen) of %s (een decimale komma): schrijf %[2]s of %[3]s`}
)

// Timestamps (ParseTime).
var (
	msgNotATime = Message{
		`%q is not a timestamp: write 2026-03-13 17:30, 13-03-2026 17:30 or 2026-03-13T17:30:00+01:00`,
		`%q is geen tijdstip: schrijf 2026-03-13 17:30, 13-03-2026 17:30 of 2026-03-13T17:30:00+01:00`}
	msgTimeT = Message{
		`%q is not a timestamp: a time after T needs an offset (2026-03-13T17:30:00+01:00); write 2026-03-13 17:30 for a time in the import's time zone`,
		`%q is geen tijdstip: een tijd na T heeft een verschil met UTC nodig (2026-03-13T17:30:00+01:00); schrijf 2026-03-13 17:30 voor een tijd in de tijdzone van de import`}
	msgTimeRFC3339 = Message{
		`%q is not a timestamp: with a T it is read as RFC 3339, with hours, minutes and seconds and an offset written ±hh:mm or Z (2026-03-13T17:30:00+01:00); or write 2026-03-13 17:30 +0100`,
		`%q is geen tijdstip: met een T wordt het gelezen als RFC 3339, met uren, minuten en seconden en een verschil met UTC geschreven als ±uu:mm of Z (2026-03-13T17:30:00+01:00); of schrijf 2026-03-13 17:30 +0100`}
	msgNoSuchDate = Message{
		`%q is not a date on the calendar: check the day and the month (year-month-day)`,
		`%q is geen datum op de kalender: controleer dag en maand (jaar-maand-dag)`}
	msgDayFirst = Message{
		`%q is not a date: a date with - or / is read day first (13-03-2026), and %s is no day of the calendar; write the date as year-month-day (2026-03-13)`,
		`%q is geen datum: een datum met - of / wordt gelezen met de dag eerst (13-03-2026), en %s bestaat niet; schrijf de datum als jaar-maand-dag (2026-03-13)`}
	msgDateOrder = Message{
		`%q could be %s (month first, as in the United States) or %s (day first): write the date as year-month-day (2026-03-13 2:05 PM)`,
		`%q kan %s zijn (maand eerst, zoals in de Verenigde Staten) of %s (dag eerst): schrijf de datum als jaar-maand-dag (2026-03-13 14:05)`}
	msgBadClock = Message{
		`%q has no real time of day: hours are 0–23 (1–12 with AM or PM), minutes and seconds 00–59`,
		`%q heeft geen echte tijd: uren zijn 0–23 (1–12 met AM of PM), minuten en seconden 00–59`}
	msgBadOffset = Message{
		`%q has no real offset from UTC: in %s the hours are 00–23 and the minutes 00–59 (RFC 3339 section 5.6); write +02:00 for two hours ahead of UTC`,
		`%q heeft geen echt verschil met UTC: in %s zijn de uren 00–23 en de minuten 00–59 (RFC 3339, sectie 5.6); schrijf +02:00 voor twee uur voor op UTC`}
	msgTimeRange = Message{
		`%q is outside the supported range (%s to %s UTC)`,
		`%q valt buiten het bereik dat klantpuls aankan (%s tot en met %s UTC)`}
	msgTimeGap = Message{
		`%s does not exist in %s (clocks go from %s to %s that night): give an offset such as %s, or import with --timezone`,
		`%s bestaat niet in %s (de klok gaat die nacht van %s naar %s): geef een verschil met UTC zoals %s, of importeer met --timezone`}
	msgTimeFold = Message{
		`%s happens twice in %s (clocks go back from %s to %s that night): give an offset, %s for the first or %s for the second, or import with --timezone`,
		`%s komt twee keer voor in %s (de klok gaat die nacht terug van %s naar %s): geef een verschil met UTC, %s voor de eerste of %s voor de tweede keer, of importeer met --timezone`}
)

// Count is a number of things in words: the message for one and the message for any other
// number, with the same verbs. The one rule of the plural the command line says counts by —
// English and Dutch both take the singular for 1 alone ("1 record", "0 records", "1 regel").
type Count struct{ One, Other Message }

// In writes the count of n in l. Its arguments are args when given (n as the language writes
// it, "1.234"), else n itself.
func (c Count) In(l Lang, n int, args ...any) string {
	m := c.Other
	if n == 1 {
		m = c.One
	}
	if len(args) == 0 {
		args = []any{n}
	}
	return m.In(l, args...)
}
