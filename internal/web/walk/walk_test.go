package walk

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/klantpuls/klantpuls/internal/browsertest"

	"github.com/klantpuls/klantpuls/internal/testneed"
)

// widths are a desktop's and a phone's (an iPhone 12 to 15: 390 CSS pixels).
var widths = []struct {
	px     int64
	height int64
	phone  bool
}{{1440, 900, false}, {390, 844, true}}

// TestEveryPageInChromium walks every page of the route table (GET, page: true: the wall
// screen /tv among them, as an administrator previews it) and the hosted survey page, in Dutch and in English, at 1440 and 390 pixels wide, as
// an administrator. Each page is saved as a full-page PNG in $KLANTPULS_SCREENSHOTS (`make
// screenshots`: artifacts/screenshots), else in a temporary directory, and fails the test on a
// console error or uncaught exception, an axe violation of serious or critical impact, and an
// element that makes the page wider than the screen.
func TestEveryPageInChromium(t *testing.T) {
	if _, err := fs.Stat(os.DirFS(filepath.Join("..", "static")), "vendor/echarts.min.js"); err != nil {
		testneed.Missing(t, "the front-end files are missing: run `make assets`")
	}
	start := time.Now()
	b := browsertest.New(t)
	s := startSite(t)
	dir := screenshotDir(t)
	if dir == "" {
		dir = t.TempDir()
	}
	tab := b.Tab(t)
	console := &pageErrors{Console: browsertest.ConsoleErrors(t, tab)}
	browsertest.Run(t, tab, browsertest.ReducedMotion())
	// The login page, before logging in: the one page everyone sees.
	for _, w := range widths {
		browsertest.Run(t, tab, viewport(w.px, w.height, w.phone))
		for _, lang := range []string{"nl", "en"} {
			t.Run(fmt.Sprintf("login-%s-%d", lang, w.px), func(t *testing.T) {
				check(t, tab, console, s.url+"/login?lang="+lang, filepath.Join(dir, fmt.Sprintf("login-%s-%d.png", lang, w.px)))
			})
		}
	}
	browsertest.Run(t, tab, viewport(1440, 900, false))
	login(t, tab, s)
	fill := fillers(t, tab, s)

	var paths []string
	for _, pattern := range s.srv.PagePaths() {
		path, ok := fill(pattern)
		if !ok {
			t.Errorf("the walk cannot fill the page %s: add a filler for it in internal/web/walk/fill_test.go", pattern)
			continue
		}
		paths = append(paths, path)
	}
	if len(paths) < 15 {
		t.Fatalf("only %d pages found in the route table: %v", len(paths), paths)
	}
	// Pages for people outside the dashboard's menu: the tokens page (API tokens and wall
	// screens), the wall's connect page, and a customer's survey page.
	paths = append(paths, "/tokens", "/tv/connect", s.survey)

	for _, w := range widths {
		browsertest.Run(t, tab, viewport(w.px, w.height, w.phone))
		for _, lang := range []string{"nl", "en"} {
			for _, path := range paths {
				name := fmt.Sprintf("%s-%s-%d", shotName(path), lang, w.px)
				t.Run(name, func(t *testing.T) {
					check(t, tab, console, s.url+withQuery(path, "lang="+lang), filepath.Join(dir, name+".png"))
					if shotName(path) == "overview" && w.phone {
						h := browsertest.Value(t, tab, chromedp.Evaluate[int](`document.documentElement.scrollHeight`))
						t.Logf("the overview is %d px long at %d px wide", h, w.px)
					}
				})
			}
		}
	}
	t.Logf("walked %d pages × 2 languages × %d widths in %s; screenshots in %s", len(paths), len(widths), time.Since(start).Round(time.Second), dir)
}

// check opens a page, saves its screenshot as file, and fails the test on the errors the page
// reported since the last check, on what axe finds, and on anything wider than the screen.
func check(t *testing.T, tab context.Context, console *pageErrors, url, file string) {
	t.Helper()
	visit(t, tab, url)
	shoot(t, tab, file)
	console.check(t)
	noOverflow(t, tab)
	browsertest.Accessible(t, tab, url)
}

// pageErrors are a tab's console errors, reported once each: a page's errors fail its own
// subtest, not every later one.
type pageErrors struct {
	*browsertest.Console
	seen int
}

func (c *pageErrors) check(t *testing.T) {
	t.Helper()
	if errs := c.Errors(t); len(errs) > c.seen {
		t.Errorf("the page reported %d error(s):\n\t%s", len(errs)-c.seen, strings.Join(errs[c.seen:], "\n\t"))
		c.seen = len(errs)
	}
}

// viewport sets the tab's size; a phone's also emulates a phone's screen (touch, the page's
// viewport meta tag honoured, scroll bars over the page).
func viewport(width, height int64, phone bool) chromedp.Action[chromedp.Void] {
	if phone {
		return chromedp.EmulateViewport(width, height, chromedp.EmulateMobile, chromedp.EmulateScale(1))
	}
	return chromedp.EmulateViewport(width, height)
}

// visit opens a page and waits until it has loaded and its script has drawn every chart it
// shows. A wall's page waiting for its turn (section.slide[hidden]) is drawn when the
// rotation shows it, 20 seconds on: TestWallScreenInChromium steps through those.
func visit(t *testing.T, tab context.Context, url string) {
	t.Helper()
	browsertest.Submit(t, tab, chromedp.Navigate(url))
	browsertest.Run(t, tab, chromedp.Poll[chromedp.Void](`document.readyState === 'complete' &&
		[...document.querySelectorAll('.chart[data-chart]')].every(el => el.querySelector('svg') || el.closest('section.slide[hidden]'))`,
		chromedp.WithPollingTimeout(20*time.Second)))
}

// screenshotDir is $KLANTPULS_SCREENSHOTS, made if need be; "" when it is not set.
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("KLANTPULS_SCREENSHOTS")
	if dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func shoot(t *testing.T, tab context.Context, file string) {
	t.Helper()
	png := browsertest.Value(t, tab, chromedp.FullScreenshot(100))
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// overflowScript names the elements that reach past the right edge of the screen, widest first,
// when the page is wider than the screen. An element inside a box that scrolls sideways (a
// table's wrapper) is the box's business, not the page's.
const overflowScript = `(() => {
	const width = document.documentElement.clientWidth;
	if (document.documentElement.scrollWidth <= window.innerWidth && document.documentElement.scrollWidth <= width) return [];
	const contained = (el) => {
		for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
			const o = getComputedStyle(p).overflowX;
			if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
		}
		return false;
	};
	const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
		[...el.classList].map((c) => '.' + c).join('');
	const out = [];
	for (const el of document.body.querySelectorAll('*')) {
		const r = el.getBoundingClientRect();
		if (r.right > width + 1 && r.width > 0 && !contained(el)) out.push([r.right, name(el) + ' (' + Math.round(r.width) + ' px wide, right edge at ' + Math.round(r.right) + ')']);
	}
	out.sort((a, b) => b[0] - a[0]);
	return ['the page is ' + document.documentElement.scrollWidth + ' px wide on a screen of ' + width + ' px'].concat(out.slice(0, 5).map((x) => x[1]));
})()`

func noOverflow(t *testing.T, tab context.Context) {
	t.Helper()
	if found := browsertest.Value(t, tab, chromedp.Evaluate[[]string](overflowScript)); len(found) > 0 {
		t.Errorf("wider than the screen:\n\t%s", strings.Join(found, "\n\t"))
	}
}

func withQuery(path, q string) string {
	if strings.Contains(path, "?") {
		return path + "&" + q
	}
	return path + "?" + q
}

var unsafe = regexp.MustCompile(`[^A-Za-z0-9]+`)

// shotName is a page's file name: "/" is overview, "/customers/C1" customers-C1, a survey
// page's signed token is left out.
func shotName(path string) string {
	path, _, _ = strings.Cut(path, "?")
	switch {
	case path == "/":
		return "overview"
	case strings.HasPrefix(path, "/s/"):
		return "survey"
	case path == "/tv/connect":
		return "tv-connect"
	}
	return strings.Trim(unsafe.ReplaceAllString(path, "-"), "-")
}
