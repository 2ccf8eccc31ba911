package docs

const mappingIntro = `# Importing another tool's export

klantpuls reads its own CSV files (see [import.md](import.md)) and, through a **mapping file**,
the exports of the tools your data lives in: a helpdesk's ticket export, a web shop's orders, a
survey tool's answers. A mapping file says which column of the export fills which klantpuls
column and how its values are read. It is data, not code: klantpuls carries one for each tool it
knows (a *preset*), and you can write your own for any other file.

` + "```sh" + `
klantpuls import --preset zendesk-tickets export_2026_03_13_1.csv
klantpuls import --map mijn-helpdesk.toml tickets.csv
klantpuls import --mapping helpdesk-tickets tickets.csv
` + "```" + `

One export can hold several kinds of record: a Zendesk ticket export gives tickets and, for the
tickets with a satisfaction rating, responses; a Shopify order export gives orders and their
customers. Such a customer or response completes the record stored under its key (from a
customers file, the ratings' own export) rather than replacing it (` + "`complete`" + `, below).
Each mapped row is then checked exactly as a row of klantpuls's own file is, and an error names
the export's line and **the export's column**.

All kinds of one file are written in one transaction: a file with any bad row imports nothing,
unless ` + "`--skip-invalid`" + ` writes its refused rows, as the export wrote them, to a rejects file.
` + "`klantpuls import --list-presets`" + ` lists the presets; importing a file without ` + "`--preset`" + `,
` + "`--map`" + ` or ` + "`--kind`" + ` says which preset recognises its header.

A mapping can also be made in the browser import, column by column ([import.md](import.md#in-the-browser)),
and saved there by name: it is a mapping file like any other (one kind, each field from a
column or a ` + "`value`" + `, its ` + "`[recognise] columns`" + ` the columns it reads), kept in the database,
and ` + "`--mapping NAME`" + ` reads by it. Its text can be edited before it is saved; it is checked as a
file given to ` + "`--map`" + ` is, and may be 64 KB at most.
`

const mappingFormat = `
## The format

A mapping file is [TOML](https://toml.io). A key the format does not have is an error, so a
misspelt rule never silently does nothing.

| key | meaning |
|---|---|
| ` + "`title`" + ` | required: what the file reads, for people (` + "`\"Zendesk: tickets (CSV export)\"`" + `) |
| ` + "`title_nl`" + ` | optional: the same in Dutch, shown on the Dutch pages (` + "`\"Zendesk: tickets (CSV-export)\"`" + `); without it they show ` + "`title`" + ` |
| ` + "`docs`" + ` | the documentation the map was written from (web addresses) |
| ` + "`header_rows`" + ` | 1 (default), or 2 when the first row holds the questions and the second their answer options (SurveyMonkey). A column is then named ` + "`question / option`" + `; a blank question continues the one to its left, a blank option leaves the question alone |
| ` + "`timezone`" + ` | the zone of the export's times that carry no offset (an IANA name: ` + "`\"UTC\"`" + `, ` + "`\"Europe/Amsterdam\"`" + `). Default: the account's zone. ` + "`--timezone`" + ` wins over both |
| ` + "`decimal`" + ` | ` + "`\".\"`" + ` or ` + "`\",\"`" + `. The other sign then only groups thousands by three (with ` + "`\",\"`" + `, ` + "`1,234`" + ` is 1.234). Default: as klantpuls reads its own files ([import.md](import.md)), so ` + "`1,234`" + `, which could be either, is refused. An ` + "`amount`" + ` with a euro sign (` + "`€ 12,50`" + `, ` + "`12,50 €`" + `) and a ` + "`gross_margin`" + ` written as a percentage (` + "`30%`" + `) are read as in klantpuls's own files, the number by this separator |
| ` + "`time_formats`" + ` | the formats of the export's times, tried in turn: ` + "`YYYY`" + `, ` + "`MM`" + ` or ` + "`M`" + `, ` + "`DD`" + ` or ` + "`D`" + `, ` + "`HH`" + ` or ` + "`H`" + ` (24-hour), ` + "`hh`" + ` or ` + "`h`" + ` with ` + "`A`" + ` (AM/PM), ` + "`mm`" + `, ` + "`ss`" + `, ` + "`Z`" + ` (` + "`+01:00`" + ` or ` + "`Z`" + `), ` + "`ZZ`" + ` (` + "`+0100`" + `), and the separators space ` + "`- / : . , T`" + `. Default: as klantpuls reads its own files ([import.md](import.md)): ` + "`2026-03-13 14:05[:00]`" + `, day first ` + "`13-03-2026 14:05`" + `, an offset or ` + "` UTC`" + ` after the time, RFC 3339 |
| ` + "`group_by`" + ` | a column: consecutive rows with the same value are one row, each column its first non-empty value (Shopify writes an order's fields on its first line item's row only) |
| ` + "`footer`" + ` | regular expressions: a row whose first cell matches one is skipped (a report's ` + "`Reporting period …`" + ` line) |
| ` + "`[recognise] columns`" + ` | the columns a file's (first) header row must hold for the map to apply, so a file can be recognised by its header |
| ` + "`[kinds.KIND]`" + ` | one table per kind of record the export yields: ` + "`customers`" + `, ` + "`orders`" + `, ` + "`tickets`" + `, ` + "`messages`" + `, ` + "`responses`" + `, ` + "`mentions`" + `, ` + "`reviews`" + `, ` + "`events`" + ` |

A kind's table:

| key | meaning |
|---|---|
| ` + "`when_filled`" + ` | fields that must come out non-empty for a row to yield a record of this kind (only a ticket with a rating is a response) |
| ` + "`skip`" + ` | export columns and a regular expression each (case-insensitive, on the trimmed cell): a row whose cell matches yields no record of this kind (` + "`skip = { \"Cancelled at\" = \".\", \"Financial Status\" = \"^(voided\\|expired)$\" }`" + `: a cancelled order is no sale; ` + "`\".\"`" + ` matches any filled cell). An export without the column has nothing to skip by |
| ` + "`delete`" + ` | as ` + "`skip`" + `, and more: a row whose cell matches is no record of this kind, and **the stored record of its key is deleted** with the import, in its one transaction (a file refused for a bad row deletes nothing), as ` + "`klantpuls delete`" + ` deletes it (` + "`delete = { \"Cancelled at\" = \".\" }`" + `: an order imported last week while open, which this week's export shows cancelled, no longer counts). Rows of one key (` + "`group_by`" + `, ` + "`repeats = \"merge\"`" + `) of which any matches are one deletion; a key never stored is nothing to delete. Only the key's fields are read from such a row. The import says how many stored records it deleted. An export without the column deletes nothing |
| ` + "`repeats`" + ` | ` + "`\"merge\"`" + `: a key met again (a customer on each of their orders) is one record, its empty fields filled from later rows; it is written at the end of the file, one per key. Without it a key met twice is an error, as in klantpuls's own files |
| ` + "`complete`" + ` | ` + "`true`" + `: the records complete what is stored, they do not replace it. For a kind the export knows only a little of (the customer of an order, the rating column of a ticket export): the stored record of the key keeps its fields, those it leaves empty are filled, and its ` + "`earliest`" + ` fields keep the earlier time of the two. Without it a record replaces the stored one of its key whole |
| ` + "`update`" + ` | ` + "`true`" + `: the records set the columns this map gives, empty or not, and the stored record of the key keeps its others. For a source that sends a resource again on each change but knows only part of what klantpuls holds (Shopify's and WooCommerce's customers/update: a name, no segment): a customers file's segment, e-mail and referral stay. Not with ` + "`complete`" + ` |
| ` + "`earliest`" + ` | with ` + "`repeats = \"merge\"`" + ` or ` + "`complete = true`" + `: time fields that keep the earliest of the rows, and of the stored record (` + "`acquired_at`" + `) |
| ` + "`sum`" + ` | with ` + "`repeats = \"merge\"`" + `: number fields added up over the rows (an order and its refund rows, WooCommerce). A row may be negative; a sum that ends below 0 (a refund whose sale is not in the file) refuses that record, on its first line |
| ` + "`attributes`" + ` | export columns kept with the record under their own names (shown on the customer page) |
| ` + "`version`" + ` | an export column with the time the record last changed at the source (Shopify's ` + "`updated_at`" + `). It is kept with the record as the attribute ` + "`source_updated_at`" + ` (UTC), and a record whose stored one of the same key holds a later time is not written: an older change that arrives late (webhooks are retried and sent concurrently) does not undo a newer one. The same time, a later one, or none stored: written. With ` + "`complete = true`" + ` the stored record is completed only by a change as recent as its own. A row without the time is written as it comes. A deleted record's time is kept (the later of its own and, for a webhook event that deletes, the event's), so an older change arriving after the deletion is not written either, and a newer one is. Not with ` + "`repeats = \"merge\"`" + ` |
| ` + "`[kinds.KIND.fields]`" + ` | one entry per klantpuls column (the names of [import.md](import.md)); the kind's required columns must be there |

A field is an inline table with exactly one source, and rules applied in this order:

| key | meaning |
|---|---|
| ` + "`column`" + ` | the export's column of that name (trimmed, upper and lower case alike) |
| ` + "`match`" + ` | a regular expression, case-insensitive, that exactly one column's name matches: for headers that are your own question text (Typeform, Google Forms) |
| ` + "`join`" + `, ` + "`separator`" + ` | columns joined, empty ones left out, with ` + "`separator`" + ` (default a space) |
| ` + "`value`" + ` | a constant (` + "`survey = { value = \"nps\" }`" + `) |
| ` + "`optional`" + ` | ` + "`true`" + `: an export without the column leaves the field empty instead of being refused |
| ` + "`values`" + `, ` + "`default`" + ` | the export's values (upper and lower case alike) and what klantpuls should read (` + "`{ \"Mail\" = \"email\" }`" + `); a value not listed is kept as written, or becomes ` + "`default`" + `, or is an error with ` + "`default = \"refuse\"`" + `. Map a value to ` + "`\"\"`" + ` to leave the field empty |
| ` + "`unit`" + `, ` + "`after`" + ` | a duration in ` + "`\"seconds\"`" + `, ` + "`\"minutes\"`" + `, ` + "`\"hours\"`" + ` or ` + "`\"hh:mm:ss\"`" + `: into a time field, the instant that long after the field ` + "`after`" + ` names (` + "`first_reply_at = created_at + minutes`" + `); into ` + "`wait_seconds`" + ` or ` + "`handle_seconds`" + `, seconds |
| ` + "`scale`" + `, ` + "`to`" + ` | a score on the export's scale ` + "`[low, high]`" + ` rescaled onto klantpuls's ` + "`to = [low, high]`" + `, linearly, rounded to the nearest point (half away from zero) |
| ` + "`minus`" + ` | a column subtracted from a number (an order's total less its refunds; an empty cell is 0) |

A customer's id (` + "`customer_id`" + `, ` + "`referred_by`" + `) that is an e-mail address is read in lower
case (` + "`Anna@Example.NL`" + ` is ` + "`anna@example.nl`" + `), so an export that spells one address two ways has
one customer, as the Shopify, Freshdesk, Chatwoot, Google Forms and SurveyMonkey presets and the
webhooks key customers by address; any other id is kept as written.

A number behind the spreadsheet formula guard ` + "`'`" + ` (` + "`'-8.26`" + `: exporters protect a cell that starts
with - or + from being run as a formula) is read as the number.

**JSON files.** A file that starts with an object or a list of objects is read as JSON, whatever
its name: each object of an NDJSON file (one a line, as Zendesk's full JSON export), each object
of a list, or each object of the list that is the first member of an object (an API's page,
` + "`{\"satisfaction_ratings\":[…],\"next_page\":…}`" + `) is a row. Its columns are the dotted paths of
its values (` + "`ticket.via.channel`" + `): a string as written, a number as its JSON text (one without a fractional part, ` + "`5.0`" + ` or ` + "`50e-1`" + `, is the whole number where a field takes one, as the API reads it; the string ` + "`\"5.0\"`" + ` is refused, as a CSV cell is), ` + "`true`" + `/` + "`false`" + `, null
as an empty cell, a list of values joined by ` + "`, `" + `; a list of objects (comments) is left out. An
error names the line the object starts on. The columns are the paths met in the first 100 rows.
A file of klantpuls's own fields is held to the API's rule of types: a text field
(` + "`channel`" + `, ` + "`team`" + `, a time) takes a string and an id a string or a whole number in digits
(` + "`4101`" + `, taken as those digits), so ` + "`\"channel\": 123`" + ` or ` + "`\"team\": true`" + ` is an invalid row,
refused naming the file, the line and the field (without ` + "`--skip-invalid`" + ` nothing of the file is
imported); the columns a preset maps are read as their text.

Times the map computes with, and all times when the map gives ` + "`timezone`" + ` or
` + "`time_formats`" + `, are written as RFC 3339 with the offset; a local time that a
daylight-saving change skips or repeats is refused, as in klantpuls's own files. Other times and
values are passed on as the export writes them, and klantpuls reads them as it reads its own files.
`

const exampleIntro = `A helpdesk's ticket export with the satisfaction survey in the same file, written with Dutch
settings: day-first dates, decimal commas, a totals line at the end.`

const exampleMap = `title = "Helpdesk: tickets with satisfaction (CSV export)"
docs = ["https://example.nl/helpdesk/handleiding/exporteren"]
decimal = ","
time_formats = ["DD-MM-YYYY HH:mm"]
footer = ["^Totaal"]

[recognise]
columns = ["Ticketnummer", "Aangemaakt op", "Tevredenheid"]

[kinds.tickets]
attributes = ["Prioriteit"]

[kinds.tickets.fields]
ticket_id = { column = "Ticketnummer" }
created_at = { column = "Aangemaakt op" }
customer_id = { column = "Klantnummer" }
channel = { column = "Kanaal", values = { "E-mail" = "email", "Telefoon" = "phone", "Chat" = "chat" }, default = "refuse" }
agent = { join = ["Voornaam medewerker", "Achternaam medewerker"] }
complaint = { column = "Type", values = { "Klacht" = "true" }, default = "false" }
first_reply_at = { column = "Eerste reactie (min)", unit = "minutes", after = "created_at" }
solved_at = { column = "Opgelost op" }
handle_seconds = { column = "Behandeltijd", unit = "hh:mm:ss" }

# Only a ticket whose customer answered the survey is a response.
[kinds.responses]
when_filled = ["score"]

[kinds.responses.fields]
response_id = { column = "Ticketnummer" }
ticket_id = { column = "Ticketnummer" }
survey = { value = "csat" }
score = { column = "Tevredenheid", scale = [1, 10], to = [1, 5] }
submitted_at = { column = "Opgelost op" }
comment = { column = "Toelichting" }

# A customer is met again on each of their tickets: one record per Klantnummer, acquired at
# their earliest ticket.
[kinds.customers]
repeats = "merge"
earliest = ["acquired_at"]

[kinds.customers.fields]
customer_id = { column = "Klantnummer" }
acquired_at = { column = "Aangemaakt op" }
name = { column = "Klantnaam" }
`

const exampleSource = `Ticketnummer,Aangemaakt op,Klantnummer,Klantnaam,Kanaal,Voornaam medewerker,Achternaam medewerker,Eerste reactie (min),Opgelost op,Behandeltijd,Type,Prioriteit,Tevredenheid,Toelichting
T-1001,13-03-2026 14:05,K-17,Anna de Vries,E-mail,Piet,Jansen,"35,5",13-03-2026 16:40,00:12:30,Vraag,Normaal,8,Snel geholpen
T-1002,13-03-2026 15:30,K-22,Bram Smit,Telefoon,Piet,Jansen,0,13-03-2026 15:45,00:15:00,Klacht,Hoog,,
T-1003,12-03-2026 09:00,K-17,Anna de Vries,Chat,Sara,,4,12-03-2026 09:30,00:03:10,Vraag,Laag,3,Duurde lang
Totaal,3 tickets,,,,,,,,,,,,
`

// mappingMistakes are broken mapping files shown with the message Parse gives.
var mappingMistakes = []struct{ what, text string }{
	{"A misspelt key", "title = \"Helpdesk\"\n[kinds.tickets.fields]\nticket_id = { colum = \"Ticketnummer\" }\ncreated_at = { column = \"Aangemaakt op\" }\n"},
	{"A required column not mapped", "title = \"Helpdesk\"\n[kinds.tickets.fields]\nticket_id = { column = \"Ticketnummer\" }\n"},
	{"A duration into a time, without the time it runs from", "title = \"Helpdesk\"\n[kinds.tickets.fields]\nticket_id = { column = \"Ticketnummer\" }\ncreated_at = { column = \"Aangemaakt op\" }\nfirst_reply_at = { column = \"Eerste reactie (min)\", unit = \"minutes\" }\n"},
	{"A time zone by a city's name alone", "title = \"Helpdesk\"\ntimezone = \"Amsterdam\"\n[kinds.tickets.fields]\nticket_id = { column = \"Ticketnummer\" }\ncreated_at = { column = \"Aangemaakt op\" }\n"},
}
