package config

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// value holds one setting as TOML gave it. The structure of the file is decoded by the toml
// package (so MetaData.Undecoded finds unknown keys), but every leaf is kept untyped and
// checked by hand: a wrong type is then one error among the others, naming its key, instead
// of the first and only error the decoder would return.
type value struct {
	v   any
	set bool
}

// UnmarshalTOML keeps the raw value. Because value is a toml.Unmarshaler the decoder also marks
// any keys below it as decoded, so `mon.x = 1` gives one type error for mon, not an extra
// unknown key.
func (x *value) UnmarshalTOML(v any) error {
	x.v, x.set = v, true
	return nil
}

type rawFile struct {
	Timezone      value            `toml:"timezone"`
	Currency      value            `toml:"currency"`
	ExchangeRates map[string]value `toml:"exchange_rates"`
	Hours         rawHoursSection  `toml:"hours"`
	Surveys       struct {
		CSAT *rawCSAT `toml:"csat"`
		CES  *rawCES  `toml:"ces"`
		NPS  value    `toml:"nps"`
	} `toml:"surveys"`
	CLV        rawCLV `toml:"clv"`
	Scorecards struct {
		Criteria []rawCriterion `toml:"criteria"`
	} `toml:"scorecards"`
	Engagement  map[string]value `toml:"engagement"`
	Mail        rawMail          `toml:"mail"`
	Invitations rawInvitations   `toml:"invitations"`
	Server      rawServer        `toml:"server"`
	Sync        rawSync          `toml:"sync"`
	Themes      rawThemes        `toml:"themes"`
	Digest      rawDigest        `toml:"digest"`
	Engine      rawEngine        `toml:"engine"`
}

type rawMail struct {
	Host     value `toml:"host"`
	Port     value `toml:"port"`
	Username value `toml:"username"`
	Password value `toml:"password"`
	From     value `toml:"from"`
	TLS      value `toml:"tls"`
}

type rawServer struct {
	TrustedProxies value `toml:"trusted_proxies"`
}

type rawInvitations struct {
	ThrottleDays value `toml:"throttle_days"`
	LinkDays     value `toml:"link_days"`
}

type rawHoursSection struct {
	Default *rawHours           `toml:"default"`
	Team    map[string]rawHours `toml:"team"`
}

type rawCLV struct {
	DefaultGrossMargin value `toml:"default_gross_margin"`
	LifespanYears      value `toml:"lifespan_years"`
	HorizonMonths      value `toml:"horizon_months"`
	DiscountRate       value `toml:"discount_rate_monthly"`
}

type rawHours struct {
	Timezone value `toml:"timezone"`
	Mon      value `toml:"mon"`
	Tue      value `toml:"tue"`
	Wed      value `toml:"wed"`
	Thu      value `toml:"thu"`
	Fri      value `toml:"fri"`
	Sat      value `toml:"sat"`
	Sun      value `toml:"sun"`
	Holidays value `toml:"holidays"`
	Closed   value `toml:"closed"`
	Open     value `toml:"open"`
}

type rawCSAT struct {
	Min         value `toml:"min"`
	Max         value `toml:"max"`
	PositiveMin value `toml:"positive_min"`
}

type rawCES struct {
	Min       value `toml:"min"`
	Max       value `toml:"max"`
	Direction value `toml:"direction"`
}

type rawCriterion struct {
	Name     value `toml:"name"`
	Weight   value `toml:"weight"`
	Min      value `toml:"min"`
	Max      value `toml:"max"`
	Critical value `toml:"critical"`
}

type decoded struct {
	raw  rawFile
	meta toml.MetaData
}

// decodeFile parses the TOML. Its errors (bad syntax, or a value where a table belongs) stop
// everything, as nothing after them can be trusted.
func decodeFile(data []byte, name string) (*decoded, error) {
	var f decoded
	meta, err := toml.Decode(string(data), &f.raw)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			// The toml package's own words of the mistake, in English: it has no others.
			return nil, cx.Refuse(cx.EINVALID, "", "config_syntax", "%s: line %d: %s", name, pe.Position.Line, pe.Message)
		}
		return nil, shapeError(name, err)
	}
	f.meta = meta
	return &f, nil
}

// lastKey picks the line and key out of the toml package's message for a value whose shape
// does not fit (a number where a table belongs), which otherwise names our Go types.
var lastKey = regexp.MustCompile(`^toml: line (\d+) \(last key ("(?:[^"\\]|\\.)*")\): `)

func shapeError(name string, err error) error {
	m := lastKey.FindStringSubmatch(err.Error())
	if m == nil {
		// A shape the pattern does not know: the toml package's own words, in English as a
		// syntax mistake's are, after a sentence of the command's language.
		return cx.Refuse(cx.EINVALID, "", "config_shape", "%s: %s", name, strings.TrimPrefix(err.Error(), "toml: "))
	}
	key, _ := strconv.Unquote(m[2])
	if key == "scorecards.criteria" {
		return cx.Refuse(cx.EINVALID, "", "config_criteria_tables",
			"%s: line %s: %s: write each criterion as a table of its own, [[scorecards.criteria]]", name, m[1], key)
	}
	return cx.Refuse(cx.EINVALID, "", "config_want_table", "%s: line %s: %s: want a table here, like [%s]", name, m[1], key, key)
}

// checker collects the mistakes of one file; each helper reports under the dotted key it was
// given and returns a usable value, so checking goes on after a mistake.
type checker struct {
	name string
	errs []error
}

// add keeps a mistake made with cx.Refuse and a key, "%s: %s: …" with the file and the dotted
// key first: the command says it in its language (web's words_config*.go), its English being
// the message.
func (c *checker) add(err *cx.Error) { c.errs = append(c.errs, err) }

// said keeps a mistake another package found in the value at key (calendar's interval, …):
// said in the command's language when that package refused it with a key of its own.
func (c *checker) said(key string, err error) {
	c.add(cx.Refuse(cx.EINVALID, "", "config_said", "%s: %s: %v", c.name, key, err))
}

// wrongType says the value at key is not of the kind want (one of the words below).
func (c *checker) wrongType(key string, want *cx.Error, x value) {
	c.errs = append(c.errs, cx.Refuse(cx.EINVALID, "", "config_wrong_type", "%s: %s: want %s, not %s", c.name, key, want, describe(x.v)))
}

// The kinds of value a setting wants, and those a value written was (describe), in the words
// of the language the mistake is said in: keyed as refusals are (web's catalogue), as words
// of wrongType's sentence.
func wantWhole() *cx.Error {
	return cx.Refuse(cx.EINVALID, "", "config_a_whole_number", "a whole number")
}
func wantNumber() *cx.Error {
	return cx.Refuse(cx.EINVALID, "", "config_a_number", "a number")
}
func wantBool() *cx.Error {
	return cx.Refuse(cx.EINVALID, "", "config_true_or_false", "true or false")
}
func wantString() *cx.Error {
	return cx.Refuse(cx.EINVALID, "", "config_a_string", "a string")
}
func wantList(example string) *cx.Error {
	return cx.Refuse(cx.EINVALID, "", "config_a_list_like", "a list like [%s]", example)
}
func wantStrings(example string) *cx.Error {
	return cx.Refuse(cx.EINVALID, "", "config_strings_like", "strings like %s", example)
}

// describe shows a TOML value the way the user wrote it, more or less.
func describe(v any) any {
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("%q", v)
	case []any:
		return cx.Refuse(cx.EINVALID, "", "config_a_list", "a list")
	case map[string]any, []map[string]any:
		return cx.Refuse(cx.EINVALID, "", "config_a_table", "a table")
	case time.Time:
		return cx.Refuse(cx.EINVALID, "", "config_unquoted_time", "the unquoted date or time %s", v.Format("2006-01-02T15:04:05"))
	}
	return fmt.Sprint(v)
}

func (c *checker) integer(key string, x value, def int) int {
	if !x.set {
		return def
	}
	n, ok := x.v.(int64)
	if !ok {
		c.wrongType(key, wantWhole(), x)
		return def
	}
	return int(n)
}

// number accepts integers too: `weight = 2` is as much a number as `weight = 2.0`.
func (c *checker) number(key string, x value, def float64) float64 {
	if !x.set {
		return def
	}
	switch n := x.v.(type) {
	case int64:
		return float64(n)
	case float64:
		if math.IsNaN(n) || math.IsInf(n, 0) {
			c.errs = append(c.errs, cx.Refuse(cx.EINVALID, "", "config_unusable_number", "%s: %s: %v is not a usable number", c.name, key, n))
			return def
		}
		return n
	}
	c.wrongType(key, wantNumber(), x)
	return def
}

func (c *checker) boolean(key string, x value, def bool) bool {
	if !x.set {
		return def
	}
	b, ok := x.v.(bool)
	if !ok {
		c.wrongType(key, wantBool(), x)
		return def
	}
	return b
}

func (c *checker) text(key string, x value, def string) string {
	if !x.set {
		return def
	}
	s, ok := x.v.(string)
	if !ok {
		c.wrongType(key, wantString(), x)
		return def
	}
	return s
}

// texts reads a list of strings; example shows the user what one element looks like.
func (c *checker) texts(key string, x value, example string) []string {
	if !x.set {
		return nil
	}
	list, ok := x.v.([]any)
	if !ok {
		c.wrongType(key, wantList(example), x)
		return nil
	}
	out := make([]string, 0, len(list))
	for _, v := range list {
		s, ok := v.(string)
		if !ok {
			c.wrongType(key, wantStrings(example), value{v: v, set: true})
			continue
		}
		out = append(out, s)
	}
	return out
}

// oneOf reads a string that must be one of choices, compared case-insensitively.
func (c *checker) oneOf(key string, x value, def string, choices ...string) string {
	s := c.text(key, x, def)
	k := cx.NameKey(s)
	for _, choice := range choices {
		if k == choice {
			return choice
		}
	}
	c.errs = append(c.errs, cx.Refuse(cx.EINVALID, "", "config_not_one_of", "%s: %s: %q is not one of %s", c.name, key, s, quoteAll(choices)))
	return def
}

func quoteAll(choices []string) string {
	q := make([]string, len(choices))
	for i, s := range choices {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// unknownKeys reports the keys the schema does not know. Below an unknown table only the table
// itself is named: [hours.defualt] is one mistake, not one per day. The decoder matches keys
// to fields case-insensitively, so a key written in capitals is caught here as well, before
// `Mon` and `mon` could silently overwrite each other.
func (c *checker) unknownKeys(meta toml.MetaData) {
	undecoded := map[string]bool{}
	for _, k := range meta.Undecoded() {
		undecoded[k.String()] = true
	}
	for _, k := range meta.Keys() {
		switch {
		case undecoded[k.String()]:
			if !underUnknown(k, undecoded) {
				c.errs = append(c.errs, cx.Refuse(cx.EINVALID, "", "config_unknown_key", "%s: unknown key %s", c.name, quoteKey(k)))
			}
		case !lowerCase(k):
			c.errs = append(c.errs, cx.Refuse(cx.EINVALID, "", "config_key_case", "%s: unknown key %s (keys are written in lower case)", c.name, quoteKey(k)))
		}
	}
}

func underUnknown(k toml.Key, undecoded map[string]bool) bool {
	for i := 1; i < len(k); i++ {
		if undecoded[k[:i].String()] {
			return true
		}
	}
	return false
}

// lowerCase reports whether the key's schema parts are lower case; team names and event kinds
// are the user's own and may be written any way.
func lowerCase(k toml.Key) bool {
	for i, part := range k {
		users := (i == 2 && strings.EqualFold(k[0], "hours") && strings.EqualFold(k[1], "team")) ||
			(i == 1 && (strings.EqualFold(k[0], "engagement") || strings.EqualFold(k[0], "exchange_rates")))
		if !users && part != strings.ToLower(part) {
			return false
		}
	}
	return true
}

// quoteKey puts a key in double quotes unless it carries quotes of its own
// (hours.team."Support BE"), which would then need escaping and read worse.
func quoteKey(k toml.Key) string {
	s := k.String()
	if strings.Contains(s, `"`) {
		return s
	}
	return `"` + s + `"`
}
