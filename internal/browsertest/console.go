package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Console holds the errors a tab reported: console.error and failed console.assert calls,
// uncaught exceptions and unhandled promise rejections, and the browser's own error log,
// where a resource that failed to load and anything the Content-Security-Policy refused
// (an inline style, eval) appear.
type Console struct {
	tab  context.Context
	mu   sync.Mutex
	errs []string
}

// ConsoleErrors starts collecting a tab's errors; call it before the page loads.
func ConsoleErrors(t testing.TB, tab context.Context) *Console {
	t.Helper()
	c := &Console{tab: tab}
	// A listener runs in the loop that reads the tab's messages, in their order; that is
	// what lets Errors be exact (see there). It must be quick and send no command.
	if err := chromedp.Listen(tab, c.note); err != nil {
		t.Fatalf("browsertest: listening to the console: %v", err)
	}
	return c
}

func (c *Console) note(ev any) {
	var msg string
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError && ev.Type != runtime.ConsoleAPICalledTypeAssert {
			return
		}
		msg = "console." + string(ev.Type) + ": " + argsText(ev.Args)
		if st := ev.StackTrace; st != nil && len(st.CallFrames) > 0 {
			f := st.CallFrames[0]
			msg += fmt.Sprintf(" (%s:%d)", f.URL, f.LineNumber+1)
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg = "exception: " + d.Text
		if d.Exception != nil {
			desc, _, _ := strings.Cut(d.Exception.Description, "\n")
			msg += " " + desc
		}
		msg += fmt.Sprintf(" (%s:%d)", d.URL, d.LineNumber+1)
	case *log.EventEntryAdded:
		// The browser asks for /favicon.ico on its own; a page does not, so its 404 is no error
		// of the page.
		if ev.Entry.Level != log.EntryLevelError || strings.HasSuffix(ev.Entry.URL, "/favicon.ico") {
			return
		}
		msg = fmt.Sprintf("%s error: %s", ev.Entry.Source, ev.Entry.Text)
		if ev.Entry.URL != "" {
			msg += " (" + ev.Entry.URL + ")"
		}
	default:
		return
	}
	c.mu.Lock()
	c.errs = append(c.errs, msg)
	c.mu.Unlock()
}

// Errors returns the errors so far. It first makes a round trip to the page: the tab handles
// its messages in order, so every error the page reported before now has been noted.
func (c *Console) Errors(t testing.TB) []string {
	t.Helper()
	Value(t, c.tab, chromedp.Evaluate[int]("0"))
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.errs...)
}

// Check fails the test, listing them, when the tab reported errors.
func (c *Console) Check(t testing.TB) {
	t.Helper()
	if errs := c.Errors(t); len(errs) > 0 {
		t.Errorf("the page reported %d error(s):\n\t%s", len(errs), strings.Join(errs, "\n\t"))
	}
}

// argsText renders console arguments roughly as DevTools does: strings as they are, other
// values by their description.
func argsText(args []*runtime.RemoteObject) string {
	parts := make([]string, 0, len(args))
	for _, a := range args {
		var s string
		switch {
		case a.Type == runtime.RemoteObjectTypeString && json.Unmarshal(a.Value, &s) == nil:
		case a.Description != "":
			s = a.Description
		case a.UnserializableValue != "":
			s = string(a.UnserializableValue)
		default:
			s = string(a.Value)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}
