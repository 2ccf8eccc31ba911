package mapping

import (
	"strings"
	"testing"
)

const minimal = "title = \"T\"\n[kinds.events.fields]\nevent_id = { column = \"Id\" }\ncustomer_id = { column = \"Klant\" }\nkind = { value = \"training\" }\nat = { column = \"Datum\" }\n"

// Each mistake in a mapping file names the file, the TOML key and what to write instead.
func TestParseMistakes(t *testing.T) {
	for _, c := range []struct{ name, text, want string }{
		{"not TOML", "title = \n", "m.toml:1: expected value but found '\\n' instead (the file is not TOML; see docs/mapping.md)"},
		{"a misspelt key at the top", "titel = \"T\"\n", `m.toml:1: titel: unknown key; this table takes title, docs, header_rows, timezone, decimal, time_formats, group_by, footer, [recognise], [kinds.KIND]`},
		{"a misspelt key of a field", strings.Replace(minimal, `{ column = "Id" }`, `{ colum = "Id" }`, 1), `m.toml:3: kinds.events.fields.event_id.colum: unknown key; this table takes column, match, value, join, separator, values, default, unit, after, scale, to, minus, optional`},
		{"a misspelt key of a kind", minimal + "[kinds.events]\nwhen = 1\n", `m.toml:8: kinds.events.when: unknown key; this table takes when_filled, skip, delete, repeats, complete, update, earliest, sum, attributes, version, [kinds.KIND.fields]`},
		{"a misspelt key of recognise", minimal + "[recognise]\ncolumn = [\"Id\"]\n", `m.toml:8: recognise.column: unknown key; [recognise] takes columns = ["…"]`},
		{"a value of the wrong type", "title = \"T\"\nheader_rows = \"2\"\n", `m.toml:2: header_rows: write a whole number here, not text`},
		{"no title", strings.Replace(minimal, `title = "T"`, "", 1), `m.toml: title: missing; write what the file reads, such as title = "Zendesk: tickets (CSV export)"`},
		{"three header rows", "header_rows = 3\n" + minimal, ""},
		{"an unknown time zone", "timezone = \"Amsterdam\"\n" + minimal, `m.toml:1: timezone: "Amsterdam" is not a time zone; write an IANA name such as "Europe/Amsterdam" or "UTC", or leave it out for the account's zone`},
		{"a decimal separator that is none", "decimal = \";\"\n" + minimal, `m.toml:1: decimal: ";" is no decimal separator; write "." or ",", or leave it out to read each number as it comes`},
		{"a time format with a letter", "time_formats = [\"DD-MM-YYYY HH:mm uur\"]\n" + minimal, `m.toml:1: time_formats[0]: "DD-MM-YYYY HH:mm uur" has 'u', which is neither a part (YYYY MM M DD D HH H hh h mm ss A Z ZZ) nor a separator (space - / : . , T); write the format such as "DD-MM-YYYY HH:mm"`},
		{"a time format without a day", "time_formats = [\"MM-YYYY\"]\n" + minimal, `m.toml:1: time_formats[0]: "MM-YYYY" lacks the year, month or day (YYYY, MM or M, DD or D); write the format such as "DD-MM-YYYY HH:mm"`},
		{"a footer that is no pattern", "footer = [\"(\"]\n" + minimal, "m.toml:1: footer[0]: \"(\" is not a regular expression (error parsing regexp: missing closing ): `(`); write a pattern for the first cell of a footer line, such as \"^Period\""},
		{"no kinds", "title = \"T\"\n", `m.toml: kinds: the map yields no records; add a table [kinds.KIND.fields] for one of customers, orders, tickets, messages, responses, mentions, reviews, events`},
		{"an unknown kind", "title = \"T\"\n[kinds.ticket.fields]\n", `m.toml:2: kinds.ticket: "ticket" is not a record kind; write one of customers, orders, tickets, messages, responses, mentions, reviews, events`},
		{"an unknown field", minimal + "agent = { column = \"Medewerker\" }\n", `m.toml:7: kinds.events.fields.agent: events has no column "agent"; write one of event_id, customer_id, kind, at`},
		{"a required field missing", strings.Replace(minimal, "at = { column = \"Datum\" }\n", "", 1), `m.toml:2: kinds.events.fields: events needs at; add at = { column = "…" } (or value = "…" for a constant)`},
		{"a field given twice", minimal + "event_id = { column = \"Nr\" }\n", `m.toml:7: kinds.events.fields.event_id.column: given a second time (first on line 3): keep one`},
		{"two sources", strings.Replace(minimal, `{ value = "training" }`, `{ value = "training", column = "Soort" }`, 1), `m.toml:5: kinds.events.fields.kind: give exactly one source: column = "Name", match = "regular expression", join = ["A", "B"] or value = "constant"`},
		{"a bad pattern", strings.Replace(minimal, `{ column = "Klant" }`, `{ match = "[" }`, 1), "m.toml:4: kinds.events.fields.customer_id.match: \"[\" is not a regular expression (error parsing regexp: missing closing ]: `[`); write a pattern the column's header matches, such as \"recommend\""},
		{"a default without values", strings.Replace(minimal, `{ value = "training" }`, `{ column = "Soort", default = "x" }`, 1), `m.toml:5: kinds.events.fields.kind.default: goes with values; give values = { "Source value" = "klantpuls value" } or remove it`},
		{"an unknown unit", "title = \"T\"\n[kinds.tickets.fields]\nticket_id = { column = \"Id\" }\ncreated_at = { column = \"C\" }\nwait_seconds = { column = \"W\", unit = \"weeks\" }\n", `m.toml:5: kinds.tickets.fields.wait_seconds.unit: "weeks" is no unit; write "seconds", "minutes", "hours" or "hh:mm:ss"`},
		{"a duration into a time without after", "title = \"T\"\n[kinds.tickets.fields]\nticket_id = { column = \"Id\" }\ncreated_at = { column = \"C\" }\nfirst_reply_at = { column = \"F\", unit = \"minutes\" }\n", `m.toml:5: kinds.tickets.fields.first_reply_at.unit: a duration fills a time field with after = "created_at" (first_reply_at = created_at + duration), or a *_seconds field without after`},
		{"after a field that is not a time", "title = \"T\"\n[kinds.tickets.fields]\nticket_id = { column = \"Id\" }\ncreated_at = { column = \"C\" }\nfirst_reply_at = { column = \"F\", unit = \"minutes\", after = \"ticket_id\" }\n", `m.toml:5: kinds.tickets.fields.first_reply_at.after: "ticket_id" is not a time field of this kind read from the source; write the field the duration runs from, such as after = "created_at"`},
		{"after a computed time", "title = \"T\"\n[kinds.tickets.fields]\nticket_id = { column = \"Id\" }\ncreated_at = { column = \"C\" }\nfirst_reply_at = { column = \"F\", unit = \"minutes\", after = \"created_at\" }\nsolved_at = { column = \"S\", unit = \"minutes\", after = \"first_reply_at\" }\n", `m.toml:6: kinds.tickets.fields.solved_at.after: "first_reply_at" is not a time field of this kind read from the source; write the field the duration runs from, such as after = "created_at"`},
		{"a value given twice", strings.Replace(minimal, `{ value = "training" }`, `{ column = "Soort", values = { "Training" = "training", " training" = "cursus" } }`, 1), `m.toml:5: kinds.events.fields.kind.values: "training" is given twice (values match trimmed, upper and lower case alike); keep one`},
		{"minus on text", strings.Replace(minimal, `{ column = "Klant" }`, `{ column = "Klant", minus = "X" }`, 1), `m.toml:4: kinds.events.fields.customer_id.minus: only a number field (such as amount) can have a column subtracted`},
		{"a scale without to", "title = \"T\"\n[kinds.responses.fields]\nresponse_id = { column = \"Id\" }\nsurvey = { value = \"nps\" }\nscore = { column = \"S\", scale = [1, 10] }\nsubmitted_at = { column = \"D\" }\n", `m.toml:5: kinds.responses.fields.score.scale: a score is rescaled with scale = [low, high] of the source and to = [low, high] of klantpuls's survey, such as scale = [1, 10], to = [0, 10]`},
		{"when_filled an unmapped field", minimal + "[kinds.events]\nwhen_filled = [\"score\"]\n", `m.toml:8: kinds.events.when_filled: "score" is not a field of this map's events; write fields given under [kinds.events.fields]`},
		{"skip with a bad pattern", minimal + "[kinds.events]\nskip = { \"Status\" = \"(\" }\n", `m.toml:8: kinds.events.skip: "Status" = "(": write a column and a regular expression its cells match in the rows to leave out, such as "Financial Status" = "^voided$"`},
		{"repeats misspelt", minimal + "[kinds.events]\nrepeats = \"keep\"\n", `m.toml:8: kinds.events.repeats: "keep"; write "merge" to keep one record per key, or leave it out to refuse a key met twice`},
		{"complete and update both", minimal + "[kinds.events]\ncomplete = true\nupdate = true\n",
			`m.toml:9: kinds.events.update: complete and update both; a kind's records either complete the stored ones or update the fields they map`},
		{"earliest without merge or complete", minimal + "[kinds.events]\nearliest = [\"at\"]\n", `m.toml:8: kinds.events.earliest: "at"; list time fields of this kind, and only with repeats = "merge" or complete = true`},
		{"version with merge", minimal + "[kinds.events]\nrepeats = \"merge\"\nversion = \"updated_at\"\n", `m.toml:9: kinds.events.version: "updated_at"; name the export's column with the time the record last changed (such as "updated_at"), and not with repeats = "merge"`},
		{"an attribute named as the version", minimal + "[kinds.events]\nattributes = [\"source_updated_at\"]\n", `m.toml:8: kinds.events.attributes: "source_updated_at" is where klantpuls keeps the version (version = "…"); keep the column under another name`},
		{"an attribute named as a column", minimal + "[kinds.events]\nattributes = [\"Kind\"]\n", `m.toml:8: kinds.events.attributes: "Kind" is a column name klantpuls gives its own meaning (or none); map it under [kinds.events.fields] instead`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("m.toml", []byte(c.text))
			want := c.want
			if want == "" {
				want = `m.toml:1: header_rows: 3 header rows; write 1, or 2 when the first row holds the questions and the second their answer options`
			}
			if err == nil || err.Error() != want {
				t.Errorf("got  %v\nwant %s", err, want)
			}
		})
	}
	if _, err := Parse("m.toml", []byte(minimal)); err != nil {
		t.Errorf("the minimal map: %v", err)
	}
}

// Every embedded preset parses, says what it reads and where that comes from, and recognises
// the header it names (and not another preset's).
func TestPresetsParse(t *testing.T) {
	presets := Presets()
	if len(presets) == 0 {
		t.Fatal("no presets")
	}
	for _, m := range presets {
		if m.Title == "" || len(m.Docs) == 0 || len(m.Recognise) == 0 {
			t.Errorf("%s: a preset needs a title, its documentation and the columns it is recognised by", m.Name)
		}
		for _, other := range presets {
			if got := other.Recognises(m.Recognise); got != (other == m) {
				t.Errorf("%s recognises %s's header: %v", other.Name, m.Name, got)
			}
		}
	}
	if got, _ := Recognised([]string{"Summation column", "Id", "Requester", "Requester id", "Created at", "First reply time in minutes"}); len(got) != 1 || got[0].Name != "zendesk-tickets" {
		t.Errorf("a Zendesk header is recognised as %v", got)
	}
	if _, err := Preset("zendesk"); err == nil || !strings.Contains(err.Error(), `no preset "zendesk"; the presets are chatwoot-csat, freshdesk-satisfaction-api, freshdesk-tickets, freshdesk-tickets-api, google-forms-nps, shopify-orders, surveymonkey-nps, typeform-nps, woocommerce-orders, zendesk-satisfaction-json, zendesk-tickets, zendesk-tickets-api, zendesk-tickets-json`) {
		t.Errorf("an unknown preset: %v", err)
	}
}
