package cells

import (
	"strings"
	"testing"
	"time"
)

// The instants are worked out by hand: Europe/Amsterdam is CET (+01:00) in winter and CEST
// (+02:00) from the last Sunday of March 02:00 (29 March 2026) to the last Sunday of October
// 03:00 (25 October 2026).
func TestParseTime(t *testing.T) {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	ny, _ := time.LoadLocation("America/New_York")
	tests := []struct {
		in      string
		loc     *time.Location // nil: Amsterdam
		want    string         // UTC, RFC 3339; empty when an error is expected
		wantErr string
	}{
		// RFC 3339 and the canonical local form.
		{in: "2026-03-13T17:30:00+01:00", want: "2026-03-13T16:30:00Z"},
		{in: "2026-03-13T16:30:00Z", want: "2026-03-13T16:30:00Z"},
		{in: "2026-03-13T16:30:00.75Z", want: "2026-03-13T16:30:00Z"}, // fractions dropped
		{in: "2026-03-13 17:30", want: "2026-03-13T16:30:00Z"},        // local, winter: 17:30 − 1 h
		{in: "2026-07-01 17:30:05", want: "2026-07-01T15:30:05Z"},     // local, summer: − 2 h
		{in: "2026-03-29 01:59", want: "2026-03-29T00:59:00Z"},        // just before the gap
		{in: "2026-03-29 03:00", want: "2026-03-29T01:00:00Z"},        // just after it
		{in: "2026-10-25 01:59", want: "2026-10-24T23:59:00Z"},
		{in: "2026-10-25 03:00", want: "2026-10-25T02:00:00Z"},
		// Day first, the Dutch way.
		{in: "13-03-2026", want: "2026-03-12T23:00:00Z"}, // local midnight, CET
		{in: "13-3-2026 14:05", want: "2026-03-13T13:05:00Z"},
		{in: "1-7-2026 9:00", want: "2026-07-01T07:00:00Z"}, // CEST
		{in: "13/03/2026 14:05", want: "2026-03-13T13:05:00Z"},
		{in: "13/03/2026 14:05:30", want: "2026-03-13T13:05:30Z"},
		{in: "04/03/2026 14:05", want: "2026-03-04T13:05:00Z"}, // 4 March, not 3 April
		{in: "2026-03-13", want: "2026-03-12T23:00:00Z"},
		{in: "2026-07-13", want: "2026-07-12T22:00:00Z"}, // midnight in CEST
		// Offsets and UTC.
		{in: "2026-03-13 14:05:00 +0200", want: "2026-03-13T12:05:00Z"},
		{in: "2026-03-13 14:05 +02:00", want: "2026-03-13T12:05:00Z"},
		{in: "2026-03-13 14:05 -05", want: "2026-03-13T19:05:00Z"},
		{in: "2026-03-13 14:05:00+01:00", want: "2026-03-13T13:05:00Z"},
		{in: "2026-03-13 14:05:00 UTC", want: "2026-03-13T14:05:00Z"},
		{in: "2026-03-13 14:05:00Z", want: "2026-03-13T14:05:00Z"},
		{in: "13-03-2026 14:05 UTC", want: "2026-03-13T14:05:00Z"},
		{in: "2026-03-29 02:30 +01:00", want: "2026-03-29T01:30:00Z"}, // in the gap, with an offset
		{in: "2026-03-13 14:05:00.999 UTC", want: "2026-03-13T14:05:00Z"},
		// Year first with /, and GMT offsets, as Google Forms writes them: 1:43:01 PM at +01:00
		// is 12:43:01 UTC; at +02:00 (summer) 11:43:01; at -05:00 18:43:01; at +05:30 08:13:01.
		{in: "2026/03/13 1:43:01 PM GMT+1", want: "2026-03-13T12:43:01Z"},
		{in: "2026/05/20 1:43:01 PM GMT+2", want: "2026-05-20T11:43:01Z"},
		{in: "2026/05/20 1:43:01 PM GMT+01:00", want: "2026-05-20T12:43:01Z"},
		{in: "2026/05/20 1:43:01 PM GMT-5", want: "2026-05-20T18:43:01Z"},
		{in: "2026/05/20 1:43:01 PM GMT+5:30", want: "2026-05-20T08:13:01Z"},
		{in: "2026/05/20 13:43:01 GMT", want: "2026-05-20T13:43:01Z"},
		{in: "2026/05/20 13:43:01 gmt+0100", want: "2026-05-20T12:43:01Z"},
		{in: "2026/05/20 13:43", want: "2026-05-20T11:43:00Z"}, // local, CEST
		{in: "2026/05/20 1:43:01 PM GMT+", wantErr: "is not a timestamp"},
		{in: "2026/05/20 1:43:01 PM GMT+1:5", wantErr: "is not a timestamp"},
		{in: "2026/05/20 1:43:01 PM GMT+24", wantErr: `"2026/05/20 1:43:01 PM GMT+24" has no real offset from UTC: in GMT+24 the hours are 00–23`},
		{in: "2026/5/20 13:43", wantErr: "is not a timestamp"},
		// AM and PM.
		{in: "2026-03-13 2:05 PM", want: "2026-03-13T13:05:00Z"},
		{in: "2026-03-13 12:05 AM", want: "2026-03-12T23:05:00Z"}, // 00:05 local
		{in: "2026-03-13 12:05 pm", want: "2026-03-13T11:05:00Z"},
		{in: "3/13/2026 2:05:00 PM", want: "2026-03-13T13:05:00Z"},  // 13 is no month: month first
		{in: "13/3/2026 2:05:00 PM", want: "2026-03-13T13:05:00Z"},  // 13 is no month: day first
		{in: "3/3/2026 11:00 AM", want: "2026-03-03T10:00:00Z"},     // both orders agree
		{in: "3/13/2026 2:05 PM UTC", want: "2026-03-13T14:05:00Z"}, // and an offset
		{in: "13-3-2026 2:05 PM", want: "2026-03-13T13:05:00Z"},     // - is day first
		{in: "7/4/2026 9:00 AM", wantErr: `"7/4/2026 9:00 AM" could be 2026-07-04 (month first, as in the United States) or 2026-04-07 (day first)`},
		{in: "2026-03-13 13:05 PM", wantErr: "has no real time of day"},
		{in: "2026-03-13 0:05 AM", wantErr: "has no real time of day"},
		// Another zone (--timezone): 14:05 EST is 19:05 UTC.
		{in: "13-03-2026 14:05", loc: ny, want: "2026-03-13T18:05:00Z"}, // EDT from 8 March: −4 h
		{in: "2026-03-02 14:05", loc: ny, want: "2026-03-02T19:05:00Z"}, // EST: −5 h
		{in: "2026-03-29 02:30", loc: time.UTC, want: "2026-03-29T02:30:00Z"},
		// Daylight saving: the rule and the way out.
		{in: "2026-03-29 02:00", wantErr: "2026-03-29 02:00 does not exist in Europe/Amsterdam (clocks go from 02:00 to 03:00 that night): give an offset such as +01:00, or import with --timezone"},
		{in: "29-3-2026 2:30", wantErr: "29-3-2026 2:30 does not exist in Europe/Amsterdam (clocks go from 02:00 to 03:00 that night)"},
		{in: "2026-10-25 02:59", wantErr: "2026-10-25 02:59 happens twice in Europe/Amsterdam (clocks go back from 03:00 to 02:00 that night): give an offset, +02:00 for the first or +01:00 for the second, or import with --timezone"},
		{in: "2026-03-08 02:30", loc: ny, wantErr: "does not exist in America/New_York (clocks go from 02:00 to 03:00 that night): give an offset such as -05:00"},
		// Refused.
		{in: "2026-03-13T17:30:00", wantErr: "a time after T needs an offset"},
		// RFC 3339 section 5.6: "T" and "Z" may be written in lower case.
		{in: "2026-03-13t17:30:00z", want: "2026-03-13T17:30:00Z"},
		{in: "2026-03-13t17:30:00+01:00", want: "2026-03-13T16:30:00Z"},
		// A T timestamp with an offset that RFC 3339 does not read is refused for what it
		// lacks or gets wrong, not for an offset it has (it said "needs an offset" to each).
		{in: "2026-03-13T24:00:00Z", wantErr: `"2026-03-13T24:00:00Z" has no real time of day`},
		{in: "2026-03-13T17:61:00+01:00", wantErr: "has no real time of day"},
		{in: "2026-03-13T17:30:60Z", wantErr: "has no real time of day"},
		{in: "2026-02-30T17:30:00Z", wantErr: `"2026-02-30T17:30:00Z" is not a date on the calendar`},
		{in: "2026-13-01T17:30:00Z", wantErr: "is not a date on the calendar"},
		{in: "2026-03-13T17:30:00+0100", wantErr: `"2026-03-13T17:30:00+0100" is not a timestamp: with a T it is read as RFC 3339`},
		{in: "2026-03-13T17:30Z", wantErr: "with a T it is read as RFC 3339"},
		{in: "2026-03-13T17:30:00+25:00", wantErr: "has no real offset from UTC: in +25:00"},
		{in: "2026-03-13T17:30:00 +01:00", wantErr: "with a T it is read as RFC 3339"},
		// RFC 3339 section 5.6: an offset's hours are 00–23 and its minutes 00–59; time.Parse
		// read +01:60 as +02:00 (15:30 UTC) and +24:00 as a day ahead.
		{in: "2026-03-13T17:30:00+01:60", wantErr: `"2026-03-13T17:30:00+01:60" has no real offset from UTC: in +01:60 the hours are 00–23 and the minutes 00–59 (RFC 3339 section 5.6)`},
		{in: "2026-03-13T17:30:00-00:60", wantErr: "in -00:60 the hours are 00–23 and the minutes 00–59"},
		{in: "2026-03-13T17:30:00+24:00", wantErr: "in +24:00 the hours are 00–23"},
		{in: "2026-03-13t17:30:00+01:99", wantErr: "has no real offset from UTC"},
		{in: "2026-03-13T17:30:00+23:59", want: "2026-03-12T17:31:00Z"}, // the widest there is
		{in: "2026-03-13T17:30:00-23:59", want: "2026-03-14T17:29:00Z"},
		{in: "2026-03-13 17:30 +01:60", wantErr: "in +01:60 the hours are 00–23 and the minutes 00–59"},
		{in: "2026-03-13 17:30 +0160", wantErr: "in +0160 the hours are 00–23"},
		{in: "13/13/2026", wantErr: `"13/13/2026" is not a date: a date with - or / is read day first (13-03-2026), and 2026-13-13 is no day`},
		{in: "3/13/2026 14:05", wantErr: "is read day first"},
		{in: "31-04-2026", wantErr: "is read day first"},
		{in: "2026-02-29", wantErr: "is not a date on the calendar"},
		{in: "2026-03-13 24:00", wantErr: "has no real time of day"},
		{in: "2026-03-13 14:60", wantErr: "has no real time of day"},
		{in: "2026-03-13 14:05 +2400", wantErr: "has no real offset from UTC: in +2400"},
		{in: "2026-03-13 14:05 CET", wantErr: "is not a timestamp"},
		{in: "2026-03-13 14", wantErr: "is not a timestamp"},
		{in: "26-03-13", wantErr: "is not a timestamp"},
		{in: "13.03.2026", wantErr: "is not a timestamp"},
		{in: "gisteren", wantErr: "is not a timestamp"},
		// The engine holds seconds since 1970 in 32 bits, 0 for none: 1 to 2³² − 1 = 4294967295,
		// 49710 days (2106-02-07) and 23295 seconds (06:28:15) after 1970-01-01 00:00:00.
		{in: "1969-12-31T23:00:00Z", wantErr: `"1969-12-31T23:00:00Z" is outside the supported range (1970-01-01 00:00:01 to 2106-02-07 06:28:15 UTC)`},
		{in: "2200-01-01T00:00:00Z", wantErr: "outside the supported range (1970-01-01 00:00:01 to 2106-02-07 06:28:15 UTC)"},
		{in: "1970-01-01T00:00:00Z", wantErr: "outside the supported range"},
		{in: "1970-01-01T00:00:01Z", want: "1970-01-01T00:00:01Z"},
		{in: "2106-02-07T06:28:15Z", want: "2106-02-07T06:28:15Z"},
		{in: "2106-02-07T07:28:15+01:00", want: "2106-02-07T06:28:15Z"},
		{in: "2106-02-07T06:28:16Z", wantErr: "outside the supported range (1970-01-01 00:00:01 to 2106-02-07 06:28:15 UTC)"},
		{in: "2106-06-01 10:00", wantErr: "outside the supported range (1970-01-01 00:00:01 to 2106-02-07 06:28:15 UTC)"}, // in 2106, after its last instant
		{in: "01-01-1970", wantErr: "outside the supported range"},                                                        // 1969-12-31 23:00 UTC
		// The export form YYYY-MM-DD HH:MM:SS, read digit by digit: the same rules.
		{in: "2026-03-13 14:05:00", want: "2026-03-13T13:05:00Z"},
		{in: "2026-12-31 23:59:59", loc: time.UTC, want: "2026-12-31T23:59:59Z"},
		{in: "2028-02-29 00:00:00", want: "2028-02-28T23:00:00Z"}, // a leap day, CET
		{in: "2026-02-29 10:00:00", wantErr: "is not a date on the calendar"},
		{in: "2026-13-01 10:00:00", wantErr: "is not a date on the calendar"},
		{in: "2026-03-13 24:00:00", wantErr: "has no real time of day"},
		{in: "2026-03-13 14:60:00", wantErr: "has no real time of day"},
		{in: "2026-03-13 14:05:60", wantErr: "has no real time of day"},
		{in: "2026-03-29 02:30:00", wantErr: "does not exist in Europe/Amsterdam"},
		{in: "2026-10-25 02:30:00", wantErr: "happens twice in Europe/Amsterdam"},
		{in: "2026-03-13 14:05:0x", wantErr: "is not a timestamp"},
		{in: "2026-03-13 +4:05:00", wantErr: "is not a timestamp"},
		{in: "1970-01-01 00:30:00", wantErr: "outside the supported range"}, // 1969-12-31 23:30 UTC
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			loc := tt.loc
			if loc == nil {
				loc = ams
			}
			got, err := ParseTime(tt.in, loc)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got.Format(time.RFC3339) != tt.want {
				t.Errorf("got %v, %v; want %s", got.Format(time.RFC3339), err, tt.want)
			}
		})
	}
}

// TestParseTimeExportForm: the form YYYY-MM-DD HH:MM:SS, which isoWallClock reads without
// splitting, reads as the general path reads it with two spaces between date and time.
func TestParseTimeExportForm(t *testing.T) {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	for _, in := range []string{"2026-03-13 14:05:00", "2026-07-01 00:00:00", "2028-02-29 12:00:00",
		"2026-02-29 12:00:00", "2026-04-31 12:00:00", "2026-00-10 12:00:00", "2026-03-00 12:00:00",
		"2026-03-13 23:59:59", "2026-03-13 24:00:00", "2026-03-13 12:60:00", "2026-03-13 12:00:60",
		"2026-03-29 02:00:00", "2026-03-29 03:00:00", "2026-10-25 02:00:00", "2026-10-25 03:00:00",
		"1970-01-01 01:00:00", "1970-01-01 01:00:01", "2106-02-07 07:28:15", "0000-01-01 00:00:00",
		"2026-03-1a 12:00:00", "2026-03-13 1a:00:00"} {
		twin := strings.Replace(in, " ", "  ", 1) // not the export form: read by the general path
		got, err := ParseTime(in, ams)
		want, wantErr := ParseTime(twin, ams)
		if wantErr != nil {
			if err == nil || err.Error() != strings.ReplaceAll(wantErr.Error(), twin, in) {
				t.Errorf("%s: err %v, want %v", in, err, wantErr)
			}
			continue
		}
		if err != nil || !got.Equal(want) {
			t.Errorf("%s: %v, %v; want %v", in, got, err, want)
		}
	}
}

// FuzzParseTime: any cell either reads as an instant klantpuls can hold, in UTC, or is refused
// with a message; none panics.
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2026-03-13T17:30:00+01:00", "13-3-2026 14:05", "2026/05/20 1:43:01 PM GMT+1",
		"3/13/2026 2:05 PM UTC", "2026-03-29 02:30", "2026/05/20 13:43 GMT+5:30"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseTime(s, time.UTC)
		if err != nil {
			return
		}
		if got.Location() != time.UTC || got.Before(minInstant) || got.After(maxInstant) {
			t.Errorf("ParseTime(%q) = %v", s, got)
		}
	})
}
