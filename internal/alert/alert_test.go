package alert

import (
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

func TestMatches(t *testing.T) {
	detractor := &cx.AlertRule{Condition: cx.AlertNPSDetractor, Active: true}
	lowCSAT := &cx.AlertRule{Condition: cx.AlertCSATLow, Threshold: 2, Active: true}
	sentiment := &cx.AlertRule{Condition: cx.AlertNegativeSentiment, Active: true}
	off := &cx.AlertRule{Condition: cx.AlertNPSDetractor}
	for _, tt := range []struct {
		name string
		rule *cx.AlertRule
		r    cx.Response
		want bool
	}{
		{"NPS 6 is a detractor", detractor, cx.Response{Survey: "nps", Score: 6}, true},
		{"NPS 7 is not", detractor, cx.Response{Survey: "nps", Score: 7}, false},
		{"a CSAT 1 is no NPS detractor", detractor, cx.Response{Survey: "csat", Score: 1}, false},
		{"CSAT 2 at the threshold", lowCSAT, cx.Response{Survey: "csat", Score: 2}, true},
		{"CSAT 3 above it", lowCSAT, cx.Response{Survey: "csat", Score: 3}, false},
		{"a CES 1 is no CSAT", lowCSAT, cx.Response{Survey: "ces", Score: 1}, false},
		// On a scale of its own an answer is low when that scale's rule does not count it positive.
		{"a Zendesk good (1) is not low", lowCSAT, cx.Response{Survey: "csat", Score: 1, Scale: "good-bad"}, false},
		{"a Zendesk bad is", lowCSAT, cx.Response{Survey: "csat", Score: 0, Scale: "good-bad"}, true},
		{"a Freshdesk neutral is", lowCSAT, cx.Response{Survey: "csat", Score: 100, Scale: "freshdesk"}, true},
		{"a 1-10 answer of 9 is not", lowCSAT, cx.Response{Survey: "csat", Score: 9, Scale: "1-10"}, false},
		// The score is the one stored when the answer was written; the label rule is
		// metric.SentimentLabel's (metrics.md section 4: negative below −0.05).
		{"a negative comment", sentiment, cx.Response{Survey: "nps", Score: 9, Comment: "traag", Sentiment: score(-0.4)}, true},
		{"just past the band", sentiment, cx.Response{Survey: "csat", Score: 4, Comment: "hm", Sentiment: score(-0.0501)}, true},
		{"on the band's edge: neutral", sentiment, cx.Response{Survey: "nps", Score: 0, Comment: "tja", Sentiment: score(-0.05)}, false},
		{"a positive comment on a low score", sentiment, cx.Response{Survey: "nps", Score: 0, Comment: "aardig", Sentiment: score(0.6)}, false},
		{"no comment, no score", sentiment, cx.Response{Survey: "nps", Score: 0}, false},
		{"an inactive sentiment rule", &cx.AlertRule{Condition: cx.AlertNegativeSentiment}, cx.Response{Survey: "ces", Score: 1, Comment: "x", Sentiment: score(-1)}, false},
		{"an inactive rule", off, cx.Response{Survey: "nps", Score: 0}, false},
	} {
		if got := Matches(tt.rule, &tt.r, nil); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestValidateRule(t *testing.T) {
	for _, tt := range []struct {
		rule cx.AlertRule
		ok   bool
	}{
		{cx.AlertRule{Name: "x", Condition: cx.AlertNPSDetractor, Email: "a@example.nl"}, true},
		{cx.AlertRule{Name: "x", Condition: cx.AlertCSATLow, Threshold: 2, Webhook: "https://hooks.example.com/x"}, true},
		{cx.AlertRule{Name: "", Condition: cx.AlertNPSDetractor, Email: "a@example.nl"}, false},
		{cx.AlertRule{Name: "x", Condition: "everything", Email: "a@example.nl"}, false},
		{cx.AlertRule{Name: "x", Condition: cx.AlertCSATLow, Email: "a@example.nl"}, false}, // no threshold
		{cx.AlertRule{Name: "x", Condition: cx.AlertNPSDetractor}, false},                   // nowhere to send
		{cx.AlertRule{Name: "x", Condition: cx.AlertNPSDetractor, Webhook: "javascript:alert(1)"}, false},
		// The e-mail address as the mail sender reads it (net/mail): one, with or without a name.
		{cx.AlertRule{Name: "x", Condition: cx.AlertNPSDetractor, Email: "Team Service <service@example.nl>"}, true},
		{cx.AlertRule{Name: "x", Condition: cx.AlertNPSDetractor, Email: "lead at example.nl"}, false},
		{cx.AlertRule{Name: "x", Condition: cx.AlertNPSDetractor, Email: "lead@example.nl, anna@example.nl"}, false},
		{cx.AlertRule{Name: "x", Condition: cx.AlertNPSDetractor, Email: "lead@"}, false},
	} {
		r := tt.rule
		if err := ValidateRule(&r, nil); (err == nil) != tt.ok {
			t.Errorf("%+v: %v, want ok %v", tt.rule, err, tt.ok)
		}
	}
}

func score(v float64) *float64 { return &v }
