package web

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// drillPerPage is how many records a drill-down page shows: the follow-up list's page size.
const drillPerPage = followUpsPerPage

// drillParams are a drill-down's own parameters beside the view's (contract.md): the metric,
// the column sorted by and its direction, the page (from 1) and an export format.
type drillParams struct {
	Metric string
	Sort   string // a column key; "" is the list's default (the records' instant)
	Desc   bool
	Page   int
	Format string // "", "csv", "xlsx" or "pdf"
}

// drillProblem is a parameter that cannot be read: which one, and the word that says why.
type drillProblem struct {
	Param, Word, Value string
}

func (p *drillProblem) Error() string { return fmt.Sprintf("%s: %q (%s)", p.Param, p.Value, p.Word) }

// readDrillParams reads the parameters; the metric and the sort column are checked against
// the metric's list later (drillListOf, drillList.sortBy), as only the list knows its columns.
func readDrillParams(q url.Values) (drillParams, error) {
	// The list's columns are the metric's, so the sort is checked against them later.
	o, bad := readListOrder(q, nil, "")
	p := drillParams{Metric: strings.TrimSpace(q.Get("metric")), Sort: o.Sort, Desc: o.Desc, Page: o.Page}
	if bad != nil {
		return p, &drillProblem{bad.Param, "drill_bad_" + bad.Param, bad.Value}
	}
	if f := q.Get("format"); f != "" {
		if !slices.Contains([]string{"csv", "xlsx", "pdf"}, f) {
			return p, &drillProblem{"format", "drill_bad_format", f}
		}
		p.Format = f
	}
	return p, nil
}
