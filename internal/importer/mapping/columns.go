package mapping

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Columns is a mapping of one kind made column by column, as the browser's import form makes
// it: each canonical field from one source column or a constant, and the few settings of a file
// that matter for a plain export. File writes it as a mapping file, which Parse then reads, so
// the form follows the mapping file's rules and messages, kept in one place.
type Columns struct {
	Title      string
	Kind       cx.Kind
	Fields     []FieldSource // fields left out are not mapped
	Timezone   string        // timezone; "" for the account's
	Decimal    string        // decimal: "", "." or ","
	TimeFormat string        // one of time_formats; "" for klantpuls's own forms
	Scale, To  [2]float64    // a score rescaled from Scale onto To; zero Scale: as written
}

// FieldSource is where one canonical field comes from: a source column, or a constant.
type FieldSource struct {
	Field, Column, Value string
}

// File writes c as a mapping file. The columns it reads are its [recognise] columns, so a later
// file with the same header is recognised by it. What it cannot say (a field of another kind,
// an unknown zone) it writes all the same, for Parse to refuse with its own message.
func (c Columns) File() string {
	var b strings.Builder
	fmt.Fprintf(&b, "title = %s\n", tomlString(c.Title))
	if c.Timezone != "" {
		fmt.Fprintf(&b, "timezone = %s\n", tomlString(c.Timezone))
	}
	if c.Decimal != "" {
		fmt.Fprintf(&b, "decimal = %s\n", tomlString(c.Decimal))
	}
	if c.TimeFormat != "" {
		fmt.Fprintf(&b, "time_formats = [%s]\n", tomlString(c.TimeFormat))
	}
	var read []string // as tomlString writes them, so two that it writes alike are one
	for _, f := range c.Fields {
		if col := strings.ToValidUTF8(f.Column, string(utf8.RuneError)); col != "" && !slices.Contains(read, col) {
			read = append(read, col)
		}
	}
	if len(read) > 0 {
		b.WriteString("\n[recognise]\ncolumns = [")
		for i, col := range read {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(tomlString(col))
		}
		b.WriteString("]\n")
	}
	fmt.Fprintf(&b, "\n[kinds.%s.fields]\n", tomlKey(string(c.Kind)))
	for _, f := range c.Fields {
		source := "value = " + tomlString(f.Value)
		if f.Column != "" {
			source = "column = " + tomlString(f.Column)
		}
		if f.Field == "score" && c.Scale != [2]float64{} {
			source += fmt.Sprintf(", scale = [%s, %s], to = [%s, %s]", number(c.Scale[0]), number(c.Scale[1]), number(c.To[0]), number(c.To[1]))
		}
		fmt.Fprintf(&b, "%s = { %s }\n", tomlKey(f.Field), source)
	}
	return b.String()
}

func number(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// tomlString writes s as a TOML basic string: quotes and backslashes escaped, control
// characters as \uXXXX (TOML has no \x), invalid UTF-8 replaced.
func tomlString(s string) string {
	s = strings.ToValidUTF8(s, string(utf8.RuneError))
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// tomlKey writes a key bare when TOML allows it, else quoted.
func tomlKey(k string) string {
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return tomlString(k)
		}
	}
	if k == "" {
		return `""`
	}
	return k
}
