package web

import (
	"regexp"
	"strings"
	"testing"
)

// TestFiguresNotMeasuredSayItAsTheTiles: README, Overzicht — a figure says *Niet gemeten* when
// nothing in the period could be measured. A figure standing under its own label (Klanten's
// customer base, Service's FCR, wait and handle time) is one as a tile is, and says so in words,
// with nothing to open; a dash is a table's empty cell, whose column names the metric. January
// 2020 holds no record of the seed: Klanten showed "–" for churn where its own CLV, and the
// tiles, said "Niet gemeten", and Service "–" for the wait beside its FCR's "Niet gemeten".
func TestFiguresNotMeasuredSayItAsTheTiles(t *testing.T) {
	ts := dashServer(t)
	admin := ts.login("admin@example.com")
	dd := regexp.MustCompile(`(?s)<dt>([^<]*)</dt><dd>(.*?)(?: <small>|</dd>)`)
	for _, c := range []struct {
		lang, path, none string
		labels           []string // figures that measure nothing in January 2020
	}{
		{"nl", "/customers", "Niet gemeten", []string{"Verloop (churn)", "Verloop per jaar", "Klantbehoud (CRR)", "CLV (historisch)", "Gemiddelde order", "Doorverwijzingen"}},
		{"en", "/customers", "Not measured", []string{"Churn", "Churn per year"}},
		{"nl", "/service", "Niet gemeten", []string{"Oplossing bij 1e contact", "Wachttijd (gem.)", "Afhandeltijd (gem.)"}},
		{"en", "/service", "Not measured", []string{"Wait time (mean)"}},
	} {
		t.Run(c.lang+c.path, func(t *testing.T) {
			page := admin.get(c.path + "?period=custom&from=2020-01-01&to=2020-02-01&lang=" + c.lang).body
			shown := map[string]string{}
			for _, m := range dd.FindAllStringSubmatch(page, -1) {
				shown[m[1]] = strings.TrimSpace(m[2])
			}
			for _, label := range c.labels {
				if got := shown[label]; got != c.none {
					t.Errorf("%s: %q, want %q as plain text (nothing measured, nothing to open)", label, got, c.none)
				}
			}
		})
	}
}

// TestCustomersCLVNotMeasuredIsTheDataNotItsWords: Klanten shows a simple CLV without a value
// as the tile does (README, Overzicht): *Niet gemeten*, with nothing to open, when the year holds
// no buyer (January 2020: no record at all); *Te weinig gegevens* when it has buyers but no
// churn to give a lifespan (March 2026: C1 bought on 2 and 9 March and nobody left in the year
// before), whose buyers' list opens. Which of the two it is comes from the figures, not from
// comparing the shown text with the word for "not measured" — so a translation in which the two
// words read alike (as a translator may write them) still opens C1's list.
func TestCustomersCLVNotMeasuredIsTheDataNotItsWords(t *testing.T) {
	ts := dashServer(t)
	admin := ts.login("admin@example.com")
	clv := func(lang, period, label string) string {
		t.Helper()
		page := admin.get("/customers?" + period + "&lang=" + lang).body
		m := regexp.MustCompile(`(?s)<dt>` + regexp.QuoteMeta(label) + `</dt><dd>(.*?) <small>`).FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("%s %s: no %s", lang, period, label)
		}
		return m[1]
	}
	const january, march = "period=custom&from=2020-01-01&to=2020-02-01", "period=month"
	linked := regexp.MustCompile(`^<a class="drill" href="/drill\?[^"]*metric=clv[^"]*">([^<]*)</a>$`)
	for _, c := range []struct{ lang, label, none, few string }{
		{"nl", "CLV (eenvoudig)", "Niet gemeten", "Te weinig gegevens"},
		{"en", "CLV (simple)", "Not measured", "Too little data"},
	} {
		if got := clv(c.lang, january, c.label); got != c.none {
			t.Errorf("%s January 2020: %q, want %q as plain text", c.lang, got, c.none)
		}
		if got := linked.FindStringSubmatch(clv(c.lang, march, c.label)); got == nil || got[1] != c.few {
			t.Errorf("%s March: %q, want %q opening the buyers", c.lang, clv(c.lang, march, c.label), c.few)
		}
	}
	t.Run("words that read alike", func(t *testing.T) {
		few := words["en"]["too_little_data"]
		words["en"]["too_little_data"] = words["en"]["not_measured"]
		t.Cleanup(func() { words["en"]["too_little_data"] = few })
		if got := linked.FindStringSubmatch(clv("en", march, "CLV (simple)")); got == nil || got[1] != "Not measured" {
			t.Errorf("March: %q, want C1's list to open", clv("en", march, "CLV (simple)"))
		}
		if got := clv("en", january, "CLV (simple)"); got != "Not measured" {
			t.Errorf("January 2020: %q, want plain text", got)
		}
	})
}
