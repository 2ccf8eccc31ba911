package web

import (
	"net/url"
	"strings"
)

// A form whose fields may be changed by someone else while it is open (Doelen, an answer's
// follow-up) sends beside each field what it showed, as was.<name>. A field sent as it showed is
// one its user left alone, and is not written: writing it would put back what another user
// changed since the form was made. A field sent without it (a script's form, an API client) is
// written as sent.

// shownOnForm is what field name of form showed when the form was made (was.<name>); false when
// the form does not say.
func shownOnForm(form url.Values, name string) (string, bool) {
	was, ok := form["was."+name]
	if !ok || len(was) == 0 {
		return "", false
	}
	return was[0], true
}

// changedOnForm reports whether the user changed field name of form, which sent it as sent:
// sent otherwise than it showed, or without saying what it showed. Space around and the line
// ends a browser sends (CRLF, where the page held LF) are no change.
func changedOnForm(form url.Values, name, sent string) bool {
	was, ok := shownOnForm(form, name)
	return !ok || asTyped(sent) != asTyped(was)
}

func asTyped(s string) string { return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n")) }
