package report

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// Column widths of the table: label, value, n and details fill 80 columns.
const (
	labelWidth   = 30
	valueWidth   = 11
	countWidth   = 6
	detailsWidth = 80 - labelWidth - valueWidth - countWidth - 4 // and the spaces between
)

// Table writes the document for people: one block per group, a line per figure, values
// rounded for display as metrics.md says, every line within 80 columns.
func Table(w io.Writer, d *Document, lang Lang) error {
	// The table shows what the JSON holds: a figure JSON cannot hold is no figure to show.
	if _, err := json.Marshal(d); err != nil {
		return unwritable(err)
	}
	// Channels as the dashboard and the PDF of the same figures name them ("telefoon").
	names := &Export{Lang: lang}
	t := &table{w: w, l: lang, words: labels[lang], days: d.Days(), currency: d.Currency, value: names.valueName}
	t.printf("%s — %s %s\n", t.words["title"], t.words["period"], bracketed(lang.period(d), d.Timezone))
	if len(d.Groups) == 0 {
		t.printf("\n%s\n", t.words["no_data"])
	}
	for _, g := range d.Listed() {
		t.printf("\n")
		if g.Key != nil {
			key := t.words["none"]
			if *g.Key != "" {
				key = t.value(*d.By, *g.Key)
			}
			heading := t.words[*d.By] + ": "
			t.printf("%s%s\n", heading, clip(key, 80-utf8.RuneCountInString(heading)))
		}
		t.row(t.words["metric"], t.words["value"], t.words["n"], t.words["details"])
		t.printf("%s\n", strings.Repeat("─", 80))
		t.group(&g.Metrics)
	}
	if t.indicative {
		t.printf("\n%s\n", t.words["indicative"])
	}
	return t.err
}

type table struct {
	w          io.Writer
	l          Lang
	words      map[string]string
	days       float64 // calendar days of the period, for yearly churn
	currency   string  // the account's: amounts are in it
	indicative bool
	err        error
	// emit, when set, takes the rows instead of the writer (the PDF lays them out itself);
	// only, when set, keeps the metrics it names. Both are for the exports (export.go).
	emit func(label, value, n, details string)
	only map[string]bool
	// value names a data value in the table's language (Export.valueName): a channel as the
	// dashboard names it, any other value as stored.
	value func(dim, value string) string
}

func (t *table) printf(format string, args ...any) {
	if t.err == nil {
		_, t.err = fmt.Fprintf(t.w, format, args...)
	}
}

// row prints one line; details that do not fit continue on the next lines, aligned.
func (t *table) row(label, value, n, details string) {
	if t.emit != nil {
		t.emit(label, value, n, details)
		return
	}
	lines := wrap(details, detailsWidth)
	if len(lines) == 0 {
		lines = []string{""}
	}
	t.printf("%s %s %s  %s\n", pad(clip(label, labelWidth), labelWidth), padLeft(value, valueWidth),
		padLeft(n, countWidth), lines[0])
	for _, l := range lines[1:] {
		t.printf("%s%s\n", strings.Repeat(" ", 80-detailsWidth), l)
	}
}

// count prints the count a headline rests on, starred when it is indicative; nothing for a
// metric without one count.
func (t *table) count(d *metric.Descriptor, f metric.Figure) string {
	if d.Headline.N == "" {
		return ""
	}
	if Indicative(d, f) {
		t.indicative = true
		return t.n(f.N) + "*"
	}
	return t.n(f.N)
}

// Indicative tells whether a headline is only indicative: a value resting on fewer than 30
// measurements (metrics.md section 0) — a rate, a score, a mean duration, a CLV over its
// buyers alike; a metric without one count it rests on (tickets) has none. The overview's
// tiles, the table, the PDF and the digests star it, the workbook's number format too, so the
// same figure is starred everywhere or nowhere.
func Indicative(d *metric.Descriptor, f metric.Figure) bool {
	return d.Headline.N != "" && f.Value != nil && metric.Indicative(f.N)
}

// group prints every metric of a set in the registry's order: the headline figure in the value
// column with the count it rests on, and what else the metric has as details. A metric measured
// in business and calendar time gets a line for each, the headline (business) first.
func (t *table) group(m *metric.Set) {
	w, l := t.words, t.l
	for _, d := range metric.All() {
		f, ok := d.Read(m)
		if !ok || t.only != nil && !t.only[d.Key] {
			continue
		}
		label, value := d.Label.In(string(l)), l.Figure(d.Format, t.currency, f.Value)
		details, second := t.details(d.Key, m)
		business, calendar, timed := serviceTimes(m, d.Key)
		if !timed {
			t.row(label, value, t.count(d, f), details)
			continue
		}
		t.row(label+" ("+w["business"]+")", value, t.count(d, f), joinDetails(t.spread(business), details))
		// The calendar mean is as much an estimate as the business one beside it: starred alike.
		t.row(label+" ("+w["calendar"]+")", l.Duration(calendar.Mean), t.count(d, metric.Figure{Value: calendar.Mean, N: calendar.N}),
			joinDetails(t.spread(calendar), second))
	}
}

// serviceTimes returns the two summaries of a metric measured in business and calendar time.
func serviceTimes(m *metric.Set, key string) (business, calendar metric.Durations, ok bool) {
	switch key {
	case "first_response":
		return m.FirstResponse.Business, m.FirstResponse.Calendar, true
	case "reply_time":
		return m.ReplyTime.Business, m.ReplyTime.Calendar, true
	case "resolution":
		return m.Resolution.Business, m.Resolution.Calendar, true
	case "first_resolution":
		return m.FirstResolution.Business, m.FirstResolution.Calendar, true
	case "complaint_resolution":
		return m.ComplaintResolution.Business, m.ComplaintResolution.Calendar, true
	}
	return business, calendar, false
}

// details is what a metric shows beside its headline: the parts it is made of, its interval,
// its median and p90. second is for the calendar line of a metric measured in both times. A
// metric without an entry here shows its headline and count only.
func (t *table) details(key string, m *metric.Set) (details, second string) {
	w, l := t.words, t.l
	switch key {
	case "nps":
		x := m.NPS
		return joinDetails(fmt.Sprintf("%s %s · %s %s · %s %s", w["promoters"], t.n(x.Promoters), w["passives"], t.n(x.Passives),
			w["detractors"], t.n(x.Detractors)), t.interval(x.CI95, 0)), ""
	case "csat":
		return joinDetails(t.mean(m.CSAT.Mean), t.interval(m.CSAT.CI95, 1)), ""
	case "ces":
		return t.mean(m.CES.Mean), ""
	case "first_response":
		if u := m.FirstResponse.Unanswered; u != nil {
			return fmt.Sprintf("%s %s", w["unanswered"], t.n(*u)), ""
		}
		return w["unanswered"] + " –", "" // no reply data at all: not measured
	case "complaint_resolution":
		if m.ComplaintResolution.MeanDays == nil { // no complaint solved: no days to say
			return "", ""
		}
		return "", fmt.Sprintf("%s %s %s", w["mean"], l.Plain(m.ComplaintResolution.MeanDays, 1), w["days"])
	case "transfers":
		return fmt.Sprintf("%s %s", w["transferred"], t.n(m.Transfers.Transferred)), ""
	case "wait_time":
		return t.spread(*m.WaitTime), ""
	case "handle_time":
		return t.spread(*m.HandleTime), ""
	case "tickets":
		x := m.Tickets
		return joinDetails(fmt.Sprintf("%s · %s %s", w["created"], t.n(x.Solved), w["solved"]), t.shares(x.Share)), ""
	case "feedback_response":
		return fmt.Sprintf("%s %s", w["replied"], t.n(m.FeedbackResponse.Replied)), ""
	case "sentiment":
		x := m.Sentiment
		if x.N == 0 {
			return "", ""
		}
		return fmt.Sprintf("%s %s · %s %s · %s %s · %s %s", w["positive"], t.n(x.Positive), w["neutral"], t.n(x.Neutral),
			w["negative"], t.n(x.Negative), l.Percent(x.PositiveShare), w["positive"]), ""
	}
	return t.customerDetails(key, m), ""
}

func (t *table) customerDetails(key string, m *metric.Set) string {
	w, l := t.words, t.l
	switch key {
	case "churn":
		x := m.Churn
		details := fmt.Sprintf("%s %s · %s %s · %s %s", w["lost"], t.n(x.Lost), w["new"], t.n(x.New), w["end"], t.n(x.End))
		if y := x.Yearly(t.days); y != nil {
			details += " · " + w["yearly"] + " " + l.Percent(y)
		}
		return details
	case "retention":
		x := m.Retention
		return fmt.Sprintf("%s %s · %s %s · %s %s", w["start"], t.n(x.Start), w["end"], t.n(x.End), w["new"], t.n(x.New))
	case "clv":
		x := m.CLV
		// The predictive CLV by the word the dashboard names it with (CLV (voorspellend)): on
		// orders without churn dates it is the only figure of what is to come.
		return fmt.Sprintf("%s %s · %s %s · %s %s %s · %s %s · %s %s",
			w["aov"], l.Money(t.currency, x.AOV), w["per_year"], l.Plain(x.FrequencyPerYear, 1),
			w["lifespan"], l.Plain(x.LifespanYears, 1), w["years"], w["historical"], l.Money(t.currency, x.Historical),
			w["predictive"], l.Money(t.currency, x.Predictive))
	case "engagement":
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(m.Engagement.Participation)) {
			v := m.Engagement.Participation[k]
			parts = append(parts, clip(l.EventKind(k), 30)+" "+l.Percent(&v))
		}
		return strings.Join(parts, " · ")
	case "referral":
		return fmt.Sprintf("%s %s", w["referred"], t.n(m.Referral.Referred))
	}
	return ""
}

// n writes a count with the language's thousands separators: 12.427 (nl), 12,427 (en).
func (t *table) n(x int) string { return t.l.Number(float64(x), 0) }

// spread is a duration summary's median and p90, nothing when nothing was measured.
func (t *table) spread(d metric.Durations) string {
	if d.N == 0 {
		return ""
	}
	return fmt.Sprintf("%s %s · p90 %s", t.words["median"], t.l.Duration(d.Median), t.l.Duration(d.P90))
}

func (t *table) mean(x *float64) string {
	if x == nil {
		return ""
	}
	return t.words["mean"] + " " + t.l.Plain(x, 1)
}

func (t *table) interval(ci *metric.Interval, decimals int) string {
	if ci == nil {
		return ""
	}
	return fmt.Sprintf("95%% %s – %s", t.l.Number(ci[0], decimals), t.l.Number(ci[1], decimals))
}

func (t *table) shares(share map[string]float64) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(share)) {
		v := share[k]
		name := t.words["none"]
		if k != "" {
			name = t.value("channel", k)
		}
		parts = append(parts, clip(name, 20)+" "+t.l.Percent(&v))
	}
	return strings.Join(parts, " · ")
}

// joinDetails joins the non-empty parts of a details cell.
func joinDetails(parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, " · ")
}

// wrap breaks text at " · " separators (or spaces) into lines of at most width runes.
func wrap(text string, width int) []string {
	var lines []string
	for text != "" {
		if utf8.RuneCountInString(text) <= width {
			return append(lines, text)
		}
		cut := runeIndex(text, width)
		i := strings.LastIndex(text[:cut], " · ")
		step := len(" · ")
		if i <= 0 {
			if i = strings.LastIndex(text[:cut], " "); i <= 0 {
				i, step = cut, 0
			} else {
				step = 1
			}
		}
		lines = append(lines, text[:i])
		text = text[i+step:]
	}
	return lines
}

func runeIndex(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}

// clip shortens a name to width runes. Names come from imported files: control characters
// (a terminal escape sequence in an agent's name) are replaced, never printed (cx.TerminalSafe).
func clip(s string, width int) string {
	s = cx.TerminalSafe(s)
	if utf8.RuneCountInString(s) <= width {
		return s
	}
	return s[:runeIndex(s, width-1)] + "…"
}

func pad(s string, width int) string {
	return s + strings.Repeat(" ", max(0, width-utf8.RuneCountInString(s)))
}

func padLeft(s string, width int) string {
	return strings.Repeat(" ", max(0, width-utf8.RuneCountInString(s))) + s
}
