package mapping

import (
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer/cells"
)

// surveyMonkey is a map for the two-header-row SurveyMonkey export of exports.md §7c.
const surveyMonkey = `
title = "SurveyMonkey CSAT"
header_rows = 2
time_formats = ["MM/DD/YYYY hh:mm:ss A"]

[kinds.responses.fields]
response_id = { column = "Respondent ID" }
survey = { value = "csat" }
score = { column = "Hoe tevreden ben je over onze klantenservice? / Response", default = "refuse", values = { "Zeer tevreden" = "5", "Tevreden" = "4", "Neutraal" = "3", "Ontevreden" = "2", "Zeer ontevreden" = "1" } }
submitted_at = { column = "End Date" }
comment = { match = "^Toelichting" }
`

const surveyMonkeyHeader = "Respondent ID,Collector ID,Start Date,End Date,Hoe tevreden ben je over onze klantenservice?,Wat vond je goed?,,,Toelichting\n" +
	",,,,Response,Snelheid,Vriendelijkheid,Deskundigheid,Open-Ended Response\n"

// freshdesk-like: a duration as hh:mm:ss, minutes with a decimal comma, a joined name, a
// constant, a value map that keeps what it does not name.
const durations = `
title = "Durations"
[kinds.tickets.fields]
ticket_id = { column = "Ticket" }
created_at = { column = "Aangemaakt" }
agent = { join = ["Voornaam", "Achternaam"] }
wait_seconds = { column = "Wachttijd", unit = "hh:mm:ss" }
handle_seconds = { column = "Behandeltijd (min)", unit = "minutes" }
direction = { value = "inbound" }
channel = { column = "Bron", values = { "E-mail" = "email" } }
`

const shopifyLike = `
title = "Orders"
group_by = "Name"
[kinds.orders.fields]
order_id = { column = "Name" }
customer_id = { column = "Email" }
ordered_at = { column = "Created at" }
amount = { column = "Total", minus = "Refunded Amount" }
`

// A Google Sheet of a form, downloaded with Dutch settings: day-first dates without a zone.
const sheetsCES = `
title = "Google Sheets CES"
time_formats = ["D-M-YYYY HH:mm:ss"]
[kinds.responses.fields]
response_id = { column = "Nr" }
survey = { value = "ces" }
score = { column = "Hoe makkelijk?", scale = [1, 5], to = [1, 7] }
submitted_at = { column = "Tijdstempel" }
`

// Customers met on several rows of an export, one record each.
const mergedCustomers = `
title = "Customers"
[kinds.customers]
repeats = "merge"
earliest = ["acquired_at"]
attributes = ["Tags"]
[kinds.customers.fields]
customer_id = { column = "Email" }
acquired_at = { column = "Created at" }
`

func TestRules(t *testing.T) {
	for _, c := range []mapCase{{
		name: "Typeform: questions found by pattern, UTC times, a partial response yields nothing",
		mapping: `
title = "Typeform NPS"
timezone = "UTC"
[kinds.responses]
when_filled = ["submitted_at"]
[kinds.responses.fields]
response_id = { column = "#" }
survey = { value = "nps" }
score = { match = "aanbeveelt" }
comment = { match = "beter doen" }
submitted_at = { column = "Submit Date (UTC)" }
`,
		src: "#,Hoe waarschijnlijk is het dat je ons aanbeveelt?,Wat kunnen we beter doen?,Response Type,Start Date (UTC),Submit Date (UTC)\n" +
			"odwdp4nz,9,Snellere levering,completed,2026-03-13 13:02:10,2026-03-13 13:03:41\n" +
			"k2p8v1xq,3,\"Te lang gewacht, niemand reageerde\",completed,2026-03-14 08:15:00,2026-03-14 08:17:22\n" +
			"z9y8x7w6,7,,partial,2026-03-15 18:40:05,\n",
		opt: Options{Account: amsterdam},
		want: map[cx.Kind]string{cx.KindResponses: "response_id,survey,score,submitted_at,comment\n" +
			"odwdp4nz,nps,9,2026-03-13T13:03:41Z,Snellere levering\n" +
			"k2p8v1xq,nps,3,2026-03-14T08:17:22Z,\"Te lang gewacht, niemand reageerde\"\n"},
	}, {
		name:    "SurveyMonkey: two header rows, answer labels mapped to scores, 12-hour times in the account's zone",
		mapping: surveyMonkey,
		// 02:07:02 PM on 13 March in Amsterdam (CET) is 14:07:02+01:00.
		src: surveyMonkeyHeader +
			"118000000001,431000001,03/13/2026 02:05:16 PM,03/13/2026 02:07:02 PM,Zeer tevreden,Snelheid,Vriendelijkheid,,Prima geholpen\n" +
			"118000000002,431000001,03/13/2026 05:40:00 PM,03/13/2026 05:44:31 PM,Ontevreden,,,,\"Lang wachten, niemand belde terug\"\n" +
			"118000000003,431000002,03/14/2026 11:57:53 AM,03/14/2026 11:58:40 AM,neutraal,,,Deskundigheid,\n",
		opt: Options{Account: amsterdam},
		want: map[cx.Kind]string{cx.KindResponses: "response_id,survey,score,submitted_at,comment\n" +
			"118000000001,csat,5,2026-03-13T14:07:02+01:00,Prima geholpen\n" +
			"118000000002,csat,2,2026-03-13T17:44:31+01:00,\"Lang wachten, niemand belde terug\"\n" +
			"118000000003,csat,3,2026-03-14T11:58:40+01:00,\n"},
	}, {
		name:    "SurveyMonkey: a label the map does not know is refused on its line, by its source column",
		mapping: surveyMonkey,
		src:     surveyMonkeyHeader + "118000000004,431000001,03/13/2026 02:05:16 PM,03/13/2026 02:07:02 PM,Heel tevreden,,,,\n",
		opt:     Options{Account: amsterdam},
		errs:    []string{`export.csv:3: Hoe tevreden ben je over onze klantenservice? / Response: "Heel tevreden" is not a value the map knows ("neutraal", "ontevreden", "tevreden", "zeer ontevreden", "zeer tevreden"): add it under values of kinds.responses.fields.score`},
	}, {
		name:    "--timezone wins over the account's zone and the map's",
		mapping: surveyMonkey,
		// 02:07:02 PM in UTC.
		src:  surveyMonkeyHeader + "118000000001,431000001,03/13/2026 02:05:16 PM,03/13/2026 02:07:02 PM,Tevreden,,,,\n",
		opt:  Options{Account: amsterdam, Timezone: time.UTC},
		want: map[cx.Kind]string{cx.KindResponses: "response_id,survey,score,submitted_at,comment\n118000000001,csat,4,2026-03-13T14:07:02Z,\n"},
	}, {
		name:    "durations in hh:mm:ss and in minutes with a decimal comma, joined names, constants",
		mapping: durations,
		// 123:04:05 = 123·3600 + 4·60 + 5 = 443045 s; 37,5 min = 2250 s. Bron "Telefoon" is
		// not in values and no default is given: kept as written.
		src: "Ticket,Aangemaakt,Voornaam,Achternaam,Wachttijd,Behandeltijd (min),Bron\n" +
			"2101,2026-03-13 14:05,Piet,Jansen,123:04:05,\"37,5\",E-mail\n" +
			"2102,2026-03-13 15:00,,Jansen,00:00:30,2,Telefoon\n" +
			"2103,2026-03-13 16:00,,,,,\n",
		want: map[cx.Kind]string{cx.KindTickets: "ticket_id,created_at,channel,agent,direction,wait_seconds,handle_seconds\n" +
			"2101,2026-03-13 14:05,email,Piet Jansen,inbound,443045,2250\n" +
			"2102,2026-03-13 15:00,Telefoon,Jansen,inbound,30,120\n" +
			"2103,2026-03-13 16:00,,,inbound,,\n"},
	}, {
		name:    "bad durations name their source column and line",
		mapping: durations,
		src: "Ticket,Aangemaakt,Voornaam,Achternaam,Wachttijd,Behandeltijd (min),Bron\n" +
			"2101,2026-03-13 14:05,Piet,Jansen,1:5:00,-3,E-mail\n",
		errs: []string{
			`export.csv:2: Wachttijd: "1:5:00" is not a duration hh:mm:ss (such as 01:05:30): correct the cell`,
			`export.csv:2: Behandeltijd (min): -3 minutes is not a duration from 0 to 31 years: correct the cell`,
		},
	}, {
		name:    "a grouped order's cells come from the row that gave them; an error names that row",
		mapping: shopifyLike,
		src: "Name,Email,Created at,Total,Refunded Amount\n" +
			"#1,a@example.nl,2026-03-13 14:04:12 +0100,10.00,\n" +
			"#1,,,,5x\n" +
			"#2,b@example.nl,2026-03-13 15:00:00 +0100,\"1.234,50\",\"1.234,50\"\n",
		errs: []string{`export.csv:3: Refunded Amount: "5x" is not a number: write digits with a decimal point or comma (1234.56 or 1234,56)`},
	}, {
		name:    "amounts with thousands separators; a full refund is 0; a refund above the total is refused",
		mapping: shopifyLike,
		// 1.234,50 − 1.000,00 = 234.5 (the last sign is the decimal one).
		src: "Name,Email,Created at,Total,Refunded Amount\n" +
			"#2,b@example.nl,2026-03-13 15:00:00 +0100,\"1.234,50\",\"1.000,00\"\n" +
			"#3,c@example.nl,2026-03-13 16:00:00 +0100,20.00,20.00\n",
		want: map[cx.Kind]string{cx.KindOrders: "order_id,customer_id,ordered_at,amount\n" +
			"#2,b@example.nl,2026-03-13 15:00:00 +0100,234.5\n" +
			"#3,c@example.nl,2026-03-13 16:00:00 +0100,0\n"},
	}, {
		name:    "a refund above the total is refused on the refund's column",
		mapping: shopifyLike,
		src: "Name,Email,Created at,Total,Refunded Amount\n" +
			"#3,c@example.nl,2026-03-13 16:00:00 +0100,20.00,25.00\n",
		errs: []string{`export.csv:2: Refunded Amount: 25.00 is more than 20.00, the amount it is subtracted from: correct the cells`},
	}, {
		name:    "a header without a column the map reads, and rows that do not fit",
		mapping: shopifyLike,
		src:     "Name,Email,Total,Refunded Amount\n",
		errs:    []string{"export.csv:1: Created at: column missing (the map test.toml reads it): export it with the file, or change the map"},
	}, {
		name:    "a row of another width, and a row without its group",
		mapping: shopifyLike,
		src:     "Name,Email,Created at,Total,Refunded Amount\n#1,a@example.nl\n,a@example.nl,2026-03-13 16:00:00 +0100,1,\n",
		errs: []string{
			"export.csv:2: the row has 2 cells, the header 5: check for a delimiter inside a cell that is not in quotes",
			"export.csv:3: Name: empty: every row names the group it belongs to (group_by); fill in the cell",
		},
	}, {
		name:    "Dutch dates, a CES score rescaled from 1..5 onto 1..7, a time in the DST gap",
		mapping: sheetsCES,
		// 3 → 1 + (3−1)·6/4 = 4; 2 → 2.5, rounded half away from zero to 3; 5 → 7.
		src: "Nr,Tijdstempel,Hoe makkelijk?\n1,13-3-2026 14:05:00,3\n2,1-7-2026 09:00:00,2\n3,31-12-2026 23:59:59,5\n",
		opt: Options{Account: amsterdam},
		want: map[cx.Kind]string{cx.KindResponses: "response_id,survey,score,submitted_at\n" +
			"1,ces,4,2026-03-13T14:05:00+01:00\n2,ces,3,2026-07-01T09:00:00+02:00\n3,ces,7,2026-12-31T23:59:59+01:00\n"},
	}, {
		name:    "a local time the clocks skip or repeat is refused, and a score off the source's scale",
		mapping: sheetsCES,
		src:     "Nr,Tijdstempel,Hoe makkelijk?\n1,29-3-2026 02:30:00,3\n2,25-10-2026 02:30:00,6\n",
		opt:     Options{Account: amsterdam},
		errs: []string{
			`export.csv:2: Tijdstempel: 29-3-2026 02:30:00 does not exist in Europe/Amsterdam (clocks go from 02:00 to 03:00 that night): give an offset such as +01:00, or import with --timezone`,
			`export.csv:3: Hoe makkelijk?: 6 is outside the source's scale 1..5 that the map gives (kinds.responses.fields.score.scale): correct the cell or the map`,
			`export.csv:3: Tijdstempel: 25-10-2026 02:30:00 happens twice in Europe/Amsterdam (clocks go back from 03:00 to 02:00 that night): give an offset, +02:00 for the first or +01:00 for the second, or import with --timezone`,
		},
	}, {
		name: "without time_formats, times and numbers read by the canonical importer's rules, in the import's language",
		mapping: `
title = "Eigen bestellingen"
timezone = "Europe/Amsterdam"
[kinds.orders.fields]
order_id = { column = "Nr" }
customer_id = { column = "Klant" }
ordered_at = { column = "Datum" }
amount = { column = "Bedrag" }
`,
		// 13-03-2026 14:05 is day first (cells.ParseTime), in CET: +01:00; 37,53 has a decimal
		// comma. 1,234 could be 1234 or 1.234: refused with both readings, as the canonical
		// importer refuses it; 12-3 is no date of either rule.
		src: "Nr,Klant,Datum,Bedrag\n" +
			"1,K1,13-03-2026 14:05,\"37,53\"\n" +
			"2,K1,2026-03-14 10:00,\"1,234\"\n" +
			"3,K1,12-3,1\n",
		opt: Options{Lang: cells.Dutch},
		errs: []string{
			`export.csv:3: Bedrag: "1,234" kan 1234 zijn (een komma tussen duizendtallen) of 1.234 (een decimale komma): schrijf 1234 of 1.234`,
			`export.csv:4: Datum: "12-3" is geen tijdstip: schrijf 2026-03-13 17:30, 13-03-2026 17:30 of 2026-03-13T17:30:00+01:00`,
		},
		want: map[cx.Kind]string{cx.KindOrders: "order_id,customer_id,ordered_at,amount\n1,K1,2026-03-13T14:05:00+01:00,37.53\n"},
	}, {
		name:    "Zendesk without the Satisfaction Score column: tickets, and no responses",
		mapping: "preset:zendesk-tickets",
		src: "Id,Requester id,Assignee,Group,Via,Ticket type,Created at,Solved at,Reopens,Replies,First reply time in minutes,First resolution time in minutes\n" +
			"4101,381001,Piet Jansen,Support,Mail,Question,2026-03-13 14:05:00,2026-03-13 16:40:00,0,2,35,155\n",
		opt: Options{Account: amsterdam},
		want: map[cx.Kind]string{
			cx.KindTickets: "ticket_id,created_at,customer_id,channel,team,agent,category,direction,first_reply_at,first_solved_at,solved_at,reopens,agent_replies\n" +
				"4101,2026-03-13T14:05:00+01:00,381001,email,Support,Piet Jansen,Question,inbound,2026-03-13T14:40:00+01:00,2026-03-13T16:40:00+01:00,2026-03-13 16:40:00,0,2\n",
			cx.KindResponses: "response_id,survey,score,submitted_at,customer_id,ticket_id,team,agent,scale\n",
		},
	}, {
		// A legacy rating keeps its own scale, good-bad; a number of the newer CSAT survey is
		// kept as written, without a scale: on the install's.
		name:    "Zendesk ratings: Bad on the good-bad scale, a number on the install's",
		mapping: "preset:zendesk-tickets",
		// Both tickets as in the case above (first reply 35 min, first resolution 155 min).
		src: "Id,Requester id,Assignee,Group,Via,Ticket type,Created at,Solved at,Reopens,Replies,First reply time in minutes,First resolution time in minutes,Satisfaction Score\n" +
			"4101,381001,Piet Jansen,Support,Mail,Question,2026-03-13 14:05:00,2026-03-13 16:40:00,0,2,35,155,Bad\n" +
			"4102,381002,Piet Jansen,Support,Mail,Question,2026-03-13 14:05:00,2026-03-13 16:40:00,0,2,35,155,4\n",
		opt: Options{Account: amsterdam},
		want: map[cx.Kind]string{
			cx.KindTickets: "ticket_id,created_at,customer_id,channel,team,agent,category,direction,first_reply_at,first_solved_at,solved_at,reopens,agent_replies\n" +
				"4101,2026-03-13T14:05:00+01:00,381001,email,Support,Piet Jansen,Question,inbound,2026-03-13T14:40:00+01:00,2026-03-13T16:40:00+01:00,2026-03-13 16:40:00,0,2\n" +
				"4102,2026-03-13T14:05:00+01:00,381002,email,Support,Piet Jansen,Question,inbound,2026-03-13T14:40:00+01:00,2026-03-13T16:40:00+01:00,2026-03-13 16:40:00,0,2\n",
			cx.KindResponses: "response_id,survey,score,submitted_at,customer_id,ticket_id,team,agent,scale\n" +
				"4101,csat,0,2026-03-13 16:40:00,381001,4101,Support,Piet Jansen,good-bad\n" +
				"4102,csat,4,2026-03-13 16:40:00,381002,4102,Support,Piet Jansen,\n",
		},
	}, {
		name: "attributes are kept under their own names; a bad cell for one kind keeps the row out of every kind",
		mapping: mergedCustomers + `
[kinds.orders.fields]
order_id = { column = "Name" }
customer_id = { column = "Email" }
ordered_at = { column = "Created at" }
amount = { column = "Total" }
`,
		// Line 3's total is no number: its order is refused, and its customer (c@) with it.
		src: "Name,Email,Created at,Total,Tags\n" +
			"#1,a@example.nl,2026-03-13 14:00:00 +0100,10,vip\n" +
			"#2,c@example.nl,2026-03-11 14:00:00 +0100,tien,\n",
		errs: []string{`export.csv:3: Total: "tien" is not a number: write digits with a decimal point or comma (1234.56 or 1234,56)`},
		want: map[cx.Kind]string{
			cx.KindCustomers: "customer_id,acquired_at,Tags\na@example.nl,2026-03-13T13:00:00Z,vip\n",
			cx.KindOrders:    "order_id,customer_id,ordered_at,amount\n#1,a@example.nl,2026-03-13 14:00:00 +0100,10\n",
		},
	}, {
		name:    "merged customers: tags from the first row that has them, the earliest time",
		mapping: mergedCustomers,
		src: "Email,Created at,Tags\n" +
			"a@example.nl,2026-03-13 14:00:00 +0100,\n" +
			"b@example.nl,2026-03-13 15:00:00 +0100,nieuw\n" +
			"a@example.nl,2026-03-11T09:00:00Z,vip\n",
		opt: Options{Account: amsterdam},
		// a@'s earliest is 11 March 09:00 UTC = 10:00 in Amsterdam.
		want: map[cx.Kind]string{cx.KindCustomers: "customer_id,acquired_at,Tags\n" +
			"a@example.nl,2026-03-11T10:00:00+01:00,vip\n" +
			"b@example.nl,2026-03-13T15:00:00+01:00,nieuw\n"},
	}} {
		t.Run(c.name, c.run)
	}
}
