package web

import (
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/report"
)

// TestBacklogSteps: the SLA over time is daily under three weeks (a week would give two or
// three points), weekly after, monthly past what weeks may hold; created against solved is
// daily up to engine.MaxBuckets days.
func TestBacklogSteps(t *testing.T) {
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		days      int
		sla, flow engine.Step
	}{
		{7, engine.StepDay, engine.StepDay},
		{20, engine.StepDay, engine.StepDay},
		{21, engine.StepWeek, engine.StepDay},
		{365, engine.StepWeek, engine.StepDay},
		{400, engine.StepWeek, engine.StepDay},
		{401, engine.StepWeek, engine.StepMonth},
		{7 * 398, engine.StepWeek, engine.StepMonth},
		{7*398 + 1, engine.StepMonth, engine.StepMonth},
	}
	for _, tt := range tests {
		v := view{From: from, To: from.AddDate(0, 0, tt.days)}
		if got := slaStep(v); got != tt.sla {
			t.Errorf("%d days: SLA step %s, want %s", tt.days, got, tt.sla)
		}
		if got := flowStep(v); got != tt.flow {
			t.Errorf("%d days: created/solved step %s, want %s", tt.days, got, tt.flow)
		}
	}
}

func TestAgeText(t *testing.T) {
	for _, tt := range []struct {
		lang report.Lang
		age  time.Duration
		want string
	}{
		{report.Dutch, 5*time.Hour + 30*time.Minute, "5 u 30 m"},
		{report.Dutch, 24 * time.Hour, "1 d 0 u"},
		{report.Dutch, 410 * time.Hour, "17 d 2 u"},
		{report.English, 410 * time.Hour, "17 d 2 h"},
		{report.Dutch, 1500 * 24 * time.Hour, "1.500 d 0 u"},
	} {
		if got := ageText(tt.lang, tt.age); got != tt.want {
			t.Errorf("ageText(%s, %v) = %q, want %q", tt.lang, tt.age, got, tt.want)
		}
	}
}
