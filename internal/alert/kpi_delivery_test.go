package alert

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/hook"
)

// spike is planted data where a volume rule fires: Thursdays 14:00–15:00 of the 8 weeks
// before held 5 tickets each, this Thursday 15 (300%).
func spike() []cx.Record {
	return concat(volumeHistory(8, 5), ticketsAt(time.Date(2026, 12, 3, 14, 0, 0, 0, ams), 15))
}

// A KPI alert reaches a real SMTP server on loopback as plain text and a Teams Workflows
// webhook as an Adaptive Card, in English, the team's name (from the data) shown as written:
// in the card a TextRun, which renders no Markdown; in the e-mail plain text.
func TestCourseAlertByMailAndTeams(t *testing.T) {
	ctx := context.Background()
	smtp, sender := smtpSender(t)
	teams := newReceiver(t, hook.FormatTeams)
	team := "<at>Retour</at> & **spoed**"
	recs := spike()
	for _, r := range recs {
		r.(*cx.Ticket).Team = team
	}
	w := plant(t, recs, nil, sender)
	w.rule(t, cx.AlertRule{Condition: cx.AlertVolumeSpike, Team: team, Lang: "en", Email: "lead@fietsenwinkel.nl"}, teams.URL, hook.FormatTeams)
	if fired, delivered, err := w.svc.Judge(ctx); err != nil || fired != 1 || delivered != 1 {
		t.Fatalf("fired %d, delivered %d, %v; want 1, 1", fired, delivered, err)
	}

	msgs := smtp.Wait(t, 1, 5*time.Second)
	body := msgs[0].Body
	for _, s := range []string{"far more tickets than usual", "3 Dec 2026 14:00–15:00: 15 (300% of the usual 5.0",
		"team " + team, "https://klantpuls.example.nl/service?"} {
		if !strings.Contains(body, s) {
			t.Errorf("the e-mail does not say %q:\n%s", s, body)
		}
	}
	if msgs[0].To[0] != "lead@fietsenwinkel.nl" || msgs[0].Subject != "klantpuls: Bewaking" {
		t.Errorf("e-mail to %v, subject %q", msgs[0].To, msgs[0].Subject)
	}

	// The Teams message: {"type": "message", "attachments": [{"contentType":
	// "application/vnd.microsoft.card.adaptive", "content": {AdaptiveCard}}]}, as the Workflows
	// webhook takes it (learn.microsoft.com, "Create incoming webhooks with Workflows").
	posts := teams.received()
	if len(posts) != 1 || posts[0]["type"] != "message" {
		t.Fatalf("posts %v", posts)
	}
	att := posts[0]["attachments"].([]any)[0].(map[string]any)
	card := att["content"].(map[string]any)
	if att["contentType"] != "application/vnd.microsoft.card.adaptive" || card["type"] != "AdaptiveCard" {
		t.Errorf("attachment %v", att)
	}
	var runs []string
	for _, b := range card["body"].([]any) {
		for _, in := range b.(map[string]any)["inlines"].([]any) {
			r := in.(map[string]any)
			if r["type"] != "TextRun" {
				t.Errorf("inline %v is no TextRun", r)
			}
			runs = append(runs, r["text"].(string))
		}
	}
	if len(runs) != 2 || runs[0] != "Bewaking: far more tickets than usual" || !strings.Contains(runs[1], "team "+team+", 3 Dec 2026") {
		t.Errorf("card text %q", runs)
	}
	action := card["actions"].([]any)[0].(map[string]any)
	if action["type"] != "Action.OpenUrl" || action["title"] != "View on the dashboard" ||
		action["url"] != "https://klantpuls.example.nl/service?from=2026-12-03&lang=en&period=custom&team=%3Cat%3ERetour%3C%2Fat%3E+%26+%2A%2Aspoed%2A%2A&to=2026-12-04" {
		t.Errorf("action %v", action)
	}
}

// Slack's incoming webhook takes {"text": "…"} (https://api.slack.com/messaging/webhooks) and
// reads <…> as links and mentions: the team's name must arrive escaped
// (https://api.slack.com/reference/surfaces/formatting#escaping).
func TestCourseAlertSlackEscapes(t *testing.T) {
	slack := newReceiver(t, hook.FormatSlack)
	recs := spike()
	for _, r := range recs {
		r.(*cx.Ticket).Team = "<!channel> & co"
	}
	w := plant(t, recs, nil, nil)
	w.rule(t, cx.AlertRule{Condition: cx.AlertVolumeSpike, Team: "<!channel> & co"}, slack.URL, hook.FormatSlack)
	if _, _, err := w.svc.Judge(context.Background()); err != nil {
		t.Fatal(err)
	}
	post := slack.received()[0]
	text, _ := post["text"].(string)
	if len(post) != 1 {
		t.Errorf("the Slack payload has more than a text: %v", post)
	}
	if !strings.Contains(text, "team &lt;!channel&gt; &amp; co") || strings.Contains(text, "<!channel>") {
		t.Errorf("not escaped for Slack:\n%s", text)
	}
}

// Fired once per rule and period, whoever judges: a node that does not hold the lease neither
// judges nor retries (even an alert whose first delivery failed), the node that takes the lease
// over later delivers what is pending but fires nothing again, and neither does a restart.
func TestCourseAlertOnceAcrossNodes(t *testing.T) {
	ctx := context.Background()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("ok"))
	}))
	t.Cleanup(srv.Close)
	w := plant(t, spike(), nil, nil)
	w.rule(t, cx.AlertRule{Condition: cx.AlertVolumeSpike}, srv.URL, hook.FormatSlack)
	node := func(holder string) *Service {
		s := *w.svc
		s.Holder = holder
		return New(s)
	}
	a, b := node("node-a:1"), node("node-b:2")
	if fired, delivered, err := a.Judge(ctx); err != nil || fired != 1 || delivered != 0 {
		t.Fatalf("node a: fired %d, delivered %d, %v; want 1, 0 (the webhook was busy)", fired, delivered, err)
	}
	if fired, delivered, err := b.Judge(ctx); err != nil || fired != 0 || delivered != 0 || calls.Load() != 1 {
		t.Errorf("node b, lease held by a: fired %d, delivered %d, %d calls, %v; want nothing", fired, delivered, calls.Load(), err)
	}
	// Past the lease (3 checks missed), b takes over: it delivers the pending alert once.
	w.now = w.now.Add(31 * time.Minute)
	if fired, delivered, err := b.Judge(ctx); err != nil || fired != 0 || delivered != 1 {
		t.Errorf("node b after a stopped: fired %d, delivered %d, %v; want 0, 1", fired, delivered, err)
	}
	// A node that stops gives the lease up: the other judges at once (and finds nothing new).
	if err := b.Release(ctx); err != nil {
		t.Fatal(err)
	}
	if held, err := w.app.ClaimSync(ctx, courseLease, "node-a:1", w.now, time.Minute); err != nil || !held {
		t.Errorf("after b released the lease, a claims it: %v, %v; want true", held, err)
	}
	// A restarted node without a lease judges the same hour again: nothing new.
	if fired, delivered, err := node("").Judge(ctx); err != nil || fired != 0 || delivered != 0 {
		t.Errorf("restart: fired %d, delivered %d, %v; want nothing", fired, delivered, err)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("%d calls, want 2 (one busy, one delivered)", n)
	}
}

// A webhook that fails is tried again at the next check with the figures recorded when the
// rule fired, and then counts as delivered.
func TestCourseAlertRetried(t *testing.T) {
	ctx := context.Background()
	var calls atomic.Int32
	var last string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		b, _ := io.ReadAll(r.Body)
		last = string(b)
		w.Write([]byte("ok"))
	}))
	t.Cleanup(srv.Close)
	w := plant(t, spike(), nil, nil)
	w.rule(t, cx.AlertRule{Condition: cx.AlertVolumeSpike}, srv.URL, hook.FormatGeneric)
	if fired, delivered, err := w.svc.Judge(ctx); err != nil || fired != 1 || delivered != 0 {
		t.Fatalf("first check: fired %d, delivered %d, %v; want 1, 0", fired, delivered, err)
	}
	// An hour on the data would judge another hour; the pending alert of 14:00 goes out as it was.
	w.now = w.now.Add(time.Hour)
	if _, delivered, err := w.svc.Judge(ctx); err != nil || delivered != 1 {
		t.Fatalf("second check: delivered %d, %v; want 1", delivered, err)
	}
	if !strings.Contains(last, `"count":15`) || !strings.Contains(last, `"hour":"2026-12-03T14:00:00+01:00"`) {
		t.Errorf("retried payload %s", last)
	}
	alerts, err := w.app.ListAlerts(ctx, 0)
	if err != nil || len(alerts) != 1 || alerts[0].Attempts != 2 || alerts[0].DeliveredAt.IsZero() || alerts[0].ResponseID != "kpi:hour:2026-12-03T14" {
		t.Errorf("alerts %+v, %v", alerts, err)
	}
}
