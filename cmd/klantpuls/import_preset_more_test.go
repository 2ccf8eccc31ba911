package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// More presets, each with a test file in its tool's shape and the report's figures worked out
// by hand (the conventions of TestImportPresets: Europe/Amsterdam, CET +01:00 until Sunday 29
// March 02:00, then CEST +02:00).
func TestImportPresetsMore(t *testing.T) {
	tests := []struct {
		preset, file string // file in testdata/presets
		summary      string
		reports      []periodFigures
	}{{
		// WooCommerce, Analytics > Orders > Download of 1 February – 31 March, e-mailed (server
		// side), as built by woocommerce/woocommerce plugins/woocommerce/src/Admin/API/Reports/
		// Orders/Controller.php (get_export_columns, prepare_item_for_export: Customer is first
		// and last name, Product(s) "2× Sokken" joined by ", ", Coupon(s) codes joined by ", ")
		// and includes/export/abstract-wc-csv-exporter.php: a byte order mark, PHP's fputcsv
		// quoting (a cell with a space or a quote is quoted, "" inside), newest first (the
		// report's default sort), the formula guard ' on a string starting with = + - @ but not
		// on a number (escape_data: is_int or is_float is left alone). A refund is a row of its
		// own (Orders/Stats/DataStore.php update) with its order's Order #, status and formatted
		// total (OrderAwareControllerTrait), its own date and a negative Net Sales; its products
		// start with - and are guarded ("'-1× Mok"), as is the coupon code "'-10procent".
		// N. Revenue (formatted), with a no-break space, is not read.
		//
		// 33 rows: 23 orders #3001–#3023 and 10 refund rows, none next to its sale. Per order,
		// sale date (the earliest row) and Net Sales less its refunds (refund dates in brackets):
		//   #3001 10 Feb Anna de Vries 49.5
		//   #3002 12 Feb Bram Smit 20.66 − 8.26 (19 Feb) = 12.4
		//   #3003 17 Feb Chris Bakker 100 − 20 (18 March) = 80
		//   #3004 20 Feb Dirk Visser 16.49 − 16.49 (3 March, refunded in full) = 0
		//   #3005 24 Feb Eva Mulder 75 − 20 (12 March) = 55
		//   #3006 28 Feb 23:45 Anna de Vries (returning) 33.06
		//   #3007 1 March 00:05 Fleur van Dam 41.32 − 10 (6 March) − 5.5 (20 March, no products) = 25.82
		//   #3008 2 March Bram Smit (returning) 24.79
		//   #3009 4 March Hanna Jansen 29.75 (coupons "welkom10, voorjaar5")
		//   #3010 5 March Chris Bakker (returning) 41.32 − 41.32 (25 March, in full) = 0
		//   #3011 7 March Iris Meijer 57.02
		//   #3012 9 March Zoë Hendriks 82.64 − 12.4 (16 March, no products) = 70.24
		//   #3013 11 March Eva Mulder (returning) 20.66
		//   #3014 13 March Noor Yılmaz 14.88 (coupon '-10procent)
		//   #3015 15 March Anna de Vries (returning) 37.15
		//   #3016 17 March Jan de Jong 148.76 − 49.59 (24 March) = 99.17
		//   #3017 19 March Kees Bos 30
		//   #3018 22 March Bram Smit (returning) 42.15
		//   #3019 26 March Lotte Peters 75
		//   #3020 29 March 03:15 (just after the clocks went forward) Mohamed El Idrissi 24.79
		//   #3021 30 March 18:00 Gijs de Boer 60 − 20 (31 March 10:00) = 40
		//   #3022 30 March 23:55 Iris Meijer (returning) 12.4
		//   #3023 31 March 09:30 Sanne van den Berg 8.26
		//
		// CLV's orders, aov and buyers are taken over the 12 months before `to` (metrics.md §3),
		// the engine's over the period (issue 16 point 2): the two agree only when the period
		// holds every order before `to`, as February and February–30 March do here (the file
		// starts on 10 February). March alone is not checked for that reason.
		preset:  "woocommerce-orders",
		file:    "woocommerce-orders.csv",
		summary: "33 rows read; records: orders 23; 23 written",
		reports: []periodFigures{{
			from: "2026-02-01", to: "2026-03-01",
			want: map[string]float64{
				// #3001–#3006, dated at their sale although #3003, #3004 and #3005 were refunded in
				// March: 49.5 + 12.4 + 80 + 0 + 55 + 33.06 = 229.96 over 6 orders. Regrouped by
				// rows: sales 49.5 + 20.66 + 100 + 16.49 + 75 + 33.06 = 294.71, less their refunds
				// 8.26 + 20 + 16.49 + 20 = 64.75: 229.96.
				"clv.orders": 6, "clv.aov": 229.96 / 6,
				// Buyers Anna, Bram, Chris, Dirk (whose order nets 0), Eva = 5. Historical CLV
				// (margin 1), each buyer's orders before 1 March: Anna 49.5 + 33.06 = 82.56, Bram
				// 12.4, Chris 80, Dirk 0, Eva 55; 82.56 + 12.4 + 80 + 0 + 55 = 229.96, over 5.
				"clv.buyers": 5, "clv.historical": 229.96 / 5,
			},
		}, {
			from: "2026-02-01", to: "2026-03-31",
			want: map[string]float64{
				// #3001–#3022 (#3023 is on 31 March; #3021 counts at its sale, its refund of 31
				// March does not move it out). February 229.96 as above; March #3007–#3022:
				// 25.82 + 24.79 + 29.75 + 0 + 57.02 + 70.24 + 20.66 + 14.88 + 37.15 + 99.17 + 30 +
				// 42.15 + 75 + 24.79 + 40 + 12.4 = 603.82 over 16. Together 833.78 over 22.
				"clv.orders": 22, "clv.aov": 833.78 / 22,
				// 15 buyers (all but Sanne). Regrouped by customer: Anna 49.5 + 33.06 + 37.15 =
				// 119.71, Bram 12.4 + 24.79 + 42.15 = 79.34, Chris 80 + 0 = 80, Dirk 0, Eva 55 +
				// 20.66 = 75.66, Fleur 25.82, Hanna 29.75, Iris 57.02 + 12.4 = 69.42, Zoë 70.24, Noor
				// 14.88, Jan 99.17, Kees 30, Lotte 75, Mohamed 24.79, Gijs 40: 833.78, over 15.
				"clv.buyers": 15, "clv.historical": 833.78 / 15,
			},
		}},
	}, {
		// The same report downloaded in the browser (packages/js/csv-export
		// generateCSVDataFromTable over client/analytics/report/orders/table.js): no byte order
		// mark, no line break at the end, "Net sales", a "Payment method" column, numbers
		// unquoted, strings quoted when they hold white space, a string starting with - as "'-…".
		preset:  "woocommerce-orders",
		file:    "woocommerce-orders-browser.csv",
		summary: "4 rows read; records: orders 3; 3 written",
		reports: []periodFigures{{
			from: "2026-03-01", to: "2026-03-31",
			want: map[string]float64{
				// 4001 82.64 − 22.64 = 60, 4002 12.4, 4003 30: revenue 102.4 over 3 orders; buyers
				// Ilse Kok and Joost Peters: historical 102.4 / 2 = 51.2.
				"clv.orders": 3, "clv.aov": 102.4 / 3, "clv.buyers": 2, "clv.historical": 51.2,
			},
		}},
	}}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			p := newProject(t)
			p.importPreset(filepath.Join("testdata", "presets", tt.file), tt.summary, "--preset", tt.preset)
			for _, r := range tt.reports {
				t.Run(r.from+"_"+r.to, func(t *testing.T) {
					in := *p
					in.t = t
					in.expectPeriod(r)
				})
			}
		})
	}
}

// periodFigures are a report's expected figures for [from, to): want for the whole, groups
// per --by dimension and group key.
type periodFigures struct {
	from, to string
	want     map[string]float64
	groups   map[string]map[string]map[string]float64
}

// expectPeriod runs the report of r's period, and one per dimension of r.groups, and checks
// their figures.
func (p *project) expectPeriod(r periodFigures) {
	p.t.Helper()
	p.report(r.from, r.to).expect(1e-9, r.want)
	for by, groups := range r.groups {
		p.report(r.from, r.to, "--by", by).expectGroups(by, groups)
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
