package metric

import (
	"testing"
	"time"
)

func TestCLVWindowStart(t *testing.T) {
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, ams) }
	for _, c := range []struct {
		name           string
		from, to, want time.Time
	}{
		{"a month: the year before its end", day(2026, 3, 1), day(2026, 4, 1), day(2025, 4, 1)},
		{"a day", day(2026, 3, 25), day(2026, 3, 26), day(2025, 3, 26)},
		{"29 February has no date a year before: 28 February", day(2028, 2, 1), day(2028, 2, 29), day(2027, 2, 28)},
		{"a year exactly", day(2025, 1, 1), day(2026, 1, 1), day(2025, 1, 1)},
		{"longer than a year: the whole period", day(2024, 1, 1), day(2026, 1, 1), day(2024, 1, 1)},
		{"across the change to summer time: the local date", day(2026, 3, 1), day(2026, 3, 30), day(2025, 3, 30)},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := CLVWindowStart(c.from, c.to); !got.Equal(c.want) {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
}
