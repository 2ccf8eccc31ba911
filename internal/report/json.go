// Package report prints a report: JSON (the contract of data.md section 4), a table for people
// on an 80-column terminal in Dutch or English, and CSV for spreadsheets.
package report

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/nameorder"
)

// Document is a whole report as data.md section 4 fixes it.
type Document struct {
	From     string `json:"from"`
	To       string `json:"to"`
	Timezone string `json:"timezone"`
	// Currency is the account's (ISO 4217): every amount of the report is in it.
	Currency string  `json:"currency"`
	By       *string `json:"by"`
	Groups   []Group `json:"groups"`
	// Running: the period had begun and had not ended when the report was made (MarkRunning),
	// so its figures grow still; the table and the PDF's and workbook's header say so, as the
	// dashboard says "(t/m vandaag)". Not in the JSON, whose contract is the figures.
	Running bool `json:"-"`
}

// MarkRunning notes whether the period is running at now: from ≤ now < to, the days being
// midnights in the report's time zone.
func (d *Document) MarkRunning(now time.Time) {
	loc, err := time.LoadLocation(d.Timezone)
	if err != nil {
		return
	}
	from, err1 := time.ParseInLocation(time.DateOnly, d.From, loc)
	to, err2 := time.ParseInLocation(time.DateOnly, d.To, loc)
	d.Running = err1 == nil && err2 == nil && !now.Before(from) && now.Before(to)
}

// Group is one group of a report; Key is null when the report is not split.
type Group struct {
	Key     *string    `json:"key"`
	Metrics metric.Set `json:"metrics"`
}

// Listed is the groups as a person reads them — the table, the PDF, the workbook: in the order
// every list of names follows (nameorder), "Agent 9" before "Agent 10", the group without a
// name last. Groups keeps the order of data.md section 4, sorted by key byte for byte: the JSON
// and its CSV are read by programs, which a collation that changes with Unicode's versions must
// not reorder.
func (d *Document) Listed() []Group {
	out := slices.Clone(d.Groups)
	nameorder.SortFunc(out, func(g Group) string {
		if g.Key == nil {
			return ""
		}
		return *g.Key
	})
	return out
}

// New assembles a report document from a query and its groups; currency is the account's.
func New(q engine.Query, loc *time.Location, currency string, groups []engine.Group) *Document {
	d := &Document{From: q.From.Format(time.DateOnly), To: q.To.Format(time.DateOnly),
		Timezone: loc.String(), Currency: currency, Groups: make([]Group, len(groups))}
	if q.By != engine.ByNone {
		by := string(q.By)
		d.By = &by
	}
	for i, g := range groups {
		d.Groups[i] = Group{Key: g.Key, Metrics: g.Metrics}
	}
	return d
}

// JSON writes the document as indented JSON. A figure JSON cannot hold writes nothing.
func JSON(w io.Writer, d *Document) error {
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return unwritable(err)
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// unwritable explains a figure that is not a finite number. Bounded input cannot make one
// (cx.MaxAmount says why); data stored before the bounds were checked can.
func unwritable(err error) error {
	return fmt.Errorf("report: a figure is not a finite number (%v); the database holds a value past "+
		"what klantpuls takes now, such as an order amount above %.0f imported by an older version", err, cx.MaxAmount)
}

// Days is the number of calendar days of the period.
func (d *Document) Days() float64 {
	from, err1 := time.Parse(time.DateOnly, d.From)
	to, err2 := time.Parse(time.DateOnly, d.To)
	if err1 != nil || err2 != nil {
		return 0
	}
	return to.Sub(from).Hours() / 24
}
