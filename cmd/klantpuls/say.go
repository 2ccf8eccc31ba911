package main

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer"
	"github.com/klantpuls/klantpuls/internal/report"
)

// Every command but serve — they answer and end — says what app logs of its run (env.log, given
// to every App the command opens) as the sentences it says everything else in on stderr —
// "klantpuls: warning: engine file not used, …" — not as log records: whoever reads their
// stderr is a person at a terminal or reading a cron mail, and the JSON lines of a service's
// log read as noise beside "klantpuls: warning: the import history was not written". serve,
// a service whose stderr a log collector reads, keeps structured logs (newLogger).

// sayLogger is the log of a command that answers and ends: records of level min and above as
// sentences on w, in lang (the command's language: say_words.go).
func sayLogger(w io.Writer, min slog.Level, lang importer.Lang) *slog.Logger {
	return slog.New(&sayHandler{w: w, min: min, lang: lang, mu: &sync.Mutex{}})
}

// sayHandler writes a record as one line: "klantpuls: warning: MSG (key: value; key: value)".
type sayHandler struct {
	w      io.Writer
	min    slog.Level
	lang   importer.Lang
	mu     *sync.Mutex // one line at a time, shared by the handlers WithAttrs makes
	attrs  []slog.Attr // from WithAttrs, keys already with their groups
	prefix string      // the groups of WithGroup, "g."
}

func (h *sayHandler) Enabled(_ context.Context, l slog.Level) bool { return l >= h.min }

func (h *sayHandler) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString("klantpuls: ")
	switch {
	case r.Level >= slog.LevelError:
		b.WriteString(sayError.In(h.lang))
	case r.Level >= slog.LevelWarn:
		b.WriteString(sayWarning.In(h.lang))
	}
	b.WriteString(oneLine(sayMessage(r.Message, h.lang)))
	attrs := slices.Clip(h.attrs) // appended to: not into the spare room another Handle shares
	r.Attrs(func(a slog.Attr) bool {
		attrs = append(attrs, h.grouped(a)...)
		return true
	})
	for i, a := range attrs {
		if i == 0 {
			b.WriteString(" (")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(sayName(a.Key, h.lang) + ": " + oneLine(sayAttrValue(a.Value, h.lang)))
	}
	if len(attrs) > 0 {
		b.WriteString(")")
	}
	b.WriteString("\n")
	h.mu.Lock()
	defer h.mu.Unlock()
	_, err := io.WriteString(h.w, b.String())
	return err
}

// oneLine is text as it can stand in a line of the log: quoted as Go quotes it when it holds a
// control character or another a terminal must not print as it is (cx.TerminalUnsafe: a bidi
// override would turn the rest of the line round). A value is often someone else's text — a team or file name from the data,
// an SMTP or webhook server's reply — and a line break in it would start a line no one logged
// ("klantpuls: error: …"), a terminal's escape would recolour or clear the screen of whoever
// reads it. serve's text log quotes such values the same way (slog.TextHandler).
func oneLine(text string) string {
	if strings.IndexFunc(text, cx.TerminalUnsafe) < 0 {
		return text
	}
	return strconv.Quote(text)
}

// grouped flattens a (a group of attributes into each) and names each key with its groups.
func (h *sayHandler) grouped(a slog.Attr) []slog.Attr {
	a.Value = a.Value.Resolve()
	if a.Value.Kind() != slog.KindGroup {
		if a.Equal(slog.Attr{}) {
			return nil
		}
		return []slog.Attr{{Key: h.prefix + a.Key, Value: a.Value}}
	}
	inner := &sayHandler{prefix: h.prefix}
	if a.Key != "" {
		inner.prefix += a.Key + "."
	}
	var out []slog.Attr
	for _, g := range a.Value.Group() {
		out = append(out, inner.grouped(g)...)
	}
	return out
}

func (h *sayHandler) WithAttrs(as []slog.Attr) slog.Handler {
	c := *h
	c.attrs = append([]slog.Attr(nil), h.attrs...)
	for _, a := range as {
		c.attrs = append(c.attrs, h.grouped(a)...)
	}
	return &c
}

func (h *sayHandler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	c := *h
	c.prefix += name + "."
	return &c
}

// sayAttrValue is an attribute's value in lang: a count as the language writes numbers
// ("12.345" in Dutch), a duration in seconds as the commands say one ("2,5 s"), true or false
// as yes or no ("ja", "nee"), words app words itself in lang (sayValue), anything else — a file,
// an error of the system's — as it is.
func sayAttrValue(v slog.Value, lang importer.Lang) string {
	number := report.Lang(lang).Number
	switch v.Kind() {
	case slog.KindBool:
		if v.Bool() {
			return sayYes.In(lang)
		}
		return sayNo.In(lang)
	case slog.KindInt64:
		return number(float64(v.Int64()), 0)
	case slog.KindUint64:
		return number(float64(v.Uint64()), 0)
	case slog.KindDuration:
		return number(v.Duration().Seconds(), 1) + " s"
	}
	return sayValue(v.String(), lang)
}
