package storetest

import (
	"context"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/store"
)

// testFeedbackScales: FeedbackQuery.Scales judges each CSAT answer by its own scale's range
// (FeedbackScaleCases), as the engine's pick does.
func testFeedbackScales(t *testing.T, s RecordsAndDashboard) {
	ctx := context.Background()
	Put(t, s, FeedbackScaleRecords()...)
	for _, tt := range FeedbackScaleCases() {
		t.Run(tt.Name, func(t *testing.T) {
			var q store.FeedbackQuery
			tt.Change(&q)
			items, err := s.Feedback(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, it := range items {
				ids = append(ids, it.ID)
			}
			if got := strings.Join(ids, " "); got != tt.Want {
				t.Errorf("ids %q, want %q", got, tt.Want)
			}
		})
	}
}
