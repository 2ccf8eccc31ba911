package engine

import (
	"time"

	"github.com/klantpuls/klantpuls/internal/calendar"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/theme"
)

// Options are the account's settings the engine reads, as plain typed values. app builds them
// from the configuration file, so the engine knows nothing of how settings are written down.
type Options struct {
	// Timezone is the account time zone: local days of complaint resolution, the contact
	// heatmap and the boundaries of a series' buckets.
	Timezone *time.Location
	// Hours are the business hours of tickets whose team has none of its own; TeamHours those
	// of the teams that do, by cx.NameKey(team). Business seconds are derived with them when a
	// ticket is applied, so a snapshot made under other hours is refused.
	Hours     calendar.Hours
	TeamHours map[string]calendar.Hours
	// CSAT is the install's CSAT scale and its lowest positive score: an answer without a scale
	// of its own is on it, and the mean of answers on several scales is told on it.
	CSAT metric.CSATScale
	CES  CESScale
	// DefaultGrossMargin applies to orders without a gross margin (a fraction 0..1);
	// LifespanYears 0 derives the customer lifespan from churn (metrics.md section 3).
	DefaultGrossMargin float64
	LifespanYears      float64
	// HorizonMonths and DiscountRateMonthly set the predictive CLV: the model value over that
	// many months, month m discounted by (1+d)^m. HorizonMonths 0 means 12.
	HorizonMonths       int
	DiscountRateMonthly float64
	// Criterion gives a quality-review criterion's scale and weight by the name a review row
	// uses (the Rating field is not read).
	Criterion func(name string) metric.Rating
	// Engagement lists the weighted event kinds; none means every kind seen weighs 1.
	Engagement []metric.Weighted
	// Themes is the taxonomy comments and mentions are matched against when they are applied;
	// nil is the built-in one. Like the hours, a snapshot made under another is refused.
	Themes *theme.Taxonomy
	// Now is the clock the customer-value models read "today" from: a fit observes customers
	// up to yesterday at the latest, never up to a day still to come. Nil is time.Now.
	Now func() time.Time
}

// now is the engine's clock (Options.Now).
func (o Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// taxonomy is Themes, or the built-in taxonomy when none is set.
func (o Options) taxonomy() *theme.Taxonomy {
	if o.Themes != nil {
		return o.Themes
	}
	return theme.Builtin()
}

// CESScale is the CES answer scale; HighIsEffort when a high score means hard work.
type CESScale struct {
	Min, Max     int
	HighIsEffort bool
}
