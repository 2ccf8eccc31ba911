package walk

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
	"github.com/klantpuls/klantpuls/internal/survey"
	"github.com/klantpuls/klantpuls/internal/web"
)

const password = "walk-every-page-2026"

// site is the real server on a real SQLite file, with the dashboard tests' data.
type site struct {
	url    string
	srv    *web.Server
	app    *app.App
	write  string // an administrator's write token
	survey string // the hosted survey page of a web invitation
}

// now is the server's clock: late March 2026, the month of the data, as the dashboard tests have it.
var now = time.Date(2026, 3, 25, 12, 0, 0, 0, time.UTC)

func startSite(t *testing.T) *site {
	t.Helper()
	ctx := context.Background()
	a, err := app.Open(ctx, sqlitetest.New(t), config.Default())
	if err != nil {
		t.Fatal(err)
	}
	if err := a.LoadEngine(ctx); err != nil {
		t.Fatal(err)
	}
	signer, err := survey.NewSigner(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	clock := func() time.Time { return now }
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	surveys := &survey.Service{App: a, Invitations: a, Signer: signer, Now: clock, Log: log}
	srv := web.New(web.Options{App: a, Log: log, Now: clock, Surveys: surveys, ImportDir: t.TempDir()})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &site{url: "http://" + ln.Addr().String(), srv: srv, app: a}
	surveys.BaseURL = s.url
	srv.SetReady(true)
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(sctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
		a.Close()
	})

	admin, err := a.CreateUser(ctx, "admin@example.com", password, cx.RoleAdmin, "", "", now)
	if err != nil {
		t.Fatal(err)
	}
	if s.write, _, err = a.CreateToken(ctx, admin.ID, "walk", cx.ScopeWrite, now); err != nil {
		t.Fatal(err)
	}
	s.seed(t)
	return s
}

// seed sends the dashboard tests' records (internal/web views_test.go), a phone ticket, and a
// survey with a web invitation, whose page the walk visits too.
func (s *site) seed(t *testing.T) {
	t.Helper()
	for _, r := range []struct{ path, body string }{
		{"/api/v1/customers", `{"customer_id":"C1","acquired_at":"2025-01-01 10:00","segment":"Zakelijk","email":"c1@example.nl"}`},
		{"/api/v1/orders", `[{"order_id":"O1","customer_id":"C1","ordered_at":"2026-03-02 10:00","amount":100,"gross_margin":0.3},{"order_id":"O2","customer_id":"C1","ordered_at":"2026-03-09 10:00","amount":"50.5"}]`},
		{"/api/v1/tickets", `[{"ticket_id":"T1","created_at":"2026-03-02 10:00","customer_id":"C1","agent":"Anna","team":"Support","channel":"email","first_reply_at":"2026-03-02 11:00","solved_at":"2026-03-03 10:00"},
			{"ticket_id":"T2","created_at":"2026-03-10 10:00","agent":"Bram","team":"Sales","channel":"chat","solved_at":"2026-03-10 10:30"},
			{"ticket_id":"T3","created_at":"2026-03-16 10:00","agent":"Anna","team":"Support","channel":"chat"},
			{"ticket_id":"T9","created_at":"2026-03-18 10:00","agent":"Bram","team":"Sales","channel":"phone"}]`},
		{"/api/v1/responses", `[{"response_id":"R1","survey":"csat","score":5,"submitted_at":"2026-03-04 10:00","ticket_id":"T1"},
			{"response_id":"R2","survey":"csat","score":2,"submitted_at":"2026-03-11 10:00","ticket_id":"T2","comment":"Pakket kwijt en niemand belt terug"},
			{"response_id":"R3","survey":"nps","score":6,"submitted_at":"2026-03-12 10:00","customer_id":"C1"},
			{"response_id":"R4","survey":"nps","score":9,"submitted_at":"2026-03-20 10:00","customer_id":"C1","comment":"<img src=x onerror=alert(1)>"}]`},
	} {
		s.post(t, r.path, r.body)
	}
	sv := &cx.Survey{Kind: cx.SurveyNPS, Name: "NPS na contact", QuestionNL: "Hoe waarschijnlijk is het dat u ons aanbeveelt?",
		QuestionEN: "How likely are you to recommend us?", FollowUpLowNL: "Wat ging er mis?", FollowUpLowEN: "What went wrong?",
		FollowUpHighNL: "Wat ging er goed?", FollowUpHighEN: "What went well?", Active: true}
	if err := s.app.CreateSurvey(context.Background(), sv); err != nil {
		t.Fatal(err)
	}
	var inv struct{ Invitations []struct{ URL string } }
	body := s.post(t, "/api/v1/invitations", fmt.Sprintf(`{"survey_id":%d,"customer_id":"C1","channel":"web"}`, sv.ID))
	if err := json.Unmarshal([]byte(body), &inv); err != nil || len(inv.Invitations) != 1 || inv.Invitations[0].URL == "" {
		t.Fatalf("web invitation: no link in %s (%v)", body, err)
	}
	s.survey = strings.TrimPrefix(inv.Invitations[0].URL, s.url)
}

func (s *site) post(t *testing.T, path, body string) string {
	t.Helper()
	req, err := http.NewRequest("POST", s.url+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+s.write)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d %s", path, res.StatusCode, b)
	}
	return string(b)
}
