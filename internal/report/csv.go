package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// CSV writes the document in long form, one figure a line: key, metric, field, value,
// headline. The figures are those of the JSON, flattened (first_response.calendar.median
// becomes metric first_response, field calendar.median), so the two formats cannot disagree. A
// null is an empty cell. headline is true on the one line per metric that holds the figure the
// table and the dashboard tile show for it (its descriptor's headline), false elsewhere.
func CSV(w io.Writer, d *Document) error {
	// Into a buffer first: a figure that cannot be written leaves no half report behind.
	var out bytes.Buffer
	if err := writeCSV(&out, d); err != nil {
		return err
	}
	_, err := w.Write(out.Bytes())
	return err
}

func writeCSV(w io.Writer, d *Document) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(longHeader); err != nil {
		return err
	}
	err := longRows(d, cx.FormulaSafe, func(by, key, name, field, value string, _, headline bool) error {
		// The group's key is a name from the data ("=HYPERLINK(…)" is a valid team), made
		// text for spreadsheets; numbers stay numbers.
		return cw.Write([]string{d.From, d.To, by, cx.FormulaSafe(key), name, field, value, strconv.FormatBool(headline)})
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// longHeader names the columns of the long form, the CSV's and the workbook's long sheet.
var longHeader = []string{"from", "to", "by", "key", "metric", "field", "value", "headline"}

// longRows walks the document in long form, one figure a row, for the CSV and the workbook's
// long sheet alike: by and key of the group, the metric and its field (the JSON's path split
// at its first dot), the value as flatten writes it (text writes a string value) and whether
// the field is the metric's headline; number says the JSON holds the value as a number.
func longRows(d *Document, text func(string) string, row func(by, key, name, field, value string, number, headline bool) error) error {
	by := ""
	if d.By != nil {
		by = *d.By
	}
	headlines, intervals := map[string]string{}, map[string]string{}
	for _, m := range metric.All() {
		headlines[m.Key] = m.Headline.Field
		intervals[m.Key] = m.Headline.Interval
	}
	for _, g := range d.Groups {
		key := ""
		if g.Key != nil {
			key = *g.Key
		}
		raw, err := json.Marshal(g.Metrics)
		if err != nil {
			return unwritable(err)
		}
		var fields []flatField
		if err := flatten(numbersAsWritten(raw), "", text, &fields); err != nil {
			return err
		}
		for _, f := range fields {
			name, field, _ := strings.Cut(f.path, ".")
			ends := []string{field}
			if field != "" && field == intervals[name] {
				// A null interval (nothing to estimate it from) is the two ends' lines, empty,
				// as an interval's are: every group has the same lines for a program to find.
				ends = []string{join(field, intervalEnds[0]), join(field, intervalEnds[1])}
			}
			for _, field := range ends {
				if err := row(by, key, name, field, f.value, f.number, headlines[name] == field); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// flatField is one figure of the long form: its path, its value as text and whether the JSON
// holds it as a number.
type flatField struct {
	path, value string
	number      bool
}

// numbersAsWritten reads JSON with each number as its text in the JSON (json.Number), so the
// long form writes 1209600 where the JSON does: a float64 written again could come out as
// 1.2096e+06, which a spreadsheet reads as text and an integer parser refuses.
func numbersAsWritten(raw []byte) *json.Decoder {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	return dec
}

// flatten walks one JSON value in document order, appending path/value pairs. Arrays (the
// confidence intervals) get the suffixes low and high. text writes a string value: made safe
// for a CSV cell, as it is for a workbook, which keeps text as text (xlsx.go).
func flatten(dec *json.Decoder, path string, text func(string) string, out *[]flatField) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return err
				}
				if err := flatten(dec, join(path, k.(string)), text, out); err != nil {
					return err
				}
			}
		case '[':
			for i := 0; dec.More(); i++ {
				suffix := strconv.Itoa(i)
				if i < len(intervalEnds) {
					suffix = intervalEnds[i]
				}
				if err := flatten(dec, join(path, suffix), text, out); err != nil {
					return err
				}
			}
		}
		_, err = dec.Token() // the closing delimiter
		return err
	case nil:
		*out = append(*out, flatField{path: path})
	case json.Number:
		*out = append(*out, flatField{path: path, value: t.String(), number: true})
	case string:
		*out = append(*out, flatField{path: path, value: text(t)})
	case bool:
		*out = append(*out, flatField{path: path, value: strconv.FormatBool(t)})
	}
	return nil
}

// intervalEnds name the ends of a confidence interval in the long form: ci95 [lo, hi] is the
// fields ci95.low and ci95.high.
var intervalEnds = [2]string{"low", "high"}

func join(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}
