package browsertest

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/klantpuls/klantpuls/internal/testneed"
)

// Accessible runs axe-core (from npm, web/node_modules/axe-core, a test-only dependency) on the
// tab's page and fails the test on every WCAG 2 A/AA violation of serious or critical impact,
// naming the rule and the elements.
func Accessible(t testing.TB, tab context.Context, page string) {
	t.Helper()
	script, err := os.ReadFile(filepath.Join(repoRoot(), "web", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		if testneed.InCI() {
			t.Fatalf("axe-core is missing (make assets): %v", err)
		}
		t.Logf("accessibility not checked: axe-core is missing (make assets)")
		return
	}
	// Evaluated through the DevTools protocol, the script is not the page's and the page's
	// Content-Security-Policy does not stop it.
	Value(t, tab, chromedp.Evaluate[bool](string(script)+";true"))
	found := Value(t, tab, chromedp.Evaluate[[]string](`axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})
		.then(r => r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
			.map(v => v.id + ': ' + v.help + ' — ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))`,
		chromedp.EvalAwaitPromise))
	for _, v := range found {
		t.Errorf("%s: accessibility: %s", page, v)
	}
}

// repoRoot is the top of the repository: this file lives in internal/browsertest.
func repoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return strings.TrimSuffix(filepath.Dir(file), filepath.Join("internal", "browsertest"))
}
