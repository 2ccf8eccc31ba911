package web

import (
	"bytes"
	"net/http"
	"time"

	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/report"
)

// drillSection is a drill-down list as a section of rows (report.Section): every record, in
// the page's columns and order, each column typed by what it holds — a moment, a figure in
// its metric's format, else the text the page shows (a channel's or a kind's name).
func drillSection(d *dashPage, l *drillList) report.Section {
	sec := report.Section{Title: d.Title, Note: l.desc.Explain.In(d.Lang)}
	kinds := make([]report.Kind, len(l.cols))
	for i, c := range l.cols {
		kinds[i] = drillKind(c, l.recs.Items)
		sec.Cols = append(sec.Cols, report.Col{Heading: d.T(c.Word), Kind: kinds[i], Wide: c.Key == "text", Decimals: -1})
	}
	for i := range l.recs.Items {
		rec := &l.recs.Items[i]
		row := make([]report.Cell, len(l.cols))
		for j, c := range l.cols {
			switch x := c.get(rec).(type) {
			case time.Time:
				if !x.IsZero() {
					row[j] = report.When(x)
				}
			case *float64:
				row[j] = report.NumP(x)
			case bool:
				row[j] = yesNo(d, x)
			case string:
				row[j] = report.Text(x)
				if c.Key == "channel" || c.Key == "kind" || c.Key == "tone" {
					row[j] = report.Text(showCell(d.page, c, rec).Text)
				}
			}
		}
		sec.Rows = append(sec.Rows, row)
	}
	return sec
}

// drillKind is what a drill-down column holds, read from its format or its first record.
func drillKind(c drillColumn, recs []engine.Record) report.Kind {
	switch c.format {
	case "":
	case metric.FormatDuration:
		return report.KindDuration
	case metric.FormatPercent:
		return report.KindPercent
	case metric.FormatMoney:
		return report.KindEuro
	case metric.FormatCount, metric.FormatInteger:
		return report.KindCount
	default:
		return report.KindNumber
	}
	if len(recs) > 0 {
		if _, ok := c.get(&recs[0]).(time.Time); ok {
			return report.KindDateTime
		}
	}
	return report.KindText
}

// drillPDF writes the list for paper, in the frame of the dashboard's other downloads.
func (s *Server) drillPDF(w http.ResponseWriter, r *http.Request, d *dashPage, l *drillList) {
	x := s.exportFrame(d.page, d.View, d.Title) // the page's period, named as its heading names it
	x.Sections = []report.Section{drillSection(d, l)}
	var b bytes.Buffer
	if err := report.PDF(&b, x); err != nil {
		s.fail(w, r, err)
		return
	}
	attach(w, "application/pdf", l.fileName("pdf"))
	w.Write(b.Bytes())
}
