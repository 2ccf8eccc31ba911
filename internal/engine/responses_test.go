package engine

import (
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestRepliesKept: a comment or mention the team replied to stays replied when the record comes
// again without replied_at (a survey tool's file imported again), as the stores keep it
// (sqldb columns.kept); a deletion before the record clears it, as the stores' changes hand a
// patch that removed the reply. Each step is applied, or put by a loader as an import feeds one.
func TestRepliesKept(t *testing.T) {
	replied := at("2026-03-10 09:00")
	answer := func(replied time.Time) cx.Record {
		return &cx.Response{ID: "R1", Survey: cx.SurveyNPS, Score: 2, SubmittedAt: at("2026-03-09 10:00"),
			Comment: "Nooit meer", RepliedAt: replied}
	}
	mention := func(replied time.Time) cx.Record {
		return &cx.Mention{ID: "N1", Source: "X", At: at("2026-03-09 11:00"), Text: "Waar blijft mijn pakket?", RepliedAt: replied}
	}
	var none time.Time
	tests := []struct {
		name        string
		steps       [][]cx.Record
		replied, of int // the feedback response's count, by hand
	}{
		{"an answer without a reply", [][]cx.Record{{answer(none)}}, 0, 1},
		{"an answer put again without its reply", [][]cx.Record{{answer(replied)}, {answer(none)}}, 1, 1},
		{"a mention put again without its reply", [][]cx.Record{{mention(replied)}, {mention(none)}}, 1, 1},
		{"an answer deleted and put again without a reply",
			[][]cx.Record{{answer(replied)}, {cx.Deletion{Of: cx.KindResponses, ID: "R1"}, answer(none)}}, 0, 1},
		{"a mention deleted and put again without a reply",
			[][]cx.Record{{mention(replied)}, {cx.Deletion{Of: cx.KindMentions, ID: "N1"}, mention(none)}}, 0, 1},
		{"an answer replied to later", [][]cx.Record{{answer(none)}, {answer(replied)}}, 1, 1},
	}
	for _, tt := range tests {
		for _, how := range []string{"applied", "loaded"} {
			t.Run(tt.name+", "+how, func(t *testing.T) {
				e := newEngine(t)
				for _, step := range tt.steps {
					if how == "applied" {
						e.Apply(step...)
						continue
					}
					l := e.Load()
					for _, r := range step {
						l.Put(r)
					}
					l.Close()
				}
				groups, err := e.Report(Query{From: day("2026-03-01"), To: day("2026-04-01")})
				if err != nil {
					t.Fatal(err)
				}
				if got := groups[0].Metrics.FeedbackResponse; got.Replied != tt.replied || got.N != tt.of {
					t.Errorf("replied %d of %d, want %d of %d", got.Replied, got.N, tt.replied, tt.of)
				}
			})
		}
	}
}
