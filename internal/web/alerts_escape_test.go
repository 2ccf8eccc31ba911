package web

import (
	"context"
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// phishing is the comment of the review: in Slack, unescaped, it pings the whole channel and
// shows a link to evil.example as "Reset your password".
const phishing = "<!channel> <https://evil.example|Reset your password>"

// TestAlertTextIsEscapedForEachTarget delivers one detractor's phishing comment to a Slack, a
// Teams and a generic webhook (real HTTP servers on loopback) and by e-mail (real SMTP).
func TestAlertTextIsEscapedForEachTarget(t *testing.T) {
	ls := startLoopServer(t)
	slack, teams, generic := startInbox(t), startInbox(t), startInbox(t)
	admin := ls.login("admin@example.com")
	for _, rule := range []url.Values{
		{"name": {"Slack"}, "webhook": {slack.URL}, "webhook_format": {"slack"}, "email": {"lead@example.nl"}},
		{"name": {"Teams"}, "webhook": {teams.URL}, "webhook_format": {"teams"}},
		{"name": {"Generiek"}, "webhook": {generic.URL}, "webhook_format": {"generic"}},
	} {
		rule.Set("condition", "nps_detractor")
		if res := admin.form("POST", "/alerts", rule); res.status != 303 {
			t.Fatalf("rule %s: %d %s", rule.Get("name"), res.status, res.body)
		}
	}
	if res := admin.form("POST", "/alerts", url.Values{"name": {"X"}, "condition": {"nps_detractor"}, "webhook": {slack.URL},
		"webhook_format": {"discord"}}); res.status != 422 {
		t.Errorf("an unknown format: %d %s", res.status, res.body)
	}
	// A rule name with a line break, stored past the form's check: it must not become a header.
	if err := ls.app.CreateAlertRule(context.Background(), &cx.AlertRule{Name: "Criticaster\r\nBcc: evil@example.com",
		Condition: cx.AlertNPSDetractor, Email: "lead2@example.nl", Active: true}); err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(map[string]any{"response_id": "R1", "survey": "nps", "score": 2, "submitted_at": "2026-03-09 10:00",
		"customer_id": "C<1>", "comment": phishing})
	if res := ls.withToken("adminWrite").postJSON("/api/v1/responses", string(body)); res.status != 200 {
		t.Fatalf("answer: %d %s", res.status, res.body)
	}
	ls.deliver(t)

	t.Run("Slack: &, < and > escaped", func(t *testing.T) {
		var got struct{ Text string }
		onlyBody(t, slack, &got)
		want := "&lt;!channel&gt; &lt;https://evil.example|Reset your password&gt;"
		if !strings.Contains(got.Text, want) || strings.ContainsAny(got.Text, "<>") || !strings.Contains(got.Text, "klant C&lt;1&gt;") {
			t.Errorf("text %q\nwant it to hold %q and no < or >", got.Text, want)
		}
	})
	t.Run("Teams: an Adaptive Card, outside text only in TextRuns", func(t *testing.T) {
		var got struct {
			Type        string
			Attachments []struct {
				ContentType string
				Content     json.RawMessage
			}
		}
		onlyBody(t, teams, &got)
		if got.Type != "message" || len(got.Attachments) != 1 || got.Attachments[0].ContentType != "application/vnd.microsoft.card.adaptive" {
			t.Fatalf("not a card message: %+v", got)
		}
		card := string(got.Attachments[0].Content)
		if strings.Contains(card, `"TextBlock"`) {
			t.Errorf("a TextBlock (which reads Markdown) in the card: %s", card)
		}
		runs := textRuns(t, got.Attachments[0].Content)
		if !slices.Contains(runs, "“"+phishing+"”") || !slices.Contains(runs, "klant C<1>") {
			t.Errorf("text runs %q: want the comment and customer as written", runs)
		}
	})
	t.Run("generic: the text as written, for the receiver to escape", func(t *testing.T) {
		var got struct {
			Text     string
			Response struct{ Comment string }
		}
		onlyBody(t, generic, &got)
		if !strings.Contains(got.Text, phishing) || got.Response.Comment != phishing {
			t.Errorf("generic: %+v", got)
		}
	})
	t.Run("e-mail: plain text only, no header from a rule's name", func(t *testing.T) {
		for _, m := range ls.smtp.Wait(t, 2, 5*time.Second) {
			if m.HTMLBody != "" || !strings.Contains(m.TextBody, phishing) {
				t.Errorf("mail to %v: html %q text %q", m.To, m.HTMLBody, m.TextBody)
			}
			if len(m.To) != 1 || m.Header.Get("Bcc") != "" {
				t.Errorf("mail to %v, Bcc %q", m.To, m.Header.Get("Bcc"))
			}
			if m.To[0] == "lead2@example.nl" && m.Subject != "klantpuls: Criticaster Bcc: evil@example.com" {
				t.Errorf("subject %q", m.Subject)
			}
		}
	})
}

// onlyBody decodes the single body an inbox received.
func onlyBody(t *testing.T, in *inbox, v any) {
	t.Helper()
	got := in.received()
	if len(got) != 1 {
		t.Fatalf("%d webhook calls, want 1: %q", len(got), got)
	}
	if err := json.Unmarshal([]byte(got[0]), v); err != nil {
		t.Fatalf("%v: %s", err, got[0])
	}
}

// textRuns returns the text of every TextRun in a card.
func textRuns(t *testing.T, card json.RawMessage) []string {
	var doc any
	if err := json.Unmarshal(card, &doc); err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if v["type"] == "TextRun" {
				out = append(out, v["text"].(string))
			}
			for _, c := range v {
				walk(c)
			}
		case []any:
			for _, c := range v {
				walk(c)
			}
		}
	}
	walk(doc)
	return out
}
