package docs

import "github.com/klantpuls/klantpuls/internal/cx"

// The hand-written text of docs/import.md. The columns themselves come from the importer;
// checkColumnDocs fails the generation when a column lacks a line here or a line names a
// column the importer does not know.

const importIntro = `# Importing your data

klantpuls reads your data as CSV files or Excel workbooks, one kind of record per file:

` + "```sh" + `
klantpuls import --kind customers klanten.csv
klantpuls import --kind tickets tickets-2026-*.csv
klantpuls import --kind tickets --timezone UTC --skip-invalid --lang nl export.csv
` + "```" + `

The same records can be sent to the API, ` + "`POST /api/v1/{kind}`" + ` with one JSON object or an array of
up to 10,000, with the same names, formats and checks (see ` + "`/api/v1/openapi.json`" + ` on a running server),
refused in the same words with a JSON pointer to the field: in Dutch for ` + "`Accept-Language: nl`" + `, else in English.
A stored record is changed in part with ` + "`PATCH /api/v1/{kind}/{id}`" + ` (a JSON merge patch of the fields
to change, ` + "`null`" + ` removing one; the record it makes is checked with the same rules) and removed with
` + "`DELETE /api/v1/{kind}/{id}`" + ` (a review row is named by its id and ` + "`?criterion=NAME`" + `); README,
"The server and its API", says more.

## How a file is read

- **CSV**, the first row the header, cells separated by commas, semicolons (Excel with Dutch
  settings) or tabs: the one the header line uses most outside quotes (a tie, or a file of one
  column, is a comma). A cell with the delimiter, a quote or a line break in it is put in double
  quotes, and a quote in it is doubled: ` + "`\"27\"\" scherm, zwart\"`" + `. A row of empty cells (` + "`;;`" + `, as Excel saves a row it once formatted) is passed
  over, as a blank line is.
- **Text** in UTF-8 (with or without the byte order mark spreadsheet programs write), in
  Windows-1252 (ANSI, Excel's "CSV" on Dutch Windows: é, ë, €), or in UTF-16 with a byte order
  mark (Excel's "Unicode text"); the last two are converted to UTF-8. The first 64 KiB decide, so
  a file of any size streams; a later line in another encoding is refused with the advice to save
  the whole file as "CSV UTF-8".
- **Excel workbooks** (.xlsx, .xlsm), told by their content rather than their name: the first
  sheet, or the one named by ` + "`--sheet NAME`" + `, its row 1 the header. Cells are read as they look in
  Excel, a number as its value rather than as its format rounds it: a date or date and time as
  the wall time shown (` + "`2026-03-13 14:05:00`" + `, then read in the time zone below; the workbook's
  1900 or 1904 date system is its own), a time or duration as ` + "`14:05:00`" + `, a number as its value with a point
  (` + "`1234.567`" + `, whatever decimals, separators or symbols its format shows), yes/no cells as
  ` + "`TRUE`/`FALSE`" + `, a formula as the value Excel stored with it; empty rows are passed over and errors
  name the sheet's row numbers. A number in a format of leading zeros only is read as shown, with
  its zeros: 12 in a column formatted ` + "`00000`" + ` reads ` + "`00012`" + `, as a CSV export writes it, so a
  customer number is the same customer from either (12.5 there reads ` + "`00013`" + `, as Excel rounds
  it). A formula stored without its value (written by a program that does not calculate) is
  refused: open the file in Excel and save it. An Excel 97-2003 workbook (.xls), one with a password, a binary
  workbook (.xlsb) or an OpenDocument spreadsheet (.ods) is refused with how to save it as .xlsx
  or "CSV UTF-8". A workbook may unpack to at most {{MaxWorkbookGiB}} GiB, and to 256 MiB outside its
  sheets (a larger one, or a "zip bomb", is refused before it is unpacked); save a larger sheet as
  CSV, which streams at any size.
- **Columns are found by name**, whatever their order and without regard to upper or lower case
  or spaces around the name. A column klantpuls does not know is kept with the record as an
  attribute (shown on the customer page), never an error.
- **An empty cell is an absent value.** Text is trimmed of spaces at both ends.
- **All or nothing.** A file with any bad row commits nothing; every bad row is reported as
  ` + "`FILE:LINE: column: reason`" + ` (the first 100, then a count), and the command exits with status 1.
  Line 1 is the header, as an editor counts.
- **Or the good rows, on request.** With ` + "`--skip-invalid`" + ` the good rows of a file are committed and
  every refused row is written, as read and with its reasons in a last column ` + "`fout`" + `, to
  ` + "`FILE.rejects.csv`" + ` beside the file (or ` + "`--rejects PATH`" + `): the same header rows (both of an export
  with two, the second with an empty ` + "`fout`" + `), columns and delimiter, UTF-8 with
  a byte order mark so Excel opens it as it should, and a cell that a spreadsheet would run as a
  formula (starting with ` + "`=`, `@`" + `, a tab or a carriage return, or with ` + "`+`" + ` or ` + "`-`" + ` and more than a
  number or telephone number: ` + "`-12,50`" + ` and ` + "`+31 6 1234 5678`" + ` stay as they are) made text with a
  leading ` + "`'`" + `. Correct the rows there, delete the ` + "`fout`" + ` column (or it is kept as an attribute) and the
  ` + "`'`" + ` where it is not wanted, and import the file again. The command says how many rows were
  read, written and refused, and exits with status 0. A header that cannot be read still refuses
  the whole file. No rejects file is left when nothing was refused.
- **Times without an offset** are read in the account's time zone (the configuration's
  ` + "`timezone`" + `, by default Europe/Amsterdam), or in ` + "`--timezone ZONE`" + ` (` + "`UTC`" + `, ` + "`Europe/London`" + `) for a
  file written elsewhere.
- **Messages in Dutch or English**: ` + "`--lang nl`" + ` or ` + "`--lang en`" + `; without it ` + "`$KLANTPULS_LANG`" + `, else
  English when the locale is (` + "`LANG=en_…`" + `), else Dutch, as ` + "`klantpuls report`" + `'s table. The errors
  below are the English ones.
- **Importing again is safe.** Each row is keyed by its id column: importing the same file twice
  changes nothing, and a later row with an id already imported replaces the earlier record. The
  import history (` + "`/imports`" + ` on the dashboard, for imports on the command line too) counts
  the records written and, of those, how many replaced one already stored.
- **Any order.** References between files (an order's ` + "`customer_id`" + `, a message's ` + "`ticket_id`" + `)
  need not exist yet: files may come in any order, and a missing customer simply has no
  customer figures.

## In the browser

An admin imports the same files from the dashboard (*Importeren* / *Import*, up to 500 MB): the
source is recognised from the header (a preset of [mapping.md](mapping.md), a mapping saved in
the browser, or the kind of file below) and the page shows the first rows as klantpuls reads them and a
dry run of the whole file before anything is stored. A file nothing recognises is mapped column
by column: choose the kind of data, then for each of its columns below a column of the file or a
fixed value (the required ones are marked), and how the file writes dates (a format such as
` + "`D-M-YYYY H:mm`" + `), its time zone, its decimal sign and, for answers, the scale of its
scores. Each change shows the preview and the dry run again. The form becomes a mapping file
([mapping.md](mapping.md)), shown on the page, and *Save this mapping* keeps it by name: a later
file whose header has the columns it reads is then recognised by it, and on the command line

` + "```sh" + `
klantpuls import --mapping helpdesk-tickets export.csv
` + "```" + `

reads by it too (` + "`klantpuls import --list-presets`" + ` lists the saved ones). A name is lower-case
letters, digits and dashes; saving under a name in use replaces that mapping.

An uploaded file waits 24 hours for its import; after that its pages are not found and the file
(with your customers' data) is removed from the server's disk within 10 minutes. The uploaded file waits, and its import runs, on the server that took the upload, as do the
progress and the rejects file: with several nodes behind a load balancer, send the import pages
(` + "`/import…`" + ` and ` + "`/imports…`" + `) of a session to one node — sticky sessions on the session
cookie ` + "`klantpuls_session`" + `, or those paths routed to one node. Another node answers that
the upload is not on this server. A server that stops (SIGTERM) ends an import running as
failed, nothing of it stored, and the history says to import the file again — unless the stop
came while PostgreSQL ran the import's commit: then it is not known whether the file was
imported (below). A stop after the commit, while the server brings its figures up to date
with the file, ends the import done: its page says the file was imported and the figures
follow when the server starts again. A server that was killed meanwhile has its import ended
so, and its upload removed, when it starts again on the same machine: the import records when it
commits (on PostgreSQL, also when it sends the commit), so one killed before it is failed, one
killed during PostgreSQL's commit not known whether imported, and one killed after it done.
What the history says of how such an import ended is shown in the reader's language.

An import whose last step the database refuses (its commit: a full disk, a constraint checked at
the end) stores nothing of the file. ` + "`klantpuls import`" + ` says the import was not stored, to try
again later, what the database said, and that nothing of the file was imported (exit 1); in the
browser the import ends failed and its page says so in the page's language. When PostgreSQL's
answer to the commit does not come (the connection breaks off), whether the file was stored is
not known, and the command says so: importing the file again replaces what of it is stored.
In the browser such an import (the server stopped during the commit, or the connection broke
off) ends *Niet bekend of geïmporteerd* (*Not known whether imported*; the status ` + "`unknown`" + ` in
` + "`/imports/{id}/status`" + ` and the history), and its page says the same; so does the history of
such an import from the command line. ` + "`klantpuls import`" + ` stopped by Ctrl-C is in the history and
the audit log too: failed before its commit, not known whether imported during it, and done
after it — while the figures were being brought up to date with the file, it says the file was
imported and the figures follow at the next start (exit 0).

## The kinds and their columns

Key columns identify the record; required columns must be in the header and filled in every row.
`

var kindDocs = map[cx.Kind]string{
	cx.KindCustomers: "Your customers: who they are, since when, and when they left. Churn, retention, CLV, referrals and engagement are counted over them.",
	cx.KindOrders:    "Purchases, for customer lifetime value.",
	cx.KindTickets:   "Questions and complaints by e-mail, chat, telephone or social media, from your help desk: response and resolution times, FCR, wait and handle time, volumes.",
	cx.KindMessages:  "The messages of a ticket. With them klantpuls finds the first reply and counts agent replies itself, and measures reply time.",
	cx.KindResponses: "Answers to NPS, CSAT and CES surveys (klantpuls's own surveys add them by themselves).",
	cx.KindMentions:  "What customers say about you elsewhere: social media, review sites. They count in the feedback response rate.",
	cx.KindReviews:   "Quality reviews of conversations (IQS): one row per criterion rated, the rows of one review sharing its `review_id`.",
	cx.KindEvents:    "What customers do beyond buying (a training, a webinar, the loyalty programme), for the engagement score.",
}

var columnDocs = map[cx.Kind]map[string]string{
	cx.KindCustomers: {
		"customer_id": "id: your customer number",
		"acquired_at": "timestamp: when they became a customer",
		"name":        "text: the customer's name, shown on the customer page",
		"email":       "text: where survey invitations go",
		"segment":     "text: a group of customers (*Zakelijk*, *Particulier*); reports split by it",
		"churned_at":  "timestamp: when they stopped being a customer; empty while they are one; not before `acquired_at`",
		"referred_by": "id: the `customer_id` of the customer who referred them (referral rate)",
	},
	cx.KindOrders: {
		"order_id":     "id: your order number",
		"customer_id":  "id: who ordered",
		"ordered_at":   "timestamp: when",
		"amount":       "decimal: the amount, -10^12 to 10^12; negative for a refund, dated when the money went back. A euro sign before or after it, as a Dutch Excel saves a currency cell (`€ 12,50`, `€12,50`, `12,50 €`, `-€ 3,00`, `€ -3,00`), says it is in euros; another currency's sign (`$`, `£`) is refused: write its code in `currency`",
		"gross_margin": "decimal: the margin as a fraction 0..1 (0.3), or as a percentage (`30%`, `30 %`: 0.3); empty: `clv.default_gross_margin` of the configuration",
		"refund_of":    "id: for a refund, the `order_id` of the order it reduces (the order stays as it is; revenue nets out); the amount must then be below 0",
		"currency":     "text: the ISO 4217 code of the amount (*EUR*, *USD*); empty: the account's `currency`. Another currency is converted at its rate in `[exchange_rates]` and the amount as it came is kept; one without a rate refuses the file",
	},
	cx.KindTickets: {
		"ticket_id":       "id: the help desk's ticket number",
		"created_at":      "timestamp: when the customer asked",
		"customer_id":     "id: who asked",
		"channel":         "text: how (*email*, *chat*, *telefoon*); reports split by it",
		"team":            "text: the team; its business hours measure the ticket (else the default hours)",
		"agent":           "text: the agent who handled it",
		"category":        "text: the contact reason (*Levering*, *Retour*); reports split by it, and its answers with it",
		"complaint":       "yes/no: a complaint (complaint handling time); empty: no",
		"direction":       "`inbound` (the customer asked; the default) or `outbound` (you started it: not in response times)",
		"first_reply_at":  "timestamp: the first agent reply, not before `created_at`; used only when the ticket has no messages",
		"first_solved_at": "timestamp: the first time it was solved, not before `created_at`; empty: `solved_at`",
		"solved_at":       "timestamp: when it was (last) solved, not before `created_at`; empty: unsolved",
		"reopens":         "whole number: times reopened; empty: 0",
		"agent_replies":   "whole number: agent replies; used only when the ticket has no messages; empty: unknown (not in FCR)",
		"wait_seconds":    "decimal: seconds the customer queued (calls, chats), 0 to 10^9",
		"handle_seconds":  "decimal: seconds the agent spent on it, 0 to 10^9",
		"transfers":       "whole number: times passed to another agent or team; empty: not known (the transfer rate leaves it out)",
	},
	cx.KindMessages: {
		"message_id": "id: the message's id",
		"ticket_id":  "id: its ticket",
		"at":         "timestamp: when it was written",
		"author":     "`customer`, `agent`, `bot` or `note` (an internal note); bots and notes never count as replies",
		"agent":      "text: the agent who wrote it",
	},
	cx.KindResponses: {
		"response_id":  "id: the answer's id; the same id again replaces the answer",
		"survey":       "`nps`, `csat` or `ces`",
		"score":        "whole number on the survey's scale: NPS 0–10, CSAT and CES as configured (default 1–5 and 1–7)",
		"submitted_at": "timestamp: when the customer answered",
		"customer_id":  "id: who answered; empty: the ticket's customer",
		"ticket_id":    "id: the ticket the answer is about; only the latest CSAT and CES answer per ticket counts",
		"channel":      "text: empty: the ticket's",
		"team":         "text: empty: the ticket's",
		"agent":        "text: empty: the ticket's",
		"comment":      "free text: what the customer wrote (feedback response rate; klantpuls scores its sentiment: a `sentiment` column is an attribute, not the score)",
		"language":     "text: the answer's language (*nl*, *en*), which the comment's sentiment is read in; empty: detected",
		"replied_at":   "timestamp: when you replied to the comment, not before `submitted_at`; empty keeps a reply already stored (a follow-up marked done in klantpuls), which `PATCH` with `null` removes",
		"scale":        "for a CSAT answer given on a scale of its own: `1-5`, `1-7`, `1-10`, `0-10`, `good-bad` (1 good, 0 bad) or `freshdesk` (103 to −103); the score is checked on it and counts positive by its rule (README); empty: the configured CSAT scale",
	},
	cx.KindMentions: {
		"mention_id": "id: the mention's id",
		"source":     "text: where (*twitter*, *trustpilot*)",
		"at":         "timestamp: when it was posted",
		"text":       "free text: what was said; may not be empty; klantpuls scores its sentiment",
		"author":     "text: who said it",
		"url":        "text: a link to it",
		"replied_at": "timestamp: when you replied, not before `at`; empty keeps a reply already stored, which `PATCH` with `null` removes",
	},
	cx.KindReviews: {
		"review_id":   "id: the review; its rows are one per criterion",
		"reviewed_at": "timestamp: when the review was made",
		"agent":       "text: the agent reviewed; IQS splits by it",
		"criterion":   "id: the criterion, as named in `[[scorecards.criteria]]` of the configuration (others get a default scale and weight)",
		"ticket_id":   "id: the conversation reviewed",
		"reviewer":    "text: who reviewed",
		"rating":      "whole number on the criterion's scale; empty: the criterion did not apply",
	},
	cx.KindEvents: {
		"event_id":    "id: the event's id",
		"customer_id": "id: the customer who took part",
		"kind":        "text: the kind of event (*training*, *webinar*); weighed by `[engagement]` of the configuration",
		"at":          "timestamp: when",
	},
}

const valuesSection = `
## Values

- **id**: text without control characters (a tab, a line break).
- **text**: any UTF-8 text, at most 4,000 characters (as a survey comment), trimmed; channel,
  team, agent, segment and source values are compared without regard to case.
- **free text** (comments, mention texts): as written.
- **timestamp**: a date, then optionally a time of day, AM or PM, and an offset:
  - RFC 3339 with an offset: ` + "`2026-03-13T17:30:00+01:00`, `2026-03-13T16:30:00Z`" + `;
  - the date year first (` + "`2026-03-13`, `2026/03/13`" + `) or day first, the Dutch way (` + "`13-03-2026`, `13-3-2026`, `13/03/2026`" + `);
  - the time ` + "`14:05`" + ` or ` + "`14:05:30`" + `, or with AM/PM ` + "`2:05 PM`" + ` (12:05 AM is five past midnight);
  - the offset ` + "`+0200`, `+02:00`, `Z`" + ` or ` + "`UTC`" + `, after a space or right after the time, or after
    ` + "`GMT`" + ` as Google Forms writes it (` + "`2026/05/20 1:43:01 PM GMT+1`, `GMT+01:00`" + `); its hours are
    00–23 and its minutes 00–59 (` + "`+01:60`" + ` is refused, not read as ` + "`+02:00`" + `).
  A date with ` + "`/`" + ` and AM or PM may be month first, as Excel writes it in the United States: it is read
  only when one order gives no real date (` + "`3/13/2026 2:05 PM`" + `) or both give the same, and refused
  otherwise (` + "`7/4/2026 9:00 AM`" + `); every other date with ` + "`-`" + ` or ` + "`/`" + ` is day first. A time without an
  offset is local in the import's time zone (` + "`--timezone`" + `, by default the account's); a date alone is
  local midnight. A local time that a daylight-saving change skips or repeats needs an offset.
  Fractions of a second are dropped; instants lie from 1970-01-01 00:00:01 to 2106-02-07
  06:28:15 UTC.
- **decimal**: digits with a decimal point or a decimal comma (` + "`12.50`, `37,53`, `1.5e3`" + `). A single
  point is always the decimal point. Thousands separators are read where they cannot be misread:
  ` + "`1.234,56`" + ` and ` + "`1,234.56`" + ` (the last separator is the decimal one), ` + "`1.234.567`" + ` and ` + "`1,234,567`" + `,
  always in groups of three. A lone comma before exactly three digits (` + "`1,234`" + `) could be either,
  and is refused with both readings spelled out. Not ` + "`Inf`, `NaN`" + `, hexadecimal, spaces or currency
  signs — except the euro sign of an amount and the percent sign of a margin (` + "`amount`, `gross_margin`" + `).
- **whole number**: digits, ` + "`-`" + ` allowed where a value may be negative (a score on such a scale).
- **yes/no**: ` + "`true`/`false`, `1`/`0`, `yes`/`no`, `ja`/`nee`" + `, any case; empty is no.
`

const errorsIntro = `Each rule below with a small file that breaks it and what ` + "`klantpuls import`" + ` answers. The
answers are the importer's own: this document is written by running it on these files. A row
with several problems gets one error for each, listed in the order of the file's columns, as the
row is read (with a mapping: the export's columns).
`

const derivations = `
## What klantpuls derives

- When a ticket has messages, its first reply is the first ` + "`agent`" + ` message at or after
  ` + "`created_at`" + `, and its agent replies are the number of ` + "`agent`" + ` messages: these replace the
  ticket's ` + "`first_reply_at`" + ` and ` + "`agent_replies`" + ` columns. ` + "`bot`" + ` and ` + "`note`" + ` messages are never
  replies.
- An answer's empty ` + "`channel`" + `, ` + "`team`" + ` and ` + "`agent`" + ` are taken from its ticket, and its customer
  is its ticket's when it names none. A ticket's or answer's segment is its customer's.
- How each of these makes a figure: [metrics.md](metrics.md).
`
