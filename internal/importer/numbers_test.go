package importer

import (
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// An order file from Excel with Dutch settings: semicolons, decimal commas, thousands points.
func TestReadDecimalCommas(t *testing.T) {
	got, err := read(cx.KindOrders, "order_id;customer_id;ordered_at;amount;gross_margin\n"+
		"O1;C1;2026-03-02 10:00;37,53;0,3\nO2;C1;2026-03-02 11:00;1.234,56;\n")
	if err != nil || len(got) != 2 {
		t.Fatalf("got %d records, %v", len(got), err)
	}
	o1, o2 := got[0].(*cx.Order), got[1].(*cx.Order)
	if o1.Amount != 37.53 || o1.GrossMargin == nil || *o1.GrossMargin != 0.3 || o2.Amount != 1234.56 {
		t.Errorf("read %v %v, %v", o1.Amount, o1.GrossMargin, o2.Amount)
	}
	expectRow(t, cx.KindOrders, "order_id;customer_id;ordered_at;amount\nO1;C1;2026-03-02 10:00;1,250\n",
		`in.csv:2: amount: "1,250" could be 1250 (a comma between thousands) or 1.250 (a decimal comma): write 1250 or 1.250`)
}

// A column written two ways is refused, whichever way comes first: in a Dutch file 1.234,50
// is 1234.5 and 1.250 twelve hundred and fifty, which the one rule reads as 1.25. A point
// before three digits in a column of decimal points (12.50, 1.250) and a decimal comma in a
// column without such a point (12,50 and 0.125) stay as they are.
func TestReadSeparatorsMixed(t *testing.T) {
	const head = "order_id;customer_id;ordered_at;amount\n"
	for _, tc := range []struct{ name, rows, want string }{
		{"the comma first", "O1;C1;2026-03-02 10:00;1.234,50\nO2;C1;2026-03-03 10:00;1.250\n",
			`in.csv:3: amount: "1.250": this column writes both ways — line 3 has a point before three digits (1.250 is 1.25 as written, 1250 the Dutch way) and line 2 a decimal comma: write every amount of the file one way`},
		{"the point first", "O1;C1;2026-03-02 10:00;1.250\nO2;C1;2026-03-03 10:00;12,50\n",
			`in.csv:3: amount: "12,50": this column writes both ways — line 2 has a point before three digits (1.250 is 1.25 as written, 1250 the Dutch way) and line 3 a decimal comma: write every amount of the file one way`},
	} {
		t.Run(tc.name, func(t *testing.T) { expectRow(t, cx.KindOrders, head+tc.rows, tc.want) })
	}
	for _, rows := range []string{"O1;C1;2026-03-02 10:00;12.50\nO2;C1;2026-03-03 10:00;1.250\n",
		"O1;C1;2026-03-02 10:00;12,50\nO2;C1;2026-03-03 10:00;0.125\n"} {
		if got, err := read(cx.KindOrders, head+rows); err != nil || len(got) != 2 {
			t.Errorf("%q: %d records, %v; want both read", rows, len(got), err)
		}
	}
}

// TestWholeNumber: a JSON number is a whole number when it has no fractional part, however it
// is written (JSON Schema 2020-12, validation 6.1.1); the digits decide, not a float64, which
// would take 5.0000000000000001 for 5 and 1e400 for +Inf.
func TestWholeNumber(t *testing.T) {
	for _, tc := range []struct {
		json string
		want int
		ok   bool
	}{
		{"5", 5, true}, {"5.0", 5, true}, {"-5.00", -5, true}, {"5e0", 5, true}, {"5E+0", 5, true},
		{"50e-1", 5, true}, {"0.5e1", 5, true}, {"0.05e2", 5, true}, {"1.5e1", 15, true}, {"12e2", 1200, true},
		{"0", 0, true}, {"-0.0", 0, true}, {"0e-400", 0, true}, {"9223372036854775807", 9223372036854775807, true},
		{"9.223372036854775807e18", 9223372036854775807, true},
		{"5.5", 0, false}, {"5e-1", 0, false}, {"5.0000000000000001", 0, false}, {"1e400", 0, false},
		{"9223372036854775808", 0, false}, {"1e19", 0, false}, {"1e-400", 0, false}, {"1e99999999999999999999", 0, false},
	} {
		if got, ok := wholeNumber(tc.json); got != tc.want || ok != tc.ok {
			t.Errorf("%s: %d %v, want %d %v", tc.json, got, ok, tc.want, tc.ok)
		}
	}
}
