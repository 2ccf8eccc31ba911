package web

import (
	"fmt"
	"net/http"

	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/report"
)

// whyExport is the why page: the drivers of CSAT and of NPS (the page's top ones), the themes
// with their figures and the emerging terms.
func whyExport(s *Server, r *http.Request, d *dashPage, x *report.Export) error {
	res, err := s.whyOf(r, whyQuery(d.View))
	if err != nil {
		return err
	}
	l := d.View.Lang
	labels := map[string]string{}
	for _, th := range res.Themes {
		labels[th.Key] = l.Theme(th)
	}
	num := func(h string, dec int) report.Col {
		return report.Col{Heading: h, Kind: report.KindNumber, Decimals: dec}
	}
	diff := func(h string, dec int) report.Col { // signed, as the page writes a difference (Lang.Points)
		return report.Col{Heading: h, Kind: report.KindNumber, Decimals: dec, Signed: true}
	}
	for _, list := range []struct {
		title string
		in    []engine.Driver
		dec   int // NPS in whole points, CSAT in percentage points with one decimal
	}{{d.T("export_csat_drivers"), res.CSAT, 1}, {d.T("export_nps_drivers"), res.NPS, -1}} {
		sec := report.Section{Title: list.title, Note: d.T("why_drivers_caption"), Cols: []report.Col{
			{Heading: d.T("why_factor"), Kind: report.KindText}, diff(d.T("why_effect"), list.dec),
			diff(d.T("why_interval")+" ("+d.T("export_low")+")", list.dec), diff(d.T("why_interval")+" ("+d.T("export_high")+")", list.dec),
			{Heading: d.T("why_share"), Kind: report.KindPercent}, diff(d.T("why_impact"), list.dec),
			diff(d.T("why_previous"), list.dec), {Heading: d.T("export_with"), Kind: report.KindCount},
			{Heading: d.T("export_without"), Kind: report.KindCount}}}
		for _, dr := range list.in[:min(len(list.in), whyTop)] {
			low, high := report.Cell{}, report.Cell{}
			if dr.CI95 != nil {
				low, high = report.Num(dr.CI95[0]), report.Num(dr.CI95[1])
			}
			effect := marked(report.NumP(dr.Value), dr.Significant, dr.Indicative()) // as the page marks it
			sec.Rows = append(sec.Rows, []report.Cell{report.Text(l.Driver(dr, labels)), effect, low, high,
				report.NumP(dr.Share), report.NumP(dr.Impact), report.NumP(dr.Previous.Value), report.Count(dr.With), report.Count(dr.Without)})
		}
		sec.Legend = legend(d, sec.Rows)
		x.Sections = append(x.Sections, sec)
	}
	themes := report.Section{Title: d.T("why_themes"), Cols: []report.Col{{Heading: d.T("why_theme"), Kind: report.KindText},
		{Heading: d.T("why_volume"), Kind: report.KindCount}, {Heading: d.T("why_theme_share"), Kind: report.KindPercent},
		{Heading: d.T("why_before") + " · " + d.T("why_volume"), Kind: report.KindCount},
		{Heading: d.T("why_before") + " · " + d.T("why_theme_share"), Kind: report.KindPercent},
		num(d.T("why_sentiment"), -1), num(d.T("export_nps_with"), -1), num(d.T("why_nps_without"), -1),
		{Heading: d.T("export_csat_with"), Kind: report.KindPercent}, {Heading: d.T("why_csat_without"), Kind: report.KindPercent}}}
	for _, th := range sortedThemes(res.Themes) {
		m := themeMarksOf(th) // the page's marks, beside the same figures
		themes.Rows = append(themes.Rows, []report.Cell{report.Text(labels[th.Key]), report.Count(th.Volume), report.NumP(th.Share),
			report.Count(th.PrevVolume), marked(report.NumP(th.PrevShare), m.Significant, false),
			marked(report.NumP(th.Sentiment), false, m.SentimentFew), marked(report.NumP(th.NPSWith.Value), false, m.NPSWithFew),
			marked(report.NumP(th.NPSWithout.Value), false, m.NPSWithoutFew), marked(report.NumP(th.CSATWith.Value), false, m.CSATWithFew),
			marked(report.NumP(th.CSATWithout.Value), false, m.CSATWithoutFew)})
	}
	themes.Legend = legend(d, themes.Rows)
	themes.Note = fmt.Sprintf("%s: %s (%s: %s)", d.T("why_texts"), l.Number(float64(res.Texts), 0), d.T("why_before"),
		l.Number(float64(res.PrevTexts), 0))
	terms := report.Section{Title: d.T("why_terms"), Note: d.T("why_terms_note"), Cols: []report.Col{
		{Heading: d.T("why_term"), Kind: report.KindText}, {Heading: d.T("why_texts"), Kind: report.KindCount},
		{Heading: d.T("why_before"), Kind: report.KindCount}, num("G²", 1)}}
	for _, t := range res.Emerging {
		terms.Rows = append(terms.Rows, []report.Cell{report.Text(t.Term), report.Count(t.Count), report.Count(t.PrevCount), report.Num(t.G2)})
	}
	x.Sections = append(x.Sections, themes, terms)
	return nil
}
