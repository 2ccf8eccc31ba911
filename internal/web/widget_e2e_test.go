package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/klantpuls/klantpuls/internal/browsertest"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// widgetSurvey is a browser and a server with an NPS survey for the widget to show.
func widgetSurvey(t *testing.T) (*browsertest.Browser, *loopServer, *cx.Survey) {
	t.Helper()
	needFrontEnd(t)
	b := browsertest.New(t)
	ls := startLoopServer(t)
	ls.now = time.Now()
	return b, ls, ls.survey(t, cx.SurveyNPS)
}

// widgetOnShop opens a shop's page (html lang htmlLang, the script tag's extra attributes extra)
// with the widget of sv in a new tab, and returns the tab once the panel shows its question.
func widgetOnShop(t *testing.T, b *browsertest.Browser, ls *loopServer, sv *cx.Survey, htmlLang, extra string) context.Context {
	t.Helper()
	key := fmt.Sprintf("site_%d", time.Now().UnixNano())
	shop := shopPage(t, ls.url, key, htmlLang, extra)
	if err := ls.app.CreateSite(context.Background(), &cx.Site{Key: key, Name: "Shop " + key, SurveyID: sv.ID, Origins: []string{shop}}); err != nil {
		t.Fatal(err)
	}
	tab := b.Tab(t)
	browsertest.Run(t, tab, chromedp.Navigate(shop), chromedp.Poll[chromedp.Void](
		`document.querySelector('[data-klantpuls]') && document.querySelector('[data-klantpuls]').shadowRoot.querySelector('button[data-score]')`))
	return tab
}

// widgetQuestion is the widget's question and the language it is read in.
func widgetQuestion(t *testing.T, tab context.Context) (question, lang string) {
	got := browsertest.Value(t, tab, chromedp.Evaluate[[]string](`(() => { const host = document.querySelector('[data-klantpuls]');
		const q = host.shadowRoot.querySelector('.q');
		const owner = q.closest('[lang]') || host.closest('[lang]');
		return [q.textContent, owner ? owner.getAttribute('lang') : ''] })()`))
	return got[0], got[1]
}

// TestWidgetPanelSaysItsLanguage: the widget's panel carries lang = the language the server
// chose for its words (cfg.lang, by survey.Lang), not the host page's (WCAG 3.1.2, language of
// parts): on a shop page in another language (lang="de", or lang="nl" with data-lang="en") a
// screen reader read the Dutch or English question with the host page's voice.
func TestWidgetPanelSaysItsLanguage(t *testing.T) {
	b, ls, sv := widgetSurvey(t)
	for _, tt := range []struct{ name, htmlLang, extra, want, question string }{
		{"a German shop", "de", "", "nl", "Hoe waarschijnlijk"},
		{"a Dutch shop asking in English", "nl", ` data-lang="en"`, "en", "How satisfied"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			q, lang := widgetQuestion(t, widgetOnShop(t, b, ls, sv, tt.htmlLang, tt.extra))
			if !strings.HasPrefix(q, tt.question) {
				t.Fatalf("the widget asks %q, want %q…", q, tt.question)
			}
			if lang != tt.want {
				t.Errorf("the widget's question %q is read as lang %q, want %q", q, lang, tt.want)
			}
		})
	}
}

// TestWidgetEnglishTagInCapitals: an English shop whose page says lang="EN-GB" shows its
// visitors the English question. Language tags are case-insensitive (BCP 47, RFC 5646 2.1.1),
// and the README says of an invitation's lang: "English for any tag whose language is English
// — en, EN, en-GB"; the widget read "EN" (widget.js cut the tag to two letters, widget.go took
// English only for a prefix "en") as Dutch.
func TestWidgetEnglishTagInCapitals(t *testing.T) {
	b, ls, sv := widgetSurvey(t)
	if q, _ := widgetQuestion(t, widgetOnShop(t, b, ls, sv, "EN-GB", "")); q != sv.QuestionEN {
		t.Errorf("on a page of lang=\"EN-GB\" the widget asks %q, want the English %q", q, sv.QuestionEN)
	}
}

// TestWidgetEndsAndFocusAfterComment: in the widget (1) the lowest and highest score buttons
// are described by the words of their ends (as on the survey pages, WCAG 1.3.1), not named
// "0" … "10" only; (2) sending the comment replaces the panel's content, the focused Send
// button with it, and the keyboard's focus stays in the panel (on the thanks) rather than
// falling back to the top of the shop's page (WCAG 2.4.3).
func TestWidgetEndsAndFocusAfterComment(t *testing.T) {
	b, ls, sv := widgetSurvey(t)
	tab := widgetOnShop(t, b, ls, sv, "nl", "")
	ends := browsertest.Value(t, tab, chromedp.Evaluate[[]string](`(() => { const r = document.querySelector('[data-klantpuls]').shadowRoot;
		const said = (b) => [b.getAttribute('aria-label') || b.textContent,
			...(b.getAttribute('aria-describedby') || '').split(' ').filter(Boolean).map(id => (r.getElementById(id) || {}).textContent || '')].join(' | ');
		const ends = r.querySelectorAll('.ends span');
		return [said(r.querySelector('button[data-score="0"]')), ends[0].textContent, said(r.querySelector('button[data-score="10"]')), ends[1].textContent] })()`))
	if !strings.Contains(ends[0], ends[1]) {
		t.Errorf("score 0 is announced as %q: it does not say %q", ends[0], ends[1])
	}
	if !strings.Contains(ends[2], ends[3]) {
		t.Errorf("score 10 is announced as %q: it does not say %q", ends[2], ends[3])
	}
	// A keyboard user: focus on 9, Enter, then the comment, then Send.
	browsertest.Value(t, tab, chromedp.Evaluate[bool](`(() => { const r = document.querySelector('[data-klantpuls]').shadowRoot;
		const b = r.querySelector('button[data-score="9"]'); b.focus(); b.click(); return true })()`))
	browsertest.Run(t, tab, chromedp.Poll[chromedp.Void](`document.querySelector('[data-klantpuls]').shadowRoot.querySelector('textarea')`))
	browsertest.Value(t, tab, chromedp.Evaluate[bool](`(() => { const r = document.querySelector('[data-klantpuls]').shadowRoot;
		r.querySelector('textarea').value = 'Snel geholpen'; const send = r.querySelector('form button'); send.focus(); send.click(); return true })()`))
	browsertest.Run(t, tab, chromedp.Poll[chromedp.Void](`document.querySelector('[data-klantpuls]').shadowRoot.querySelector('.thanks')`))
	where := browsertest.Value(t, tab, chromedp.Evaluate[string](`(() => { const host = document.querySelector('[data-klantpuls]');
		if (document.activeElement !== host) return document.activeElement.tagName;
		const e = host.shadowRoot.activeElement; return e ? 'panel ' + e.tagName + ' ' + e.className : 'panel' })()`))
	if !strings.HasPrefix(where, "panel") {
		t.Errorf("after sending the comment the focus is on the shop page's %s, want in the widget's panel", where)
	}
}

// shopPage serves a shop's page on another origin, of html lang htmlLang, with the widget's
// script tag for site key and the extra attributes extra, and returns its address.
func shopPage(t *testing.T, base, key, htmlLang, extra string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html lang="%s"><head><title>Shop</title></head><body><h1>Shop</h1>
<script src="%s/widget.js" data-site="%s"%s async></script></body></html>`, htmlLang, base, key, extra)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}
