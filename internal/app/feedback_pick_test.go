package app

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// TestFollowUpAnswersPickedByTheEngine: the follow-up list's query (a survey, a score range,
// every answer) takes the engine's pick of the answers and gives, on a set worked out by hand,
// the answers worked out and the very items the database alone gives: newest first, ties in
// one second by id, scores at both bounds in, other surveys, scores and periods out, a
// deleted answer gone, and the limit cutting between two answers of one second.
func TestFollowUpAnswersPickedByTheEngine(t *testing.T) {
	ctx := context.Background()
	a := openWithConfig(t)
	nps := func(id string, score, day, hour int) *cx.Response {
		return &cx.Response{ID: id, Survey: "nps", Score: score, SubmittedAt: march(day, hour, 0), CustomerID: "C1", Comment: "x" + id}
	}
	_, err := a.Ingest(ctx, []cx.Record{
		nps("A", 0, 2, 10), nps("B", 6, 3, 10), nps("C", 7, 3, 10), // C is no detractor
		nps("D", 3, 5, 10), nps("E", 3, 5, 10), nps("F", 2, 5, 10), // one second: D, E, F by id
		nps("G", 1, 28, 10), // after the period
		nps("H", 4, 6, 10),  // deleted below
		&cx.Response{ID: "I", Survey: "csat", Score: 1, SubmittedAt: march(4, 10, 0), CustomerID: "C1"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.LoadEngine(ctx); err != nil {
		t.Fatal(err)
	}
	if err := a.Delete(ctx, cx.KindResponses, "H"); err != nil {
		t.Fatal(err)
	}
	lo, hi := 0, 6
	for _, tt := range []struct {
		limit int
		want  string
	}{{10, "[D E F B A]"}, {2, "[D E]"}, {4, "[D E F B]"}} {
		q := store.FeedbackQuery{From: march(1, 0, 0), To: march(20, 0, 0), Survey: "nps", MinScore: &lo, MaxScore: &hi,
			AllAnswers: true, Limit: tt.limit}
		got, err := a.Feedback(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, it := range got {
			ids = append(ids, it.ID)
		}
		if fmt.Sprint(ids) != tt.want {
			t.Errorf("limit %d: %v, want %s", tt.limit, ids, tt.want)
		}
		alone, err := a.dash.Feedback(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, alone) {
			t.Errorf("limit %d: the engine's pick gives\n%+v\nthe database alone\n%+v", tt.limit, got, alone)
		}
	}
}
