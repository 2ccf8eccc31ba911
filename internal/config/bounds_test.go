package config

import (
	"strings"
	"testing"
)

// Numbers past what the engine and the metrics can hold are refused, not clamped or carried
// into an infinite CLV; each case was found by FuzzParse or follows from the same bound.
func TestNumberBounds(t *testing.T) {
	tests := []struct{ name, file, want string }{
		{"a lifespan past a century", "[clv]\nlifespan_years=101", "b.toml: clv.lifespan_years: 101 is more than 100 years"},
		{"a lifespan of 1e300 (an infinite CLV)", "[clv]\nlifespan_years=1e300", "clv.lifespan_years: 1e+300 is more than 100 years"},
		{"a horizon of no months", "[clv]\nhorizon_months=0", "b.toml: clv.horizon_months: 0 is outside 1..1200 months"},
		{"a discount rate of 150% a month", "[clv]\ndiscount_rate_monthly=1.5", "clv.discount_rate_monthly: 1.5 is outside 0..1"},
		{"a CSAT scale past 8 bits", "[surveys.csat]\nmin=1\nmax=1000", "surveys.csat: the scale 1..1000 goes past -100..100"},
		{"a CES scale below", "[surveys.ces]\nmin=-200\nmax=5", "surveys.ces: the scale -200..5 goes past -100..100"},
		{"a criterion's scale", "[[scorecards.criteria]]\nname=\"Toon\"\nmax=40000", "scorecards.criteria[1]: the scale 1..40000 goes past"},
		{"an engagement weight", "[engagement]\ntraining=1e308", "engagement.training: weight 1e+308 is more than 1000"},
		{"answer links valid for 300 years", "[invitations]\nlink_days=109575", "invitations.link_days: 109575: an answer link is valid 1..3650 days"},
		{"throttling for 300 years", "[invitations]\nthrottle_days=109575", "invitations.throttle_days: 109575 is more than 3650 days"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.file), "b.toml")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
	for _, ok := range []string{"[clv]\nlifespan_years=100", "[surveys.csat]\nmin=0\nmax=100\npositive_min=90", "[invitations]\nlink_days=3650"} {
		if _, err := Parse([]byte(ok), "b.toml"); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
}
