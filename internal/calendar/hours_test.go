package calendar

import "testing"

func TestParseInterval(t *testing.T) {
	tests := []struct {
		in      string
		want    Interval
		wantErr bool
	}{
		{in: "09:00-17:00", want: Interval{9 * 3600, 17 * 3600}},
		{in: " 08:30 - 12:15 ", want: Interval{8*3600 + 30*60, 12*3600 + 15*60}},
		{in: "00:00-24:00", want: Interval{0, 86400}},
		{in: "17:00-09:00", wantErr: true},
		{in: "09:00-09:00", wantErr: true},
		{in: "9:00-17:00", wantErr: true},
		{in: "+9:00-17:00", wantErr: true},
		{in: "09:5x-17:00", wantErr: true},
		{in: "09:00-24:30", wantErr: true},
		{in: "09:00-25:00", wantErr: true},
		{in: "09:60-17:00", wantErr: true},
		{in: "09:00", wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseInterval(tc.in)
			if (err != nil) != tc.wantErr {
				t.Fatalf("ParseInterval(%q) error %v, want error %v", tc.in, err, tc.wantErr)
			}
			if got != tc.want {
				t.Errorf("ParseInterval(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	if got, err := ParseDate("2026-12-24"); err != nil || got != (Date{2026, 12, 24}) {
		t.Errorf("ParseDate(2026-12-24) = %v, %v", got, err)
	}
	for _, in := range []string{"2026-02-30", "24-12-2026", ""} {
		if _, err := ParseDate(in); err == nil {
			t.Errorf("ParseDate(%q) accepted", in)
		}
	}
}
