package digest

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	stdhtml "html"
	"image/png"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	kmail "github.com/klantpuls/klantpuls/internal/mail"
	"github.com/klantpuls/klantpuls/internal/smtptest"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// The clock stands on Thursday 3 December 2026, 09:00 in Amsterdam: a weekly digest covers ISO
// week 48 (Monday 23 – Sunday 29 November) against week 47 (16 – 22 November).
//
// Planted, worked by hand:
//   - NPS week 48: 6 promoters, 2 passives, 2 detractors → (6−2)/10 = 40. Week 47: 3, 3, 4 →
//     −10. Change +50; NPS z-test: var = (.6+.2−.2²)/10 + (.3+.4−.1²)/10 = .064+.069 = .133,
//     z = .5/√.133 = 1.37 < 1.96 → not significant, so grey. On 10 answers: starred indicative.
//   - CSAT week 48: 36 of 40 positive = 90,0%. Week 47: 20 of 40 = 50,0%. Change +40,0 points;
//     pooled p = 56/80 = .7, se = √(.7·.3·(1/40+1/40)) = .1025, z = 3.90 → significant, better:
//     green. Target 95 → missed; benchmark 80 → met. NPS target 30 → met.
//   - Agent Anna answered 4 of the week-48 CSAT (3 positive, 1 negative) → 75,0%, starred
//     indicative, and none in week 47, so her change is "–"; she has no NPS answers.

var ams = func() *time.Location {
	l, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		panic(err)
	}
	return l
}()

var (
	now    = time.Date(2026, 12, 3, 9, 0, 0, 0, ams)
	week48 = time.Date(2026, 11, 23, 0, 0, 0, 0, ams)
	week47 = week48.AddDate(0, 0, -7)
)

func answers(monday time.Time, survey string, agent string, scores ...int) []cx.Record {
	var out []cx.Record
	for i, s := range scores {
		out = append(out, &cx.Response{ID: fmt.Sprintf("%s-%s-%s-%d", survey, agent, monday.Format("0102"), i), Survey: survey,
			Score: s, Agent: agent, SubmittedAt: monday.AddDate(0, 0, 1).Add(10*time.Hour + time.Duration(i)*time.Minute)})
	}
	return out
}

// tuesdayTickets are n tickets opened on the Tuesday of the week from monday at 10:00 (within
// the default business hours), first answered after reply and solved after solved.
func tuesdayTickets(monday time.Time, id string, n int, reply, solved time.Duration) []cx.Record {
	var out []cx.Record
	for i := range n {
		c := monday.AddDate(0, 0, 1).Add(10 * time.Hour)
		out = append(out, &cx.Ticket{ID: fmt.Sprintf("%s%d", id, i), CreatedAt: c, FirstReplyAt: c.Add(reply), SolvedAt: c.Add(solved)})
	}
	return out
}

func repeat(n, score int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = score
	}
	return out
}

func join(xs ...[]int) []int {
	var out []int
	for _, x := range xs {
		out = append(out, x...)
	}
	return out
}

// freshApp is a real SQLite database in a temporary directory holding recs, its engine started.
func freshApp(t *testing.T, recs []cx.Record) *app.App {
	t.Helper()
	return freshAppAt(t, sqlitetest.New(t), recs)
}

// freshAppAt is freshApp in the database file at path, for a test that changes the file itself.
func freshAppAt(t *testing.T, path string, recs []cx.Record) *app.App {
	t.Helper()
	ctx := context.Background()
	a, err := app.Open(ctx, path, config.Default())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if _, err := a.Start(ctx, ""); err != nil {
		t.Fatal(err)
	}
	if len(recs) > 0 {
		if _, err := a.Ingest(ctx, recs); err != nil {
			t.Fatal(err)
		}
	}
	return a
}

func planted(t *testing.T) *app.App {
	t.Helper()
	return plantedAt(t, sqlitetest.New(t))
}

// plantedAt is planted in the database file at path.
func plantedAt(t *testing.T, path string) *app.App {
	t.Helper()
	ctx := context.Background()
	var recs []cx.Record
	recs = append(recs, answers(week48, cx.SurveyNPS, "", join(repeat(6, 10), repeat(2, 8), repeat(2, 3))...)...)
	recs = append(recs, answers(week47, cx.SurveyNPS, "", join(repeat(3, 10), repeat(3, 8), repeat(4, 3))...)...)
	recs = append(recs, answers(week48, cx.SurveyCSAT, "", join(repeat(33, 5), repeat(3, 1))...)...)
	recs = append(recs, answers(week48, cx.SurveyCSAT, "Anna", 5, 4, 5, 2)...)
	recs = append(recs, answers(week47, cx.SurveyCSAT, "", join(repeat(20, 5), repeat(20, 1))...)...)
	a := freshAppAt(t, path, recs)
	for k, v := range map[string]string{"target.csat": "95", "target.nps": "30"} {
		if err := a.SetSetting(ctx, k, v); err != nil {
			t.Fatal(err)
		}
	}
	return a
}

func builder(a *app.App) *Builder {
	return &Builder{Source: a, Location: ams, BaseURL: "https://klantpuls.example.nl", Currency: "EUR",
		Benchmarks: map[string]float64{"csat": 80}, Secret: []byte("test secret"),
		SLA: func(map[string]string, string) int64 { return 8 * 3600 }}
}

// send builds r's digest and sends it through a real SMTP server on loopback, returning what
// the server received.
func send(t *testing.T, b *Builder, r Recipient) smtptest.Message {
	t.Helper()
	srv, sender := smtpServer(t)
	m, err := b.Build(context.Background(), r, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := sender.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	return srv.Wait(t, 1, 5*time.Second)[0]
}

// smtpServer is a real SMTP server on loopback and a sender that mails through it.
func smtpServer(t *testing.T) (*smtptest.Server, *kmail.SMTP) {
	t.Helper()
	srv := smtptest.Start(t)
	sender, err := kmail.NewSMTP(kmail.Config{Host: srv.Host(), Port: srv.Port(), TLS: kmail.TLSNone,
		From: "klantpuls <noreply@example.com>", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return srv, sender
}

// clockedRunner is a Runner of a's digests by sender, logging to log, on a clock the test moves:
// check sets the clock to at and runs one check, failing the test on an error, and says how many
// digests went.
func clockedRunner(t *testing.T, a *app.App, sender kmail.Sender, log io.Writer) (*Runner, func(at time.Time) int) {
	clock := now
	r := &Runner{Store: a, Builder: builder(a), Mail: sender, Now: func() time.Time { return clock },
		Log: slog.New(slog.NewTextHandler(log, nil))}
	return r, func(at time.Time) int {
		t.Helper()
		clock = at
		n, err := r.Check(context.Background())
		if err != nil {
			t.Fatalf("check at %s: %v", at, err)
		}
		return n
	}
}

// logged is how many lines of log are about the user of id and say every one of says, and
// those lines.
func logged(log string, id int64, says ...string) (n int, lines string) {
	for _, l := range strings.Split(log, "\n") {
		if !strings.Contains(l, fmt.Sprintf("user=%d ", id)) {
			continue
		}
		all := true
		for _, s := range says {
			all = all && strings.Contains(l, s)
		}
		if all {
			n, lines = n+1, lines+l+"\n"
		}
	}
	return n, lines
}

// part is one leaf of a received message.
type part struct {
	Type, Encoding, ContentID string
	Body                      []byte
}

// leaves walks the received MIME tree, decoding each leaf, and returns the media types of the
// multiparts on the way.
func leaves(t *testing.T, h mail.Header, body io.Reader, tree *[]string) []part {
	t.Helper()
	mt, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasPrefix(mt, "multipart/") {
		*tree = append(*tree, mt)
		var out []part
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return out
			}
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, leaves(t, mail.Header(p.Header), p, tree)...)
		}
	}
	raw, _ := io.ReadAll(body)
	enc := strings.ToLower(h.Get("Content-Transfer-Encoding"))
	var dec []byte
	switch enc {
	case "base64":
		dec, err = base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(raw)), ""))
	case "quoted-printable":
		dec, err = io.ReadAll(quotedprintable.NewReader(bytes.NewReader(raw)))
	default:
		dec = raw
	}
	if err != nil {
		t.Fatalf("%s part: %v", mt, err)
	}
	return []part{{Type: mt, Encoding: enc, ContentID: strings.Trim(h.Get("Content-ID"), "<>"), Body: dec}}
}

func TestDigestOverSMTP(t *testing.T) {
	a := planted(t)
	b := builder(a)
	cases := []struct {
		lang, subject string
		want          []string // in both the text and the HTML
		wantHTML      []string
	}{
		{"nl", "klantpuls weekoverzicht: 23 nov 2026 – 29 nov 2026",
			[]string{"90,0%", "▲ +40,0 procentpunt²", "doel 95,0%: niet gehaald", "benchmark 80,0%: gehaald",
				"▲ +50¹", "doel 30: gehaald", "z-toets voor de NPS", "gepoolde z-toets voor twee proporties", "het hele bedrijf", "significant beter"},
			[]string{`class="good" style="color:#1e7d3c">▲ +40,0 procentpunt²`, `<td align="right" class="ns" style="color:#6a737d">▲ +50¹<br><small>niet significant</small></td>`}},
		{"en", "klantpuls weekly digest: 23 Nov 2026 – 29 Nov 2026",
			[]string{"90.0%", "▲ +40.0 points²", "target 95.0%: missed", "benchmark 80.0%: met",
				"▲ +50¹", "NPS z-test", "pooled two-proportion z-test", "the whole company", "significantly better"},
			[]string{`class="good" style="color:#1e7d3c">▲ +40.0 points²`, `<td align="right" class="ns" style="color:#6a737d">▲ +50¹<br><small>not significant</small></td>`}},
	}
	for _, c := range cases {
		t.Run(c.lang, func(t *testing.T) {
			got := send(t, b, Recipient{UserID: 7, Email: "lead@example.nl", Role: cx.RoleManager, Lang: c.lang, Every: Weekly})
			if got.Subject != c.subject {
				t.Errorf("subject %q, want %q", got.Subject, c.subject)
			}
			if got.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" ||
				!strings.Contains(got.Header.Get("List-Unsubscribe"), "<https://klantpuls.example.nl/digest/unsubscribe?") {
				t.Errorf("List-Unsubscribe headers: %q, %q", got.Header.Get("List-Unsubscribe"), got.Header.Get("List-Unsubscribe-Post"))
			}
			msg, err := mail.ReadMessage(bytes.NewReader(got.Data))
			if err != nil {
				t.Fatal(err)
			}
			var tree []string
			parts := leaves(t, msg.Header, msg.Body, &tree)
			// go-mail nests the alternatives inside the related part: related(alternative(text, html), png…).
			if strings.Join(tree, ",") != "multipart/related,multipart/alternative" {
				t.Errorf("multiparts %v", tree)
			}
			var text, html, shown string
			var cids []string
			for _, p := range parts {
				switch p.Type {
				case "text/plain":
					text = string(p.Body)
					if p.Encoding != "quoted-printable" {
						t.Errorf("text encoding %q", p.Encoding)
					}
				case "text/html":
					html = string(p.Body)
					shown = stdhtml.UnescapeString(html)
					if p.Encoding != "quoted-printable" {
						t.Errorf("html encoding %q", p.Encoding)
					}
				case "image/png":
					if p.Encoding != "base64" {
						t.Errorf("image encoding %q", p.Encoding)
					}
					if _, err := png.Decode(bytes.NewReader(p.Body)); err != nil {
						t.Errorf("image %s: %v", p.ContentID, err)
					}
					cids = append(cids, p.ContentID)
				default:
					t.Errorf("unexpected part %s", p.Type)
				}
			}
			if want := []string{"nps@klantpuls", "csat@klantpuls", "first_response@klantpuls"}; strings.Join(cids, " ") != strings.Join(want, " ") {
				t.Errorf("images %v, want %v", cids, want)
			}
			for _, id := range cids {
				if !strings.Contains(html, `src="cid:`+id+`"`) {
					t.Errorf("HTML does not reference cid:%s", id)
				}
			}
			if strings.Contains(html, "data:") {
				t.Error("HTML holds a data: URI")
			}
			for _, w := range c.want {
				if !strings.Contains(text, w) {
					t.Errorf("text lacks %q:\n%s", w, text)
				}
				if !strings.Contains(shown, w) {
					t.Errorf("HTML lacks %q", w)
				}
			}
			for _, w := range c.wantHTML {
				if !strings.Contains(shown, w) {
					t.Errorf("HTML lacks %q:\n%s", w, html)
				}
			}
			// NPS's change is not significant (z = 1.37): grey (README) and said so, as the
			// overview's tile says it; its 10 answers make it indicative (metrics.md section 0):
			// starred.
			if nps := map[string]string{"nl": "NPS: 40* (n = 10; t.o.v. vorige periode: ▲ +50¹, niet significant); doel 30: gehaald",
				"en": "NPS: 40* (n = 10; vs previous period: ▲ +50¹, not significant); target 30: met"}[c.lang]; !strings.Contains(text, nps) {
				t.Errorf("text lacks %q:\n%s", nps, text)
			}
			link := "https://klantpuls.example.nl/?from=2026-11-23&amp;lang=" + c.lang + "&amp;period=custom&amp;to=2026-11-30"
			if !strings.Contains(html, link) {
				t.Errorf("HTML lacks the dashboard link %s", link)
			}
		})
	}
}

// An agent's digest holds their own figures only: Anna's CSAT, not the company's.
func TestDigestAgentOwnFigures(t *testing.T) {
	b := builder(planted(t))
	got := send(t, b, Recipient{UserID: 9, Email: "anna@example.nl", Role: cx.RoleAgent, Agent: "Anna", Lang: "en", Every: Weekly})
	if !strings.Contains(got.TextBody, "Satisfaction (CSAT): 75.0%* (n = 4; vs previous period: –)") {
		t.Errorf("Anna's text lacks her CSAT:\n%s", got.TextBody)
	}
	for _, other := range []string{"90.0%", "the whole company"} {
		if strings.Contains(got.TextBody, other) {
			t.Errorf("Anna's digest shows %q", other)
		}
	}
	if _, err := b.Build(context.Background(), Recipient{UserID: 10, Email: "x@example.nl", Role: cx.RoleAgent, Lang: "en", Every: Weekly}, now); err != ErrNoScope {
		t.Errorf("an agent user without an agent: %v, want ErrNoScope", err)
	}
}

// Text from the data reaches the HTML escaped: a team named with markup.
func TestDigestEscapes(t *testing.T) {
	b := builder(planted(t))
	m, err := b.Build(context.Background(), Recipient{UserID: 3, Email: "x@example.nl", Role: cx.RoleManager, Team: `<b onclick="x">T&T</b>`, Lang: "nl", Every: Weekly}, now)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(m.HTML, `<b onclick`) || !strings.Contains(m.HTML, "&lt;b onclick=&#34;x&#34;&gt;T&amp;T&lt;/b&gt;") {
		t.Errorf("team not escaped:\n%s", regexp.MustCompile(`(?s)<p>.*?</p>`).FindString(m.HTML))
	}
}

// The subject names the period a digest covers, in the recipient's language, and a team's
// digest holds the team's figures only (the planted answers belong to no team).
func TestDigestPeriodsAndTeam(t *testing.T) {
	b := builder(planted(t))
	cases := []struct {
		name    string
		r       Recipient
		subject string
		has     []string
		hasNot  []string
	}{
		{"daily", Recipient{UserID: 1, Email: "a@example.nl", Role: cx.RoleManager, Lang: "nl", Every: Daily},
			"klantpuls dagoverzicht: 2 dec 2026", []string{"2 dec 2026 t/m 2 dec 2026"}, nil},
		{"monthly", Recipient{UserID: 1, Email: "a@example.nl", Role: cx.RoleManager, Lang: "en", Every: Monthly},
			// November: NPS 6+3 promoters, 2+3 passives, 2+4 detractors of 20 → (9−6)/20 = 15,
			// indicative on 20 answers.
			"klantpuls monthly digest: Nov 2026", []string{"NPS: 15* (", "1 Nov 2026 to 30 Nov 2026"}, nil},
		{"team", Recipient{UserID: 1, Email: "a@example.nl", Role: cx.RoleManager, Team: "Fietsen", Lang: "nl", Every: Weekly},
			"klantpuls weekoverzicht: 23 nov 2026 – 29 nov 2026", []string{"Voor: team Fietsen", "NPS: Niet gemeten (", "team=Fietsen"}, []string{"NPS: 40"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, err := b.Build(context.Background(), c.r, now)
			if err != nil {
				t.Fatal(err)
			}
			if m.Subject != c.subject {
				t.Errorf("subject %q, want %q", m.Subject, c.subject)
			}
			for _, s := range c.has {
				if !strings.Contains(m.Text, s) {
					t.Errorf("text lacks %q:\n%s", s, m.Text)
				}
			}
			for _, s := range c.hasNot {
				if strings.Contains(m.Text, s) {
					t.Errorf("text has %q", s)
				}
			}
		})
	}
}

// TestMonthlyAgainstEqualPeriod: a monthly digest compares March with the 31 days before it
// (29 January – 28 February), as the dashboard its link opens does, not with February. Ten
// detractors on 29 January, ten promoters on 10 February and on 10 March: March's NPS is 100
// (on 10 answers: starred), the 31 days before 0 (10 − 10 of 20), so the change is +100; against
// February it was 0.
func TestMonthlyAgainstEqualPeriod(t *testing.T) {
	a := planted(t) // its answers are of November: none in these months
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, ams) }
	var recs []cx.Record
	for _, set := range []struct {
		day   time.Time // the day before the answers (answers: monday + 1)
		score int
	}{{day(1, 28), 2}, {day(2, 9), 10}, {day(3, 9), 10}} {
		for _, r := range answers(set.day, cx.SurveyNPS, "", repeat(10, set.score)...) {
			r.(*cx.Response).ID = "M" + r.(*cx.Response).ID
			recs = append(recs, r)
		}
	}
	if _, err := a.Ingest(context.Background(), recs); err != nil {
		t.Fatal(err)
	}
	r := Recipient{Email: "m@example.nl", Role: cx.RoleManager, Lang: "nl", Every: Monthly}
	v, err := builder(a).view(a.Engine(), r, nil, map[string]string{}, time.Date(2026, 4, 2, 9, 0, 0, 0, ams))
	if err != nil {
		t.Fatal(err)
	}
	if !v.From.Equal(day(3, 1)) || !v.PrevFrom.Equal(day(1, 29)) {
		t.Fatalf("the digest's period from %v, the one before from %v; want 1 March and 29 January", v.From, v.PrevFrom)
	}
	i := slices.IndexFunc(v.Rows, func(rw row) bool { return rw.Key == "nps" })
	if i < 0 || v.Rows[i].Value != "100*" || !strings.Contains(v.Rows[i].Change, "+100") {
		t.Fatalf("March's NPS row %+v, want 100 with a change of +100", v.Rows)
	}
}
