package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// More presets, each with a test file in its tool's shape and the report's figures worked out
// by hand (the conventions of TestImportPresets: Europe/Amsterdam, the report of March 2026).
func TestImportPresetsMore(t *testing.T) {
	tests := []struct {
		preset, file string // file in testdata/presets
		summary      string
		want         map[string]float64
	}{{
		// WooCommerce, Analytics > Orders > Download, e-mailed (server side), as built by
		// woocommerce/woocommerce plugins/woocommerce/src/Admin/API/Reports/Orders/Controller.php
		// (get_export_columns, prepare_item_for_export) and includes/export/
		// abstract-wc-csv-exporter.php: a byte order mark, PHP's fputcsv quoting (a cell with a
		// space is quoted), newest first (the report's default sort). A refund is a row of its
		// own (Orders/Stats/DataStore.php update) with its order's Order #, status and formatted
		// total (OrderAwareControllerTrait), its own date and a negative Net Sales (a PHP float,
		// not guarded since the guard exempts numbers); its products start with - and get the
		// formula guard ' ("'-1× Mok"). N. Revenue (formatted) with a no-break space is not read.
		preset:  "woocommerce-orders",
		file:    "woocommerce-orders.csv",
		summary: "14 rows read; records: orders 9; 9 written",
		want: map[string]float64{
			// Net Sales per Order #: 3001 49.5; 3002 20.66 − 8.26 = 12.4; 3003 100; 3004 33.06;
			// 3005 16.49 − 16.49 = 0; 3006 75; 3007 41.32 − 10 − 5.5 = 25.82; 3008 24.79;
			// 3009 60 − 20 = 40. Revenue 360.57 over 9 orders: AOV 40.0633…
			// 3009 is dated at its sale, 30 March 18:00, not at its refund (31 March 10:00, first
			// in the file): so it lies before the report's end and counts.
			"groups.0.metrics.clv.orders": 9, "groups.0.metrics.clv.aov": 360.57 / 9,
			// Buyers by name: Anna de Vries, Bram Smit, Chris Bakker, Dirk Visser, Eva Mulder,
			// Fleur van Dam, Gijs de Boer = 7; historical CLV (margin 1) 360.57 / 7.
			"groups.0.metrics.clv.buyers": 7, "groups.0.metrics.clv.historical": 360.57 / 7,
		},
	}, {
		// The same report downloaded in the browser (packages/js/csv-export
		// generateCSVDataFromTable over client/analytics/report/orders/table.js): no byte order
		// mark, no line break at the end, "Net sales", a "Payment method" column, numbers
		// unquoted, strings quoted when they hold white space, a string starting with - as "'-…".
		preset:  "woocommerce-orders",
		file:    "woocommerce-orders-browser.csv",
		summary: "4 rows read; records: orders 3; 3 written",
		want: map[string]float64{
			// 4001 82.64 − 22.64 = 60, 4002 12.4, 4003 30: revenue 102.4 over 3 orders; buyers Ilse
			// Kok and Joost Peters: historical 102.4 / 2 = 51.2.
			"groups.0.metrics.clv.orders": 3, "groups.0.metrics.clv.aov": 102.4 / 3,
			"groups.0.metrics.clv.buyers": 2, "groups.0.metrics.clv.historical": 51.2,
		},
	}}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			p := newProject(t)
			p.importPreset(filepath.Join("testdata", "presets", tt.file), tt.summary, "--preset", tt.preset)
			p.report("2026-03-01", "2026-03-31").expect(1e-9, tt.want)
		})
	}
}

// importPreset imports a file with the flags given (--preset NAME, --skip-invalid) and fails
// the test unless it succeeds with the summary line "FILE: summary".
func (p *project) importPreset(path, summary string, flags ...string) {
	p.t.Helper()
	_, stderr, code := p.run(append(append([]string{"import"}, flags...), path)...)
	if code != 0 || !strings.Contains(stderr, path+": "+summary) {
		p.t.Fatalf("import %v: exit %d, want 0 and %q:\n%s", flags, code, summary, stderr)
	}
}
