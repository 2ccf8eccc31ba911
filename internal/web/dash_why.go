package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/report"
)

// The Waarom (Why) page: the drivers of CSAT and NPS, the themes customers write about and the
// terms that came up, for the view's period against the one before (engine.Why). Example
// comments load one click away (htmx), read again under the viewer's own filter.

type whyPage struct {
	CSAT, NPS        []driverRow
	Themes           []themeRow
	Terms            []termRow
	Texts, PrevTexts int
}

type driverRow struct {
	Label, Effect, Interval, Share, Impact, Previous, N string
	Indicative, Significant                             bool
	Examples                                            string // a theme's example comments
	// Drill opens the answers behind the figure: the metric's in the view, a channel's under
	// its channel (the drill-down list has no filter for the other factors).
	Drill string
}

type themeRow struct {
	Key, Label, Share, PrevShare, Change, Sentiment string
	Volume, PrevVolume                              int
	NPSWith, NPSWithout, NPSDiff                    string
	CSATWith, CSATWithout, CSATDiff                 string
	themeMarks                                      // as its download marks them (marks.go)
	Examples                                        string
}

type termRow struct {
	ID, Term, G2, Examples string
	Count, PrevCount       int
}

// whyTop is how many drivers of each metric the page lists.
const whyTop = 10

// whyQuery is the Waarom page's query of view v. A period still running is measured up to today,
// as the overview's: the page compares it with the period of equal length before it, and 2 days
// of December's texts against the 31 days before them made every theme look new.
func whyQuery(v view) engine.Query { return v.measured().query(engine.ByNone) }

func (s *Server) whyPage(w http.ResponseWriter, r *http.Request) {
	d := s.newDash(r, "nav_why", "/why")
	v, l := d.View, d.View.Lang
	res, err := s.whyOf(r, whyQuery(v))
	if err != nil {
		s.partial(r.Context(), "why", err)
		res = &engine.Why{}
	}
	p := &whyPage{Texts: res.Texts, PrevTexts: res.PrevTexts}
	labels := map[string]string{}
	for _, th := range res.Themes {
		labels[th.Key] = l.Theme(th)
	}
	for _, list := range []struct {
		in  []engine.Driver
		out *[]driverRow
		nps bool
		key string
	}{{res.CSAT, &p.CSAT, false, "csat"}, {res.NPS, &p.NPS, true, "nps"}} {
		for _, x := range list.in[:min(len(list.in), whyTop)] {
			row := driverRow{Label: l.Driver(x, labels), Effect: l.Points(x.Value, list.nps), Interval: interval(l, x.CI95, list.nps),
				Share: l.Percent(x.Share), Impact: l.Points(x.Impact, list.nps), Previous: l.Points(x.Previous.Value, list.nps),
				N: l.Number(float64(x.With), 0) + " / " + l.Number(float64(x.Without), 0), Indicative: x.Indicative(), Significant: x.Significant}
			if x.Factor == engine.FactorTheme {
				row.Examples = v.link("/why/examples", "theme", x.Key)
			}
			row.Drill = v.drill(list.key)
			if x.Factor == engine.FactorChannel {
				row.Drill = v.drill(list.key, "channel", x.Key)
			}
			d.Indicate, d.Signify = d.Indicate || row.Indicative, d.Signify || row.Significant
			*list.out = append(*list.out, row)
		}
	}
	for _, th := range sortedThemes(res.Themes) {
		row := themeRow{Key: th.Key, Label: labels[th.Key], Volume: th.Volume, PrevVolume: th.PrevVolume,
			Share: l.Percent(th.Share), PrevShare: l.Percent(th.PrevShare), Sentiment: l.Score(th.Sentiment),
			NPSWith: l.Score(th.NPSWith.Value), NPSWithout: l.Score(th.NPSWithout.Value), NPSDiff: l.Points(th.NPSDifference.Value, true),
			CSATWith: l.Percent(th.CSATWith.Value), CSATWithout: l.Percent(th.CSATWithout.Value), CSATDiff: l.Points(th.CSATDifference.Value, false),
			themeMarks: themeMarksOf(th)}
		if th.Share != nil && th.PrevShare != nil {
			row.Change = arrow(*th.Share - *th.PrevShare)
		}
		if th.Volume > 0 {
			row.Examples = v.link("/why/examples", "theme", th.Key)
		}
		d.Indicate, d.Signify = d.Indicate || row.indicative(), d.Signify || row.Significant
		p.Themes = append(p.Themes, row)
	}
	for i, t := range res.Emerging {
		p.Terms = append(p.Terms, termRow{ID: "term-" + strconv.Itoa(i), Term: t.Term, Count: t.Count, PrevCount: t.PrevCount,
			G2: l.Number(t.G2, 1), Examples: v.link("/why/examples", "term", t.Stem)})
	}
	d.Why = p
	s.renderDash(w, r, "why", d)
}

// sortedThemes are the themes customers write about most first; the taxonomy's order among
// equals.
func sortedThemes(themes []engine.ThemeFigures) []engine.ThemeFigures {
	out := slices.Clone(themes)
	slices.SortStableFunc(out, func(a, b engine.ThemeFigures) int { return b.Volume - a.Volume })
	return out
}

func interval(l report.Lang, ci *metric.Interval, nps bool) string {
	if ci == nil {
		return "–"
	}
	return "[" + l.Points(&ci[0], nps) + "; " + l.Points(&ci[1], nps) + "]"
}

func arrow(diff float64) string {
	switch {
	case diff > 0:
		return "↑"
	case diff < 0:
		return "↓"
	}
	return "="
}

// exampleRow is one example text: when, what was answered (or where it was said), the text.
type exampleRow struct {
	At, Score, Source, Text string
}

// whyExamples answers the example texts of a theme (?theme=) or an emerging term (?term=, its
// stems) as a fragment for the page: the query runs again under the viewer's own view, so an
// agent reads only their own answers' comments, whatever the URL names.
func (s *Server) whyExamples(w http.ResponseWriter, r *http.Request) {
	d := s.newDash(r, "nav_why", "/why")
	res, err := s.whyOf(r, whyQuery(d.View))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	var refs []engine.TextRef
	for _, th := range res.Themes {
		if th.Key == q.Get("theme") {
			refs = th.Examples
		}
	}
	for _, t := range res.Emerging {
		if q.Get("term") != "" && t.Stem == q.Get("term") { // the stems: two terms may be written alike
			refs = t.Examples
		}
	}
	var rows []exampleRow
	for _, ref := range refs {
		rec, err := s.app.Record(r.Context(), ref.Kind, ref.ID)
		if err != nil {
			continue // deleted since: nothing to show
		}
		switch x := rec.(type) {
		case *cx.Response:
			rows = append(rows, exampleRow{At: s.dateTime(r, x.SubmittedAt),
				Score: fmt.Sprintf("%s %d", strings.ToUpper(x.Survey), x.Score), Text: x.Comment})
		case *cx.Mention:
			rows = append(rows, exampleRow{At: s.dateTime(r, x.At), Source: x.Source, Text: x.Text})
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := dashPages["why"].ExecuteTemplate(w, "why_examples", struct {
		*dashPage
		Rows []exampleRow
	}{d, rows}); err != nil {
		s.log.ErrorContext(r.Context(), "template", "page", "why_examples", "error", err)
	}
}
