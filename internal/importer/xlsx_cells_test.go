package importer

import (
	"slices"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"
)

// paddedIDs is a workbook of orders whose customer numbers are typed as numbers in columns
// formatted with leading zeros, as a Dutch shop keeps its klantnummers (its CSV export writes
// "00012"), and in other formats.
func paddedIDs(t testing.TB) []byte {
	return book(t, func(f *excelize.File, style func(string) int) {
		for i, h := range []string{"order_id", "customer_id", "ordered_at", "amount"} {
			set(t, f, "Sheet1", string(rune('A'+i))+"1", h, 0)
		}
		for i, id := range []struct {
			value  any
			format string
		}{{12, "00000"}, {12, "[$-413]000000;-000000"}, {123456, "00000"}, {12.5, "00000"}, {12, "0"}, {12, "0.00"}} {
			row := strconv.Itoa(i + 2)
			set(t, f, "Sheet1", "A"+row, "O"+strconv.Itoa(i+1), 0)
			set(t, f, "Sheet1", "B"+row, id.value, style(id.format))
			set(t, f, "Sheet1", "C"+row, "2026-03-13 14:05", 0)
			set(t, f, "Sheet1", "D"+row, 10, 0)
		}
	})
}

// A number in a column formatted with leading zeros only reads as Excel shows it, 00012 (so
// the customer is the one the CSV export names 00012, not another, 12): a number longer than
// the zeros whole, a fraction rounded as Excel shows it (12.5 as 00013). Any other format —
// a single 0, decimals — reads as the value (docs/import.md).
func TestXLSXZeroPaddedID(t *testing.T) {
	rows, _, err := sheetRows(t, paddedIDs(t), "")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"customer_id", "00012", "000012", "123456", "00013", "12", "12"}
	var got []string
	for _, r := range rows {
		got = append(got, r[1])
	}
	if !slices.Equal(got, want) {
		t.Errorf("customer_id read as %q, want %q as Excel shows them", got, want)
	}
}

// A format of leading zeros only is told by its zeros, with or without a locale or colour and
// whatever its later sections; a single 0, decimals, separators or text are not padding.
func TestZeroPadding(t *testing.T) {
	for _, tt := range []struct {
		custom string
		want   int
	}{
		{"00000", 5}, {"00", 2}, {"[$-413]000000", 6}, {"[Red]0000;-0000", 4},
		{"", 0}, {"0", 0}, {"General", 0}, {"00000.00", 0}, {"#,##0", 0}, {"000 000", 0},
		{`"KL"00000`, 0}, {`\K00000`, 0}, {"00000_)", 0}, {"[h]:mm", 0}, {"]00[", 0}, {"[0000", 0},
	} {
		if got := zeroPadding(tt.custom); got != tt.want {
			t.Errorf("format %q: got %d zeros, want %d", tt.custom, got, tt.want)
		}
	}
}
