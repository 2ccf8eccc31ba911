package mapping

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// survey is the form of a survey tool's export with Dutch settings: scores 1 to 10, read as
// NPS answers on 0 to 10, times as day-month-year in Amsterdam, and a column whose name has
// quotes in it.
var survey = Columns{Title: `Enquête "tevredenheid"`, Kind: "responses", TimeFormat: "D-M-YYYY H:mm",
	Timezone: "Europe/Amsterdam", Decimal: ",", Scale: [2]float64{1, 10}, To: [2]float64{0, 10},
	Fields: []FieldSource{{Field: "response_id", Column: "Nummer"}, {Field: "survey", Value: "nps"},
		{Field: "score", Column: "Cijfer"}, {Field: "submitted_at", Column: "Ingevuld op"},
		{Field: "comment", Column: `Opmerking "vrij"`}, {Field: "customer_id", Column: "Nummer"}}}

// TestColumnsFile: the form's mapping is written as a mapping file a person could have written
// (docs/mapping.md), the columns it reads are what recognises the file, and it reads rows as
// Parse's map does.
func TestColumnsFile(t *testing.T) {
	want := `title = "Enquête \"tevredenheid\""
timezone = "Europe/Amsterdam"
decimal = ","
time_formats = ["D-M-YYYY H:mm"]

[recognise]
columns = ["Nummer", "Cijfer", "Ingevuld op", "Opmerking \"vrij\""]

[kinds.responses.fields]
response_id = { column = "Nummer" }
survey = { value = "nps" }
score = { column = "Cijfer", scale = [1, 10], to = [0, 10] }
submitted_at = { column = "Ingevuld op" }
comment = { column = "Opmerking \"vrij\"" }
customer_id = { column = "Nummer" }
`
	if got := survey.File(); got != want {
		t.Fatalf("File() =\n%s\nwant\n%s", got, want)
	}
	m, err := Parse("enquete", []byte(survey.File()))
	if err != nil {
		t.Fatal(err)
	}
	if !m.Recognises([]string{"Nummer", "Ingevuld op", "Cijfer", `Opmerking "vrij"`, "Extra"}) || m.Recognises([]string{"Nummer", "Cijfer"}) {
		t.Errorf("recognised by %q; want the four columns it reads", m.Recognise)
	}
	// By hand: 8 on 1..10 is (8−1)/9·10 = 7.8 → 8 on 0..10, 1 → 0, 10 → 10; 13-3-2026 is
	// winter time in Amsterdam (+01:00), 1-7-2026 summer time (+02:00).
	src := "Nummer,Ingevuld op,Cijfer,\"Opmerking \"\"vrij\"\"\"\n" +
		"A1,13-3-2026 14:05,8,Goed\n" +
		"A2,1-7-2026 9:30,1,\n" +
		"A3,31-12-2026 23:59,10,\"Top, echt\"\n"
	got, errs := mapFile(t, m, src, Options{Account: amsterdam})
	wantRows := "response_id,survey,score,submitted_at,customer_id,comment\n" +
		"A1,nps,8,2026-03-13T14:05:00+01:00,A1,Goed\n" +
		"A2,nps,0,2026-07-01T09:30:00+02:00,A2,\n" +
		"A3,nps,10,2026-12-31T23:59:00+01:00,A3,\"Top, echt\"\n"
	if len(errs) > 0 || got["responses"] != wantRows {
		t.Errorf("mapped:\n%s%v\nwant\n%s", got["responses"], errs, wantRows)
	}
}

// TestColumnsRefused: what the form cannot say is refused by Parse, with its message.
func TestColumnsRefused(t *testing.T) {
	tests := []struct {
		name   string
		change func(c *Columns)
		want   string
	}{
		{"a required field left out", func(c *Columns) { c.Fields = c.Fields[1:] }, "responses needs response_id"},
		{"a zone by a city's name", func(c *Columns) { c.Timezone = "Amsterdam" }, `timezone: "Amsterdam" is not a time zone`},
		{"a time format without a year", func(c *Columns) { c.TimeFormat = "DD-MM HH:mm" }, "lacks the year"},
		{"a decimal sign that is none", func(c *Columns) { c.Decimal = ";" }, `";" is no decimal separator`},
		{"a scale upside down", func(c *Columns) { c.Scale = [2]float64{10, 1} }, "kinds.responses.fields.score.scale"},
		{"a field of another kind", func(c *Columns) { c.Fields = append(c.Fields, FieldSource{Field: "amount", Column: "Bedrag"}) },
			`responses has no column "amount"`},
		{"no title", func(c *Columns) { c.Title = " " }, "title: missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := survey
			c.Fields = slices.Clone(survey.Fields)
			tt.change(&c)
			_, err := Parse("form", []byte(c.File()))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse: %v; want an error with %q", err, tt.want)
			}
		})
	}
}

func TestParseSaved(t *testing.T) {
	tests := []struct {
		name, mapName, text, want string
	}{
		{"a good one", "webshop-orders", survey.File(), ""},
		{"capitals", "Webshop", survey.File(), `name: "Webshop"; write 1 to 63 lower-case letters`},
		{"a space", "web shop", survey.File(), "lower-case letters, digits and dashes"},
		{"a leading dash", "-shop", survey.File(), "lower-case letters, digits and dashes"},
		{"too long", strings.Repeat("a", 64), survey.File(), "1 to 63"},
		{"a preset's name", "zendesk-tickets", survey.File(), `"zendesk-tickets" is a preset's name`},
		{"too large", "groot", survey.File() + "# " + strings.Repeat("x", MaxSavedSize) + "\n", "more than the 64 KB"},
		{"not TOML", "kapot", "title = \n", "kapot:1:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := ParseSaved(tt.mapName, tt.text)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("ParseSaved: %v", err)
			case tt.want == "" && m.Name != tt.mapName:
				t.Errorf("the map is named %q, want %q", m.Name, tt.mapName)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("ParseSaved: %v; want an error with %q", err, tt.want)
			}
		})
	}
}

// FuzzColumnsFile: whatever a file's header holds (quotes, backslashes, control characters,
// bytes that are not UTF-8) and whatever a form sends as a constant, the file written parses,
// and recognises the columns it reads as the header writes them.
func FuzzColumnsFile(f *testing.F) {
	f.Add("Id", "Klant \"K\"", "C:\\pad", "training\n", "Titel")
	f.Add("\x00", "\x7f\x1b", "\xff\xfe", "", "t\u2028")
	f.Add("a", "a", "b", "=cmd", "[kinds]")
	f.Fuzz(func(t *testing.T, id, customer, at, kind, title string) {
		if strings.TrimSpace(title) == "" {
			return // a title is required: Parse refuses a form without one
		}
		c := Columns{Title: title, Kind: "events", Fields: []FieldSource{{Field: "event_id", Column: id},
			{Field: "customer_id", Column: customer}, {Field: "kind", Value: kind}, {Field: "at", Column: at}}}
		m, err := Parse("fuzz", []byte(c.File()))
		if err != nil {
			t.Fatalf("Parse of\n%s\n%v", c.File(), err)
		}
		var want []string
		for _, col := range []string{id, customer, at} {
			col = strings.ToValidUTF8(col, string(utf8.RuneError))
			if col != "" && !slices.Contains(want, col) {
				want = append(want, col)
			}
		}
		if !slices.Equal(m.Recognise, want) {
			t.Errorf("recognised by %q, want %q", m.Recognise, want)
		}
	})
}

// The column form checks its time zone and time format by the rules a mapping file is read
// by: an IANA name (not the server's Local), a format with the year, month and day in parts
// and separators of time_formats.
func TestValidTimezoneAndTimeFormat(t *testing.T) {
	zone, format := ValidTimezone, ValidTimeFormat
	for _, tt := range []struct {
		valid func(string) bool
		typed string
		want  bool
	}{
		{zone, "Europe/Amsterdam", true}, {zone, "UTC", true}, {zone, "Europe/Amsterdm", false},
		{zone, "Amsterdam", false}, {zone, "Local", false},
		{format, "D-M-YYYY H:mm", true}, {format, "M/D/YYYY h:mm A", true}, {format, "DD-MM-JJJJ", false},
		{format, "HH:mm", false}, {format, "YYYY-MM-DD % HH", false},
	} {
		if got := tt.valid(tt.typed); got != tt.want {
			t.Errorf("%q: valid %v, want %v", tt.typed, got, tt.want)
		}
	}
}
