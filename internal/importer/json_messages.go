package importer

// The messages of a JSON file (json.go).
var (
	msgJSONScalar = msg{
		"a value where a row's object ({…}) belongs: a JSON file of rows holds objects, one per line (NDJSON), or a list of them; export the file as JSON again",
		"een waarde waar het object ({…}) van een regel hoort: een JSON-bestand met regels bevat objecten, één per regel (NDJSON), of een lijst ervan; exporteer het bestand opnieuw als JSON"}
	msgJSONList = msg{
		"a list where a row's object ({…}) belongs: a list of rows holds objects; export the file as JSON again",
		"een lijst waar het object ({…}) van een regel hoort: een lijst met regels bevat objecten; exporteer het bestand opnieuw als JSON"}
	msgJSONSyntax = msg{
		"not valid JSON (%s): the file is damaged here and nothing after it can be read; download the export again",
		"geen geldige JSON (%s): het bestand is hier beschadigd en niets erna kan worden gelezen; download de export opnieuw"}
	msgJSONDeep = msg{
		"objects nested more than %d deep: an export's row is a few levels deep; export the file as JSON again, or with fewer nested fields",
		"objecten meer dan %d diep genest: een regel van een export is enkele niveaus diep; exporteer het bestand opnieuw als JSON, of met minder geneste velden"}
	msgJSONWide = msg{
		"more than %d fields: klantpuls reads rows of at most that many; export fewer fields",
		"meer dan %d velden: klantpuls leest regels van hoogstens zoveel; exporteer minder velden"}
	msgJSONTwice = msg{
		"the field %s appears twice in this object (upper and lower case alike): keep one, or export the file again",
		"het veld %s staat twee keer in dit object (hoofd- en kleine letters gelijk): houd er een, of exporteer het bestand opnieuw"}
	msgJSONCut = msg{
		"the JSON file ends in the middle of a value: it was cut off (a download that broke off?); download the export again",
		"het JSON-bestand houdt midden in een waarde op: het is afgebroken (een download die stopte?); download de export opnieuw"}
)
