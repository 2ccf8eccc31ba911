package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// ParsePeriod reads the dates of a period [from, to) as local midnights in loc. Both the
// command line and the API read periods this way, with the same messages. Its error is a
// *PeriodError, which a page says in its own language.
func ParsePeriod(from, to string, loc *time.Location) (time.Time, time.Time, error) {
	f, why := parseDay(from, loc)
	if why != PeriodRead {
		return f, f, periodError("from", why, from, to)
	}
	t, why := parseDay(to, loc)
	if why != PeriodRead {
		return f, t, periodError("to", why, from, to)
	}
	if !f.Before(t) {
		return f, t, periodError("to", PeriodNotAfter, from, to)
	}
	return f, t, nil
}

// PeriodError is a period ParsePeriod cannot read: which date (Field, "from" or "to"), why, and
// the dates as given. Its message is the API's and the command line's (cx.EINVALID).
type PeriodError struct {
	Field    string
	Reason   PeriodReason
	From, To string
	err      *cx.Error
}

func (e *PeriodError) Error() string { return e.err.Error() }
func (e *PeriodError) Unwrap() error { return e.err }

// PeriodReason is why a date of a period cannot be read.
type PeriodReason int

const (
	PeriodRead     PeriodReason = iota // no fault
	PeriodMissing                      // the date is empty
	PeriodNotDate                      // not a date YYYY-MM-DD
	PeriodNotAfter                     // to is not after from: the period is empty or reversed
)

func periodError(field string, why PeriodReason, from, to string) *PeriodError {
	e := &PeriodError{Field: field, Reason: why, From: from, To: to}
	// The API's message is English, as its other messages are.
	e.err = cx.Errorf(cx.EINVALID, "%s", e.message(English, func(field string) string { return field }))
	return e
}

// Flags is the message as the command line says it in l, naming the dates --from and --to.
func (e *PeriodError) Flags(l Lang) string {
	return e.message(l, func(field string) string { return "--" + field })
}

// message says in l what is wrong, naming a date by name(field): the API's parameter or a flag.
func (e *PeriodError) message(l Lang, name func(field string) string) string {
	switch value := map[string]string{"from": e.From, "to": e.To}[e.Field]; e.Reason {
	case PeriodMissing:
		return fmt.Sprintf(l.Word("period_missing"), name(e.Field))
	case PeriodNotDate:
		return fmt.Sprintf(l.Word("period_not_date"), name(e.Field), value)
	}
	return fmt.Sprintf(l.Word("period_not_after"), name("from"), e.From, name("to"), e.To)
}

func parseDay(s string, loc *time.Location) (time.Time, PeriodReason) {
	if strings.TrimSpace(s) == "" {
		return time.Time{}, PeriodMissing
	}
	t, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(s), loc)
	if err != nil {
		return t, PeriodNotDate
	}
	return t, PeriodRead
}
