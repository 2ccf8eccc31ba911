package cx

import (
	"errors"
	"fmt"
)

// Error codes, mapped to exit statuses and HTTP statuses in one table each by the callers.
const (
	EINVALID  = "invalid"   // bad input: a row, a field, a flag
	ENOTFOUND = "not_found" // a record or file that does not exist
	ECONFLICT = "conflict"  // a write that contradicts stored state
	EINTERNAL = "internal"  // a bug or a broken dependency
)

// Error is an error with a code and a message meant for the person who sent the input.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns a coded error.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
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
