package alert

import (
	"fmt"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/report"
)

// What the alerts of rules on a KPI's course say, in the rule's language (cx.AlertRule.Lang,
// chosen when the rule is made), numbers and dates as the dashboard writes them in it. The
// title is our words and the rule's name; the details hold the team's name, which comes from
// the data, so each webhook format escapes them (hook.Message).

type kpiWords struct {
	lang                          string
	open, team, week, month       string
	fell, rose, was, change       string
	signif, points                string
	below, over, inRow            string
	weeks, months                 string
	target                        string
	beyond, above, under, limitOf string
	spike, usual, ofWeeks         string
	// An answer's alert and the summary of those held back (alert.go, limit.go).
	customer, theme, followUp, allFollowUps string
	heldBack                                string // rule, count, what, minutes
	conditions                              map[string]string
}

var kpiLanguages = map[string]kpiWords{
	"nl": {lang: "nl", open: "Bekijk op het dashboard", team: "team", week: "week", month: "maand",
		fell: "significant gedaald", rose: "significant gestegen", was: "vorige periode", change: "verschil",
		signif: "significant bij p < 0,05", points: "procentpunt", below: "onder het doel", over: "boven het doel", target: "doel", inRow: "op rij", weeks: "weken", months: "maanden",
		beyond: "buiten de regelgrens", above: "boven", under: "onder", limitOf: "gemiddelde %s, σ %s over de 8 %s ervoor",
		spike: "veel meer tickets dan gebruikelijk", usual: "van het gebruikelijke", ofWeeks: "gemiddelde van dit uur in %d eerdere weken",
		customer: "klant", theme: "thema", followUp: "Opvolgen", allFollowUps: "Alle op te volgen antwoorden",
		heldBack: "%s: en nog %d %s in de afgelopen %d minuten, niet elk apart gemeld",
		conditions: map[string]string{cx.AlertNPSDetractor: "antwoorden van criticasters (NPS 0–6)",
			cx.AlertCSATLow: "lage CSAT-antwoorden", cx.AlertNegativeSentiment: "negatieve antwoorden", "over": "over"}},
	"en": {lang: "en", open: "View on the dashboard", team: "team", week: "week", month: "month",
		fell: "fell significantly", rose: "rose significantly", was: "previous period", change: "change",
		signif: "significant at p < 0.05", points: "points", below: "below target", over: "above target", target: "target", inRow: "in a row", weeks: "weeks", months: "months",
		beyond: "beyond its control limit", above: "above", under: "below", limitOf: "mean %s, σ %s over the 8 %s before",
		spike: "far more tickets than usual", usual: "of the usual", ofWeeks: "mean of this hour in %d earlier weeks",
		customer: "customer", theme: "theme", followUp: "Follow up", allFollowUps: "All answers to follow up",
		heldBack: "%s: %d more %s in the last %d minutes, not reported one by one",
		conditions: map[string]string{cx.AlertNPSDetractor: "answers of detractors (NPS 0–6)",
			cx.AlertCSATLow: "low CSAT answers", cx.AlertNegativeSentiment: "negative answers", "over": "about"}},
}

// words are the words of lang; Dutch for anything else, as metric.Words.In.
func words(lang string) kpiWords {
	if w, ok := kpiLanguages[lang]; ok {
		return w
	}
	return kpiLanguages["nl"]
}

// figure writes x as the dashboard writes the metric in lang.
func (s *Service) figure(lang string, d *metric.Descriptor, x float64) string {
	return report.Lang(words(lang).lang).Figure(d.Format, s.Currency, &x)
}

// periodName is "week 48 (23 nov 2026 – 29 nov 2026)" or "1 nov 2026 – 30 nov 2026".
func periodName(lang string, from, to time.Time) string {
	l := report.Lang(words(lang).lang)
	span := l.Date(from) + " – " + l.Date(to.AddDate(0, 0, -1))
	if days(from, to) == 7 && from.Weekday() == time.Monday {
		_, w := from.ISOWeek()
		return fmt.Sprintf("%s %d (%s)", words(lang).week, w, span)
	}
	return span
}

// scope is "team Retour, " for a rule about one team, "" for one about all.
func scope(rule *cx.AlertRule) string {
	if rule.Team == "" {
		return ""
	}
	return words(rule.Lang).team + " " + rule.Team + ", "
}

// fallWords say which way the figure went: a figure where lower is better (transfers, a
// time) gets worse by rising, and "fell" said of it was false. A percentage's change is in
// points, as the dashboard's tiles write it: +35,0% read as a relative change.
func (s *Service) fallWords(rule *cx.AlertRule, d *metric.Descriptor, last [2]time.Time, prevFrom time.Time, cur, prev float64, c metric.Change) (title, details string) {
	w, l := words(rule.Lang), report.Lang(words(rule.Lang).lang)
	went := w.fell
	if cur > prev {
		went = w.rose
	}
	title = fmt.Sprintf("%s: %s %s", rule.Name, d.Label.In(w.lang), went)
	diff := signed(s.figure(w.lang, d, cur-prev), cur-prev, d)
	if d.Format == metric.FormatPercent {
		diff = signed(l.Number(cur-prev, 1), cur-prev, d) + " " + w.points
	}
	details = fmt.Sprintf("%s%s: %s; %s (%s): %s; %s %s, %s (%s), %s",
		scope(rule), periodName(w.lang, last[0], last[1]), s.figure(w.lang, d, cur),
		w.was, periodName(w.lang, prevFrom, last[0]), s.figure(w.lang, d, prev),
		w.change, diff, l.PValue(c.P), d.Test.Name().In(w.lang), w.signif)
	return title, details
}

func (s *Service) targetWords(rule *cx.AlertRule, d *metric.Descriptor, starts []time.Time, figures []*float64, target float64) (title, details string) {
	w := words(rule.Lang)
	unit := w.weeks
	if rule.Period == PeriodMonth {
		unit = w.months
	}
	side := w.below // a time misses its target by lying above it
	if d.Direction == metric.LowerIsBetter {
		side = w.over
	}
	title = fmt.Sprintf("%s: %s %s, %d %s %s", rule.Name, d.Label.In(w.lang), side, len(figures), unit, w.inRow)
	parts := []string{scope(rule) + w.target + " " + s.figure(w.lang, d, target)}
	for i, x := range figures {
		shown := "–"
		if x != nil {
			shown = s.figure(w.lang, d, *x)
		}
		parts = append(parts, periodName(w.lang, starts[i], starts[i+1])+": "+shown)
	}
	return title, strings.Join(parts, "; ")
}

func (s *Service) limitWords(rule *cx.AlertRule, d *metric.Descriptor, last [2]time.Time, x float64, l controlLimits) (title, details string) {
	w := words(rule.Lang)
	side := w.under
	if d.Direction == metric.LowerIsBetter {
		side = w.above
	}
	unit := w.weeks
	if rule.Period == PeriodMonth {
		unit = w.months
	}
	title = fmt.Sprintf("%s: %s %s", rule.Name, figureLabel(w.lang, d, rule.Figure), w.beyond)
	details = fmt.Sprintf("%s%s: %s, %s %s (%s)", scope(rule), periodName(w.lang, last[0], last[1]),
		s.figure(w.lang, d, x), side, s.figure(w.lang, d, l.Limit),
		fmt.Sprintf(w.limitOf, s.figure(w.lang, d, l.Mean), s.sigma(w.lang, d, l.Sigma), unit))
	return title, details
}

// figureLabel names the metric, and the figure watched when not its headline: "Eerste
// reactietijd (p90)".
func figureLabel(lang string, d *metric.Descriptor, figure string) string {
	if figure == "" {
		return d.Label.In(lang)
	}
	if figure == "median" && words(lang).lang == "nl" {
		figure = "mediaan"
	}
	return d.Label.In(lang) + " (" + figure + ")"
}

// sigma writes a spread in the metric's unit; a percentage's spread is in points, not a share.
func (s *Service) sigma(lang string, d *metric.Descriptor, x float64) string {
	if d.Format == metric.FormatPercent {
		return report.Lang(words(lang).lang).Number(x, 1)
	}
	return s.figure(lang, d, x)
}

func (s *Service) volumeWords(rule *cx.AlertRule, from time.Time, count int, mean float64, weeks int) (title, details string) {
	w, l := words(rule.Lang), report.Lang(words(rule.Lang).lang)
	title = fmt.Sprintf("%s: %s", rule.Name, w.spike)
	who := "tickets"
	if rule.Team != "" {
		who += ", " + w.team + " " + rule.Team
	}
	pct := "∞"
	if mean > 0 {
		pct = l.Number(100*float64(count)/mean, 0) + "%"
	}
	// The hour is named by its clock time, the end one clock hour on ("02:00–03:00 CEST" in
	// the October night, where the instant one hour on reads 02:00 again).
	details = fmt.Sprintf("%s, %s %s–%s%s: %d (%s %s, %s)", who, l.Date(from), from.Format("15:04"),
		time.Date(0, 1, 1, from.Hour()+1, 0, 0, 0, time.UTC).Format("15:04"), repeatedHour(from), count, pct, w.usual+" "+l.Number(mean, 1), fmt.Sprintf(w.ofWeeks, weeks))
	return title, details
}

// signed puts a plus before a rise (a duration is written without a sign by report.Lang, so
// its direction is said by the sign here too).
func signed(shown string, diff float64, d *metric.Descriptor) string {
	switch {
	case diff > 0 && !strings.HasPrefix(shown, "+"):
		return "+" + shown
	case diff < 0 && d.Format == metric.FormatDuration && !strings.HasPrefix(shown, "-"):
		return "−" + shown
	}
	return shown
}
