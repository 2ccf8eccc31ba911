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
