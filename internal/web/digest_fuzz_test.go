package web

import (
	"net/url"
	"testing"
)

// FuzzDigestForm: any digest settings form is either refused with a named field or read as a
// schedule serve's runner can keep (a known frequency and language, a time of day, a weekday).
func FuzzDigestForm(f *testing.F) {
	f.Add("weekly", "mon", "08:30", "nl")
	f.Add("daily", "sun", "23:59", "en")
	f.Add("monthly", "xyz", "8:3", "de")
	f.Add("hourly", "", "", "")
	f.Add("none", "fri", " 24:00 ", "en")
	f.Fuzz(func(t *testing.T, frequency, weekday, at, lang string) {
		form := url.Values{"frequency": {frequency}, "weekday": {weekday}, "time": {at}, "lang": {lang}}
		d, problem := readDigestForm(form.Get, "nl")
		switch d.Frequency {
		case "none", "daily", "weekly", "monthly":
		default:
			t.Fatalf("frequency %q kept", d.Frequency)
		}
		if d.Hour < 0 || d.Hour > 23 || d.Minute < 0 || d.Minute > 59 || d.Weekday < 0 || d.Weekday > 6 {
			t.Fatalf("schedule out of range: %+v", d)
		}
		if problem == "" && d.Lang != "nl" && d.Lang != "en" {
			t.Fatalf("language %q accepted", d.Lang)
		}
		if problem == "" && d.Frequency != frequency {
			t.Fatalf("frequency %q accepted as %q", frequency, d.Frequency)
		}
	})
}
