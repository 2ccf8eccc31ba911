package alert

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/hook"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// The part of the rules on a KPI's course that asks the engine: which periods are judged, the
// figures of each, and what the alert then says. The decisions are kpi_decide.go's.

// Course is what the rules on a KPI's course read besides the rules: the engine, the
// dashboard's settings (targets), and the lease that lets one node of several judge them.
// *app.App is one.
type Course interface {
	Engine() *engine.Engine
	Settings(ctx context.Context) (map[string]string, error)
	ClaimSync(ctx context.Context, name, holder string, now time.Time, lease time.Duration) (bool, error)
	ReleaseSync(ctx context.Context, name, holder string) error
}

// verdict is what a rule found for the period it judged: the period's subject (the alert's
// key, so the rule fires once for it), whether it fires, and what the alert says.
type verdict struct {
	Subject string
	Fire    bool
	Message hook.Message
}

// judge asks the engine for the figures a rule needs at now and decides. A rule that cannot
// judge (no engine yet, too little history, no target set) does not fire.
func (s *Service) judge(ctx context.Context, rule *cx.AlertRule, now time.Time) (verdict, error) {
	e := s.Course.Engine()
	if e == nil {
		return verdict{}, nil
	}
	now = now.In(s.location())
	if rule.Condition == cx.AlertVolumeSpike {
		return s.judgeVolume(e, rule, now)
	}
	d, ok := metric.Lookup(rule.Metric)
	if !ok { // a rule made before the metric was renamed: validation keeps new ones out
		return verdict{}, fmt.Errorf("alert rule %d: no metric %q", rule.ID, rule.Metric)
	}
	n := 1
	switch rule.Condition {
	case cx.AlertBelowTarget:
		n = max(rule.Periods, 1)
	case cx.AlertControlLimit:
		n = ControlPeriods + 1
	}
	c := &periodCase{e: e, d: d, rule: rule, starts: periodStarts(rule.Period, now, n)}
	from, to := c.last()
	c.m = hook.Message{LinkText: words(rule.Lang).open, Link: s.viewLink(rule, "/", from, to),
		Fields: map[string]any{"rule": rule.Name, "condition": rule.Condition, "metric": d.Key, "team": rule.Team,
			"period": map[string]string{"from": from.Format(time.DateOnly), "to": to.Format(time.DateOnly)}}}
	var fire bool
	var err error
	switch rule.Condition {
	case cx.AlertSignificantFall:
		fire, err = s.judgeFall(c)
	case cx.AlertBelowTarget:
		fire, err = s.judgeTarget(ctx, c)
	case cx.AlertControlLimit:
		fire, err = s.judgeLimit(c)
	}
	return verdict{Subject: subject(rule.Period, from), Fire: fire, Message: c.m}, err
}

// periodCase is what a week or month rule judges: its metric, the periods (their starts, oldest
// first, and the end of the last) and the message it would send.
type periodCase struct {
	e      *engine.Engine
	d      *metric.Descriptor
	rule   *cx.AlertRule
	starts []time.Time
	m      hook.Message
}

// last is the last full period, the one the rule fires for.
func (c *periodCase) last() (from, to time.Time) {
	return c.starts[len(c.starts)-2], c.starts[len(c.starts)-1]
}

// judgeFall compares the last period with the previous equal one: the dashboard's, as many days
// just before, so the link shows the same comparison.
func (s *Service) judgeFall(c *periodCase) (bool, error) {
	from, to := c.last()
	prevFrom := engine.PreviousFrom(from, to)
	res, err := c.e.Query(engine.Query{From: from, To: to, PreviousFrom: prevFrom, Filter: teamFilter(c.rule.Team)})
	if err != nil || len(res.Groups) == 0 || len(res.Previous) == 0 {
		return false, err
	}
	cur, prev := &res.Groups[0].Metrics, &res.Previous[0].Metrics
	fc, _ := c.d.Read(cur)
	fp, _ := c.d.Read(prev)
	if fc.Value == nil || fp.Value == nil {
		return false, nil
	}
	change, tested := c.d.Change(cur, prev)
	c.m.Title, c.m.Details = s.fallWords(c.rule, c.d, [2]time.Time{from, to}, prevFrom, *fc.Value, *fp.Value, change)
	c.m.Fields["value"], c.m.Fields["previous"], c.m.Fields["p"], c.m.Fields["test"] = *fc.Value, *fp.Value, change.P, string(c.d.Test)
	return significantFall(c.d.Direction, *fc.Value, *fp.Value, change, tested), nil
}

// judgeTarget reads the metric's target and its figure in each period.
func (s *Service) judgeTarget(ctx context.Context, c *periodCase) (bool, error) {
	settings, err := s.Course.Settings(ctx)
	if err != nil {
		return false, err
	}
	target, ok := c.d.Target(settings[c.d.TargetSetting()])
	if !ok {
		return false, nil
	}
	figures, err := periodFigures(c.e, c.d, c.rule, c.starts)
	if err != nil {
		return false, err
	}
	_, to := c.last()
	c.m.Link = s.viewLink(c.rule, "/", c.starts[0], to)
	c.m.Title, c.m.Details = s.targetWords(c.rule, c.d, c.starts, figures, target)
	c.m.Fields["values"], c.m.Fields["target"] = figures, target
	return belowTarget(c.d, figures, target), nil
}

// judgeLimit sets the last period's figure against the limits of the ControlPeriods before.
func (s *Service) judgeLimit(c *periodCase) (bool, error) {
	figures, err := periodFigures(c.e, c.d, c.rule, c.starts)
	n := len(figures)
	if err != nil || figures[n-1] == nil {
		return false, err
	}
	l, fire, ok := controlLimit(c.d.Direction, figures[:n-1], *figures[n-1])
	if !ok {
		return false, nil
	}
	from, to := c.last()
	c.m.Link = s.viewLink(c.rule, "/", c.starts[0], to)
	c.m.Title, c.m.Details = s.limitWords(c.rule, c.d, [2]time.Time{from, to}, *figures[n-1], l)
	c.m.Fields["value"], c.m.Fields["mean"], c.m.Fields["sigma"], c.m.Fields["limit"] = *figures[n-1], l.Mean, l.Sigma, l.Limit
	if c.rule.Figure != "" {
		c.m.Fields["figure"] = c.rule.Figure
	}
	return fire, nil
}

// judgeVolume compares the tickets created in the last full hour with the same weekday and
// hour in each of the SpikeWeeks weeks before. Each week is one heatmap of the 7 days up to
// the end of its hour: its cell of that weekday and hour is the hour's count (the window holds
// that weekday-hour once), and a week without any ticket is one klantpuls did not measure yet.
func (s *Service) judgeVolume(e *engine.Engine, rule *cx.AlertRule, now time.Time) (verdict, error) {
	hour := now.Truncate(time.Hour) // the current hour's start: whole hours are whole in every zone klantpuls serves
	from := hour.Add(-time.Hour)
	filter := teamFilter(rule.Team)
	count, _, err := hourCount(e, filter, from)
	if err != nil {
		return verdict{}, err
	}
	history := make([]int, SpikeWeeks)
	for k := 1; k <= SpikeWeeks; k++ {
		slot := from.AddDate(0, 0, -7*k)
		n, week, err := hourCount(e, filter, slot)
		if err != nil {
			return verdict{}, err
		}
		history[k-1] = n
		if week == 0 {
			history[k-1] = -1
		}
	}
	v := verdict{Subject: "kpi:hour:" + from.Format("2006-01-02T15") + repeatedHour(from)}
	mean, weeks, fire, ok := volumeSpike(count, history, rule.Percent, rule.MinCount)
	if !ok {
		return v, nil
	}
	v.Fire = fire
	y, m, d := from.Date()
	dayStart := time.Date(y, m, d, 0, 0, 0, 0, from.Location())
	title, details := s.volumeWords(rule, from, count, mean, weeks)
	v.Message = hook.Message{Title: title, Details: details, LinkText: words(rule.Lang).open,
		Link: s.viewLink(rule, "/service", dayStart, dayStart.AddDate(0, 0, 1)),
		Fields: map[string]any{"rule": rule.Name, "condition": rule.Condition, "team": rule.Team,
			"hour": from.Format(time.RFC3339), "count": count, "usual": mean, "weeks": weeks}}
	return v, nil
}

// hourCount is the tickets created in the hour from slot, and in the 7 days up to its end: one
// heatmap of the 7 days, whose cell of the slot's weekday and hour is the hour — the window
// holds that weekday and hour once — but in the October night, where the cell of 02:00 holds
// both 02:00 hours and the second's is counted over its own instants (a pass more, once a year).
func hourCount(e *engine.Engine, filter map[engine.Dim]string, slot time.Time) (hour, week int, err error) {
	end := slot.Add(time.Hour)
	h, err := e.Heatmap(engine.Query{From: end.AddDate(0, 0, -7), To: end, Filter: filter})
	if err != nil {
		return 0, 0, err
	}
	if week = total(h); week == 0 || repeatedHour(slot) == "" {
		return h[(slot.Weekday()+6)%7][slot.Hour()], week, nil
	}
	hour, err = ticketsCreated(e, filter, slot, end)
	return hour, week, err
}

// ticketsCreated counts the tickets created in [from, to).
func ticketsCreated(e *engine.Engine, filter map[engine.Dim]string, from, to time.Time) (int, error) {
	h, err := e.Heatmap(engine.Query{From: from, To: to, Filter: filter})
	return total(h), err
}

// total is the tickets of every cell of a heatmap.
func total(h [7][24]int) (n int) {
	for _, row := range h {
		for _, c := range row {
			n += c
		}
	}
	return n
}

// repeatedHour is the zone's name (" CEST", " CET") of an hour whose clock time comes twice
// in the night summer time ends, so both 02:00 hours have their own key and words; "" for
// every other hour.
func repeatedHour(from time.Time) string {
	label := func(t time.Time) string { return t.Format("2006-01-02T15") }
	if label(from) == label(from.Add(-time.Hour)) || label(from) == label(from.Add(time.Hour)) {
		name, _ := from.Zone()
		return " " + name
	}
	return ""
}

// periodFigures is the rule's figure of the metric (the headline, or a duration's p90) in each
// period between starts, nil where it has none.
func periodFigures(e *engine.Engine, d *metric.Descriptor, rule *cx.AlertRule, starts []time.Time) ([]*float64, error) {
	res, err := e.Query(engine.Query{From: starts[0], To: starts[len(starts)-1], Step: periodStep(rule.Period), Filter: teamFilter(rule.Team)})
	if err != nil {
		return nil, err
	}
	out := make([]*float64, len(starts)-1)
	for i, b := range res.Buckets {
		if i < len(out) && len(b.Groups) > 0 {
			f, _ := d.ReadFigure(&b.Groups[0].Metrics, rule.Figure)
			out[i] = f.Value
		}
	}
	return out, nil
}

// periodStarts returns n+1 instants: the starts of the n full periods before the one holding
// now, and the end of the last (the start of now's), in now's location, as the engine's buckets
// of the rule's step.
func periodStarts(period string, now time.Time, n int) []time.Time {
	return periodStep(period).Starts(now, n)
}

// periodStep is the engine's step of a rule's period: a week unless a month.
func periodStep(period string) engine.Step {
	if period == PeriodMonth {
		return engine.StepMonth
	}
	return engine.StepWeek
}

// subject names a period as an alert's key: kpi:week:2026-W48 (ISO week), kpi:month:2026-11.
func subject(period string, from time.Time) string {
	if period == PeriodMonth {
		return "kpi:month:" + from.Format("2006-01")
	}
	y, w := from.ISOWeek()
	return fmt.Sprintf("kpi:week:%d-W%02d", y, w)
}

// days is the number of calendar days in [from, to).
func days(from, to time.Time) int { return int(engine.CalendarDays(from, to)) }

func teamFilter(team string) map[engine.Dim]string {
	if team == "" {
		return nil
	}
	return map[engine.Dim]string{engine.ByTeam: team}
}

// viewLink is the dashboard page at path showing [from, to) for the rule's team, in its language.
func (s *Service) viewLink(rule *cx.AlertRule, path string, from, to time.Time) string {
	q := url.Values{}
	q.Set("period", "custom")
	q.Set("from", from.Format(time.DateOnly))
	q.Set("to", to.Format(time.DateOnly))
	if rule.Team != "" {
		q.Set("team", rule.Team)
	}
	q.Set("lang", words(rule.Lang).lang)
	return s.BaseURL + path + "?" + q.Encode()
}

func (s *Service) location() *time.Location {
	if s.Location == nil {
		return time.UTC
	}
	return s.Location
}
