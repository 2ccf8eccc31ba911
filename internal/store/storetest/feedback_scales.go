package storetest

import (
	"context"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/store"
)

// testFeedbackScales: FeedbackQuery.Scales judges each CSAT answer by its own scale's range —
// on an install of 1–5 positive from 4, Zendesk's bad (0) and Freshdesk's two least satisfied
// points are critical, Zendesk's good (1) is not — as the engine's pick does. Worked by hand
// from metric.CSATScales.
func testFeedbackScales(t *testing.T, s RecordsAndDashboard) {
	ctx := context.Background()
	csat := func(id string, score int, scale string, hour int) cx.Record {
		return &cx.Response{ID: id, Survey: "csat", Score: score, Scale: scale, SubmittedAt: on(2, hour, 0)}
	}
	Put(t, s,
		csat("I1", 1, "", 1), csat("I2", 2, "", 2), csat("I3", 3, "", 3), csat("I5", 5, "", 4),
		csat("Zgood", 1, "good-bad", 5), csat("Zbad", 0, "good-bad", 6),
		csat("F103", -103, "freshdesk", 7), csat("F102", -102, "freshdesk", 8), csat("F101", -101, "freshdesk", 9),
		csat("F100", 100, "freshdesk", 10), csat("F102+", 102, "freshdesk", 11),
		csat("T2", 2, "1-10", 12), csat("T9", 9, "1-10", 13),
	)
	own := metric.CSATScale{Min: 1, Max: 5, PositiveMin: 4}
	for _, tt := range []struct {
		name   string
		scales []metric.ScaleScores
		want   string
	}{
		{"critical by each answer's scale", metric.EveryScale(own, metric.CSATScale.Critical), "T2 F102 F103 Zbad I2 I1"},
		{"positive by each answer's scale", metric.EveryScale(own, metric.CSATScale.PositiveScores), "T9 F102+ Zgood I5"},
		{"a scale not listed keeps none", []metric.ScaleScores{{Scale: "good-bad", Min: 0, Max: 0}}, "Zbad"},
		{"none listed keeps none", []metric.ScaleScores{}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			items, err := s.Feedback(ctx, store.FeedbackQuery{From: morning(1), To: morning(10), Survey: "csat",
				AllAnswers: true, Scales: tt.scales})
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, it := range items {
				ids = append(ids, it.ID)
			}
			if got := strings.Join(ids, " "); got != tt.want {
				t.Errorf("ids %q, want %q", got, tt.want)
			}
		})
	}
}
