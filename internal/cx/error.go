package cx

import (
	"errors"
	"fmt"
	"time"
)

// Error codes, mapped to exit statuses and HTTP statuses in one table each by the callers.
const (
	EINVALID  = "invalid"   // bad input: a row, a field, a flag
	ENOTFOUND = "not_found" // a record or file that does not exist
	ECONFLICT = "conflict"  // a write that contradicts stored state
	EINTERNAL = "internal"  // a bug or a broken dependency
	// EUNAVAILABLE: not now, nothing done; the same request may succeed later (the SQLite
	// file is being written by another process, such as an import). Only a commit the database
	// did not answer leaves unknown whether it was done, which its words then say
	// (store.ErrNotCommitted).
	EUNAVAILABLE = "unavailable"
)

// Error is an error with a code and a message meant for the person who sent the input.
type Error struct {
	Code    string
	Message string
	// RetryAfter, for EUNAVAILABLE, is how long to wait before trying again.
	RetryAfter time.Duration
	// Field is the input at fault as the request names it ("name", "origins"), "" for none.
	Field string
	// Key and Args are the message as the dashboard's pages say it, in the page's language:
	// the sentence under Key in their catalogue, Args in its verbs. Message stays the English
	// of the API and the command line; an error without a Key is shown as Message everywhere.
	Key  string
	Args []any
	// Cause, when set, is what failed underneath (the database's own words): for the log,
	// never shown, as Message says all a person needs.
	Cause error
}

func (e *Error) Error() string { return e.Message }

// Unwrap returns Cause.
func (e *Error) Unwrap() error { return e.Cause }

// Errorf returns a coded error.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Refuse returns a coded error about field: "field: " and format with args in English, and
// the sentence under key with the same args on a page (Error.Key). The one way an input is
// refused in the user's language, wherever the rule that refuses it lives.
func Refuse(code, field, key, format string, args ...any) *Error {
	msg := fmt.Sprintf(format, args...)
	if field != "" {
		msg = field + ": " + msg
	}
	return &Error{Code: code, Message: msg, Field: field, Key: key, Args: args}
}

// Unavailable returns an EUNAVAILABLE error: try again after retry.
func Unavailable(retry time.Duration, format string, args ...any) *Error {
	e := Errorf(EUNAVAILABLE, format, args...)
	e.RetryAfter = retry
	return e
}

// RetryAfter returns how long err asks to wait before trying again (0: it does not ask).
func RetryAfter(err error) time.Duration {
	var e *Error
	if errors.As(err, &e) {
		return e.RetryAfter
	}
	return 0
}

// ErrorCode returns the code of err, EINTERNAL for errors that carry none, "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	}
	return EINTERNAL
}

// NotFound is the error for a record of kind that is not stored under key, in one wording
// wherever it is met: "no ticket \"T1\"", and after it what could not be done, if anything
// (" to delete").
// A page says it by "not_found/" and the record's kind, singular ("not_found/customer").
// The page's words name a review's row with their own word for a criterion (ShownKeyArg).
func NotFound(kind Kind, key, what string) error {
	one, shown := kind.One(), ShownKeyArg{kind, key}
	return &Error{Code: ENOTFOUND, Message: fmt.Sprintf("no %s %q%s", one, shown, what), Key: "not_found/" + one, Args: []any{shown}}
}

// ShownKeyArg is a record's key as an argument of a message (Error.Args). It prints as ShownKey,
// in English; a reader in another language names a review's row with its own word for a
// criterion (ShownKeyWith), which a key already printed would no longer let it.
type ShownKeyArg struct {
	Kind Kind
	Key  string
}

func (k ShownKeyArg) String() string { return ShownKey(k.Kind, k.Key) }
