package calendar

import (
	"slices"
	"testing"
)

func TestHolidayDates(t *testing.T) {
	tests := []struct {
		name string
		set  string
		year int
		want []Holiday
	}{
		// Easter 2025 is 20 April; the 27th is a Sunday, so Koningsdag is Saturday the 26th;
		// 2025 is a lustrum year.
		{"nl 2025", "nl", 2025, []Holiday{
			{date(2025, 1, 1), "Nieuwjaarsdag"},
			{date(2025, 4, 20), "Eerste Paasdag"},
			{date(2025, 4, 21), "Tweede Paasdag"},
			{date(2025, 4, 26), "Koningsdag"},
			{date(2025, 5, 5), "Bevrijdingsdag"},
			{date(2025, 5, 29), "Hemelvaartsdag"},
			{date(2025, 6, 8), "Eerste Pinksterdag"},
			{date(2025, 6, 9), "Tweede Pinksterdag"},
			{date(2025, 12, 25), "Eerste Kerstdag"},
			{date(2025, 12, 26), "Tweede Kerstdag"},
		}},
		// Easter 2026 is 5 April; 27 April is a Monday; no Bevrijdingsdag.
		{"nl 2026", "nl", 2026, []Holiday{
			{date(2026, 1, 1), "Nieuwjaarsdag"},
			{date(2026, 4, 5), "Eerste Paasdag"},
			{date(2026, 4, 6), "Tweede Paasdag"},
			{date(2026, 4, 27), "Koningsdag"},
			{date(2026, 5, 14), "Hemelvaartsdag"},
			{date(2026, 5, 24), "Eerste Pinksterdag"},
			{date(2026, 5, 25), "Tweede Pinksterdag"},
			{date(2026, 12, 25), "Eerste Kerstdag"},
			{date(2026, 12, 26), "Tweede Kerstdag"},
		}},
		{"be 2026", "be", 2026, []Holiday{
			{date(2026, 1, 1), "Nieuwjaarsdag"},
			{date(2026, 4, 6), "Paasmaandag"},
			{date(2026, 5, 1), "Dag van de Arbeid"},
			{date(2026, 5, 14), "Onze Lieve Heer Hemelvaart"},
			{date(2026, 5, 25), "Pinkstermaandag"},
			{date(2026, 7, 21), "Nationale Feestdag"},
			{date(2026, 8, 15), "Onze Lieve Vrouw Hemelvaart"},
			{date(2026, 11, 1), "Allerheiligen"},
			{date(2026, 11, 11), "Wapenstilstand"},
			{date(2026, 12, 25), "Kerstmis"},
		}},
		{"none", "none", 2026, []Holiday{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := HolidayDates(tc.set, tc.year)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("HolidayDates(%q, %d)\n got %v\nwant %v", tc.set, tc.year, got, tc.want)
			}
		})
	}
	t.Run("Bevrijdingsdag only in lustrum years", func(t *testing.T) {
		for year := 2020; year <= 2030; year++ {
			list, _ := HolidayDates("nl", year)
			has := slices.Contains(list, Holiday{date(year, 5, 5), "Bevrijdingsdag"})
			if want := year%5 == 0; has != want {
				t.Errorf("%d: Bevrijdingsdag listed %v, want %v", year, has, want)
			}
		}
	})
	t.Run("never Good Friday", func(t *testing.T) {
		// Good Friday 2025 is 18 April, 2026 is 3 April.
		for _, d := range []Date{date(2025, 4, 18), date(2026, 4, 3)} {
			list, _ := HolidayDates("nl", d.Year)
			if slices.ContainsFunc(list, func(h Holiday) bool { return h.Date == d }) {
				t.Errorf("%s (Good Friday) is listed", d)
			}
		}
	})
	t.Run("unknown set", func(t *testing.T) {
		if _, err := HolidayDates("de", 2026); err == nil {
			t.Error("no error for set \"de\"")
		}
	})
}
