package alert

import (
	"slices"
	"strings"
	"unicode"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// Rules on a KPI's course (issue 15 point 3) watch a metric over periods rather than single
// answers: a significant fall against the previous equal period, a target missed period after
// period, a figure beyond its control limit, a spike in ticket volume. They are judged on a
// schedule (kpi_run.go), fire at most once per period, and are described here once: which
// parameters each kind takes and which metrics it can watch.

// CourseKind describes one kind of rule on a KPI's course.
type CourseKind struct {
	Condition string
	Label     metric.Words
	// Metric: the rule watches a metric chosen by its registry key, per week or month (not so
	// for volume_spike, which counts the tickets of each hour).
	Metric bool
	// Usable tells whether a metric can be watched by this kind: one with a change test for a
	// fall, one with a direction for a target or a control limit.
	Usable func(d *metric.Descriptor) bool
}

// CourseKinds are the kinds of rules on a KPI's course, in the order the alerts page offers them.
var CourseKinds = []CourseKind{
	{Condition: cx.AlertSignificantFall, Metric: true,
		Label:  metric.Words{NL: "KPI significant slechter dan de vorige periode", EN: "KPI significantly worse than the previous period"},
		Usable: func(d *metric.Descriptor) bool { return d.Test != metric.NoTest && d.Direction != metric.NoDirection }},
	{Condition: cx.AlertBelowTarget, Metric: true,
		Label:  metric.Words{NL: "KPI haalt het doel niet, meerdere perioden op rij", EN: "KPI misses its target for several periods"},
		Usable: func(d *metric.Descriptor) bool { return d.Direction != metric.NoDirection }},
	{Condition: cx.AlertControlLimit, Metric: true,
		Label:  metric.Words{NL: "KPI buiten de regelgrens (gemiddelde ± 3σ van 8 perioden)", EN: "KPI beyond its control limit (mean ± 3σ of 8 periods)"},
		Usable: func(d *metric.Descriptor) bool { return d.Direction != metric.NoDirection }},
	{Condition: cx.AlertVolumeSpike,
		Label: metric.Words{NL: "Ticketvolume van het afgelopen uur ver boven het gebruikelijke", EN: "Ticket volume of the last hour far above the usual"}},
}

// KindOf returns the kind of a rule on a KPI's course; false for a rule on answers.
func KindOf(condition string) (CourseKind, bool) {
	for _, k := range CourseKinds {
		if k.Condition == condition {
			return k, true
		}
	}
	return CourseKind{}, false
}

// Metrics lists the metrics this kind can watch, in the registry's order.
func (k CourseKind) Metrics() []*metric.Descriptor {
	var out []*metric.Descriptor
	for _, d := range metric.All() {
		if k.Metric && k.Usable(d) {
			out = append(out, d)
		}
	}
	return out
}

// Periods a rule on a KPI's course judges.
const (
	PeriodWeek  = "week"
	PeriodMonth = "month"
)

// validateCourse checks the parameters of a rule on a KPI's course and fills in the defaults:
// period week, 2 periods below target, 150% and 10 tickets for a volume spike. Errors are in
// lang (ValidateRuleIn has checked the rule's language).
func validateCourse(r *cx.AlertRule, k CourseKind, lang string) error {
	r.Team, r.Metric, r.Period = strings.TrimSpace(r.Team), strings.TrimSpace(r.Metric), strings.TrimSpace(r.Period)
	if len(r.Team) > 200 || strings.ContainsFunc(r.Team, unicode.IsControl) {
		return ruleError(lang, "team")
	}
	r.Threshold = 0 // the form sends the CSAT field along, whichever condition is chosen
	if !k.Metric {
		// The form sends the KPI fields along when its script does not hide them.
		r.Metric, r.Period, r.Periods, r.Figure = "", "", 0, ""
		if r.Percent == 0 {
			r.Percent = DefaultSpikePercent
		}
		if r.MinCount == 0 {
			r.MinCount = DefaultSpikeMinCount
		}
		switch {
		case r.Percent < 110 || r.Percent > 1000:
			return ruleError(lang, "percent", r.Percent)
		case r.MinCount < 1 || r.MinCount > 100000:
			return ruleError(lang, "min_count", r.MinCount)
		}
		return nil
	}
	r.Percent, r.MinCount = 0, 0
	if r.Metric == "" {
		return ruleError(lang, "metric_none")
	}
	d, ok := metric.Lookup(r.Metric)
	if !ok {
		return ruleError(lang, "metric_bad", r.Metric)
	}
	if !k.Usable(d) {
		var keys []string
		for _, u := range k.Metrics() {
			keys = append(keys, u.Key)
		}
		return ruleError(lang, "metric_unfit", d.Label.In(lang), strings.Join(keys, ", "))
	}
	if err := validateFigure(r, d, k, lang); err != nil {
		return err
	}
	switch r.Period {
	case "":
		r.Period = PeriodWeek
	case PeriodWeek, PeriodMonth:
	default:
		return ruleError(lang, "period", r.Period)
	}
	if k.Condition != cx.AlertBelowTarget {
		r.Periods = 0
		return nil
	}
	if r.Periods == 0 {
		r.Periods = DefaultBelowPeriods
	}
	if r.Periods < 1 || r.Periods > 12 {
		return ruleError(lang, "periods", r.Periods)
	}
	return nil
}

// validateFigure checks the figure a rule watches: "" (or the headline's own name) for the
// headline; a control-limit rule may watch another of the metric's Figures (a duration's p90).
func validateFigure(r *cx.AlertRule, d *metric.Descriptor, k CourseKind, lang string) error {
	r.Figure = strings.TrimSpace(r.Figure)
	names := d.Figures()
	if r.Figure == "" || len(names) > 0 && r.Figure == names[0] {
		r.Figure = ""
		return nil
	}
	if k.Condition != cx.AlertControlLimit {
		return ruleError(lang, "figure_kind")
	}
	if !slices.Contains(names, r.Figure) {
		possible := strings.Join(names, ", ")
		if possible == "" {
			possible = "–"
		}
		return ruleError(lang, "figure_unfit", d.Label.In(lang), r.Figure, possible)
	}
	return nil
}
