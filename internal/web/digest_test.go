package web

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/digest"
)

// The digest settings page stores the signed-in user's own schedule, refuses a field it cannot
// read in the page's language, and audits the change.
func TestDigestSettingsPage(t *testing.T) {
	ts := startServer(t)
	anna := ts.login("anna@example.com")
	if res := anna.get("/settings/digest?lang=en"); res.status != 200 || !strings.Contains(res.body, `<option value="none" selected>Never</option>`) {
		t.Fatalf("page: %d\n%s", res.status, res.body)
	}
	bad := []struct {
		field, value, want string
	}{
		{"frequency", "hourly", "How often: choose never, daily, weekly or monthly."},
		{"weekday", "maandag", "Day: choose a day of the week."},
		{"time", "8 uur", "Time: enter a time like 08:00."},
		{"lang", "de", "Language: choose Nederlands or English."},
	}
	for _, b := range bad {
		v := url.Values{"frequency": {"weekly"}, "weekday": {"fri"}, "time": {"16:30"}, "lang": {"nl"}}
		v.Set(b.field, b.value)
		if res := anna.form("POST", "/settings/digest?lang=en", v); res.status != 422 || !strings.Contains(res.body, b.want) {
			t.Errorf("%s=%q: %d, want 422 saying %q", b.field, b.value, res.status, b.want)
		}
	}
	res := anna.form("POST", "/settings/digest?lang=nl", url.Values{"frequency": {"weekly"}, "weekday": {"fri"}, "time": {"16:30"}, "lang": {"en"}})
	if res.status != 303 {
		t.Fatalf("save: %d %s", res.status, res.body)
	}
	if res := anna.get("/settings/digest?saved=1&lang=nl"); !strings.Contains(res.body, "Uw instelling voor het overzicht is opgeslagen.") ||
		!strings.Contains(res.body, `<option value="fri" selected>vrijdag</option>`) || !strings.Contains(res.body, `value="16:30"`) {
		t.Errorf("after saving:\n%s", res.body)
	}
	u, _ := ts.app.UserByEmail(context.Background(), "anna@example.com")
	s, err := ts.app.DigestSchedule(context.Background(), u.ID)
	if err != nil || s.Frequency != "weekly" || s.Weekday != time.Friday || s.Hour != 16 || s.Minute != 30 || s.Lang != "en" {
		t.Errorf("stored %+v %v", s, err)
	}
	entries, _ := ts.app.AuditLog(context.Background(), app.AuditQuery{Action: cx.AuditDigestChange})
	if len(entries) != 1 || entries[0].Actor != "anna@example.com" || AuditDetail("en", entries[0]) != "Weekly on Friday at 16:30, language en" {
		t.Errorf("audit: %+v", entries)
	}
}

// Unsubscribing: the link's GET shows a button and changes nothing (mail scanners follow
// links); the POST — the button, or a mail client's one-click — turns the digest off without a
// login, from another site too; a token changed by one character, or another user's id with
// this signature, is refused.
func TestDigestUnsubscribe(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	u, _ := ts.app.UserByEmail(ctx, "manager@example.com")
	other, _ := ts.app.UserByEmail(ctx, "anna@example.com")
	if err := ts.app.SetDigestSchedule(ctx, &cx.DigestSchedule{UserID: u.ID, Frequency: "weekly", Weekday: time.Monday, Hour: 8, Lang: "nl"}, cx.AuditEntry{Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	key, err := ts.app.DigestKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	token := digest.Token(key, u.ID, u.Email)
	link := "/digest/unsubscribe?lang=en&token=" + url.QueryEscape(token)
	frequency := func() string {
		s, err := ts.app.DigestSchedule(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		return s.Frequency
	}
	anon := ts.anonymous()
	res := anon.get(link)
	if res.status != 200 || !strings.Contains(res.body, `<button type="submit">Unsubscribe</button>`) || frequency() != "weekly" {
		t.Fatalf("GET: %d, frequency %s\n%s", res.status, frequency(), res.body)
	}
	_, sig, _ := strings.Cut(token, ".")
	flipped := token[:len(token)-1] + map[bool]string{true: "A", false: "B"}[token[len(token)-1] != 'A']
	for name, bad := range map[string]string{
		"changed signature": flipped, "another user's id": strconv.FormatInt(other.ID, 10) + "." + sig,
		"no token": "", "not a token": "hello",
	} {
		if res := anon.form("POST", "/digest/unsubscribe?lang=en&token="+url.QueryEscape(bad), nil); res.status != 400 ||
			!strings.Contains(res.body, "This unsubscribe link is not valid.") {
			t.Errorf("%s: %d", name, res.status)
		}
	}
	if frequency() != "weekly" {
		t.Fatal("a refused token changed the schedule")
	}
	// RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to the link itself, from
	// wherever it runs: a webmail's page is another site.
	res = anon.form("POST", link, url.Values{"List-Unsubscribe": {"One-Click"}},
		"Origin", "https://mail.example.org", "Sec-Fetch-Site", "cross-site")
	if res.status != 200 || !strings.Contains(res.body, "You are unsubscribed") || frequency() != "none" {
		t.Errorf("POST: %d, frequency %s", res.status, frequency())
	}
	entries, _ := ts.app.AuditLog(ctx, app.AuditQuery{Action: cx.AuditDigestChange})
	if len(entries) == 0 || entries[0].Actor != "manager@example.com" || AuditDetail("en", entries[0]) != "no digest" {
		t.Errorf("audit: %+v", entries)
	}
}

// A digest that went to nobody was settled with its reason in the server's log only: the
// digest page could not tell its user why a week's digest never came. The page lists the
// user's own last periods — named as the digest's subject names them, the time in the
// account's zone (Amsterdam: 07:00 UTC in November is 08:00) — each sent, or why not, in the
// page's language; a reason this release has no words for is shown as it is, escaped.
func TestDigestPageSaysWhyADigestWentToNobody(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	anna, _ := ts.app.UserByEmail(ctx, "anna@example.com")
	manager, _ := ts.app.UserByEmail(ctx, "manager@example.com")
	at := func(d int) time.Time { return time.Date(2026, 11, d, 7, 0, 0, 0, time.UTC) }
	for _, x := range []struct {
		user   int64
		period string
		at     time.Time
		reason string
	}{
		{anna.ID, "week:2026-11-09", at(16), ""},
		{anna.ID, "week:2026-11-16", at(23), cx.DigestBounced},
		{anna.ID, "week:2026-11-23", at(30), cx.DigestBounceHeld},
		{anna.ID, "day:2026-11-30", at(30).Add(time.Hour), cx.DigestNoAgent},
		{anna.ID, "week:2026-10-26", at(2), cx.DigestRefused},
		{anna.ID, "month:2026-10", at(1), `<b>later</b>`},
		{anna.ID, "week:2026-10-19", at(1).Add(-time.Hour), cx.DigestUnknown},
		{manager.ID, "week:2026-11-02", at(9), cx.DigestBounced},
	} {
		if ok, err := ts.app.ClaimDigest(ctx, x.user, x.period, x.at, time.Hour); !ok || err != nil {
			t.Fatalf("claim %s: %v %v", x.period, ok, err)
		}
		if err := ts.app.MarkDigestSent(ctx, x.user, x.period, x.reason); err != nil {
			t.Fatal(err)
		}
	}
	page := ts.login("anna@example.com")
	for _, c := range []struct {
		lang string
		rows []string
	}{
		{"nl", []string{
			"<h2 id=\"h-digests-sent\">Laatste overzichten</h2>",
			"<tr><th scope=\"row\">dagoverzicht 30 nov 2026</th><td>30 nov 2026 09:00</td><td>Niet verstuurd: uw account is niet aan een medewerker gekoppeld, dus er zijn geen eigen cijfers.</td></tr>",
			"<tr><th scope=\"row\">weekoverzicht 23 nov 2026 – 29 nov 2026</th><td>30 nov 2026 08:00</td><td>Niet verstuurd: uw adres bleek eerder onbestelbaar. Een beheerder kan het weer laten mailen onder Onbestelbare adressen op de pagina Enquêtes.</td></tr>",
			"<tr><th scope=\"row\">weekoverzicht 16 nov 2026 – 22 nov 2026</th><td>23 nov 2026 08:00</td><td>Niet bezorgd: de mailserver weigerde uw adres blijvend (onbestelbaar), en klantpuls hield het adres daarop tegen voor alle e-mail. Een beheerder kan het weer laten mailen onder Onbestelbare adressen op de pagina Enquêtes.</td></tr>",
			"<tr><th scope=\"row\">weekoverzicht 9 nov 2026 – 15 nov 2026</th><td>16 nov 2026 08:00</td><td>Verstuurd</td></tr>",
			"<tr><th scope=\"row\">weekoverzicht 26 okt 2026 – 1 nov 2026</th><td>2 nov 2026 08:00</td><td>Niet verstuurd: de mailserver weigerde dit bericht blijvend, niet uw adres (dat wordt niet tegengehouden). Waarom staat in het antwoord van de mailserver, in het logboek van de server: vaak zijn het de afzenderinstellingen onder [mail] in het configuratiebestand, een volle mailbox of de grootte van het bericht.</td></tr>",
			"<tr><th scope=\"row\">maandoverzicht okt 2026</th><td>1 nov 2026 08:00</td><td>&lt;b&gt;later&lt;/b&gt;</td></tr>",
			"<tr><th scope=\"row\">weekoverzicht 19 okt 2026 – 25 okt 2026</th><td>1 nov 2026 07:00</td><td>Afgehandeld (uitkomst niet bewaard: van voordat klantpuls die bijhield)</td></tr>",
		}},
		{"en", []string{
			"<tr><th scope=\"row\">weekly digest 16 Nov 2026 – 22 Nov 2026</th><td>23 Nov 2026 08:00</td><td>Not delivered: the mail server refused your address for good (a bounce), so klantpuls put the address on hold for all e-mail. An admin can have it mailed again under Undeliverable addresses on the Surveys page.</td></tr>",
			"<tr><th scope=\"row\">weekly digest 9 Nov 2026 – 15 Nov 2026</th><td>16 Nov 2026 08:00</td><td>Sent</td></tr>",
			"<tr><th scope=\"row\">weekly digest 26 Oct 2026 – 1 Nov 2026</th><td>2 Nov 2026 08:00</td><td>Not sent: the mail server refused this message for good, not your address (which is not held back). Its reply, in the server&#39;s log, says why: often the sender settings under [mail] in the configuration file, a full mailbox or the message&#39;s size.</td></tr>",
			"<tr><th scope=\"row\">weekly digest 19 Oct 2026 – 25 Oct 2026</th><td>1 Nov 2026 07:00</td><td>Settled (outcome not kept: from before klantpuls recorded it)</td></tr>",
		}},
	} {
		res := page.get("/settings/digest?lang=" + c.lang)
		if res.status != 200 {
			t.Fatalf("%s: %d", c.lang, res.status)
		}
		last := -1
		for _, want := range c.rows {
			i := strings.Index(res.body, want)
			if i < 0 {
				t.Errorf("%s: the page lacks %s:\n%s", c.lang, want, res.body)
			} else if i < last {
				t.Errorf("%s: %s is out of order (newest first)", c.lang, want)
			}
			last = max(last, i)
		}
		if strings.Contains(res.body, "overzicht 2 nov 2026") || strings.Contains(res.body, "digest 2 Nov 2026") {
			t.Errorf("%s: Anna's page lists the manager's digest", c.lang)
		}
	}
	if res := ts.login("admin@example.com").get("/settings/digest?lang=nl"); !strings.Contains(res.body, "Nog geen overzicht verstuurd.") {
		t.Errorf("a user without digests:\n%s", res.body)
	}
}
