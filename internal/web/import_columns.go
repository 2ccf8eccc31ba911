package web

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"unicode"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer"
	"github.com/klantpuls/klantpuls/internal/importer/mapping"
)

// The column form of the browser import: a file that no preset or saved mapping recognises is
// mapped column by column. For a kind, each canonical field gets a select of the file's columns
// or a fixed value, beside the few settings of a mapping file that matter for a plain export:
// the time format and zone, the decimal sign and, for answers, the score's scale. The form is a
// GET of the upload's page, so each change shows the preview and the dry run again. What it
// says is written as a mapping file (mapping.Columns) and read by the mapping parser, as a file
// given to klantpuls import --map is: the rules live there, once.

// columnsForm is the column form as the page shows it.
type columnsForm struct {
	Kind       cx.Kind
	Kinds      []option
	Fields     []columnField
	Timezone   string
	TimeFormat string
	Decimals   []option
	Scored     bool // the kind has a score, whose scale can be given
	ScaleLow   string
	ScaleHigh  string
	ToLow      string
	ToHigh     string
	Missing    string // the required fields neither mapped nor given, for people
	Problem    string // a form value that cannot be read
	Text       string // the mapping file, once the form is complete
}

// columnField is one canonical field of the kind and where it comes from.
type columnField struct {
	Name     string
	Required bool
	Columns  []option // the file's columns, the one mapped selected
	Value    string   // a fixed value, used when no column is chosen
}

// maxFormValue bounds a setting or fixed value taken from the form: longer is no format, zone
// or value of a field, and the mapping file stays small.
const maxFormValue = 200

// readColumnsForm reads the column form from the page's query for a file with header. On the
// first view (or when the kind changed) the fields are guessed from the columns' names.
func (s *Server) readColumnsForm(q url.Values, header []string, file string, d *dashPage) *columnsForm {
	f := &columnsForm{Timezone: formValue(q, "timezone"), TimeFormat: formValue(q, "time_format")}
	f.checkTimes(d)
	kind, err := cx.ParseKind(q.Get("kind"))
	if err != nil {
		kind = guessKind(header)
	}
	f.Kind = kind
	fresh := q.Get("for") != string(kind) // the fields sent, if any, were for another kind
	for _, k := range cx.Kinds {
		f.Kinds = append(f.Kinds, option{Value: string(k), Label: d.kindLabel(k), Selected: k == kind})
	}
	decimal := q.Get("decimal")
	if decimal != "." && decimal != "," {
		decimal = ""
	}
	for _, v := range []string{"", ",", "."} {
		f.Decimals = append(f.Decimals, option{Value: v, Label: d.T("import_decimal_" + map[string]string{"": "auto", ",": "comma", ".": "point"}[v]), Selected: v == decimal})
	}
	cols := mapping.Columns{Title: file + " (" + d.T("import_columns_title") + ")", Kind: kind, Timezone: f.Timezone,
		Decimal: decimal, TimeFormat: f.TimeFormat}
	var missing []string
	for _, c := range importer.Columns(kind) {
		field := columnField{Name: c.Name, Required: c.Required || c.Key}
		column := q.Get("col." + c.Name)
		if fresh {
			column = guessColumn(header, c.Name)
		} else {
			field.Value = formValue(q, "val."+c.Name)
		}
		if !slices.Contains(header, column) { // only a column of this file
			column = ""
		}
		for _, h := range header {
			field.Columns = append(field.Columns, option{Value: h, Label: h, Selected: h == column})
		}
		switch {
		case column != "":
			cols.Fields = append(cols.Fields, mapping.FieldSource{Field: c.Name, Column: column})
		case field.Value != "":
			cols.Fields = append(cols.Fields, mapping.FieldSource{Field: c.Name, Value: field.Value})
		case field.Required:
			missing = append(missing, c.Name)
		}
		f.Scored = f.Scored || c.Name == "score"
		f.Fields = append(f.Fields, field)
	}
	if f.Scored {
		f.readScale(q, &cols, s.scaleOf(f.fixed("survey")), d)
	}
	if len(missing) > 0 {
		f.Missing = fmt.Sprintf(d.T("import_columns_missing"), strings.Join(missing, ", "))
	}
	if f.Missing == "" && f.Problem == "" {
		f.Text = cols.File()
	}
	return f
}

// checkTimes checks the time format and zone typed, as the mapping file will (its words name
// its keys, which the form does not show), and says what is wrong in the page's language,
// naming the form's field.
func (f *columnsForm) checkTimes(d *dashPage) {
	switch {
	case f.TimeFormat != "" && !mapping.ValidTimeFormat(f.TimeFormat):
		f.Problem = fmt.Sprintf(d.T("import_time_format_bad"), d.T("import_time_format"), f.TimeFormat)
	case f.Timezone != "" && !mapping.ValidTimezone(f.Timezone):
		f.Problem = fmt.Sprintf(d.T("import_timezone_bad"), d.T("import_timezone"), f.Timezone)
	}
}

// readScale reads the score's scale: the file's, and klantpuls's it is rescaled onto, which
// defaults to the scale of the survey the form names.
func (f *columnsForm) readScale(q url.Values, cols *mapping.Columns, survey [2]float64, d *dashPage) {
	f.ScaleLow, f.ScaleHigh = formValue(q, "scale_low"), formValue(q, "scale_high")
	f.ToLow, f.ToHigh = formValue(q, "to_low"), formValue(q, "to_high")
	if f.ToLow == "" && f.ToHigh == "" && survey != [2]float64{} {
		f.ToLow, f.ToHigh = formNumber(d.Lang, survey[0]), formNumber(d.Lang, survey[1])
	}
	if f.ScaleLow == "" && f.ScaleHigh == "" {
		return // scores as the file writes them
	}
	into := [...]*float64{&cols.Scale[0], &cols.Scale[1], &cols.To[0], &cols.To[1]}
	for i, v := range []string{f.ScaleLow, f.ScaleHigh, f.ToLow, f.ToHigh} {
		field := d.T([]string{"import_scale_file", "import_scale_to"}[i/2]) + ": " + d.T([]string{"import_low", "import_high"}[i%2])
		n, err := parseFormNumber(d.Lang, field, v) // as the page's language writes a number
		if err != nil {
			if f.Problem == "" { // the first problem in the form's order
				f.Problem = err.Error()
			}
			return
		}
		*into[i] = n
	}
}

// fixed is the fixed value the form gives a field, "" when none.
func (f *columnsForm) fixed(name string) string {
	for _, field := range f.Fields {
		if field.Name == name {
			return strings.ToLower(strings.TrimSpace(field.Value))
		}
	}
	return ""
}

// scaleOf is the scale of a survey kind (metrics.md: NPS 0..10; CSAT and CES as configured).
func (s *Server) scaleOf(survey string) [2]float64 {
	cfg := s.app.Config
	switch survey {
	case "nps":
		return [2]float64{0, 10}
	case "csat":
		return [2]float64{float64(cfg.CSAT.Min), float64(cfg.CSAT.Max)}
	case "ces":
		return [2]float64{float64(cfg.CES.Min), float64(cfg.CES.Max)}
	}
	return [2]float64{}
}

// formValue is a setting or fixed value of the form, trimmed and bounded.
func formValue(q url.Values, key string) string {
	v := strings.TrimSpace(q.Get(key))
	if len(v) > maxFormValue {
		v = v[:maxFormValue]
	}
	return v
}

// guessColumn is the file's column whose name is the field's, read loosely: "Ticket ID" and
// "ticket-id" are ticket_id. "" when none is.
func guessColumn(header []string, field string) string {
	want := loose(field)
	for _, h := range header {
		if loose(h) == want {
			return h
		}
	}
	return ""
}

// loose is a name in lower case with only its letters and digits.
func loose(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

// guessKind is the kind whose required fields the header names most of (then its other
// fields); tickets, the most common export, when it names none.
func guessKind(header []string) cx.Kind {
	best, bestScore := cx.KindTickets, 0
	for _, kind := range cx.Kinds {
		score := 0
		for _, c := range importer.Columns(kind) {
			if guessColumn(header, c.Name) == "" {
				continue
			}
			if c.Required || c.Key {
				score += 100
			} else {
				score++
			}
		}
		if score > bestScore {
			best, bestScore = kind, score
		}
	}
	return best
}
