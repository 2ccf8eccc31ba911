package ingest

import (
	"fmt"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer"
)

// Lang is the language of a refusal's words: the importer's, so a record refused over the API
// and the same row refused in an import file are said alike (importer.Values words the checks
// they share). "" is English.
type Lang = importer.Lang

// The languages a refusal is said in.
const (
	English = importer.English
	Dutch   = importer.Dutch
)

// msg is an importer.Message written here (a local type, so its texts need no field names).
type msg importer.Message

func (m msg) In(l Lang, args ...any) string { return importer.Message(m).In(l, args...) }

// The catalogue of what a body's shape adds to the importer's checks: each in English and
// Dutch, the same verbs in both.
var (
	// The refusal's detail (RefusalDetail).
	msgInvalidField     = msg{"1 invalid field; %s", "1 ongeldig veld; %s"}
	msgInvalidFields    = msg{"%d invalid fields; %s", "%d ongeldige velden; %s"}
	msgInvalidListed    = msg{"%d invalid fields (the first %d listed); %s", "%d ongeldige velden (de eerste %d genoemd); %s"}
	msgNothingStored    = msg{"nothing was stored", "er is niets opgeslagen"}
	msgTooMany          = msg{"%d records in one batch; at most %d", "%d records in één batch; hoogstens %d"}
	msgPatchUnreadable  = msg{"the patch cannot be read as it is sent; nothing was stored", "de patch kan niet worden gelezen zoals hij is verstuurd; er is niets opgeslagen"}
	msgKeyChangeRefused = msg{"a patch cannot change the key; nothing was stored", "een patch kan de sleutel niet wijzigen; er is niets opgeslagen"}

	// A body that is no records (NotRecords); the JSON decoder's own words stay its own.
	msgBodyEmpty     = msg{"the body is empty: send a JSON object or an array of objects", "de body is leeg: stuur een JSON-object of een array van objecten"}
	msgBodyNotJSON   = msg{"the body is not valid JSON: %v", "de body is geen geldige JSON: %v"}
	msgBodyNotJSONAt = msg{"the body is not valid JSON at byte %d (%v)", "de body is geen geldige JSON bij byte %d (%v)"}
	msgArrayEmpty    = msg{"the array is empty", "de array is leeg"}
	msgSendRecords   = msg{"send a JSON object or an array of objects", "stuur een JSON-object of een array van objecten"}
	msgPatchShape    = msg{"a merge patch of a record must be a JSON object of fields: %v", "een merge patch van een record moet een JSON-object van velden zijn: %v"}
	msgNotJSON       = msg{"not valid JSON: %v", "geen geldige JSON: %v"}
	msgNotJSONAt     = msg{"not valid JSON at byte %d (%v)", "geen geldige JSON bij byte %d (%v)"}
	msgAfterValue    = msg{"something follows the JSON value", "er staat iets na de JSON-waarde"}
	msgNotObject     = msg{"not an object", "geen object"}

	// One field (Field.Detail).
	msgItemNotObject = msg{"not a JSON object: each item of the array is one record {…}", "geen JSON-object: elk item van de array is één record {…}"}
	msgNotAValue     = msg{"must be a string, a number or a boolean", "moet een tekst, een getal of een boolean zijn"} // an attribute's
	msgAttrsShape    = msg{"must be an object of attribute names and values", "moet een object van attribuutnamen en -waarden zijn"}
	msgAttrAlsoField = msg{"also given as a field", "ook als veld gegeven"}
	msgAttrIsField   = msg{"%s is a field of %s, not an attribute: give it beside attrs", "%s is een veld van %s, geen attribuut: geef het naast attrs"}
	msgDuplicateKey  = msg{"duplicate key %q (first at /%d)", "dubbele sleutel %q (eerst op /%d)"}
	wordCriterion    = msg{"criterion", "criterium"} // a review's row in a key, "V1, criterium toon" (CriterionWord)
	msgGivenTwiceAt  = msg{"given twice (names match trimmed and case-insensitively; also at %s)", "twee keer gegeven (namen zijn gelijk zonder spaties eromheen, hoofd- en kleine letters gelijk; ook op %s)"}
	msgKeyUnchanging = msg{ // %s a record as shownRecord names it
		"the key of %s cannot be changed: leave it out of the patch, or send the record whole under its new key",
		"de sleutel van %s kan niet worden gewijzigd: laat hem uit de patch, of stuur het record in zijn geheel onder de nieuwe sleutel"}

	// What encoding/json would smooth over (CheckBody).
	msgNotUTF8     = msg{"not valid UTF-8 text (send UTF-8; a \\u escape of half a surrogate pair is not text)", "geen geldige UTF-8-tekst (stuur UTF-8; een \\u-escape van een halve surrogate pair is geen tekst)"}
	msgNameNotUTF8 = msg{"a member name is not valid UTF-8 text", "de naam van een veld is geen geldige UTF-8-tekst"}
	msgDuplicate   = msg{"duplicate member %q", "dubbel veld %q"}
	msgTooDeep     = msg{
		"nested more than %d objects and arrays deep; a record's fields are values, its attrs one object of values",
		"meer dan %d objecten en arrays diep genest; de velden van een record zijn waarden, zijn attrs één object van waarden"}
)

// kindOne is one record of each kind, as a refusal names it (shownRecord): in English the kind
// as the API's paths and cx.String name it ("reviews"), in Dutch one record of it in words.
var kindOne = map[cx.Kind]msg{
	cx.KindCustomers: {"customers", "klant"},
	cx.KindOrders:    {"orders", "bestelling"},
	cx.KindTickets:   {"tickets", "ticket"},
	cx.KindMessages:  {"messages", "bericht"},
	cx.KindResponses: {"responses", "antwoord"},
	cx.KindMentions:  {"mentions", "vermelding"},
	cx.KindReviews:   {"reviews", "kwaliteitsbeoordeling"},
	cx.KindEvents:    {"events", "gebeurtenis"},
}

// shownRecord names r in l: its kind and its key as a person wrote it, a review's row with the
// word of l for a criterion — "kwaliteitsbeoordeling "V1, criterium toon"" in Dutch, where
// cx.String says "reviews "V1, criterion toon"" in any language. Its English is cx.String's.
func shownRecord(l Lang, r cx.Record) string {
	kind := r.RecordKind()
	return fmt.Sprintf("%s %q", kindOne[kind].In(l), cx.ShownKeyWith(kind, r.Key(), wordCriterion.In(l)))
}

// CriterionWord is the word that names a review row's criterion in its key, "V1, criterium
// toon" (cx.ShownKeyWith), in l: the one word of it for the API's refusals, the pages' and the
// command line's.
func CriterionWord(l Lang) string { return wordCriterion.In(l) }
