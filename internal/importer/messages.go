package importer

import "fmt"

// Lang is the language of the importer's messages.
type Lang string

// The languages messages come in.
const (
	English Lang = "en"
	Dutch   Lang = "nl"
)

// msg is one message of the catalogue: a format in each language, its verbs the same.
type msg struct{ en, nl string }

func (m msg) in(l Lang, args ...any) string {
	if l == Dutch {
		return fmt.Sprintf(m.nl, args...)
	}
	return fmt.Sprintf(m.en, args...)
}

// problem is a reason not yet put into words: a message and its arguments. Functions that
// know no language (ParseDecimal, ParseTime) return one; the reader words it.
type problem struct {
	m    msg
	args []any
}

func (p *problem) Error() string          { return p.m.in(English, p.args...) }
func (p *problem) in(l Lang) string       { return p.m.in(l, p.args...) }
func newProblem(m msg, args ...any) error { return &problem{m, args} }

// The catalogue: every message the importer gives, in English and Dutch. Each names what is
// wrong and what to do; the caller puts FILE:LINE: column in front.
var (
	msgNotANumber = msg{
		`%q is not a number: write digits with a decimal point or comma (1234.56 or 1234,56)`,
		`%q is geen getal: schrijf cijfers met een decimale punt of komma (1234.56 of 1234,56)`}
	msgNumberGrouping = msg{
		`%q is not a number: thousands separators come between groups of three digits (1.234.567,89 or 1,234,567.89), or leave them out`,
		`%q is geen getal: een scheidingsteken voor duizendtallen staat tussen groepen van drie cijfers (1.234.567,89 of 1,234,567.89), of laat het weg`}
	msgNumberAmbiguous = msg{
		`%q could be %s (a comma between thousands) or %s (a decimal comma): write %[2]s or %[3]s`,
		`%q kan %s zijn (een komma tussen duizendtallen) of %s (een decimale komma): schrijf %[2]s of %[3]s`}
)
