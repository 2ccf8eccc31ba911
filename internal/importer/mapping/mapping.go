// Package mapping reads a source tool's export (Zendesk, Shopify, Typeform, …) as klantpuls's
// canonical rows by a mapping file: which source column feeds which canonical column, with value
// maps, units, scales and time rules. A preset is such a file embedded in the binary; a user's
// own is read the same way. The package is pure: a header and rows in, canonical rows out, so
// the canonical row parser checks a mapped row exactly as it checks a canonical file.
package mapping

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Map is one parsed mapping file.
type Map struct {
	Name       string   // the file name (a preset's name without .toml)
	Title      string   // what source it reads, for people
	TitleNL    string   // the same in Dutch, for the Dutch pages; "": Title
	Docs       []string // the documentation it was built from
	HeaderRows int      // 1, or 2 when the first row holds questions and the second their options
	Recognise  []string // columns the first header row must hold for the map to apply
	GroupBy    string   // a source column: consecutive rows with the same value make one row

	zone    *time.Location // the source's zone for times without an offset; nil: the account's
	decimal byte           // '.' or ','; 0: detected per cell
	layouts []layout       // the time formats of time_formats; nil: ISO forms
	footer  []*regexp.Regexp
	kinds   []*kindMap // in the order of cx.Kinds
}

// kindMap is how a source row yields a record of one kind.
type kindMap struct {
	kind       cx.Kind
	fields     []*field   // in canonical column order
	whenFilled []int      // fields that must come out non-empty for a row to yield a record
	skip       []cellRule // source cells that keep a row from yielding a record
	// deletes: source cells that make a row no record of its key and the stored one of the
	// key to be deleted (an order the export shows cancelled; Record.Delete)
	deletes    []cellRule
	merge      bool     // records of one key met again are merged into one (see Engine)
	complete   bool     // the records complete the stored ones of their keys (cx.Supplement)
	update     bool     // the records set the fields they map; the stored records keep the rest
	earliest   []int    // with merge or complete: time fields that keep the earliest value
	sum        []int    // with merge: number fields that add up over the key's rows
	attributes []string // source columns kept as attributes under their own names
	version    string   // a source column: when the resource last changed (cx.Versioned); "" without
}

// cellRule is a rule of skip or delete: it holds for a row whose cell of column matches re (an
// order cancelled: Shopify's "Cancelled at" filled). A file without the column has nothing to
// match, so the rule never holds.
type cellRule struct {
	column string
	re     *regexp.Regexp
}

// field is one canonical column and the rule that fills it.
type field struct {
	target target
	where  string // the TOML key, for messages: kinds.tickets.fields.channel

	// The source: exactly one of these.
	column string
	match  *regexp.Regexp
	value  *string
	join   []string
	sep    string

	values   map[string]string // lower-case trimmed source value → canonical value
	fallback *string           // for a value values does not name; nil keeps it as written
	refuse   bool              // a value values does not name is an error
	unit     string            // seconds, minutes, hours or hh:mm:ss
	after    int               // with unit: the index of the time field the duration runs from; -1
	scale    [2]float64        // with rescale: the source scale, rescaled onto to
	to       [2]float64
	rescale  bool
	minus    string // a source column subtracted (an amount less its refunds)
	optional bool   // a missing source column leaves the field empty instead of refusing the file
}

// TitleIn is the title for a page in lang (nl or en): the Dutch one on a Dutch page when the
// file has it, else the title.
func (m *Map) TitleIn(lang string) string {
	if lang == "nl" && m.TitleNL != "" {
		return m.TitleNL
	}
	return m.Title
}

// The keys of the file, as TOML decodes them.
type fileMap struct {
	Title       string              `toml:"title"`
	TitleNL     string              `toml:"title_nl"`
	Docs        []string            `toml:"docs"`
	HeaderRows  int                 `toml:"header_rows"`
	Timezone    string              `toml:"timezone"`
	Decimal     string              `toml:"decimal"`
	TimeFormats []string            `toml:"time_formats"`
	GroupBy     string              `toml:"group_by"`
	Footer      []string            `toml:"footer"`
	Recognise   fileRecognise       `toml:"recognise"`
	Kinds       map[string]fileKind `toml:"kinds"`
}

type fileRecognise struct {
	Columns []string `toml:"columns"`
}

type fileKind struct {
	WhenFilled []string             `toml:"when_filled"`
	Skip       map[string]string    `toml:"skip"`
	Delete     map[string]string    `toml:"delete"`
	Repeats    string               `toml:"repeats"`
	Complete   bool                 `toml:"complete"`
	Update     bool                 `toml:"update"`
	Earliest   []string             `toml:"earliest"`
	Sum        []string             `toml:"sum"`
	Attributes []string             `toml:"attributes"`
	Version    string               `toml:"version"`
	Fields     map[string]fileField `toml:"fields"`
}

type fileField struct {
	Column    string            `toml:"column"`
	Match     string            `toml:"match"`
	Value     *string           `toml:"value"`
	Join      []string          `toml:"join"`
	Separator *string           `toml:"separator"`
	Values    map[string]string `toml:"values"`
	Default   *string           `toml:"default"`
	Unit      string            `toml:"unit"`
	After     string            `toml:"after"`
	Scale     []float64         `toml:"scale"`
	To        []float64         `toml:"to"`
	Minus     string            `toml:"minus"`
	Optional  bool              `toml:"optional"`
}

// keysAt names the keys a table of the file takes, for the message about an unknown one.
var keysAt = map[int]string{
	0: "title, docs, header_rows, timezone, decimal, time_formats, group_by, footer, [recognise], [kinds.KIND]",
	2: "when_filled, skip, delete, repeats, complete, update, earliest, sum, attributes, version, [kinds.KIND.fields]",
	4: "column, match, value, join, separator, values, default, unit, after, scale, to, minus, optional",
}

var units = map[string]float64{"seconds": 1, "minutes": 60, "hours": 3600, "hh:mm:ss": 1}

// ValidTimezone tells whether name is a time zone a mapping's timezone may give, as the
// column form of the browser import checks it before writing the mapping.
func ValidTimezone(name string) bool {
	_, ok := LoadZone(name)
	return ok
}

// LoadZone loads an IANA time zone; the server's Local is none, as it differs by machine. A
// webhook source's delivery.timezone is read by it too (hooks).
func LoadZone(name string) (*time.Location, bool) {
	loc, err := time.LoadLocation(name)
	return loc, err == nil && name != "Local"
}

func (f fileMap) build(name string) (*Map, error) {
	m := &Map{Name: name, Title: f.Title, TitleNL: strings.TrimSpace(f.TitleNL), Docs: f.Docs, HeaderRows: f.HeaderRows,
		Recognise: f.Recognise.Columns, GroupBy: strings.TrimSpace(f.GroupBy)}
	if strings.TrimSpace(m.Title) == "" {
		return nil, mistake("title", msgNoTitle)
	}
	switch m.HeaderRows {
	case 0:
		m.HeaderRows = 1
	case 1, 2:
	default:
		return nil, mistake("header_rows", msgHeaderRowCount, f.HeaderRows)
	}
	if f.Timezone != "" {
		loc, ok := LoadZone(f.Timezone)
		if !ok {
			return nil, mistake("timezone", msgNoTimezone, f.Timezone)
		}
		m.zone = loc
	}
	switch f.Decimal {
	case "":
	case ".", ",":
		m.decimal = f.Decimal[0]
	default:
		return nil, mistake("decimal", msgNoDecimal, f.Decimal)
	}
	for i, s := range f.TimeFormats {
		l, err := compileLayout(s, fmt.Sprintf("time_formats[%d]", i))
		if err != nil {
			return nil, err
		}
		m.layouts = append(m.layouts, l)
	}
	for i, s := range f.Footer {
		re, err := regexp.Compile(s)
		if err != nil {
			return nil, mistake(fmt.Sprintf("footer[%d]", i), msgFooterPattern, s, err)
		}
		m.footer = append(m.footer, re)
	}
	if len(f.Kinds) == 0 {
		return nil, mistake("kinds", msgNoKinds, cx.KindNames(cx.Kinds))
	}
	for kindName := range f.Kinds {
		if !slices.Contains(cx.Kinds, cx.Kind(kindName)) {
			return nil, mistake("kinds."+kindName, msgNotAKind, kindName, cx.KindNames(cx.Kinds))
		}
	}
	for _, kind := range cx.Kinds {
		if fk, ok := f.Kinds[string(kind)]; ok {
			km, err := fk.build(kind, m)
			if err != nil {
				return nil, err
			}
			m.kinds = append(m.kinds, km)
		}
	}
	return m, nil
}

// SourceColumns are the source columns the map reads by name (not those it finds by match), so
// a reader whose columns show only where rows have them (a JSON file) can offer them all.
func (m *Map) SourceColumns() []string {
	var names []string
	if m.GroupBy != "" {
		names = append(names, m.GroupBy)
	}
	for _, km := range m.kinds {
		for _, f := range km.fields {
			names = append(names, f.join...)
			if f.column != "" {
				names = append(names, f.column)
			}
			if f.minus != "" {
				names = append(names, f.minus)
			}
		}
		names = append(names, km.attributes...)
		for _, r := range append(slices.Clip(km.skip), km.deletes...) {
			names = append(names, r.column)
		}
		if km.version != "" {
			names = append(names, km.version)
		}
	}
	return names
}

func (fk fileKind) build(kind cx.Kind, m *Map) (*kindMap, error) {
	at := "kinds." + string(kind)
	km := &kindMap{kind: kind, attributes: fk.Attributes, complete: fk.Complete, update: fk.Update, version: strings.TrimSpace(fk.Version)}
	if fk.Complete && fk.Update {
		return nil, mistake(at+".update", msgCompleteAndUpdate)
	}
	for name := range fk.Fields {
		if _, ok := targetOf(kind, name); !ok {
			return nil, mistake(at+".fields."+name, msgNoSuchColumn, kind, name, targetList(kind))
		}
	}
	index := map[string]int{}
	for _, t := range canonical[kind] {
		ff, ok := fk.Fields[t.name]
		if !ok {
			if t.required {
				return nil, mistake(at+".fields", msgFieldMissing, kind, t.name, t.name)
			}
			continue
		}
		index[t.name] = len(km.fields)
		f, err := ff.build(at+".fields."+t.name, t)
		if err != nil {
			return nil, err
		}
		km.fields = append(km.fields, f)
	}
	for i, f := range km.fields {
		ff := fk.Fields[f.target.name]
		if ff.After == "" {
			continue
		}
		j, ok := index[ff.After]
		if !ok || km.fields[j].target.form != instant || fk.Fields[ff.After].After != "" {
			return nil, mistake(f.where+".after", msgAfterNotTime, ff.After)
		}
		km.fields[i].after = j
	}
	for _, name := range fk.WhenFilled {
		j, ok := index[name]
		if !ok {
			return nil, mistake(at+".when_filled", msgWhenFilled, name, kind, at)
		}
		km.whenFilled = append(km.whenFilled, j)
	}
	var err error
	if km.skip, err = cellRules(at+".skip", fk.Skip, msgSkipRule); err != nil {
		return nil, err
	}
	if km.deletes, err = cellRules(at+".delete", fk.Delete, msgDeleteRule); err != nil {
		return nil, err
	}
	switch fk.Repeats {
	case "":
	case "merge":
		km.merge = true
	default:
		return nil, mistake(at+".repeats", msgRepeats, fk.Repeats)
	}
	for _, name := range fk.Earliest {
		j, ok := index[name]
		if !ok || !km.merge && !km.complete && !km.update || km.fields[j].target.form != instant {
			return nil, mistake(at+".earliest", msgEarliest, name)
		}
		km.earliest = append(km.earliest, j)
	}
	for _, name := range fk.Sum {
		j, ok := index[name]
		if !ok || !km.merge || km.fields[j].target.form != decimal || km.fields[j].target.name == "gross_margin" {
			return nil, mistake(at+".sum", msgSum, name)
		}
		km.sum = append(km.sum, j)
	}
	for _, a := range fk.Attributes {
		if _, ok := targetOf(kind, strings.ToLower(strings.TrimSpace(a))); ok || strings.TrimSpace(a) == "" {
			return nil, mistake(at+".attributes", msgOwnMeaning, a, at)
		}
	}
	// Rows merged into one record are of several changes: no one time is the record's version.
	if fk.Version != "" && (km.version == "" || km.merge) {
		return nil, mistake(at+".version", msgVersion, fk.Version)
	}
	if slices.Contains(fk.Attributes, cx.SourceVersion) {
		return nil, mistake(at+".attributes", msgVersionAttribute, cx.SourceVersion)
	}
	return km, nil
}

// cellRules reads the rules of skip or delete (at): export columns and a regular expression
// each, matched case-insensitively; bad is the message of a rule that is none.
func cellRules(at string, given map[string]string, bad msg) ([]cellRule, error) {
	var rules []cellRule
	for _, column := range slices.Sorted(maps.Keys(given)) {
		re, err := regexp.Compile("(?i)" + given[column])
		if err != nil || strings.TrimSpace(column) == "" {
			return nil, mistake(at, bad, column, given[column])
		}
		rules = append(rules, cellRule{column: column, re: re})
	}
	return rules, nil
}

func targetList(kind cx.Kind) string {
	var names []string
	for _, t := range canonical[kind] {
		names = append(names, t.name)
	}
	return strings.Join(names, ", ")
}

func (ff fileField) build(at string, t target) (*field, error) {
	f := &field{target: t, where: at, column: ff.Column, value: ff.Value, join: ff.Join, sep: " ",
		minus: ff.Minus, unit: ff.Unit, optional: ff.Optional, after: -1}
	sources := 0
	for _, given := range []bool{ff.Column != "", ff.Match != "", ff.Value != nil, len(ff.Join) > 0} {
		if given {
			sources++
		}
	}
	if sources != 1 {
		return nil, mistake(at, msgOneSource)
	}
	if ff.Match != "" {
		re, err := regexp.Compile("(?i)" + ff.Match)
		if err != nil {
			return nil, mistake(at+".match", msgMatchPattern, ff.Match, err)
		}
		f.match = re
	}
	if ff.Separator != nil {
		if len(ff.Join) == 0 {
			return nil, mistake(at+".separator", msgSeparator)
		}
		f.sep = *ff.Separator
	}
	if ff.Values != nil {
		f.values = map[string]string{}
		for k, v := range ff.Values {
			key := strings.ToLower(strings.TrimSpace(k))
			if _, twice := f.values[key]; twice {
				return nil, mistake(at+".values", msgValueTwice, key)
			}
			f.values[key] = v
		}
	}
	if ff.Default != nil {
		if ff.Values == nil {
			return nil, mistake(at+".default", msgDefault)
		}
		f.refuse = *ff.Default == "refuse"
		if !f.refuse {
			f.fallback = ff.Default
		}
	}
	if err := f.checkNumbers(ff); err != nil {
		return nil, err
	}
	return f, nil
}

// checkNumbers checks the rules that only make sense for one form of canonical column.
func (f *field) checkNumbers(ff fileField) error {
	at, form := f.where, f.target.form
	if ff.Unit != "" {
		if _, ok := units[ff.Unit]; !ok {
			return mistake(at+".unit", msgNoUnit, ff.Unit)
		}
		if form == instant && ff.After == "" || form == decimal && ff.After != "" || form == text || form == customer || form == whole ||
			form == decimal && !strings.HasSuffix(f.target.name, "_seconds") {
			return mistake(at+".unit", msgUnitWhere)
		}
	} else if ff.After != "" {
		return mistake(at+".after", msgAfterWithoutUnit)
	}
	if ff.Minus != "" && form != decimal {
		return mistake(at+".minus", msgMinus)
	}
	if ff.Scale != nil || ff.To != nil {
		if form != whole || len(ff.Scale) != 2 || len(ff.To) != 2 || ff.Scale[0] >= ff.Scale[1] || ff.To[0] >= ff.To[1] {
			return mistake(at+".scale", msgScale)
		}
		f.scale, f.to, f.rescale = [2]float64(ff.Scale), [2]float64(ff.To), true
	}
	return nil
}
