package importer

import (
	"strings"
	"testing"
	"time"
)

func TestParseTime(t *testing.T) {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	tests := []struct {
		in      string
		want    string // UTC, RFC 3339; empty when an error is expected
		wantErr string
	}{
		{in: "2026-03-13T17:30:00+01:00", want: "2026-03-13T16:30:00Z"},
		{in: "2026-03-13T16:30:00Z", want: "2026-03-13T16:30:00Z"},
		{in: "2026-03-13T16:30:00.75Z", want: "2026-03-13T16:30:00Z"}, // fractions dropped
		{in: "2026-03-13 17:30", want: "2026-03-13T16:30:00Z"},        // local, winter
		{in: "2026-07-01 17:30:05", want: "2026-07-01T15:30:05Z"},     // local, summer
		{in: "2026-03-29 01:59", want: "2026-03-29T00:59:00Z"},        // just before the gap
		{in: "2026-03-29 03:00", want: "2026-03-29T01:00:00Z"},        // just after it
		{in: "2026-10-25 01:59", want: "2026-10-24T23:59:00Z"},
		{in: "2026-10-25 03:00", want: "2026-10-25T02:00:00Z"},
		{in: "2026-03-29 02:00", wantErr: "does not exist in Europe/Amsterdam"},
		{in: "2026-10-25 02:59", wantErr: "happens twice in Europe/Amsterdam"},
		{in: "2026-03-13T17:30:00", wantErr: "is not a timestamp"}, // T form needs an offset
		{in: "13/03/2026", wantErr: "is not a timestamp"},
		{in: "2026-03-13", wantErr: "is not a timestamp"},
		{in: "1969-12-31T23:00:00Z", wantErr: "outside the supported range"},
		{in: "2200-01-01T00:00:00Z", wantErr: "outside the supported range"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseTime(tt.in, ams)
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
