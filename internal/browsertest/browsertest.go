// Package browsertest drives a headless Chromium for end-to-end tests of the web pages: the
// server's HTML with the real htmx, ECharts and app.js, under the real Content-Security-Policy.
//
// Chromium is Debian's (/usr/bin/chromium, or $KLANTPULS_CHROMIUM). Without it a test skips,
// except in CI (CI=true), where a missing browser fails the test: .ci/run installs it.
package browsertest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/klantpuls/klantpuls/internal/testneed"
)

// DefaultChromium is where Debian's chromium package puts the browser.
const DefaultChromium = "/usr/bin/chromium"

// actionTimeout bounds one Run: long enough for a page with ECharts on a busy 2-core CI
// machine, short enough that a wait for an element that never comes fails the test quickly.
const actionTimeout = 30 * time.Second

// Browser is a headless Chromium for end-to-end tests.
type Browser struct {
	tab context.Context // the first tab; the browser lives as long as it
}

// New starts a browser that is closed when the test ends. Each call starts its own process,
// so a test can also take one Browser per role; Tab gives a cheaper separation.
func New(t testing.TB) *Browser {
	t.Helper()
	path := os.Getenv("KLANTPULS_CHROMIUM")
	if path == "" {
		path = DefaultChromium
	}
	if _, err := exec.LookPath(path); err != nil {
		msg := fmt.Sprintf("browsertest: no Chromium at %s (%v); install it with `apt-get install -y chromium` or set KLANTPULS_CHROMIUM", path, err)
		testneed.Missing(t, msg)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox, // tests run as root, and Chromium's sandbox refuses root
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		// Nothing but the test's own server: no QUIC probes, updates, sync or other calls home.
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), // /dev/shm is small in containers
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	tab, cancelTab := chromedp.NewContext(allocCtx)
	// Cleanups run last-in first-out: the browser stops before t.TempDir removes its profile.
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(tab, 10*time.Second)
		defer cancel()
		if err := chromedp.Cancel(ctx); err != nil && !errors.Is(err, context.Canceled) {
			t.Logf("browsertest: closing the browser: %v", err)
		}
		cancelTab()
		cancelAlloc()
	})
	// The first Do starts the browser and ties its life to the context it gets, so it gets one
	// without a timeout; later runs take a timeout each.
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("browsertest: starting %s: %v", path, err)
	}
	return &Browser{tab: tab}
}

// Context is the browser's first tab, for Value, Screenshot and ConsoleErrors.
func (b *Browser) Context() context.Context { return b.tab }

// Tab opens a new tab in a browser context of its own: it shares no cookies or storage with
// the other tabs, so one browser can hold an agent's and a manager's session side by side.
// The tab is closed when the test ends.
func (b *Browser) Tab(t testing.TB) context.Context {
	t.Helper()
	tab, cancel := chromedp.NewContext(b.tab, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("browsertest: opening a tab: %v", err)
	}
	return tab
}

// Run runs actions in the browser's first tab; see the function Run.
func (b *Browser) Run(t testing.TB, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	Run(t, b.tab, actions...)
}

// Run runs actions in a tab within 30 seconds. On failure it saves a screenshot and stops
// the test with the error and the page's address.
func Run(t testing.TB, tab context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab, actionTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		fail(t, tab, err)
	}
}

// Submit runs actions that load a new page (a click on a form's submit button or a link)
// and waits until that page has loaded, as a navigation does. Waiting for an element alone
// is not enough: a query may find the element while the browser still swaps documents, and
// the next action then fails with "No node with given id found".
func Submit(t testing.TB, tab context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab, actionTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, actions...)
	if err != nil {
		fail(t, tab, err)
	}
	if resp != nil && resp.Status >= 500 {
		fail(t, tab, fmt.Errorf("the page loaded with HTTP %d", resp.Status))
	}
}

// Value runs one action that returns a value (Title, Text, Evaluate…) like Run.
func Value[T any](t testing.TB, tab context.Context, action chromedp.Action[T]) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab, actionTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, action)
	if err != nil {
		fail(t, tab, err)
	}
	return v
}

// Until evaluates the expression in the page every tenth of a second until it is true, for at
// most actionTimeout. A page that swaps its parts or loads itself again meanwhile (a live
// update, an import's page when the import ends) only makes one evaluation fail: the next
// runs in the new document. Waiting for an element by chromedp's node queries instead fails
// with "No node with given id found" when the node is replaced between finding and reading it.
func Until(t testing.TB, tab context.Context, expression string) {
	t.Helper()
	deadline := time.Now().Add(actionTimeout)
	var last error
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(tab, 5*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expression))
		cancel()
		if err == nil && ok {
			return
		}
		last = err
		time.Sleep(100 * time.Millisecond)
	}
	if last == nil {
		last = errors.New("still false")
	}
	fail(t, tab, fmt.Errorf("waiting for %s: %w", expression, last))
}

// fail reports a failed action with what the page looked like.
func fail(t testing.TB, tab context.Context, err error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab, 5*time.Second)
	defer cancel()
	url, uerr := chromedp.Run(ctx, chromedp.Location())
	if uerr != nil {
		url = "unknown (" + uerr.Error() + ")"
	}
	shot, serr := saveScreenshot(tab, fileName(t.Name())+"-failure")
	if serr != nil {
		shot = "none (" + serr.Error() + ")"
	}
	t.Fatalf("browser: %v\n\tpage: %s\n\tscreenshot: %s", err, url, shot)
}

// ReducedMotion makes the tab prefer reduced motion, as a user may ask of the system: app.js
// then draws charts without animation, so a screenshot shows them whole. Run it before the
// page loads.
func ReducedMotion() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}},
		})
		return err
	})
}

// FastIntervals makes every setInterval of the pages loaded after it factor times faster, so a
// test sees a wall's 20-second rotation in a fraction of a second (and that it stops when
// paused) without waiting for it. Run it before the page loads.
func FastIntervals(factor int) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		src := fmt.Sprintf(`(() => { const every = window.setInterval; window.setInterval = (f, ms, ...a) => every(f, (ms || 0) / %d, ...a); })();`, factor)
		_, err := cdp.Call(ctx, t, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: src})
		return err
	})
}

// TimeZone sets the tab's clock to zone (IANA, "America/New_York"), as a screen set up elsewhere
// has it: the pages' own times must not follow it. Run it before the page loads.
func TimeZone(zone string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: zone})
		return err
	})
}

// Scripts turns the page's own scripts off (false) or on again, for a page seen as a browser
// without script sees it; the test's own evaluations still run. Run it before the page loads.
func Scripts(on bool) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on})
		return err
	})
}

// Screenshot saves a full-page PNG of the tab as name.png in $KLANTPULS_ARTIFACTS, or else
// in artifacts/screenshots at the top of the repository, and logs where.
func Screenshot(t testing.TB, tab context.Context, name string) {
	t.Helper()
	path, err := saveScreenshot(tab, fileName(name))
	if err != nil {
		t.Fatalf("browsertest: screenshot %s: %v", name, err)
	}
	t.Logf("screenshot: %s", path)
}

func saveScreenshot(tab context.Context, name string) (string, error) {
	ctx, cancel := context.WithTimeout(tab, 10*time.Second)
	defer cancel()
	var png []byte
	var err error
	for {
		png, err = chromedp.Run(ctx, chromedp.FullScreenshot(100)) // 100: PNG, lossless
		// A page between its layouts (a swap, a reload on a busy machine) measures 0 wide a
		// moment; Chrome refuses that screenshot, which is no fault of the page: try again
		// until it has its layout back, within the timeout.
		if err == nil || !strings.Contains(err.Error(), "0 width") || ctx.Err() != nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		return "", err
	}
	dir, err := artifactDir()
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	path := filepath.Join(dir, name+".png")
	return path, os.WriteFile(path, png, 0o644)
}

// artifactDir is $KLANTPULS_ARTIFACTS, else artifacts/screenshots beside go.mod (tests run in
// their package's directory, so the repository is found by walking up).
func artifactDir() (string, error) {
	if dir := os.Getenv("KLANTPULS_ARTIFACTS"); dir != "" {
		return dir, nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "artifacts", "screenshots"), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory; set KLANTPULS_ARTIFACTS")
		}
		dir = parent
	}
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// fileName makes a test or screenshot name safe as a file name ("TestX/a b" → "TestX_a_b").
func fileName(name string) string { return unsafeName.ReplaceAllString(name, "_") }

// ContrastRatio is WCAG 2's contrast ratio of two colours written #rrggbb: (L1 + 0.05) / (L2 +
// 0.05) of their relative luminances, the lighter first; what a test of a colour against the
// one it stands on asks (1.4.3 text, 1.4.11 lines, bars and focus rings).
func ContrastRatio(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// luminance is WCAG 2's relative luminance of #rrggbb.
func luminance(hex string) float64 {
	hex = strings.TrimPrefix(hex, "#")
	var l float64
	for i, w := range []float64{0.2126, 0.7152, 0.0722} {
		v, _ := strconv.ParseUint(hex[2*i:2*i+2], 16, 8)
		c := float64(v) / 255
		if c <= 0.03928 {
			c /= 12.92
		} else {
			c = math.Pow((c+0.055)/1.055, 2.4)
		}
		l += w * c
	}
	return l
}
