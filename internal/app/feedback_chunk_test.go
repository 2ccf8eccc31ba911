package app

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// TestFollowUpAnswersReadInPieces: more picked answers than one read by id takes (the store
// reads them in pieces) give the newest first across the pieces, cut at the limit: 1,200
// detractor answers a minute apart from 1 March 00:00, the limit 1,100, so the answers 1,199
// down to 100 — and exactly what the database alone gives.
func TestFollowUpAnswersReadInPieces(t *testing.T) {
	ctx := context.Background()
	a := openWithConfig(t)
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	var recs []cx.Record
	for i := range 1200 {
		recs = append(recs, &cx.Response{ID: fmt.Sprintf("R%04d", i), Survey: "nps", Score: i % 7,
			SubmittedAt: start.Add(time.Duration(i) * time.Minute), CustomerID: fmt.Sprintf("C%d", i)})
	}
	if _, err := a.Ingest(ctx, recs); err != nil {
		t.Fatal(err)
	}
	if err := a.LoadEngine(ctx); err != nil {
		t.Fatal(err)
	}
	lo, hi := 0, 6
	q := store.FeedbackQuery{From: start, To: start.AddDate(0, 1, 0), Survey: "nps", MinScore: &lo, MaxScore: &hi,
		AllAnswers: true, Limit: 1100}
	got, err := a.Feedback(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1100 {
		t.Fatalf("%d answers, want 1100", len(got))
	}
	for k, it := range got {
		if want := fmt.Sprintf("R%04d", 1199-k); it.ID != want {
			t.Fatalf("answer %d is %s, want %s", k, it.ID, want)
		}
	}
	alone, err := a.dash.Feedback(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, alone) {
		t.Errorf("read by id in pieces and the database alone differ")
	}
}
