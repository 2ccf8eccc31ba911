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
