package digest

import (
	"context"
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/report"
)

func manager(lang string) Recipient {
	return Recipient{UserID: 7, Email: "lead@example.nl", Role: cx.RoleManager, Lang: lang, Every: Weekly}
}

// line is the text part's line of the KPI labelled label.
func line(text, label string) string {
	return regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(label) + `:.*$`).FindString(text)
}

// metrics.md section 2, FCR: "an export without reply data must show "not measured", never a
// perfect 100%"; the overview's tile and the service page say "Niet gemeten". Week 48 has five
// solved tickets without messages or agent_replies: the digest's FCR line says so, not a bare
// dash that reads as "nothing happened".
func TestDigestFCRNotMeasured(t *testing.T) {
	var recs []cx.Record
	for i := range 5 {
		c := week48.AddDate(0, 0, 1).Add(time.Duration(9+i) * time.Hour)
		recs = append(recs, &cx.Ticket{ID: fmt.Sprintf("T%d", i), CreatedAt: c, SolvedAt: c.Add(2 * time.Hour)})
	}
	b := builder(freshApp(t, recs))
	for _, c := range []struct{ lang, label, want string }{
		{"nl", "Oplossing bij 1e contact", "Oplossing bij 1e contact: Niet gemeten ("},
		{"en", "First contact resolution", "First contact resolution: Not measured ("},
	} {
		m, err := b.Build(context.Background(), manager(c.lang), now)
		if err != nil {
			t.Fatal(err)
		}
		if got := line(m.Text, c.label); !strings.HasPrefix(got, c.want) {
			t.Errorf("%s: FCR line %q, want it to start %q", c.lang, got, c.want)
		}
	}
}

// metrics.md section 0: "Every rate carries n. The dashboard marks a value with n < 30 as
// indicative"; the report table stars such counts and the overview's tile marks them. Week 48's
// NPS of 40 rests on 10 answers, its CSAT of 90,0% on 40: the digest stars the NPS, and only
// the NPS, and says what the star means.
func TestDigestMarksSmallSamples(t *testing.T) {
	for _, c := range []struct{ lang, nps, csat, note string }{
		{"nl", "NPS: 40* (", "Klanttevredenheid (CSAT): 90,0% (", "* Indicatief: gebaseerd op minder dan 30 metingen."},
		{"en", "NPS: 40* (", "Satisfaction (CSAT): 90.0% (", "* Indicative: based on fewer than 30 measurements."},
	} {
		m, err := builder(planted(t)).Build(context.Background(), manager(c.lang), now)
		if err != nil {
			t.Fatal(err)
		}
		if got := line(m.Text, "NPS"); !strings.HasPrefix(got, c.nps) {
			t.Errorf("%s: NPS on 10 answers is %q, want it starred: %q", c.lang, got, c.nps)
		}
		csat := strings.SplitN(c.csat, ":", 2)[0]
		if got := line(m.Text, csat); !strings.HasPrefix(got, c.csat) {
			t.Errorf("%s: CSAT on 40 answers is %q, want %q, unstarred", c.lang, got, c.csat)
		}
		for part, body := range map[string]string{"text": m.Text, "html": html.UnescapeString(m.HTML)} {
			if !strings.Contains(body, c.note) {
				t.Errorf("%s %s: no note %q on the star", c.lang, part, c.note)
			}
		}
	}
}

// A change that rounds to nothing is shown as nothing, as the overview's tiles show it
// ("▲ +0,0 procentpunt" said something happened). Week 48: CSAT 9 of 10 = 90,0%; week 47: 899
// of 999 = 89,99%: +0,01 points, shown as 0,0 — no arrow up, no plus, and not coloured.
func TestDigestZeroChangeHasNoArrow(t *testing.T) {
	var recs []cx.Record
	recs = append(recs, answers(week48, cx.SurveyCSAT, "", join(repeat(9, 5), repeat(1, 1))...)...)
	recs = append(recs, answers(week47, cx.SurveyCSAT, "", join(repeat(899, 5), repeat(100, 1))...)...)
	m, err := builder(freshApp(t, recs)).Build(context.Background(), manager("nl"), now)
	if err != nil {
		t.Fatal(err)
	}
	want := "Klanttevredenheid (CSAT): 90,0%* (n = 10; t.o.v. vorige periode: → 0,0 procentpunt¹); benchmark 80,0%: gehaald"
	if got := line(m.Text, "Klanttevredenheid (CSAT)"); got != want {
		t.Errorf("a change of 0,0 points shown as %q, want %q", got, want)
	}
	if strings.Contains(m.HTML, "▲") || strings.Contains(m.HTML, `class="good"`) {
		t.Errorf("the HTML shows a change of 0,0 points as a rise:\n%s", m.HTML)
	}
}

// README, Digests: the change is "coloured green or red only when the metric's own test finds
// it significant …, grey otherwise". NPS's +50 (z = 1.37, see planted) is not significant: its
// cell is grey, as the tile's "ns" class is, not the body's black, and says "niet significant"
// as the tile does; CSAT's +40,0 points (z = 3.90) stays green.
func TestDigestInsignificantChangeGrey(t *testing.T) {
	m, err := builder(planted(t)).Build(context.Background(), manager("nl"), now)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<td align="right" class="ns" style="color:#6a737d">▲ &#43;50¹<br><small>niet significant</small></td>`,
		`<td align="right" class="good" style="color:#1e7d3c">▲ &#43;40,0 procentpunt²`} {
		if !strings.Contains(m.HTML, want) {
			t.Errorf("no cell %s in\n%s", want, m.HTML)
		}
	}
}

// A change of a metric without a significance test is coloured as the overview's tile colours
// it (web's tile and the digest ask report.JudgeChange): by the metric's direction, and said in
// a word. Thirty tickets each Tuesday, opened 10:00 (within the default business hours): in
// week 48 answered 10:30 and solved 12:00, in week 47 answered 11:30 and solved 15:00. First
// response 30 m against 1 u 30 m, resolution 2 u against 5 u: both shorter, both better —
// green, "beter"; the other way round both red, "slechter". The digest showed them grey. On
// three tickets a week the figures are indicative (metrics.md section 0) and the change is grey,
// as on the tile: one ticket more or less is no news, and the row says why in the tile's words,
// "te weinig metingen" ("too few measurements"), where it said no word.
//
// A metric with a test is grey when its test finds the change not significant, and says so in
// the tile's words, "niet significant" ("not significant"), where it said no word. CSAT in week
// 48: 33 of 40 answers positive (score 5, the rest 1) = 82,5%; week 47: 29 of 40 = 72,5%; ▲ +10,0
// points, 40 answers either side (not too few). The pooled two-proportion z-test: pooled
// p = 62/80 = .775, se = √(.775·.225·(1/40+1/40)) = √.0087188 = .09337, z = .100/.09337 = 1.071
// < 1.96, two-sided p = 2·(1 − Φ(1.071)) ≈ .284 ≥ 0.05: not significant.
func TestDigestColoursAChangeAsTheTile(t *testing.T) {
	fast, slow := func(m time.Time, id string, n int) []cx.Record {
		return tuesdayTickets(m, id, n, 30*time.Minute, 2*time.Hour)
	},
		func(m time.Time, id string, n int) []cx.Record {
			return tuesdayTickets(m, id, n, 90*time.Minute, 5*time.Hour)
		}
	times := []string{"first_response", "resolution"}
	csat := append(answers(week48, cx.SurveyCSAT, "", join(repeat(33, 5), repeat(7, 1))...),
		answers(week47, cx.SurveyCSAT, "", join(repeat(29, 5), repeat(11, 1))...)...)
	for _, c := range []struct {
		name         string
		recs         []cx.Record
		keys         []string // the metrics whose change is judged
		class, style string
		word         map[string]string
	}{
		{"faster", append(fast(week48, "A", 30), slow(week47, "B", 30)...), times, "good", "#1e7d3c", map[string]string{"nl": "beter", "en": "better"}},
		{"slower", append(slow(week48, "A", 30), fast(week47, "B", 30)...), times, "bad", "#b3261e", map[string]string{"nl": "slechter", "en": "worse"}},
		{"faster on three tickets", append(fast(week48, "A", 3), slow(week47, "B", 3)...), times, "ns", "#6a737d", map[string]string{"nl": "te weinig metingen", "en": "too few measurements"}},
		{"CSAT up 10 points, not significant", csat, []string{"csat"}, "ns", "#6a737d", map[string]string{"nl": "niet significant", "en": "not significant"}},
	} {
		b := builder(freshApp(t, c.recs))
		for _, lang := range []string{"nl", "en"} {
			m, err := b.Build(context.Background(), manager(lang), now)
			if err != nil {
				t.Fatal(err)
			}
			for _, key := range c.keys {
				d, _ := metric.Lookup(key)
				label := d.Label.In(lang)
				cell := regexp.MustCompile(`<tr><td>` + regexp.QuoteMeta(html.EscapeString(label)) + `</td><td align="right"><b>[^<]*</b></td><td align="right">[^<]*</td><td align="right"([^>]*)>([^<]*)<br><small>([^<]*)</small>`).FindStringSubmatch(m.HTML)
				want := ` class="` + c.class + `" style="color:` + c.style + `"`
				if cell == nil || cell[1] != want || cell[3] != c.word[lang] {
					t.Errorf("%s, %s: %s's change %q, want%s and %q:\n%s", c.name, lang, label, cell, want, c.word[lang], m.HTML)
				}
				if got := line(m.Text, label); !strings.Contains(got, ", "+c.word[lang]+")") {
					t.Errorf("%s, %s: %q does not say %q", c.name, lang, got, c.word[lang])
				}
			}
		}
	}
}

// A chart's buckets are named on its axis as the dashboard's charts name them (app.js labels,
// en-GB and nl-NL): a day and the month's short name, "23 Nov" in English and "23 nov" in
// Dutch, with the year when the buckets span two; a month by its name and year. The digest
// wrote "23-11" and "11-2026" in both languages.
func TestDigestChartLabelsAsTheDashboards(t *testing.T) {
	bucket := func(from time.Time) engine.Bucket { return engine.Bucket{From: from} }
	weeks := []engine.Bucket{bucket(week47), bucket(week48)}
	years := []engine.Bucket{bucket(time.Date(2026, 12, 28, 0, 0, 0, 0, ams)), bucket(time.Date(2027, 1, 4, 0, 0, 0, 0, ams))}
	months := []engine.Bucket{bucket(time.Date(2026, 10, 1, 0, 0, 0, 0, ams)), bucket(time.Date(2026, 11, 1, 0, 0, 0, 0, ams))}
	for _, c := range []struct {
		name    string
		lang    report.Lang
		every   Frequency
		buckets []engine.Bucket
		want    string
	}{
		{"English weeks", report.English, Weekly, weeks, "16 Nov, 23 Nov"},
		{"Dutch weeks", report.Dutch, Weekly, weeks, "16 nov, 23 nov"},
		{"English weeks over the new year", report.English, Weekly, years, "28 Dec 2026, 4 Jan 2027"},
		{"English days", report.English, Daily, weeks, "16 Nov, 23 Nov"},
		{"English months", report.English, Monthly, months, "Oct 2026, Nov 2026"},
		{"Dutch months", report.Dutch, Monthly, months, "okt 2026, nov 2026"},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := &view{r: Recipient{Every: c.every}, lang: c.lang}
			if got := strings.Join(axisLabels(v, c.buckets), ", "); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// metrics.md section 0: "Every rate carries its count n. A figure resting on fewer than 30
// measurements … is marked as indicative (a star), on the dashboard, in the report and in the
// e-mail digests alike"; the overview's tile says "n = 10" under a starred value. The digest
// gave the value and its star but not the count it rests on, so a reader could not tell 40 on
// 10 answers from 40 on 1.000. Worked by hand (planted): week 48's NPS of 40 rests on its 10
// answers (starred), its CSAT of 90,0% on 40 (not starred); CES and the ticket times measured
// nothing: n = 0, as the tile shows. A second account has 1.200 CSAT answers in week 48, all 5:
// 100,0% on n = 1.200 (1,200 in English), the count written as the dashboard writes it.
func TestDigestRowsCarryTheirN(t *testing.T) {
	many := freshApp(t, answers(week48, cx.SurveyCSAT, "", repeat(1200, 5)...))
	for _, c := range []struct {
		name  string
		b     *Builder
		lang  string
		lines []string // whole lines of the text part
		cells []string // the HTML's value and n cells
	}{
		{"nl", builder(planted(t)), "nl", []string{
			"NPS: 40* (n = 10; t.o.v. vorige periode: ▲ +50¹, niet significant); doel 30: gehaald",
			"Klanttevredenheid (CSAT): 90,0% (n = 40; t.o.v. vorige periode: ▲ +40,0 procentpunt², significant beter); doel 95,0%: niet gehaald; benchmark 80,0%: gehaald",
			"Klantinspanning (CES): Niet gemeten (n = 0; t.o.v. vorige periode: –)",
		}, []string{`<td align="right"><b>40*</b></td><td align="right">10</td>`, `<td align="right"><b>90,0%</b></td><td align="right">40</td>`}},
		{"en", builder(planted(t)), "en", []string{
			"NPS: 40* (n = 10; vs previous period: ▲ +50¹, not significant); target 30: met",
		}, []string{`<td align="right"><b>40*</b></td><td align="right">10</td>`}},
		{"thousands nl", builder(many), "nl", []string{
			"Klanttevredenheid (CSAT): 100,0% (n = 1.200; t.o.v. vorige periode: –); benchmark 80,0%: gehaald",
		}, []string{`<td align="right"><b>100,0%</b></td><td align="right">1.200</td>`}},
		{"thousands en", builder(many), "en", []string{
			"Satisfaction (CSAT): 100.0% (n = 1,200; vs previous period: –); benchmark 80.0%: met",
		}, []string{`<td align="right"><b>100.0%</b></td><td align="right">1,200</td>`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			m, err := c.b.Build(context.Background(), manager(c.lang), now)
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range c.lines {
				label, _, _ := strings.Cut(want, ":")
				if got := line(m.Text, label); got != want {
					t.Errorf("text line %q, want %q", got, want)
				}
			}
			if !strings.Contains(m.HTML, `<th align="right">n</th>`) {
				t.Errorf("the HTML table has no n column:\n%s", m.HTML)
			}
			for _, want := range c.cells {
				if !strings.Contains(m.HTML, want) {
					t.Errorf("the HTML lacks %s:\n%s", want, m.HTML)
				}
			}
		})
	}
}
