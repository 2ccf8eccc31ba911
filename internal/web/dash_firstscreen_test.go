package web

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/demo"
)

// demoServer serves a small demo year that ends today, as `klantpuls demo` makes it, with the
// clock at 2 December 2026 12:00 in Amsterdam: the day the issue saw an almost empty overview.
func demoServer(t *testing.T) *testServer {
	t.Helper()
	return demoServerOf(t, demo.Size{Customers: 3000, Orders: 4500, Tickets: 4000, Responses: 2500, Mentions: 150, Reviews: 300, Events: 1500})
}

// demoServerOf is demoServer with a demo of the given size.
func demoServerOf(t *testing.T, size demo.Size) *testServer {
	t.Helper()
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	today := time.Date(2026, 12, 2, 0, 0, 0, 0, ams)
	ts := startServer(t, func(o *Options) { o.Now = func() time.Time { return today.Add(12 * time.Hour) } })
	from := today.AddDate(-1, 0, 0)
	if _, err := ts.app.Bulk(context.Background(), func(put func(cx.Record) error) error {
		return demo.Generate(demo.Options{Seed: 1, Size: size, From: from, Days: int(today.Sub(from).Hours()/24 + 0.5), Location: ams},
			func(_ cx.Kind, batch []cx.Record) error {
				for _, r := range batch {
					if err := put(r); err != nil {
						return err
					}
				}
				return nil
			})
	}); err != nil {
		t.Fatal(err)
	}
	return ts
}

// TestFirstScreenOnADemoUpToToday: opened without a period on 2 December, the overview shows
// November (the last full month), its tiles have figures, the CLV is a figure (a whole month),
// and the picker says which period it is. "This month" (two days measured) has a CLV close to
// November's: both are over a year of orders.
func TestFirstScreenOnADemoUpToToday(t *testing.T) {
	if testing.Short() {
		t.Skip("a demo year")
	}
	ts := demoServer(t)
	admin := ts.login("admin@example.com")
	page := admin.get("/?lang=nl").body
	if !strings.Contains(page, `<span class="period">1 nov 2026 – 30 nov 2026</span>`) {
		t.Errorf("the first screen is not November: %s", regexp.MustCompile(`<h1>.*</h1>`).FindString(page))
	}
	if !strings.Contains(page, `<option value="lastmonth" selected>Laatste volle maand</option>`) {
		t.Error("the period picker does not say the last full month")
	}
	for _, key := range []string{"nps", "csat", "first_response", "resolution", "churn", "retention", "clv"} {
		got := tileText(page, key)
		if got == "" || strings.Contains(got, "Niet gemeten") || strings.Contains(got, "Te weinig gegevens") {
			t.Errorf("%s tile on the first screen: %q", key, got)
		}
	}
	if got := tileText(page, "clv"); !strings.Contains(got, "€") {
		t.Errorf("clv tile: %q, want an amount", got)
	}
	// "This month" has two days measured, but a CLV is over the 12 months before the period's
	// end (metrics.md section 3): no longer a few days stretched to a lifetime (once € 243.835
	// beside November's € 7.142). Its window shares eleven months with November's, so the two
	// are close: within a factor of two.
	month := admin.get("/?period=month&lang=nl").body
	nov, cur := euros(t, tileText(page, "clv")), euros(t, tileText(month, "clv"))
	if cur <= 0 || cur > 2*nov || nov > 2*cur {
		t.Errorf("clv tile of this month (2 days): € %.2f beside November's € %.2f", cur, nov)
	}
	// This month by day has two buckets up to now (1 and 2 December), today's partial: no
	// sparkline point runs into the future, and the note says what the dotted end is.
	if !strings.Contains(month, "Lichter of gestippeld") {
		t.Error("no note on the partial last day")
	}
}

// euros reads the first amount "€ 1.234,56" of a tile's text.
func euros(t *testing.T, text string) float64 {
	t.Helper()
	m := regexp.MustCompile(`€\s*([0-9.]+,[0-9]{2})`).FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no amount in %q", text)
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(strings.ReplaceAll(m[1], ".", ""), ",", "."), 64)
	if err != nil {
		t.Fatal(err)
	}
	return f
}
