package importer

// The messages of files that are not text: workbooks and what is taken for one. Each says what
// to do, in Excel's or LibreOffice's own words for the menu and the file type.
var (
	msgOLE2 = msg{
		`an Excel 97-2003 workbook (.xls) or a workbook with a password, which klantpuls cannot read: open it in Excel, remove any password (File, Info, Protect Workbook), and save it as "Excel Workbook (*.xlsx)" or "CSV UTF-8 (Comma delimited)"`,
		`een Excel 97-2003-werkmap (.xls) of een werkmap met een wachtwoord, die klantpuls niet kan lezen: open hem in Excel, haal een wachtwoord weg (Bestand, Info, Werkmap beveiligen) en sla hem op als "Excel-werkmap (*.xlsx)" of "CSV UTF-8 (door komma's gescheiden)"`}
	msgODS = msg{
		`an OpenDocument spreadsheet (.ods), which klantpuls cannot read: save it as "Excel 2007-365 (.xlsx)", or as "Text CSV (.csv)" with character set Unicode (UTF-8)`,
		`een OpenDocument-werkblad (.ods), dat klantpuls niet kan lezen: sla het op als "Excel 2007-365 (.xlsx)", of als "Tekst CSV (.csv)" met tekenset Unicode (UTF-8)`}
	msgXLSB = msg{
		`an Excel binary workbook (.xlsb), which klantpuls cannot read: open it in Excel and save it as "Excel Workbook (*.xlsx)" or "CSV UTF-8 (Comma delimited)"`,
		`een binaire Excel-werkmap (.xlsb), die klantpuls niet kan lezen: open hem in Excel en sla hem op als "Excel-werkmap (*.xlsx)" of "CSV UTF-8 (door komma's gescheiden)"`}
	msgNotWorkbook = msg{
		`a zip archive that is not an Excel workbook: import an Excel workbook (.xlsx) or a CSV file, not the archive`,
		`een zip-archief dat geen Excel-werkmap is: importeer een Excel-werkmap (.xlsx) of een CSV-bestand, niet het archief`}
	msgBadWorkbook = msg{
		`the workbook cannot be read (%v): open it in Excel and save it again as "Excel Workbook (*.xlsx)", or as "CSV UTF-8 (Comma delimited)"`,
		`de werkmap is niet te lezen (%v): open hem in Excel en sla hem opnieuw op als "Excel-werkmap (*.xlsx)", of als "CSV UTF-8 (door komma's gescheiden)"`}
	msgWorkbookTooLarge = msg{
		`the workbook unpacks to more than klantpuls reads (%d GiB in all, and 256 MiB outside its sheets): save each sheet as "CSV UTF-8 (Comma delimited)", which has no such limit, or split the workbook`,
		`de werkmap pakt uit tot meer dan klantpuls leest (%d GiB in totaal, en 256 MiB buiten de werkbladen): sla elk werkblad op als "CSV UTF-8 (door komma's gescheiden)", dat zo'n grens niet heeft, of splits de werkmap`}
	msgNoSheets = msg{
		"the workbook has no sheets: save the data in a sheet of it",
		"de werkmap heeft geen werkbladen: zet de gegevens in een werkblad"}
	msgNoSheet = msg{
		"the workbook has no sheet %q; its sheets are %s: give one of them to --sheet",
		"de werkmap heeft geen werkblad %q; de werkbladen zijn %s: geef een daarvan aan --sheet"}
	msgSheetOfText = msg{
		"--sheet %q names a sheet of an Excel workbook, but this file is text (CSV): import it without --sheet",
		"--sheet %q noemt een werkblad van een Excel-werkmap, maar dit bestand is tekst (CSV): importeer het zonder --sheet"}
	msgNoHeaderRow = msg{
		"row 1 of the sheet is empty: the header (the column names) must be in row 1; delete the empty rows above it",
		"rij 1 van het werkblad is leeg: de kopregel (de kolomnamen) moet in rij 1 staan; verwijder de lege rijen erboven"}
	msgNoCachedValue = msg{
		"%d formula(s) in this row without a calculated value (the file was written by a program that does not calculate): open the file in Excel, save it, and import it again",
		"%d formule(s) in deze rij zonder berekende waarde (het bestand is gemaakt door een programma dat niet rekent): open het bestand in Excel, sla het op en importeer het opnieuw"}
)
