package mapping

import "github.com/klantpuls/klantpuls/internal/importer/cells"

// The engine's catalogue: what is wrong with a source file's header or rows, in English and
// Dutch (klantpuls import --lang), each saying what to do. The caller's FILE:LINE: source
// column goes in front. Mistakes in a mapping file itself have their catalogue in mistakes.go.
// msg is a cells.Message written here (a local type, so its texts need no field names).
type msg cells.Message

func (m msg) In(l cells.Lang, args ...any) string { return cells.Message(m).In(l, args...) }
func (m msg) Err(args ...any) error               { return cells.Message(m).Err(args...) }
func (m msg) ErrAt(where string, args ...any) error {
	return cells.Message(m).ErrAt(where, args...)
}

var (
	msgNoPreset = msg{
		"no preset %q; the presets are %s (or give your own file with --map)",
		"geen preset %q; de presets zijn %s (of geef een eigen bestand met --map)"}
	msgHeaderRows = msg{
		"the map %s expects %d header rows, the file has %d: check that the file is the export the map is for",
		"de mapping %s verwacht %d kopregels, het bestand heeft er %d: kijk of het bestand de export is waar de mapping voor is"}
	msgColumnTwice = msg{
		`the column appears twice in the header: rename one, or map it with match = "…" on a name that differs`,
		`de kolom staat twee keer in de kopregel: hernoem er een, of map hem met match = "…" op een naam die verschilt`}
	msgColumnMissing = msg{
		"column missing (the map %s reads it): export it with the file, or change the map",
		"kolom ontbreekt (de mapping %s leest hem): exporteer hem mee, of pas de mapping aan"}
	msgMatchTwice = msg{
		"%s and %s both match %s of %s: make the pattern name one column",
		"%s en %s passen allebei bij %s van %s: laat het patroon één kolom noemen"}
	msgMatchNone = msg{
		"no column matches %s of %s: change the pattern to match the question's header",
		"geen kolom past bij %s van %s: pas het patroon aan aan de kop van de vraag"}
	msgRowWidth = msg{
		"the row has %d cells, the header %d: check for a delimiter inside a cell that is not in quotes",
		"de regel heeft %d cellen, de kopregel %d: kijk of er een scheidingsteken in een cel staat die niet tussen aanhalingstekens staat"}
	msgNoGroup = msg{
		"empty: every row names the group it belongs to (group_by); fill in the cell",
		"leeg: elke regel noemt de groep waar hij bij hoort (group_by); vul de cel in"}
	msgUnknownValue = msg{
		"%q is not a value the map knows (%s): add it under values of %s",
		"%q is geen waarde die de mapping kent (%s): voeg hem toe onder values van %s"}
	msgNotClock = msg{
		"%q is not a duration hh:mm:ss (such as 01:05:30): correct the cell",
		"%q is geen tijdsduur uu:mm:ss (zoals 01:05:30): verbeter de cel"}
	msgDurationRange = msg{
		"%s %s is not a duration from 0 to 31 years: correct the cell",
		"%s %s is geen tijdsduur van 0 tot 31 jaar: verbeter de cel"}
	msgTooLarge = msg{
		"%q is too large a number: correct the cell",
		"%q is een te groot getal: verbeter de cel"}
	msgMinusMore = msg{
		"%s is more than %s, the amount it is subtracted from: correct the cells",
		"%s is meer dan %s, het bedrag waar het van wordt afgetrokken: verbeter de cellen"}
	msgSumNegative = msg{
		"the rows of %s %s add up to %s, below 0 (a refund whose sale is not in the file?): export a period that holds the sale too, or import with --skip-invalid to leave it out",
		"de regels van %s %s tellen op tot %s, onder 0 (een terugbetaling waarvan de verkoop niet in het bestand staat?): exporteer een periode waar de verkoop ook in valt, of importeer met --skip-invalid om hem over te slaan"}
	msgNotScore = msg{
		"%q is not a score: write a number on the source's scale",
		"%q is geen score: schrijf een getal op de schaal van de bron"}
	msgOffScale = msg{
		"%s is outside the source's scale %v..%v that the map gives (%s.scale): correct the cell or the map",
		"%s ligt buiten de schaal %v..%v van de bron die de mapping noemt (%s.scale): verbeter de cel of de mapping"}
	msgNotInFormats = msg{
		"%q is not a time in a format of the map's time_formats: correct the cell, or add its format",
		"%q is geen tijdstip in een formaat van time_formats van de mapping: verbeter de cel, of voeg het formaat toe"}
)
