package web

import (
	"strings"

	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/report"
)

// The marks a page sets beside a figure, and the same marks in its download: the page's
// template and the download's rows read whether a figure is marked from one function each
// (themeMarksOf, metric.Breaches.Indicative, engine.Driver's Significant and Indicative), so a
// reader of the workbook does not take an indicative figure for a firm one.

const (
	markSignificant = "†" // a difference significant at p < 0.05 (why_significant)
	markIndicative  = "*" // a figure on fewer than 30 measurements (indicative_note)
)

// themeMarks are the marks of a theme's row on the Waarom page: † beside the previous
// period's share when the share changed significantly, * beside each figure on its own n.
type themeMarks struct {
	Significant bool
	// Each figure is marked on its own n: a row's NPS with the theme on 20 answers and CSAT
	// on 20 made 40, and neither was marked, nor any "without".
	NPSWithFew, NPSWithoutFew, CSATWithFew, CSATWithoutFew bool
	SentimentFew                                           bool // on its texts with a label
}

func themeMarksOf(th engine.ThemeFigures) themeMarks {
	return themeMarks{Significant: th.ShareChange != nil && th.ShareChange.Significant,
		NPSWithFew: metric.Indicative(th.NPSWith.N), NPSWithoutFew: metric.Indicative(th.NPSWithout.N),
		CSATWithFew: metric.Indicative(th.CSATWith.N), CSATWithoutFew: metric.Indicative(th.CSATWithout.N),
		SentimentFew: metric.Indicative(th.SentimentN)}
}

// indicative tells whether any figure of the row is starred, for the page's note.
func (m themeMarks) indicative() bool {
	return m.NPSWithFew || m.NPSWithoutFew || m.CSATWithFew || m.CSATWithoutFew || m.SentimentFew
}

// marked is a download's cell with the marks the page sets beside its figure; a cell without
// a figure carries none, as the page's dash carries none.
func marked(c report.Cell, significant, indicative bool) report.Cell {
	if c.Value == nil {
		return c
	}
	if significant {
		c.Mark += markSignificant
	}
	if indicative {
		c.Mark += markIndicative
	}
	return c
}

// legend is what the marks in a section's rows mean, in the page's words, a line for each
// mark that is there.
func legend(d *dashPage, rows [][]report.Cell) []string {
	var sig, ind bool
	for _, row := range rows {
		for _, c := range row {
			sig = sig || strings.Contains(c.Mark, markSignificant)
			ind = ind || strings.Contains(c.Mark, markIndicative)
		}
	}
	var out []string
	if sig {
		out = append(out, markSignificant+" "+d.T("why_significant"))
	}
	if ind {
		out = append(out, d.T("indicative_note"))
	}
	return out
}
