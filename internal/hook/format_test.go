package hook

import (
	"encoding/json"
	"strings"
	"testing"
)

// phishing is a comment that, unescaped, pings a Slack channel and dresses up a link.
const phishing = "<!channel> <https://evil.example|Reset your password>"

func TestSlackEscape(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{phishing, "&lt;!channel&gt; &lt;https://evil.example|Reset your password&gt;"},
		{"A & B", "A &amp; B"},
		{"&lt; already", "&amp;lt; already"}, // shown as typed, not as "<"
		{"geen opmaak", "geen opmaak"},
		// Mattermost and Rocket.Chat: a Markdown link or image and a mention show as typed.
		{"[Wachtwoord resetten](https://evil.example)", "[Wachtwoord resetten]\u200b(https://evil.example)"},
		{"![x](https://evil.example/p.gif)", "![x]\u200b(https://evil.example/p.gif)"},
		// Reference links and images: the definition is what makes "[1]" a link.
		{"[Inloggen][1]\n[1]: https://evil.example", "[Inloggen]\u200b[1]\n[1]\u200b: https://evil.example"},
		{"![x][p]\n[p]:https://evil.example/p.gif", "![x]\u200b[p]\n[p]\u200b:https://evil.example/p.gif"},
		{"@channel kijk hier, (@jan)", "@\u200bchannel kijk hier, (@\u200bjan)"},
		{"mail jan@bedrijf.nl", "mail jan@bedrijf.nl"},
		// A user or user-group mention and a date token are <…> as well: shown as typed.
		{"<@U024BE7LH> <!subteam^S1> <!date^1392734382^{date}|x>", "&lt;@\u200bU024BE7LH&gt; &lt;!subteam^S1&gt; &lt;!date^1392734382^{date}|x&gt;"},
		// Emphasis stays: Slack has no escape for it, and bold or struck text pings no one and
		// hides no link; a zero-width space in every "*" would spoil a comment copied out.
		{"*DRINGEND* ~oud~ _schuin_ `code`", "*DRINGEND* ~oud~ _schuin_ `code`"},
	} {
		if got := SlackEscape(tt.in); got != tt.want {
			t.Errorf("SlackEscape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPayload(t *testing.T) {
	m := Message{Title: "Criticaster: NPS 2", Details: "klant C1", Quote: phishing, Link: "https://kp.example.nl/followups?response=R1",
		LinkText: "Opvolgen", Fields: map[string]any{"rule": "Criticaster"}}
	text := "Criticaster: NPS 2, klant C1: “" + phishing + "”\nhttps://kp.example.nl/followups?response=R1"
	if got := m.Text(); got != text {
		t.Fatalf("Text() = %q, want %q", got, text)
	}
	for _, tt := range []struct {
		format string
		want   []string // parts of the JSON
		not    []string
	}{
		{FormatSlack, []string{`"text":"Criticaster: NPS 2, klant C1: “\u0026lt;!channel\u0026gt; \u0026lt;https://evil.example|Reset your password\u0026gt;”`},
			[]string{`\u003c!channel`, `"rule"`}},
		{FormatGeneric, []string{`"text":"Criticaster: NPS 2, klant C1: “\u003c!channel\u003e`, `"rule":"Criticaster"`}, nil},
		{FormatTeams, []string{`"type":"message"`, `"contentType":"application/vnd.microsoft.card.adaptive"`,
			`{"italic":true,"text":"“\u003c!channel\u003e \u003chttps://evil.example|Reset your password\u003e”","type":"TextRun"}`,
			`{"title":"Opvolgen","type":"Action.OpenUrl","url":"https://kp.example.nl/followups?response=R1"}`},
			[]string{`"TextBlock"`}}, // a TextBlock reads Markdown; a TextRun does not
	} {
		t.Run(tt.format, func(t *testing.T) {
			body, err := marshal(Payload(tt.format, m))
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(body), w) {
					t.Errorf("payload lacks %s:\n%s", w, body)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(string(body), n) {
					t.Errorf("payload holds %s:\n%s", n, body)
				}
			}
			if !json.Valid(body) {
				t.Error("not JSON")
			}
		})
	}
}

func TestValidateFormat(t *testing.T) {
	for in, want := range map[string]string{"": "slack", "slack": "slack", "teams": "teams", "generic": "generic", "Teams": "", "discord": ""} {
		got, err := ValidateFormat(in)
		if got != want || (want == "") != (err != nil) {
			t.Errorf("ValidateFormat(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}
