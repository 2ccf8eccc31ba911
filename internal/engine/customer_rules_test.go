package engine

import (
	"fmt"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/metric"
)

// TestCustomerRules: the customer rules both queriers apply (the engine's passes and the
// ClickHouse querier call them), on values worked out by hand — the calendar days of a period
// and of its CLV window across DST changes and a leap day, the models' as-of day (yesterday at
// the latest), the engagement kinds (configured, else every known kind by name, weight 1).
func TestCustomerRules(t *testing.T) {
	now := at("2026-03-29 15:00") // the day of the spring DST change
	for _, c := range []struct {
		from, to          string
		days              float64
		windowStart       string // local date of W's start
		windowDays        float64
		modelY, modelM, d int
	}{
		{"2026-03-01", "2026-04-01", 31, "2025-04-01", 365, 2026, 3, 28},  // W ends after today: yesterday
		{"2025-10-26", "2025-10-27", 1, "2024-10-27", 365, 2025, 10, 26},  // a day of 25 hours is one day
		{"2024-02-29", "2026-03-01", 731, "2024-02-29", 731, 2026, 2, 28}, // longer than a year: W is the period
		{"2020-01-01", "2020-01-02", 1, "2019-01-02", 365, 2020, 1, 1},    // a past day
		{"2024-03-01", "2025-03-01", 365, "2024-03-01", 365, 2025, 2, 28}, // W: one year before
		{"2025-02-01", "2025-03-01", 28, "2024-03-01", 365, 2025, 2, 28},  // a leap year's February in W
	} {
		from, to := day(c.from), day(c.to)
		if got := CalendarDays(from, to); got != c.days {
			t.Errorf("CalendarDays(%s, %s) = %v; want %v", c.from, c.to, got, c.days)
		}
		start, days := CLVWindow(from, to)
		if want := clampInstant(day(c.windowStart)); start != want || days != c.windowDays {
			t.Errorf("CLVWindow(%s, %s) = %d, %v; want %s (%d), %v", c.from, c.to, start, days, c.windowStart, want, c.windowDays)
		}
		if got, want := ModelDay(to, now, ams), DayNumber(c.modelY, time.Month(c.modelM), c.d); got != want {
			t.Errorf("ModelDay(%s) = %d; want %d-%02d-%02d (%d)", c.to, got, c.modelY, c.modelM, c.d, want)
		}
	}
	show := func(ws []metric.Weighted) string {
		var out []string
		for _, w := range ws {
			out = append(out, fmt.Sprintf("%s×%v", w.Kind, w.Weight))
		}
		return fmt.Sprint(out)
	}
	known := []string{"review", "login", "add to cart"}
	if got := show(EngagementKinds(nil, known)); got != "[add to cart×1 login×1 review×1]" {
		t.Errorf("EngagementKinds(none configured) = %s; want every known kind by name, weight 1", got)
	}
	configured := []metric.Weighted{{Kind: "purchase", Weight: 3}, {Kind: "login", Weight: 0.5}}
	if got := show(EngagementKinds(configured, known)); got != "[purchase×3 login×0.5]" {
		t.Errorf("EngagementKinds(configured) = %s; want the configured ones as given", got)
	}
	many := make([]string, 70)
	for i := range many {
		many[i] = fmt.Sprintf("k%02d", i)
	}
	if n := len(EngagementKinds(nil, many)); n != 64 {
		t.Errorf("%d kinds of 70; want 64 at most", n)
	}
}
