package metric

import "testing"

func TestTarget(t *testing.T) {
	nps, _ := Lookup("nps")
	frt, _ := Lookup("first_response")
	for _, tt := range []struct {
		d      *Descriptor
		stored string
		want   float64
		ok     bool
	}{
		{nps, "40", 40, true},
		{nps, " -12.5 ", -12.5, true},
		{nps, "7,5", 7.5, true}, // a decimal comma from before targets were stored with a point
		{frt, "4", 14400, true}, // hours as typed, seconds as the headline
		{frt, "0.25", 900, true},
		{nps, "", 0, false},
		{nps, "veertig", 0, false},
	} {
		if got, ok := tt.d.Target(tt.stored); got != tt.want || ok != tt.ok {
			t.Errorf("%s %q: %v %v, want %v %v", tt.d.Key, tt.stored, got, ok, tt.want, tt.ok)
		}
	}
	if nps.TargetSetting() != "target.nps" {
		t.Errorf("setting %q", nps.TargetSetting())
	}
	for _, tt := range []struct {
		d         *Descriptor
		x, target float64
		want      bool
	}{
		{nps, 40, 40, true}, {nps, 39, 40, false}, {nps, 41, 40, true},
		{frt, 14400, 14400, true}, {frt, 14401, 14400, false}, {frt, 600, 14400, true},
	} {
		if got := tt.d.Meets(tt.x, tt.target); got != tt.want {
			t.Errorf("%s %v against %v: %v, want %v", tt.d.Key, tt.x, tt.target, got, tt.want)
		}
	}
}
