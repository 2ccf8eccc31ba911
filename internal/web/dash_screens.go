package web

import "strings"

// ControlsSummary is the line a phone shows for the folded period and filters: the period and
// each filter that is set, so what the figures are of stays in sight.
func (d *dashPage) ControlsSummary() string {
	parts := []string{d.View.label()}
	for _, f := range d.Filters {
		for _, o := range f.Options {
			if o.Selected {
				parts = append(parts, f.Label+": "+o.Label)
			}
		}
	}
	return strings.Join(parts, " · ")
}
