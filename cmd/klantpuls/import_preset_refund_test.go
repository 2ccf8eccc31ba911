package main

import (
	"os"
	"strings"
	"testing"
)

// A WooCommerce export of one month holds the refund of an order sold the month before, and
// not the sale: the order's rows add up below 0. That is an error on the refund's line, and
// nothing is committed; with --skip-invalid the other orders are, and the rejects file says
// why the order was left out.
func TestImportWooCommerceRefundWithoutSale(t *testing.T) {
	p := newProject(t)
	path := p.file("maart.csv", "\ufeffDate,\"Order #\",\"N. Revenue (formatted)\",Status,Customer,\"Customer type\",Product(s),\"Items sold\",Coupon(s),\"Net Sales\",Attribution\n"+
		"\"2026-03-04 10:00:00\",2990,\"€ 24,20 € 0,00\",refunded,\"Anna de Vries\",new,\"'-1× Mok\",-1,,-20,Unknown\n"+
		"\"2026-03-03 11:00:00\",3002,\"€ 25,00\",completed,\"Bram Smit\",new,\"2× Muts\",2,,20.66,Direct\n")
	_, stderr, code := p.run("import", "--preset", "woocommerce-orders", path)
	want := path + ":2: Net Sales: the rows of Order # 2990 add up to -20, below 0 (a refund whose sale is not in the file?)"
	if code != 1 || !strings.Contains(stderr, want) {
		t.Fatalf("exit %d, want 1 and %q:\n%s", code, want, stderr)
	}
	if n := p.count("orders"); n != 0 {
		t.Errorf("%d orders committed, want none", n)
	}
	p.importPreset(path, "2 rows read, 1 refused; records: orders 1; 1 written", "--preset", "woocommerce-orders", "--skip-invalid")
	rejects, err := os.ReadFile(path + ".rejects.csv")
	if err != nil {
		t.Fatal(err)
	}
	if r := string(rejects); !strings.Contains(r, "Order # 2990 add up to -20") {
		t.Errorf("rejects file:\n%s", r)
	}
}
