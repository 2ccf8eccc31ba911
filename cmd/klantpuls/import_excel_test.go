package main

import "testing"

// A Dutch Excel writes a yes/no cell as WAAR or ONWAAR when it saves a CSV (its words for TRUE
// and FALSE, as the cell shows them), so a complaint column saved so is read as yes and no: the
// import refused every row ("waar" is not a yes/no value). Two tickets solved after 2 hours and
// 1 hour, the first a complaint: complaint resolution rests on it alone, 7200 s.
func TestImportDutchExcelYesNo(t *testing.T) {
	p := newProject(t)
	p.mustImport("tickets", "\ufeffticket_id;created_at;complaint;solved_at\r\n"+
		"W1;02-03-2026 10:00;WAAR;02-03-2026 12:00\r\n"+
		"W2;02-03-2026 10:00;ONWAAR;02-03-2026 11:00\r\n"+
		"W3;03-03-2026 10:00;onwaar;03-03-2026 11:00\r\n")
	d := p.report("2026-03-01", "2026-04-01")
	d.expect(1e-9, map[string]float64{
		"tickets.created":                      3,
		"complaint_resolution.calendar.n":      1,
		"complaint_resolution.calendar.mean":   7200,
		"complaint_resolution.calendar.median": 7200,
	})
}
