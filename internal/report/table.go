package report

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

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
	t := &table{w: w, l: lang, words: labels[lang], days: d.Days()}
	t.printf("%s — %s %s – %s (%s)\n", t.words["title"], t.words["period"], d.From, d.To, d.Timezone)
	if len(d.Groups) == 0 {
		t.printf("\n%s\n", t.words["no_data"])
	}
	for _, g := range d.Groups {
		t.printf("\n")
		if g.Key != nil {
			key := *g.Key
			if key == "" {
				key = t.words["none"]
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
	indicative bool
	err        error
}

func (t *table) printf(format string, args ...any) {
	if t.err == nil {
		_, t.err = fmt.Fprintf(t.w, format, args...)
	}
}

// row prints one line; details that do not fit continue on the next lines, aligned.
func (t *table) row(label, value, n, details string) {
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

// count prints n, starred when a rate rests on fewer than 30 answers.
func (t *table) count(n int, rate bool) string {
	if rate && n > 0 && n < 30 {
		t.indicative = true
		return fmt.Sprintf("%d*", n)
	}
	return fmt.Sprint(n)
}

func (t *table) group(m *metric.Set) {
	w, l := t.words, t.l
	if x := m.NPS; x != nil {
		t.row(w["nps"], l.Score(x.Value), t.count(x.N, true),
			joinDetails(fmt.Sprintf("P %d · %d · D %d", x.Promoters, x.Passives, x.Detractors), t.interval(x.CI95, 0)))
	}
	if x := m.CSAT; x != nil {
		t.row(w["csat"], l.Percent(x.Value), t.count(x.N, true), joinDetails(t.mean(x.Mean), t.interval(x.CI95, 1)))
	}
	if x := m.CES; x != nil {
		t.row(w["ces"], l.Percent(x.Value), t.count(x.N, true), t.mean(x.Mean))
	}
	if x := m.FirstResponse; x != nil {
		t.durations(w["first_response"], w["business"], x.Business, fmt.Sprintf("%s %d", w["unanswered"], x.Unanswered))
		t.durations(w["first_response"], w["calendar"], x.Calendar, "")
	}
	for _, s := range []struct {
		key string
		v   *metric.ServiceTime
	}{{"reply_time", m.ReplyTime}, {"resolution", m.Resolution}, {"first_resolution", m.FirstResolution}} {
		if s.v != nil {
			t.durations(w[s.key], w["business"], s.v.Business, "")
			t.durations(w[s.key], w["calendar"], s.v.Calendar, "")
		}
	}
	if x := m.ComplaintResolution; x != nil {
		t.durations(w["complaint_resolution"], w["business"], x.Business, "")
		t.durations(w["complaint_resolution"], w["calendar"], x.Calendar,
			fmt.Sprintf("%s %s %s", w["mean"], l.Plain(x.MeanDays, 1), w["days"]))
	}
	if x := m.FCR; x != nil {
		t.row(w["fcr"], l.Percent(x.Value), t.count(x.N, true), "")
	}
	if x := m.WaitTime; x != nil {
		t.durations(w["wait_time"], "", *x, "")
	}
	if x := m.HandleTime; x != nil {
		t.durations(w["handle_time"], "", *x, "")
	}
	if x := m.Tickets; x != nil {
		t.row(w["tickets"], fmt.Sprint(x.Created), "", joinDetails(fmt.Sprintf("%s · %d %s", w["created"], x.Solved, w["solved"]), t.shares(x.Share)))
	}
	t.customers(m)
	if x := m.IQS; x != nil {
		t.row(w["iqs"], l.Plain(x.Value, 1), t.count(x.N, true), "")
	}
	if x := m.FeedbackResponse; x != nil {
		t.row(w["feedback_response"], l.Percent(x.Value), t.count(x.N, true), fmt.Sprintf("%s %d", w["replied"], x.Replied))
	}
}

func (t *table) customers(m *metric.Set) {
	w, l := t.words, t.l
	if x := m.Churn; x != nil {
		details := fmt.Sprintf("%s %d · %s %d · %s %d", w["lost"], x.Lost, w["new"], x.New, w["end"], x.End)
		if y := x.Yearly(t.days); y != nil {
			details += " · " + w["yearly"] + " " + l.Percent(y)
		}
		t.row(w["churn"], l.Percent(x.Value), t.count(x.Start, true), details)
	}
	if x := m.Retention; x != nil {
		t.row(w["retention"], l.Percent(x.Value), t.count(x.Start, true),
			fmt.Sprintf("%s %d · %s %d · %s %d", w["start"], x.Start, w["end"], x.End, w["new"], x.New))
	}
	if x := m.CLV; x != nil {
		t.row(w["clv"], l.Money(x.Simple), fmt.Sprint(x.Buyers), fmt.Sprintf("%s %s · %s %s · %s %s %s · %s %s",
			w["aov"], l.Money(x.AOV), w["per_year"], l.Plain(x.FrequencyPerYear, 1),
			w["lifespan"], l.Plain(x.LifespanYears, 1), w["years"], w["historical"], l.Money(x.Historical)))
	}
	if x := m.Engagement; x != nil {
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(x.Participation)) {
			v := x.Participation[k]
			parts = append(parts, clip(k, 30)+" "+l.Percent(&v))
		}
		t.row(w["engagement"], l.Percent(x.Value), "", strings.Join(parts, " · "))
	}
	if x := m.Referral; x != nil {
		t.row(w["referral"], l.Percent(x.Value), t.count(x.New, true), fmt.Sprintf("%s %d", w["referred"], x.Referred))
	}
}

// durations prints a duration summary: the mean as the value, median and p90 as details.
func (t *table) durations(label, kind string, d metric.Durations, extra string) {
	if kind != "" {
		label += " (" + kind + ")"
	}
	details := ""
	if d.N > 0 {
		details = fmt.Sprintf("%s %s · p90 %s", t.words["median"], t.l.Duration(d.Median), t.l.Duration(d.P90))
	}
	t.row(label, t.l.Duration(d.Mean), fmt.Sprint(d.N), joinDetails(details, extra))
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
		name := k
		if name == "" {
			name = t.words["none"]
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
// (a terminal escape sequence in an agent's name) are replaced, never printed.
func clip(s string, width int) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '\uFFFD'
		}
		return r
	}, s)
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
