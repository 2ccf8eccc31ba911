package engine

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

func score(v float64) *float64 { return &v }

// sentimentRecords are texts whose scores the test sets (app stores them when it writes a
// record; the engine only counts their labels): four comments on e-mail and chat answers, one
// answer without a comment, two mentions, and one text outside the period.
func sentimentRecords() []cx.Record {
	resp := func(id, channel string, s *float64, comment string) *cx.Response {
		return &cx.Response{ID: id, Survey: cx.SurveyNPS, Score: 8, SubmittedAt: at("2026-03-10 10:00"),
			Channel: channel, Comment: comment, Sentiment: s}
	}
	return []cx.Record{
		resp("R1", "email", score(0.8), "top"),
		resp("R2", "email", score(0.05), "gaat wel"), // on the band's edge: neutral
		resp("R3", "email", score(-0.4), "traag"),
		resp("R4", "chat", score(-0.0501), "hm"), // just past the edge: negative
		resp("R5", "chat", nil, ""),              // no comment: no sentiment
		&cx.Mention{ID: "N1", Source: "Trustpilot", At: at("2026-03-11 12:00"), Text: "prima", Sentiment: score(0.3)},
		&cx.Mention{ID: "N2", Source: "X", At: at("2026-03-12 12:00"), Text: "waardeloos", Sentiment: score(-0.9)},
		&cx.Mention{ID: "N3", Source: "X", At: at("2025-03-12 12:00"), Text: "vorig jaar", Sentiment: score(0.9)},
	}
}

func sentimentOf(t *testing.T, e *Engine, by Dim) map[string]string {
	t.Helper()
	groups, err := e.Report(Query{From: day("2026-01-01"), To: day("2027-01-01"), By: by})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, g := range groups {
		key := "all"
		if g.Key != nil {
			key = *g.Key
		}
		b, _ := json.Marshal(g.Metrics.Sentiment)
		out[key] = string(b)
	}
	return out
}

func TestSentiment(t *testing.T) {
	e := newEngine(t)
	e.Apply(sentimentRecords()...)
	for _, tt := range []struct {
		name string
		by   Dim
		want map[string]string
	}{
		// Without --by every comment and mention of the period counts: positive R1 and N1,
		// neutral R2, negative R3, R4 and N2; n 6, share 100·2/6, net 100·(2 − 3)/6.
		{"comments and mentions", ByNone, map[string]string{
			"all": `{"n":6,"positive":2,"neutral":1,"negative":3,"positive_share":33.333333333333336,"net":-16.666666666666668}`}},
		// By channel, mentions (which have none) leave the groups; e-mail has R1, R2, R3:
		// share 33.3, net 0; chat has R4 only (R5 has no comment): net −100.
		{"comments only by channel", ByChannel, map[string]string{
			"email": `{"n":3,"positive":1,"neutral":1,"negative":1,"positive_share":33.333333333333336,"net":0}`,
			"chat":  `{"n":1,"positive":0,"neutral":0,"negative":1,"positive_share":0,"net":-100}`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := sentimentOf(t, e, tt.by)
			for k, w := range tt.want {
				if got[k] != w {
					t.Errorf("%s: got %s, want %s", k, got[k], w)
				}
			}
			if len(got) != len(tt.want) {
				t.Errorf("groups %v, want %d", got, len(tt.want))
			}
		})
	}
	t.Run("a changed score moves the count", func(t *testing.T) {
		e := newEngine(t)
		e.Apply(sentimentRecords()...)
		e.Apply(&cx.Mention{ID: "N2", Source: "X", At: at("2026-03-12 12:00"), Text: "toch goed", Sentiment: score(0.6)})
		want := `{"n":6,"positive":3,"neutral":1,"negative":2,"positive_share":50,"net":16.666666666666668}`
		if got := sentimentOf(t, e, ByNone)["all"]; got != want {
			t.Errorf("got %s, want %s", got, want)
		}
	})
	t.Run("no texts", func(t *testing.T) {
		e := newEngine(t)
		want := `{"n":0,"positive":0,"neutral":0,"negative":0,"positive_share":null,"net":null}`
		if got := sentimentOf(t, e, ByNone)["all"]; got != want {
			t.Errorf("got %s, want %s", got, want)
		}
	})
	t.Run("kept by a snapshot", func(t *testing.T) {
		var buf bytes.Buffer
		if err := e.Snapshot(&buf, 1); err != nil {
			t.Fatal(err)
		}
		got, _, err := Restore(testOptions(), &buf)
		if err != nil {
			t.Fatal(err)
		}
		if a, b := sentimentOf(t, e, ByNone)["all"], sentimentOf(t, got, ByNone)["all"]; a != b {
			t.Errorf("restored %s, want %s", b, a)
		}
	})
}
