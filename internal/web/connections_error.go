package web

import (
	"errors"
	"fmt"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// A connection's last refused delivery is kept in English (for the log and rows written before)
// and as the words of the refusal (cx.Refuse's key and its values, as the audit log keeps its
// phrases), so the Koppelingen page and klantpuls connection list say it in their reader's
// language rather than in the English a Dutch admin was shown.

// refusalWords are the words a connection keeps of the refusal p answers: its key and values
// (their text: the store keeps text); nil for a problem without a keyed refusal, whose English
// is all there is.
func refusalWords(p Problem) []cx.AuditPhrase {
	var e *cx.Error
	if !errors.As(p.cause, &e) || e.Key == "" {
		return nil
	}
	return []cx.AuditPhrase{cx.Phrase(e.Key, e.Args...)}
}

// ConnectionError is c's last error in lang ("nl", "en"): the status it was answered and its
// reason in the pages' words when they were kept; else its LastError as stored (errors counted
// before words were kept, failures without words, a key of a newer release). Its values are a
// caller's text, said as they are: a page escapes them, and the command line (cx.TerminalSafe).
func ConnectionError(lang string, c *cx.Connection) string {
	if len(c.LastErrorWords) != 1 {
		return c.LastError
	}
	p := c.LastErrorWords[0]
	form, ok := words[lang][p.Key]
	if !ok {
		return c.LastError
	}
	args := make([]any, len(p.Args))
	for i, a := range p.Args {
		args[i], _ = cx.PhraseValue(a) // a refusal names no words of the pages (cx.Phrase escapes "@")
	}
	reason := fmt.Sprintf(form, args...)
	// The status is kept before the English, as the refusal was answered ("403: …").
	if status, _, ok := strings.Cut(c.LastError, ": "); ok && len(status) == 3 && strings.Trim(status, "0123456789") == "" {
		return status + ": " + reason
	}
	return reason
}
