package hook

import (
	"strings"
	"unicode"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Formats of a webhook: what the endpoint takes and which markup it reads in text. Text from
// outside (a customer's comment, a customer or ticket id from an import) is escaped for that
// markup, so a comment can neither ping a channel nor dress a link up as something else.
const (
	// FormatSlack is Slack's incoming webhook ({"text"}), which Mattermost, Rocket.Chat and
	// Google Chat take as well. Slack reads <…> as links and mentions (<!channel>); its docs
	// ask to escape &, < and > in text that is not meant as markup:
	// https://api.slack.com/reference/surfaces/formatting#escaping
	FormatSlack = "slack"
	// FormatTeams is a Microsoft Teams channel webhook (a Workflows "post to a channel when a
	// webhook request is received", or an incoming webhook): a message with one Adaptive Card.
	// Teams reads Markdown in a card's TextBlock; outside text goes only into TextRuns, which
	// show text as it is ("Markdown is not supported", Adaptive Cards schema, TextRun.text),
	// and cards render no HTML at all.
	FormatTeams = "teams"
	// FormatGeneric is plain JSON for automation tools: the text unescaped, with the rule and
	// the answer as fields. The receiver escapes for wherever it shows them.
	FormatGeneric = "generic"
)

// Formats lists the formats in the order the alert page offers them.
var Formats = []string{FormatSlack, FormatTeams, FormatGeneric}

// ValidateFormat checks a format name; "" means FormatSlack, what every webhook was before
// formats were chosen.
func ValidateFormat(f string) (string, error) {
	switch f {
	case "":
		return FormatSlack, nil
	case FormatSlack, FormatTeams, FormatGeneric:
		return f, nil
	}
	return "", cx.Errorf(cx.EINVALID, "webhook_format: %q is not slack, teams or generic", f)
}

// Message is what an alert says, in parts, so that each format can treat our own words and
// text from outside differently.
type Message struct {
	Title    string // our words ("Criticaster: NPS 3"); the rule's name is an admin's
	Details  string // from outside: the customer and ticket ("klant C1, ticket T9")
	Quote    string // from outside: the customer's comment
	Link     string // our link to handle it
	LinkText string
	Fields   map[string]any // for the generic format: the rule and the answer as data
}

// Text is the message as plain text, one line of what and one of where to handle it.
func (m Message) Text() string {
	var b strings.Builder
	b.WriteString(m.Title)
	if m.Details != "" {
		b.WriteString(", " + m.Details)
	}
	if m.Quote != "" {
		b.WriteString(": “" + m.Quote + "”")
	}
	if m.Link != "" {
		b.WriteString("\n" + m.Link)
	}
	return b.String()
}

// Payload is the JSON body of m for an endpoint of format.
func Payload(format string, m Message) map[string]any {
	switch format {
	case FormatTeams:
		return teamsCard(m)
	case FormatGeneric:
		out := map[string]any{"text": m.Text()}
		for k, v := range m.Fields {
			out[k] = v
		}
		return out
	}
	return map[string]any{"text": SlackEscape(m.Text())}
}

// slackEscaper replaces the three characters Slack reads as markup; & first is implied, as a
// Replacer looks at the original text only. Mattermost and Rocket.Chat, which take the same
// payload, read Markdown and plain mentions instead: "[tekst](url)" is a link and
// "![x](url)" an image fetched from the comment writer's server, and "@channel", "@all",
// "@here" or "@jan" notify people; so are reference links (CommonMark 4.7 and 6.3): "[tekst][1]"
// or "[1]" with a line "[1]: url". A zero-width space between "]" and "(", "[" or ":" breaks
// the link and the definition, and one after an "@" that starts a word breaks the mention (an
// e-mail address's "@" follows a letter and is left alone); all show as written.
var slackEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "](", "]\u200b(", "][", "]\u200b[", "]:", "]\u200b:")

// SlackEscape makes text show in Slack, Mattermost and Rocket.Chat as written.
func SlackEscape(text string) string { return breakMentions(slackEscaper.Replace(text)) }

// breakMentions puts a zero-width space after each "@" at the start of a word.
func breakMentions(text string) string {
	if !strings.Contains(text, "@") {
		return text
	}
	var b strings.Builder
	prev := rune(' ')
	for _, r := range text {
		b.WriteRune(r)
		if r == '@' && !unicode.IsLetter(prev) && !unicode.IsDigit(prev) {
			b.WriteRune('\u200b')
		}
		prev = r
	}
	return b.String()
}

// teamsCard is m as an Adaptive Card message. The version is 1.4, which Teams renders on
// desktop, web and mobile.
func teamsCard(m Message) map[string]any {
	run := func(text string, style map[string]any) map[string]any {
		r := map[string]any{"type": "TextRun", "text": text}
		for k, v := range style {
			r[k] = v
		}
		return r
	}
	block := func(inlines ...map[string]any) map[string]any {
		return map[string]any{"type": "RichTextBlock", "inlines": inlines}
	}
	body := []map[string]any{block(run(m.Title, map[string]any{"weight": "bolder", "size": "medium"}))}
	if m.Details != "" {
		body = append(body, block(run(m.Details, nil)))
	}
	if m.Quote != "" {
		body = append(body, block(run("“"+m.Quote+"”", map[string]any{"italic": true})))
	}
	card := map[string]any{
		"$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
		"type":    "AdaptiveCard",
		"version": "1.4",
		"body":    body,
	}
	if m.Link != "" {
		card["actions"] = []map[string]any{{"type": "Action.OpenUrl", "title": m.LinkText, "url": m.Link}}
	}
	return map[string]any{
		"type": "message",
		"attachments": []map[string]any{{
			"contentType": "application/vnd.microsoft.card.adaptive",
			"contentUrl":  nil,
			"content":     card,
		}},
	}
}
