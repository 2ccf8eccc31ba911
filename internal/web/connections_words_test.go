package web

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestConnectionsPageSaysKindsInItsLanguage: the Dutch Live koppelingen page names the kinds of
// record a connection may write in Dutch — the boxes to tick ("bestellingen", the form still
// sending "orders") and a connection's row ("bestellingen en klanten") — and its source by the
// tool's name (Shopify), not the data's own "orders and customers" and "shopify", nor
// "klantpuls (own format)".
func TestConnectionsPageSaysKindsInItsLanguage(t *testing.T) {
	ts := startServer(t)
	admin := ts.login("admin@example.com")
	res := admin.form("POST", "/connections?lang=nl", url.Values{"source": {"shopify"}, "name": {"Webwinkel"},
		"kinds": {"orders", "customers"}, "secret": {"abcdef0123456789abcdef"}})
	if res.status != 200 {
		t.Fatalf("made: %d %s", res.status, res.body)
	}
	page := admin.get("/connections?lang=nl").body
	row := regexp.MustCompile(`(?s)<th scope="row">Webwinkel</th>.*?</tr>`).FindString(page)
	for _, want := range []string{"<td>Shopify", "<td>bestellingen en klanten</td>"} {
		if !strings.Contains(row, want) {
			t.Errorf("the row lacks %q:\n%s", want, row)
		}
	}
	for _, want := range []string{`value="orders"> bestellingen</label>`, `value="reviews"> kwaliteitsbeoordelingen</label>`,
		`<option value="klantpuls">klantpuls (eigen formaat)</option>`} {
		if !strings.Contains(page, want) {
			t.Errorf("the form lacks %q", want)
		}
	}
	for _, lack := range []string{"orders and customers", "own format"} {
		if strings.Contains(page, lack) {
			t.Errorf("the Dutch page says %q", lack)
		}
	}
}
