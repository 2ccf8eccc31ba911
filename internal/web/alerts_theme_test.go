package web

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// TestNegativeSentimentAlertAboutATheme: rules "negative about delivery" and "negative about
// the price" made on the alerts page. A negative comment about a parcel that never came sends
// the delivery rule's e-mail (real SMTP on loopback) and webhook (a real HTTP server), naming
// the theme, and nothing for the price rule; a positive comment about delivery sends neither.
// The comments are scored from their text when written, as in production; the delivery terms
// ("pakket", "nooit aangekomen") are internal/theme/default.toml's.
func TestNegativeSentimentAlertAboutATheme(t *testing.T) {
	ls := startLoopServer(t)
	hookInbox := startInbox(t)
	admin := ls.login("admin@example.com")

	page := admin.get("/alerts")
	for _, want := range []string{`<select id="atheme" name="theme" data-condition="negative_sentiment">`,
		`<option value="">Elk thema</option>`, `<option value="delivery">Levering</option>`, `<option value="price">Prijs</option>`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the alerts page lacks %s", want)
		}
	}

	for _, rule := range []url.Values{
		{"name": {"Boos over de levering"}, "condition": {"negative_sentiment"}, "theme": {"delivery"},
			"email": {"logistiek@example.nl"}, "webhook": {hookInbox.URL}, "webhook_format": {"generic"}},
		{"name": {"Boos over de prijs"}, "condition": {"negative_sentiment"}, "theme": {"price"}, "email": {"prijs@example.nl"}},
	} {
		if res := admin.form("POST", "/alerts", rule); res.status != 303 {
			t.Fatalf("rule %s: %d %s", rule.Get("name"), res.status, res.body)
		}
	}
	if page := admin.get("/alerts"); !strings.Contains(page.body, "Negatief sentiment: Levering") ||
		!strings.Contains(page.body, "Negatief sentiment: Prijs") {
		t.Errorf("the rules do not show their themes:\n%s", page.body)
	}

	answers := []struct{ id, comment, label string }{
		{"R1", "Waardeloos, mijn pakket is nooit aangekomen en niemand helpt me.", metric.SentimentNegative},
		{"R2", "Het pakket kwam een dag eerder dan beloofd, echt top!", metric.SentimentPositive},
	}
	w := ls.withToken("adminWrite")
	for _, a := range answers {
		body, _ := json.Marshal(map[string]any{"response_id": a.id, "survey": "nps", "score": 5,
			"submitted_at": "2026-03-09 10:00", "comment": a.comment, "language": "nl"})
		if res := w.postJSON("/api/v1/responses", string(body)); res.status != 200 {
			t.Fatalf("answer %s: %d %s", a.id, res.status, res.body)
		}
		// The premise: the classifier reads the comment as meant.
		rec, err := ls.app.Record(context.Background(), cx.KindResponses, a.id)
		if err != nil {
			t.Fatal(err)
		}
		if s := rec.(*cx.Response).Sentiment; s == nil || metric.SentimentLabel(*s) != a.label {
			t.Fatalf("%s %q scored %v, want %s: the premise of this test", a.id, a.comment, s, a.label)
		}
	}
	ls.deliver(t)

	var got struct {
		Text     string
		Theme    string
		Response struct {
			ID string `json:"response_id"`
		}
	}
	onlyBody(t, hookInbox, &got)
	if got.Response.ID != "R1" || got.Theme != "delivery" || !strings.Contains(got.Text, "thema Levering") {
		t.Errorf("webhook: %+v", got)
	}
	msgs := ls.smtp.Wait(t, 1, 5*time.Second)
	if len(msgs) != 1 || msgs[0].To[0] != "logistiek@example.nl" || msgs[0].Subject != "klantpuls: Boos over de levering" ||
		!strings.Contains(msgs[0].TextBody, "thema Levering") || !strings.Contains(msgs[0].TextBody, "nooit aangekomen") {
		for _, m := range msgs {
			t.Logf("mail to %v: %s\n%s", m.To, m.Subject, m.TextBody)
		}
		t.Errorf("%d mails, want one to logistiek@example.nl naming the theme", len(msgs))
	}
}

// TestAlertThemeRefusedOrGone: a theme the configuration does not have, or a theme on another
// condition, is refused with the field named; a rule whose theme was taken out of the
// configuration after it was made says so on the page and raises no alert.
func TestAlertThemeRefusedOrGone(t *testing.T) {
	ls := startLoopServer(t)
	hookInbox := startInbox(t)
	admin := ls.login("admin@example.com")
	for _, tt := range []struct {
		name string
		form url.Values
		want []string
	}{
		{"an unknown theme", url.Values{"name": {"X"}, "condition": {"negative_sentiment"}, "theme": {"verzending"},
			"email": {"a@example.nl"}}, []string{"theme: ", "verzending", "is not a theme of the configuration", "delivery"}},
		{"a theme on a detractor rule", url.Values{"name": {"X"}, "condition": {"nps_detractor"}, "theme": {"delivery"},
			"email": {"a@example.nl"}}, []string{"theme: only a negative_sentiment rule is about a theme"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := admin.form("POST", "/alerts?lang=en", tt.form)
			if res.status != 422 {
				t.Fatalf("status %d, want 422", res.status)
			}
			for _, w := range tt.want {
				if !strings.Contains(res.body, w) {
					t.Errorf("the answer does not say %q:\n%s", w, res.body)
				}
			}
		})
	}
	if rules, err := ls.app.ListAlertRules(context.Background()); err != nil || len(rules) != 0 {
		t.Fatalf("rules after refusals: %+v, %v", rules, err)
	}

	// A rule stored when the configuration still had the theme "carrier", and one about any
	// theme that shows the comment below is negative.
	anyInbox := startInbox(t)
	for _, rule := range []*cx.AlertRule{
		{Name: "Vervoerder", Condition: cx.AlertNegativeSentiment, Theme: "carrier", Webhook: hookInbox.URL, WebhookFormat: "generic", Active: true},
		{Name: "Boos", Condition: cx.AlertNegativeSentiment, Webhook: anyInbox.URL, WebhookFormat: "generic", Active: true},
	} {
		if err := ls.app.CreateAlertRule(context.Background(), rule); err != nil {
			t.Fatal(err)
		}
	}
	if page := admin.get("/alerts"); !strings.Contains(page.body, "Negatief sentiment: carrier") ||
		!strings.Contains(page.body, "dit thema staat niet (meer) in de configuratie: de regel meldt niets") {
		t.Errorf("the page does not say the theme is gone:\n%s", page.body)
	}
	body := `{"response_id":"R1","survey":"nps","score":2,"submitted_at":"2026-03-09 10:00","language":"nl",` +
		`"comment":"Waardeloos, de vervoerder is mijn pakket kwijtgeraakt."}`
	if res := ls.withToken("adminWrite").postJSON("/api/v1/responses", body); res.status != 200 {
		t.Fatalf("answer: %d %s", res.status, res.body)
	}
	ls.deliver(t)
	if got := hookInbox.received(); len(got) != 0 {
		t.Errorf("a rule about a theme the configuration lacks sent %q", got)
	}
	if got := anyInbox.received(); len(got) != 1 {
		t.Errorf("the rule about any theme sent %d alerts, want 1 (the comment is negative)", len(got))
	}
}
