package report

import (
	"testing"

	"github.com/klantpuls/klantpuls/internal/metric"
)

// TestIndicativeMarksEveryEstimateOnFewMeasurements: one rule for the star (metrics.md section
// 0, "the dashboard marks a value with n < 30 as indicative"), read by the tiles, the report
// table, the PDF, the workbook and the digests alike. A mean first response on 5 tickets or a
// CLV over 12 buyers is as much an estimate as an NPS on 8 answers; the tiles starred them and
// the table and the digest of the same period did not. A figure without a value, or without
// one count it rests on (tickets), has nothing to star.
func TestIndicativeMarksEveryEstimateOnFewMeasurements(t *testing.T) {
	for _, tt := range []struct {
		name  string
		key   string
		value *float64
		n     int
		want  bool
	}{
		{"NPS on 8 answers", "nps", fp(12.5), 8, true},
		{"CSAT on 29 answers", "csat", fp(70), 29, true},
		{"CSAT on 30 answers", "csat", fp(70), 30, false},
		{"IQS of 2 reviews", "iqs", fp(80), 2, true},
		{"mean first response of 5 tickets", "first_response", fp(5760), 5, true},
		{"mean wait of 200 calls", "wait_time", fp(150), 200, false},
		{"CLV over 12 buyers", "clv", fp(750), 12, true},
		{"CLV with buyers but no lifespan: nothing shown", "clv", nil, 12, false},
		{"no answers", "nps", nil, 0, false},
		{"tickets: a count, not an estimate", "tickets", fp(5), 0, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, ok := metric.Lookup(tt.key)
			if !ok {
				t.Fatalf("no metric %s", tt.key)
			}
			if got := Indicative(d, metric.Figure{Value: tt.value, N: tt.n}); got != tt.want {
				t.Errorf("Indicative(%s, n %d) = %v, want %v", tt.key, tt.n, got, tt.want)
			}
		})
	}
}
