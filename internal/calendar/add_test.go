package calendar

import (
	"math"
	"testing"
	"time"
)

func TestAddBusinessSeconds(t *testing.T) {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	office, err := New(OfficeHours(ams))
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) int64 {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, ams)
		if err != nil {
			t.Fatal(err)
		}
		return tm.Unix()
	}
	tests := []struct {
		name, from string
		secs       int64
		want       string
	}{
		{"within the day", "2026-03-10 10:00", 3600, "2026-03-10 11:00"},
		{"8 hours from Friday afternoon fall on Monday", "2026-03-13 15:00", 8 * 3600, "2026-03-16 15:00"},
		{"exactly to closing time", "2026-03-10 09:00", 8 * 3600, "2026-03-10 17:00"},
		{"from the evening: the clock starts next morning", "2026-03-10 20:00", 1800, "2026-03-11 09:30"},
		{"over Koningsdag 2026 (Monday 27 April)", "2026-04-24 16:00", 2 * 3600, "2026-04-28 10:00"},
		{"over the year end and Nieuwjaarsdag", "2025-12-31 16:00", 2 * 3600, "2026-01-02 10:00"},
		{"zero", "2026-03-14 12:00", 0, "2026-03-14 12:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := office.AddBusinessSeconds(at(tt.from), tt.secs)
			if want := at(tt.want); got != want {
				t.Errorf("got %s, want %s", time.Unix(got, 0).In(ams).Format("2006-01-02 15:04"), tt.want)
			}
			// The inverse of BusinessSeconds.
			if tt.secs > 0 && office.BusinessSeconds(at(tt.from), got) != tt.secs {
				t.Errorf("BusinessSeconds back = %d, want %d", office.BusinessSeconds(at(tt.from), got), tt.secs)
			}
		})
	}
	never, _ := New(Hours{Location: ams, Holidays: "none"})
	if got := never.AddBusinessSeconds(at("2026-03-10 10:00"), 60); got != math.MaxInt64 {
		t.Errorf("a calendar never open: %d, want never", got)
	}
}
