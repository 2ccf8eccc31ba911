package walk

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/klantpuls/klantpuls/internal/browsertest"
)

// TestPhoneMenuInChromium: on a phone the menu folds behind its button, which opens and
// closes it and says so (aria-expanded); the filters fold to their summary; on a desktop the
// button is not there and the menu is open.
func TestPhoneMenuInChromium(t *testing.T) {
	b := browsertest.New(t)
	s := startSite(t)
	tab := b.Tab(t)
	console := browsertest.ConsoleErrors(t, tab)
	login(t, tab, s)
	state := func() string {
		return browsertest.Value(t, tab, chromedp.Evaluate[string](`(() => {
			const b = document.querySelector('button.menu-toggle');
			const shown = (el) => el.getClientRects().length > 0;
			return [shown(b), b.getAttribute('aria-expanded'), shown(document.querySelector('nav.pages')),
				document.querySelector('details.view-controls').open].join(' ');
		})()`))
	}
	browsertest.Run(t, tab, viewport(390, 844, true))
	visit(t, tab, s.url+"/?period=month&lang=nl")
	if got := state(); got != "true false false false" {
		t.Errorf("a phone's first view (button shown, expanded, menu shown, filters open): %s, want true false false false", got)
	}
	browsertest.Run(t, tab, chromedp.Click(chromedp.CSS("button.menu-toggle")))
	if got := state(); got != "true true true false" {
		t.Errorf("after a tap on the button: %s, want the menu open", got)
	}
	if dir := screenshotDir(t); dir != "" {
		shoot(t, tab, filepath.Join(dir, "menu-open-nl-390.png"))
	}
	browsertest.Run(t, tab, chromedp.Click(chromedp.CSS("button.menu-toggle")))
	if got := state(); got != "true false false false" {
		t.Errorf("after a second tap: %s, want the menu closed", got)
	}
	browsertest.Run(t, tab, viewport(1440, 900, false))
	visit(t, tab, s.url+"/?period=month&lang=nl")
	if got := state(); got != "false false true true" {
		t.Errorf("a desktop (no button, menu and filters open): %s", got)
	}
	// At 1440 px the menu is one line in either language (Dutch has the longer words), with
	// every page an administrator may see in it, none cut off.
	for _, lang := range []string{"nl", "en"} {
		visit(t, tab, s.url+"/?period=month&lang="+lang)
		got := browsertest.Value(t, tab, chromedp.Evaluate[string](`(() => {
			const nav = document.querySelector('nav.pages').getBoundingClientRect();
			const links = [...document.querySelectorAll('nav.pages a')];
			const lines = new Set(links.map(a => Math.round(a.getBoundingClientRect().top))).size;
			const whole = links.filter(a => { const r = a.getBoundingClientRect();
				return r.width > 0 && r.left >= nav.left - 1 && r.right <= nav.right + 1 && a.scrollWidth <= a.clientWidth; }).length;
			const gap = parseFloat(getComputedStyle(document.querySelector('nav.pages')).columnGap) || 0;
			const need = links.reduce((w, a) => w + a.getBoundingClientRect().width, 0) + gap * (links.length - 1);
			return links.length + ' pages, ' + whole + ' whole, ' + lines + ' line(s): ' + Math.round(need) + ' of ' + Math.round(nav.width) + ' px';
		})()`))
		t.Logf("the menu at 1440 px in %s: %s", lang, got)
		if !strings.HasPrefix(got, "15 pages, 15 whole, 1 line(s)") {
			t.Errorf("the menu at 1440 px in %s: %s, want 15 pages whole on 1 line", lang, got)
		}
		if dir := screenshotDir(t); dir != "" {
			shoot(t, tab, filepath.Join(dir, "menu-"+lang+"-1440.png"))
		}
	}
	console.Check(t)
}

// shownSlides names each of the wall's pages and whether it is on screen.
const shownSlides = `[...document.querySelectorAll('section.slide')].map(el => el.id + ':' + (el.offsetParent !== null)).join(' ')`

// TestWallScreenInChromium connects a browser with nobody logged in as a wall screen through
// its link, sees the wall rotate without the secret in its address, and is sent to the
// connect page once the link is revoked.
func TestWallScreenInChromium(t *testing.T) {
	b := browsertest.New(t)
	s := startSite(t)
	ctx := context.Background()
	secret, wall, err := s.app.CreateWallScreen(ctx, 1, "Muur support", []string{"overview", "service"}, now)
	if err != nil {
		t.Fatal(err)
	}
	tab := b.Tab(t)
	console := browsertest.ConsoleErrors(t, tab)
	browsertest.Run(t, tab, browsertest.ReducedMotion(), chromedp.EmulateViewport(1920, 1080),
		chromedp.Navigate(s.url+"/tv/connect?lang=nl#"+secret), chromedp.WaitVisible(chromedp.CSS("#slide-overview")),
		chromedp.Poll[chromedp.Void](`document.body.classList.contains('rotating')`))
	if url := browsertest.Value(t, tab, chromedp.Location()); url != s.url+"/tv?lang=nl" {
		t.Errorf("the wall's address %q, want %s/tv?lang=nl, without the secret", url, s.url)
	}
	hidden := browsertest.Value(t, tab, chromedp.Evaluate[string](`[...document.querySelectorAll('section.slide')].map(el => el.id + ':' + el.hidden).join(' ')`))
	if hidden != "slide-overview:false slide-service:true" {
		t.Errorf("slides %q, want the first shown and the second waiting", hidden)
	}
	// The wall brought the overview; the service page, next in turn, it fetched by itself while
	// the overview is on screen (the rotation moves on after 20 s).
	browsertest.Run(t, tab, chromedp.Poll[chromedp.Void](`document.querySelector('#slide-service .slide-body table') &&
		document.getElementById('slide-service').hidden`, chromedp.WithPollingTimeout(10*time.Second)))
	fetched := `performance.getEntriesByType('resource').filter(e => e.name.includes('/tv/slide/')).map(e => new URL(e.name).pathname).sort().join(' ')`
	if got := browsertest.Value(t, tab, chromedp.Evaluate[string](fetched)); got != "/tv/slide/service" {
		t.Errorf("pages fetched by the wall: %q, want the service page only", got)
	}
	// Each page of the wall in turn, its charts drawn once it is shown; the arrow keys step
	// through them as the rotation does.
	dir := screenshotDir(t)
	for i, key := range wall.Pages {
		if i > 0 {
			browsertest.Run(t, tab, chromedp.KeyEvent(kb.ArrowRight),
				chromedp.Poll[chromedp.Void](`!document.getElementById('slide-`+key+`').hidden &&
					[...document.querySelectorAll('#slide-`+key+` .chart[data-chart]')].every(el => el.querySelector('svg'))`))
		}
		if dir != "" {
			shoot(t, tab, filepath.Join(dir, "tv-wall-"+key+"-1920.png"))
		}
	}
	browsertest.Run(t, tab, chromedp.KeyEvent(kb.ArrowLeft), chromedp.Poll[chromedp.Void](`!document.getElementById('slide-overview').hidden`))

	// Live: an answer sent now is on the wall within seconds, without a reload. CSAT of March
	// goes from 1 of 2 positive (R1 5, R2 2) to 2 of 3.
	browsertest.Value(t, tab, chromedp.Evaluate[bool](`(window.kpMarker = true)`))
	// A wall left behind by its period (a month ended) takes the period of each page's answer.
	browsertest.Value(t, tab, chromedp.Evaluate[string](`(document.querySelector('.tv-head .period').textContent = 'oud')`))
	if got := browsertest.Value(t, tab, chromedp.Evaluate[string](`document.querySelector('#tile-csat + p.value').textContent`)); !strings.Contains(got, "50,0%") {
		t.Errorf("the wall's CSAT %q, want 50,0%%", got)
	}
	s.post(t, "/api/v1/responses", `{"response_id":"R9","survey":"csat","score":5,"submitted_at":"2026-03-20 10:00","ticket_id":"T3"}`)
	browsertest.Run(t, tab, chromedp.Poll[chromedp.Void](`document.querySelector('#tile-csat + p.value').textContent.includes('66,7%') && window.kpMarker === true`,
		chromedp.WithPollingTimeout(15*time.Second)))
	if got := browsertest.Value(t, tab, chromedp.Evaluate[string](`document.querySelector('.tv-head .period').textContent`)); got != "1 mrt 2026 – 25 mrt 2026 (t/m vandaag)" {
		// March runs until today (the 25th): named by the days measured, as every page names it.
		t.Errorf("the wall's period after the update %q, want March 2026 up to today from the page's answer", got)
	}
	// The update fetched the page on screen (and the next), not the whole wall again.
	if got := browsertest.Value(t, tab, chromedp.Evaluate[string](fetched)); !strings.Contains(got, "/tv/slide/overview") {
		t.Errorf("pages fetched by the wall after the update: %q, want the overview among them", got)
	}
	if n := browsertest.Value(t, tab, chromedp.Evaluate[int](`performance.getEntriesByType('resource').filter(e => new URL(e.name).pathname === '/tv').length`)); n != 0 {
		t.Errorf("the wall fetched /tv again %d times, want its pages only", n)
	}
	browsertest.Accessible(t, tab, "/tv")
	noOverflow(t, tab)
	console.Check(t)

	// Opened at a later page (?show=, where a screen without script goes next), the wall starts
	// there and rotates on.
	visit(t, tab, s.url+"/tv?lang=nl&show=service")
	browsertest.Run(t, tab, chromedp.Poll[chromedp.Void](`document.body.classList.contains('rotating')`))
	if got := browsertest.Value(t, tab, chromedp.Evaluate[string](shownSlides)); got != "slide-overview:false slide-service:true" {
		t.Errorf("the wall opened at its service page shows %q, want the service page only", got)
	}
	// A screen that runs no script shows the page the wall brought, the others not even as a
	// heading, and its refresh goes on to the next page after the rotation's 20 s.
	browsertest.Run(t, tab, browsertest.Scripts(false))
	visit(t, tab, s.url+"/tv?lang=nl")
	if got := browsertest.Value(t, tab, chromedp.Evaluate[string](shownSlides)); got != "slide-overview:true slide-service:false" {
		t.Errorf("the wall without script shows %q, want the overview only", got)
	}
	if got := browsertest.Value(t, tab, chromedp.Evaluate[string](`(document.querySelector('meta[http-equiv=refresh]') || {}).content || ''`)); got != "20; url=/tv?lang=nl&period=month&show=service" {
		t.Errorf("the wall without script refreshes to %q, want the service page after 20 s", got)
	}
	browsertest.Run(t, tab, browsertest.Scripts(true))

	// The rotation can be paused (WCAG 2.2.2), at the page on screen, and goes on when the
	// button is pressed again. Its 20 seconds are 0.2 here.
	browsertest.Run(t, tab, browsertest.FastIntervals(100))
	visit(t, tab, s.url+"/tv?lang=nl")
	onScreen := `[...document.querySelectorAll('section.slide')].find(el => !el.hidden).id`
	browsertest.Run(t, tab, chromedp.Poll[chromedp.Void](`document.body.classList.contains('rotating') && `+onScreen+` === 'slide-service'`,
		chromedp.WithPollingTimeout(10*time.Second)))
	if got := browsertest.Value(t, tab, chromedp.Evaluate[string](`document.getElementById('tv-pause').textContent + ' ' + document.getElementById('tv-pause').hidden`)); got != "Wisselen pauzeren false" {
		t.Errorf("the wall's pause button %q, want \"Wisselen pauzeren\" shown", got)
	}
	browsertest.Run(t, tab, chromedp.Click(chromedp.CSS("#tv-pause")))
	paused := browsertest.Value(t, tab, chromedp.Evaluate[string](onScreen))
	browsertest.Run(t, tab, chromedp.Sleep(time.Second)) // five turns of the rotation
	if got := browsertest.Value(t, tab, chromedp.Evaluate[string](onScreen+` + ' ' + document.getElementById('tv-pause').getAttribute('aria-pressed')`)); got != paused+" true" {
		t.Errorf("paused at %s, a second later %q, want the same page and the button pressed", paused, got)
	}
	browsertest.Run(t, tab, chromedp.Click(chromedp.CSS("#tv-pause")), chromedp.Poll[chromedp.Void](onScreen+` !== '`+paused+`'`))

	if err := s.app.DeleteWallScreen(ctx, wall.ID); err != nil {
		t.Fatal(err)
	}
	visit(t, tab, s.url+"/tv") // the wall kept its language (Dutch) in a cookie
	if got := browsertest.Value(t, tab, chromedp.Evaluate[string](`location.pathname + ' ' + document.querySelector('.error').textContent`)); !strings.HasPrefix(got, "/tv/connect ") ||
		!strings.Contains(got, "ingetrokken") {
		t.Errorf("after revoking: %q, want the connect page saying so", got)
	}
}

// TestSurveyButtonsFitInChromium: on the narrowest phones the hosted survey's score buttons
// hold their numbers ("10" ran out of its button) and the page stays within the screen.
func TestSurveyButtonsFitInChromium(t *testing.T) {
	b := browsertest.New(t)
	s := startSite(t)
	tab := b.Tab(t)
	for _, width := range []int64{320, 360, 390} {
		browsertest.Run(t, tab, viewport(width, 740, true))
		visit(t, tab, s.url+s.survey)
		cramped := browsertest.Value(t, tab, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.scale button')]
			.filter((b) => b.scrollWidth > b.clientWidth || b.getBoundingClientRect().width < 24)
			.map((b) => b.textContent + ': ' + b.scrollWidth + ' px of text in ' + b.clientWidth + ' px')`))
		if n := browsertest.Value(t, tab, chromedp.Evaluate[int](`document.querySelectorAll('.scale button').length`)); n != 11 {
			t.Fatalf("%d px: %d score buttons, want 0 to 10", width, n)
		}
		if len(cramped) > 0 {
			t.Errorf("%d px: buttons too small for their number (or under 24 px, WCAG 2.5.8): %v", width, cramped)
		}
		noOverflow(t, tab)
	}
}
