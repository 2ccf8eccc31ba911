package digest

import (
	"bytes"
	stdhtml "html"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/smtptest"
)

// A change on too few measurements is grey, as on the overview's tile, and says why in the
// tile's words — "te weinig metingen", "too few measurements" (report's word change_few, which
// the tile reads too) — in the mail as received over SMTP, in its text part and its HTML part
// alike; the grey said no word. Three tickets each Tuesday, opened 10:00: in week 48 answered
// after 30 m and solved after 2 u, in week 47 after 1 u 30 m and 5 u. First response 30 m
// against 1 u 30 m, ▼ 1 u 00 m; resolution 2 u against 5 u, ▼ 3 u 00 m; on n = 3 < 30 (metrics.md
// section 0) both starred and grey, neither called better.
func TestDigestOverSMTPSaysTooFewMeasurements(t *testing.T) {
	recs := append(tuesdayTickets(week48, "A", 3, 30*time.Minute, 2*time.Hour), tuesdayTickets(week47, "B", 3, 90*time.Minute, 5*time.Hour)...)
	b := builder(freshApp(t, recs))
	for _, c := range []struct {
		lang  string
		lines []string // whole lines of the text part
		cells []string // the HTML's change cells, as shown
	}{
		{"nl", []string{
			"Eerste reactietijd: 30 m* (n = 3; t.o.v. vorige periode: ▼ 1 u 00 m, te weinig metingen)",
			"Oplostijd: 2 u 00 m* (n = 3; t.o.v. vorige periode: ▼ 3 u 00 m, te weinig metingen)",
		}, []string{
			`<td align="right" class="ns" style="color:#6a737d">▼ 1 u 00 m<br><small>te weinig metingen</small></td>`,
			`<td align="right" class="ns" style="color:#6a737d">▼ 3 u 00 m<br><small>te weinig metingen</small></td>`,
		}},
		{"en", []string{
			"First response time: 30 m* (n = 3; vs previous period: ▼ 1 h 00 m, too few measurements)",
			"Resolution time: 2 h 00 m* (n = 3; vs previous period: ▼ 3 h 00 m, too few measurements)",
		}, []string{
			`<td align="right" class="ns" style="color:#6a737d">▼ 1 h 00 m<br><small>too few measurements</small></td>`,
			`<td align="right" class="ns" style="color:#6a737d">▼ 3 h 00 m<br><small>too few measurements</small></td>`,
		}},
	} {
		t.Run(c.lang, func(t *testing.T) {
			text, html := received(t, send(t, b, manager(c.lang)))
			for _, want := range c.lines {
				label, _, _ := strings.Cut(want, ":")
				if got := line(text, label); got != want {
					t.Errorf("text line %q, want %q", got, want)
				}
			}
			for _, want := range c.cells {
				if !strings.Contains(stdhtml.UnescapeString(html), want) {
					t.Errorf("the HTML lacks %s:\n%s", want, html)
				}
			}
		})
	}
}

// received are the text and the HTML part of a message as the SMTP server received it, decoded,
// their lines ended as the templates end them (the wire's CRLF is SMTP's, RFC 5321).
func received(t *testing.T, got smtptest.Message) (text, html string) {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(got.Data))
	if err != nil {
		t.Fatal(err)
	}
	var tree []string
	for _, p := range leaves(t, msg.Header, msg.Body, &tree) {
		switch p.Type {
		case "text/plain":
			text = strings.ReplaceAll(string(p.Body), "\r\n", "\n")
		case "text/html":
			html = strings.ReplaceAll(string(p.Body), "\r\n", "\n")
		}
	}
	return text, html
}
