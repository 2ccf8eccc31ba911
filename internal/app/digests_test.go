package app

import (
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestValidateDigestSchedule: the one check of a schedule names the field at fault, as an
// invalid-input error, so the settings form can say it in its own language.
func TestValidateDigestSchedule(t *testing.T) {
	good := cx.DigestSchedule{Frequency: "weekly", Weekday: time.Friday, Hour: 16, Minute: 5, Lang: "nl"}
	tests := []struct {
		name  string
		edit  func(*cx.DigestSchedule)
		field string // "" when it is valid
		say   string
	}{
		{"a weekly one on Friday at 16:05", func(*cx.DigestSchedule) {}, "", ""},
		{"none", func(d *cx.DigestSchedule) { d.Frequency = "none" }, "", ""},
		{"daily", func(d *cx.DigestSchedule) { d.Frequency = "daily" }, "", ""},
		{"monthly at 23:59 in English", func(d *cx.DigestSchedule) { d.Frequency, d.Hour, d.Minute, d.Lang = "monthly", 23, 59, "en" }, "", ""},
		{"hourly", func(d *cx.DigestSchedule) { d.Frequency = "hourly" }, "frequency", `frequency: "hourly" is not none, daily, weekly or monthly`},
		{"Weekly in capitals", func(d *cx.DigestSchedule) { d.Frequency = "Weekly" }, "frequency", `"Weekly"`},
		{"no frequency", func(d *cx.DigestSchedule) { d.Frequency = "" }, "frequency", `frequency: ""`},
		{"weekday 7", func(d *cx.DigestSchedule) { d.Weekday = 7 }, "weekday", "weekday: 7"},
		{"hour 24", func(d *cx.DigestSchedule) { d.Hour = 24 }, "hour", "hour: 24"},
		{"minute -1", func(d *cx.DigestSchedule) { d.Minute = -1 }, "minute", "minute: -1"},
		{"German", func(d *cx.DigestSchedule) { d.Lang = "de" }, "lang", `lang: "de"`},
		{"the first fault is named", func(d *cx.DigestSchedule) { d.Frequency, d.Lang = "yearly", "de" }, "frequency", "yearly"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := good
			tt.edit(&d)
			err := ValidateDigestSchedule(&d)
			if got := DigestScheduleField(err); got != tt.field {
				t.Fatalf("field %q (%v), want %q", got, err, tt.field)
			}
			if tt.field != "" && (cx.ErrorCode(err) != cx.EINVALID || !strings.Contains(err.Error(), tt.say)) {
				t.Errorf("error %q (%s), want invalid input saying %q", err, cx.ErrorCode(err), tt.say)
			}
		})
	}
	if DigestScheduleField(cx.Errorf(cx.EINVALID, "frequency: no")) != "" {
		t.Error("another error read as a schedule's field")
	}
}
