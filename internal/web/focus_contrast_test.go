package web

import (
	"os"
	"regexp"
	"testing"

	"github.com/klantpuls/klantpuls/internal/browsertest"
)

// TestFocusRingContrast: every focus ring (app.css --focus, survey.css, the widget) is 3px
// drawn 2px outside the control, so it stands on the page's white (--bg) or --surface (the
// period bar). WCAG 2.4.7 with 1.4.11 (Understanding 1.4.11, "focus indicators"): the
// indicator needs 3:1 against the colours next to it; the amber #f0a500 it was had 2.1:1 and
// 2.0:1, and a keyboard user on a bright screen hardly saw where they were. Relative luminance
// and contrast ratio as WCAG 2.1 defines them.
func TestFocusRingContrast(t *testing.T) {
	appCSS, err := os.ReadFile("static/app.css")
	if err != nil {
		t.Fatal(err)
	}
	surveyCSS, err := os.ReadFile("static/survey.css")
	if err != nil {
		t.Fatal(err)
	}
	widget, err := os.ReadFile("static/widget.js")
	if err != nil {
		t.Fatal(err)
	}
	prop := func(name string) string {
		m := regexp.MustCompile(`--` + name + `:\s*(#[0-9a-fA-F]{6})`).FindSubmatch(appCSS)
		if m == nil {
			t.Fatalf("app.css has no --%s", name)
		}
		return string(m[1])
	}
	outline := regexp.MustCompile(`focus-visible[^{]*\{[^}]*outline:\s*\d+px solid (#[0-9a-fA-F]{6})`)
	// The dashboard's ring stands on white and on the period bar's --surface; the survey
	// pages' and the widget's on white.
	type ring struct{ where, colour string }
	var rings []ring
	for name, src := range map[string][]byte{"survey.css": surveyCSS, "widget.js": widget} {
		for _, m := range outline.FindAllSubmatch(src, -1) {
			rings = append(rings, ring{name, string(m[1])})
		}
	}
	if len(rings) < 2 {
		t.Fatalf("found %d focus rings in survey.css and widget.js, want one in each at least", len(rings))
	}
	backgrounds := map[string]map[string]string{
		"app.css":    {"white --bg": prop("bg"), "--surface": prop("surface")},
		"survey.css": {"white": "#ffffff"},
		"widget.js":  {"white": "#ffffff"},
	}
	rings = append(rings, ring{"app.css", prop("focus")})
	for _, r := range rings {
		for bgName, bg := range backgrounds[r.where] {
			if c := browsertest.ContrastRatio(r.colour, bg); c < 3 {
				t.Errorf("focus ring %s %s on %s (%s): contrast %.2f:1, want at least 3:1", r.where, r.colour, bgName, bg, c)
			}
		}
	}
}
