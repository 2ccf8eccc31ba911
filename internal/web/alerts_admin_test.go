package web

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestAlertRuleErrorsInPageLanguage: on a Dutch page every refusal of the alerts form is in
// Dutch ("a clear error naming where and why, in the user's language"), the fields every rule
// has as the KPI fields were already, naming the field.
func TestAlertRuleErrorsInPageLanguage(t *testing.T) {
	ts := startServer(t)
	admin := ts.login("admin@example.com")
	for _, tc := range []struct {
		v              url.Values
		field, english string
	}{
		{url.Values{"name": {"Criticasters"}, "condition": {"nps_detractor"}}, "email", "give an e-mail address, a webhook, or both"},
		{url.Values{"name": {" "}, "condition": {"nps_detractor"}, "email": {"lead@example.nl"}}, "name", "give the rule a name"},
		{url.Values{"name": {"Laag"}, "condition": {"csat_low"}, "threshold": {"0"}, "email": {"lead@example.nl"}}, "threshold", "a CSAT rule needs the highest score"},
		{url.Values{"name": {"Slack"}, "condition": {"nps_detractor"}, "webhook": {"hooks.slack.com/services/T0/B0/x"}}, "webhook", "no scheme: start it with"},
		{url.Values{"name": {"Thema"}, "condition": {"negative_sentiment"}, "theme": {"bezorging"}, "email": {"lead@example.nl"}}, "theme", "is not a theme of the configuration"},
		{url.Values{"name": {"Lead"}, "condition": {"nps_detractor"}, "email": {"lead at example.nl"}}, "email", "is not an e-mail address"},
	} {
		res := admin.form("POST", "/alerts?lang=nl", tc.v)
		if res.status != 422 {
			t.Errorf("%v: %d, want 422", tc.v, res.status)
			continue
		}
		if strings.Contains(res.body, tc.english) {
			t.Errorf("%v: the Dutch page says %q in English", tc.v, tc.english)
		}
		if !strings.Contains(res.body, tc.field+": ") {
			t.Errorf("%v: the refusal does not name the field %s", tc.v, tc.field)
		}
	}
}

// TestAlertRuleEmailChecked: an alert rule's e-mail address is checked as the mail sender reads
// it (one address, net/mail) when the rule is made: "lead at example.nl", or two addresses,
// would fail at every alert while the lead waits for alerts that never come. The form refuses
// it naming the field, and stores nothing.
func TestAlertRuleEmailChecked(t *testing.T) {
	ts := startServer(t)
	admin := ts.login("admin@example.com")
	for _, email := range []string{"lead at example.nl", "lead@example.nl, anna@example.nl", "lead@"} {
		res := admin.form("POST", "/alerts?lang=en", url.Values{"name": {"Criticasters"}, "condition": {"nps_detractor"}, "email": {email}})
		if res.status != 422 || !strings.Contains(res.body, "email: ") {
			t.Errorf("e-mail %q: %d, want 422 naming the e-mail field", email, res.status)
		}
	}
	if rules, err := ts.app.ListAlertRules(context.Background()); err != nil || len(rules) != 0 {
		t.Errorf("rules after refusals: %+v, %v", rules, err)
	}
}

// TestAnswerAlertInRuleLanguage: an alert on single answers speaks the language of whoever made
// its rule, as a KPI rule's does (README, Alerts): a rule made on an English page mails
// "customer C1" and "Follow up", where it said "klant C1" and "Opvolgen" to everyone.
func TestAnswerAlertInRuleLanguage(t *testing.T) {
	ls := startLoopServer(t)
	admin := ls.login("admin@example.com")
	res := admin.form("POST", "/alerts?lang=en", url.Values{"name": {"Detractors"}, "condition": {"nps_detractor"},
		"email": {"lead@example.com"}, "webhook_format": {"slack"}})
	if res.status != 303 {
		t.Fatalf("rule: %d", res.status)
	}
	ls.withToken("adminWrite").postJSON("/api/v1/responses",
		`{"response_id":"R1","survey":"nps","score":2,"submitted_at":"2026-03-09 10:00","customer_id":"C1","comment":"Never again"}`)
	ls.deliver(t)
	mail := ls.smtp.Wait(t, 1, 5*time.Second)[0].TextBody
	if m := regexp.MustCompile(`\b(klant|Opvolgen|thema)\b`).FindAllString(mail, -1); m != nil {
		t.Errorf("the alert of a rule made on an English page says %v:\n%s", m, mail)
	}
	for _, want := range []string{"customer C1", "Never again"} {
		if !strings.Contains(mail, want) {
			t.Errorf("the alert lacks %q:\n%s", want, mail)
		}
	}
}

// TestAlertFormLabelsInPageLanguage: the webhook format's label and its generic choice were
// fixed English text on the Dutch page; the language choice is offered for every rule now.
func TestAlertFormLabelsInPageLanguage(t *testing.T) {
	ts := startServer(t)
	admin := ts.login("admin@example.com")
	page := admin.get("/alerts?lang=nl").body
	for _, english := range []string{">Webhook: format<", ">JSON (generic)<"} {
		if strings.Contains(page, english) {
			t.Errorf("the Dutch alerts page shows %q", english)
		}
	}
	for _, dutch := range []string{">Webhook: opmaak<", ">JSON (algemeen)<", `<label for="alang">Taal van de melding</label>`} {
		if !strings.Contains(page, dutch) {
			t.Errorf("the Dutch alerts page lacks %q", dutch)
		}
	}
}

// TestRecentAlertsNoneSaysAlerts: with no alert sent yet, "Laatste meldingen" says there are no
// alerts, not "no data in this period": the list is the last 50 alerts whatever the period.
func TestRecentAlertsNoneSaysAlerts(t *testing.T) {
	ts := startServer(t)
	admin := ts.login("admin@example.com")
	for lang, want := range map[string]string{"nl": "Nog geen meldingen.", "en": "No alerts yet."} {
		page := admin.get("/alerts?lang=" + lang).body
		_, recent, _ := strings.Cut(page, `id="h-recent"`)
		if !strings.Contains(recent, `<p class="none">`+want+`</p>`) {
			t.Errorf("%s: the empty Latest alerts section lacks %q:\n%s", lang, want, recent)
		}
	}
}
