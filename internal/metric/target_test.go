package metric

import (
	"math"
	"strings"
	"testing"
)

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
		{nps, "NaN", 0, false},
		{nps, "nan", 0, false},
		{nps, "Inf", 0, false},
		{nps, "-Inf", 0, false},
		{nps, "+infinity", 0, false},
		{nps, "1e400", 0, false},      // out of range: ±Inf from strconv
		{frt, "1e306", 0, false},      // finite hours, but Inf once in seconds
		{frt, "1e300", 3.6e303, true}, // the largest stay finite
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
		{frt, 14400, 14400, true}, {frt, 14401, 14400, true}, {frt, 600, 14400, true},
	} {
		if got := tt.d.Meets(tt.x, tt.target); got != tt.want {
			t.Errorf("%s %v against %v: %v, want %v", tt.d.Key, tt.x, tt.target, got, tt.want)
		}
	}
}

// FuzzTarget: a stored target is whatever the settings table holds; reading it never panics,
// nothing blank is a target, and a duration's target is its hours in seconds.
func FuzzTarget(f *testing.F) {
	for _, s := range []string{"40", " -12.5 ", "7,5", "0.25", "", "veertig", "1e400", "NaN", "-Inf", "infinity", "1e306", "1,2,3"} {
		f.Add(s)
	}
	nps, _ := Lookup("nps")
	frt, _ := Lookup("first_response")
	f.Fuzz(func(t *testing.T, stored string) {
		x, ok := nps.Target(stored)
		if strings.TrimSpace(stored) == "" && ok {
			t.Fatalf("blank %q read as target %v", stored, x)
		}
		secs, dok := frt.Target(stored)
		if ok && (math.IsNaN(x) || math.IsInf(x, 0)) || dok && (math.IsNaN(secs) || math.IsInf(secs, 0)) {
			t.Fatalf("%q: a target that is no number: nps %v, first_response %v", stored, x, secs)
		}
		if dok && (!ok || secs != x*3600) {
			t.Fatalf("%q: nps %v %v, first_response %v %v", stored, x, ok, secs, dok)
		}
	})
}

// TestMeetsAsShown: a figure is judged against its target as both are shown, so "behaald" or
// "niet behaald" never contradicts the two numbers beside it: NPS 39.6 shows as 40 and meets a
// target of 40; CSAT 79.96% shows as 80,0% and meets 80,0%; a mean first response of 14420 s
// shows as 4 u 00 m and meets 4 h, while 14430 s shows as 4 u 01 m and does not.
func TestMeetsAsShown(t *testing.T) {
	nps, _ := Lookup("nps")
	csat, _ := Lookup("csat")
	churn, _ := Lookup("churn")
	frt, _ := Lookup("first_response")
	clv, _ := Lookup("clv")
	iqs, _ := Lookup("iqs")
	for _, tt := range []struct {
		d         *Descriptor
		x, target float64
		want      bool
	}{
		{nps, 39.6, 40, true}, {nps, 39.4, 40, false}, {nps, -12.5, -13, true}, // −12.5 shows as −13
		{csat, 79.96, 80, true}, {csat, 79.94, 80, false},
		{churn, 5.04, 5, true}, {churn, 5.05, 5, false}, // lower is better: 5,1% misses 5,0%
		{frt, 14420, 14400, true}, {frt, 14430, 14400, false}, // 4 u 00 m; 4 u 01 m (240,5 m rounds up)
		{frt, 50, 36, false}, {frt, 36.4, 36, true}, // under a minute in seconds: 50 s against 36 s
		{clv, 99.996, 100, true}, {clv, 99.994, 100, false},
		{iqs, 79.95, 80, true}, {iqs, 79.94, 80, false},
	} {
		if got := tt.d.Meets(tt.x, tt.target); got != tt.want {
			t.Errorf("%s %v against %v: %v, want %v", tt.d.Key, tt.x, tt.target, got, tt.want)
		}
	}
}
