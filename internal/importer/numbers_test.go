package importer

import (
	"math"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

func TestParseDecimal(t *testing.T) {
	tests := []struct {
		in      string
		want    float64
		wantErr string // start of the error; "" when the number reads
	}{
		{in: "12.50", want: 12.5},
		{in: "37,53", want: 37.53}, // a decimal comma
		{in: "0,125", want: 0.125}, // three decimals after a 0: no thousands group starts with 0
		{in: "1,2345", want: 1.2345},
		{in: ",5", want: 0.5},
		{in: "-3,5", want: -3.5},
		{in: "+7", want: 7},
		{in: "1.234", want: 1.234}, // a single point is always the decimal point
		{in: "1.234,56", want: 1234.56},
		{in: "1,234.56", want: 1234.56},
		{in: "-1.234.567,8", want: -1234567.8},
		{in: "1.234.567", want: 1234567},
		{in: "1,234,567", want: 1234567},
		{in: "1.5e3", want: 1500},
		{in: "1e400", want: math.Inf(1)}, // the caller's bound refuses it
		{in: "1,234", wantErr: `"1,234" could be 1234 (a comma between thousands) or 1.234 (a decimal comma): write 1234 or 1.234`},
		{in: "-999,000", wantErr: `"-999,000" could be -999000 (a comma between thousands) or -999.000 (a decimal comma): write -999000 or -999.000`},
		{in: "1.23,45", wantErr: `"1.23,45" is not a number: thousands separators come between groups of three`},
		{in: "1.234,567,8", wantErr: `"1.234,567,8" is not a number: thousands separators`},
		{in: "12.34.56", wantErr: `"12.34.56" is not a number: thousands separators`},
		{in: "1,5e3", wantErr: `"1,5e3" is not a number: write digits`},
		{in: "€ 12,50", wantErr: `"€ 12,50" is not a number`},
		{in: "12 500", wantErr: `"12 500" is not a number`},
		{in: "Inf", wantErr: `"Inf" is not a number`},
		{in: "NaN", wantErr: `"NaN" is not a number`},
		{in: "0x1p10", wantErr: `"0x1p10" is not a number`},
		{in: "--5", wantErr: `"--5" is not a number`},
		{in: "-", wantErr: `"-" is not a number`},
		{in: ",", wantErr: `"," is not a number`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDecimal(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
					t.Errorf("got %v, %v; want the error %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

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
