package alert

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/hook"
	"github.com/klantpuls/klantpuls/internal/mail"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// Planted data: each rule on a KPI's course with one data set where it must fire and one where
// it must stay quiet, the figures worked out by hand in the comments. The clock stands on
// Thursday 3 December 2026, 15:05 in Amsterdam: the last full week is ISO week 48 (Monday 23 –
// Sunday 29 November), the last full month November, the last full hour 14:00–15:00.

var ams = func() *time.Location {
	l, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		panic(err)
	}
	return l
}()

var (
	judgedAt = time.Date(2026, 12, 3, 15, 5, 0, 0, ams)
	week48   = time.Date(2026, 11, 23, 0, 0, 0, 0, ams) // Monday of the last full week
)

// weekOf is the Monday k weeks before week 48 (k = 0: week 48 itself).
func weekOf(k int) time.Time { return week48.AddDate(0, 0, -7*k) }

// npsWeek plants answers on the Tuesday of the week from monday: p promoters (10), q passives
// (8) and d detractors (3), for team.
func npsWeek(monday time.Time, team string, p, q, d int) []cx.Record {
	var out []cx.Record
	add := func(n, score int) {
		for range n {
			at := monday.AddDate(0, 0, 1).Add(10*time.Hour + time.Duration(len(out))*time.Minute)
			out = append(out, &cx.Response{ID: fmt.Sprintf("N-%s-%s-%d", team, monday.Format("0102"), len(out)),
				Survey: cx.SurveyNPS, Score: score, SubmittedAt: at, Team: team})
		}
	}
	add(p, 10)
	add(q, 8)
	add(d, 3)
	return out
}

// csatWeek plants pos positive (5) and neg negative (1) CSAT answers in the week from monday.
func csatWeek(monday time.Time, pos, neg int) []cx.Record {
	var out []cx.Record
	for i := range pos + neg {
		score := 5
		if i >= pos {
			score = 1
		}
		out = append(out, &cx.Response{ID: fmt.Sprintf("C-%s-%d", monday.Format("0102"), i), Survey: cx.SurveyCSAT,
			Score: score, SubmittedAt: monday.AddDate(0, 0, 2).Add(11*time.Hour + time.Duration(i)*time.Minute)})
	}
	return out
}

// ticketsAt plants n tickets created in the hour from start.
func ticketsAt(start time.Time, n int) []cx.Record {
	var out []cx.Record
	for i := range n {
		out = append(out, &cx.Ticket{ID: fmt.Sprintf("T-%s-%d", start.Format("0102T15"), i),
			CreatedAt: start.Add(time.Duration(i) * time.Minute), Team: "Retour"})
	}
	return out
}

// frtWeek plants 11 tickets created on the Tuesday of the week from monday, 10:00 onwards (in
// office hours, so business time is wall time): 9 answered after fast minutes, 2 after slow.
// Sorted, the p90 is at rank h = 10·0.9 = 9: the first of the slow ones, slow minutes.
func frtWeek(monday time.Time, fast, slow int) []cx.Record {
	var out []cx.Record
	for i := range 11 {
		wait := fast
		if i >= 9 {
			wait = slow
		}
		created := monday.AddDate(0, 0, 1).Add(10*time.Hour + time.Duration(i)*time.Minute)
		out = append(out, &cx.Ticket{ID: fmt.Sprintf("F-%s-%d", monday.Format("0102"), i), CreatedAt: created,
			FirstReplyAt: created.Add(time.Duration(wait) * time.Minute)})
	}
	return out
}

// transferWeek plants n tickets solved on the Wednesday of the week from monday, moved of them
// transferred.
func transferWeek(monday time.Time, n, moved int) []cx.Record {
	var out []cx.Record
	for i := range n {
		tr := 0
		if i < moved {
			tr = 1
		}
		created := monday.AddDate(0, 0, 2).Add(10*time.Hour + time.Duration(i)*time.Minute)
		out = append(out, &cx.Ticket{ID: fmt.Sprintf("TR-%s-%d", monday.Format("0102"), i), CreatedAt: created,
			FirstReplyAt: created.Add(5 * time.Minute), SolvedAt: created.Add(time.Hour), Transfers: &tr})
	}
	return out
}

// ofTeam moves planted tickets to team, under ids of their own.
func ofTeam(team string, recs []cx.Record) []cx.Record {
	for _, r := range recs {
		t := r.(*cx.Ticket)
		t.ID, t.Team = team+"-"+t.ID, team
	}
	return recs
}

// receiver is a webhook endpoint answering as the chat service of its format documents.
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	bodies []map[string]any
}

func newReceiver(t *testing.T, format string) *receiver {
	r := &receiver{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		var body map[string]any
		data, _ := io.ReadAll(req.Body)
		if req.Method != http.MethodPost || req.Header.Get("Content-Type") != "application/json" || json.Unmarshal(data, &body) != nil {
			http.Error(w, "invalid_payload", http.StatusBadRequest)
			return
		}
		r.mu.Lock()
		r.bodies = append(r.bodies, body)
		r.mu.Unlock()
		switch format {
		case hook.FormatTeams:
			// A Teams Workflows webhook ("When a Teams webhook request is received") accepts
			// the message and posts it later: 202 Accepted, no body.
			// https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook
			w.WriteHeader(http.StatusAccepted)
		default:
			// Slack answers an incoming webhook 200 with the body "ok".
			// https://api.slack.com/messaging/webhooks#handling_errors
			w.Header().Set("Content-Type", "text/plain")
			io.WriteString(w, "ok")
		}
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) received() []map[string]any {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]map[string]any(nil), r.bodies...)
}

// world is a real klantpuls (SQLite file, engine) with planted records and a service judging
// its KPI rules at judgedAt.
type world struct {
	app *app.App
	svc *Service
	now time.Time
}

func plant(t *testing.T, recs []cx.Record, settings map[string]string, sender mail.Sender) *world {
	t.Helper()
	ctx := context.Background()
	a, err := app.Open(ctx, sqlitetest.New(t), config.Default())
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
	for k, v := range settings {
		if err := a.SetSetting(ctx, k, v); err != nil {
			t.Fatal(err)
		}
	}
	w := &world{app: a, now: judgedAt}
	w.svc = New(Service{Rules: a, Course: a, Mail: sender, Hook: &hook.Hook{Retries: -1}, BaseURL: "https://klantpuls.example.nl",
		Location: ams, Currency: "EUR", Now: func() time.Time { return w.now },
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	return w
}

// rule stores a validated rule posting to hook in format.
func (w *world) rule(t *testing.T, r cx.AlertRule, hookURL, format string) *cx.AlertRule {
	t.Helper()
	r.Name, r.Webhook, r.WebhookFormat, r.Active = "Bewaking", hookURL, format, true
	if err := ValidateRule(&r, nil); err != nil {
		t.Fatal(err)
	}
	if err := w.app.CreateAlertRule(context.Background(), &r); err != nil {
		t.Fatal(err)
	}
	return &r
}

func concat(parts ...[]cx.Record) []cx.Record {
	var out []cx.Record
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// volumeHistory plants, for each of weeks weeks before, n tickets on Thursday 14:00–15:00.
func volumeHistory(weeks int, n ...int) []cx.Record {
	var out []cx.Record
	for k := 1; k <= weeks; k++ {
		out = append(out, ticketsAt(time.Date(2026, 12, 3, 14, 0, 0, 0, ams).AddDate(0, 0, -7*k), n[(k-1)%len(n)])...)
	}
	return out
}

func TestCourseRulesOnPlantedData(t *testing.T) {
	// The 8 weeks before week 48 (weeks 40–47) of 10 NPS answers each, NPS 10 30 20 40 0 20 30
	// 10: mean 20, squared deviations 100 100 0 400 400 0 100 100 = 1200, σ = √(1200/7) =
	// 13.093, lower limit 20 − 39.279 = −19.279.
	history := [][3]int{{2, 7, 1}, {3, 7, 0}, {2, 8, 0}, {4, 6, 0}, {1, 8, 1}, {2, 8, 0}, {3, 7, 0}, {2, 7, 1}}
	control := func(last [3]int) []cx.Record {
		var out []cx.Record
		for i, h := range history {
			out = append(out, npsWeek(weekOf(8-i), "Retour", h[0], h[1], h[2])...)
		}
		return append(out, npsWeek(week48, "Retour", last[0], last[1], last[2])...)
	}
	// First response, weeks 40–47: 9 tickets at 10 minutes and 2 at 30 40 35 45 25 35 40 30
	// minutes, so the p90s are those: mean 35, squared deviations 25 25 0 100 100 0 25 25 = 300,
	// σ = √(300/7) = 6.547 min, upper limit 35 + 19.640 = 54.64 min. The means are (90 + 2·slow)/11:
	// their mean is 14.545 min, σ 6.547·2/11 = 1.190, upper limit 18.116 min.
	slow := []int{30, 40, 35, 45, 25, 35, 40, 30}
	frt := func(fast, last int) []cx.Record {
		var out []cx.Record
		for i, d := range slow {
			out = append(out, frtWeek(weekOf(8-i), 10, d)...)
		}
		return append(out, frtWeek(week48, fast, last)...)
	}
	cases := []struct {
		name    string
		rule    cx.AlertRule
		recs    []cx.Record
		targets map[string]string
		fires   bool
		says    []string // in the webhook's text when it fires
	}{
		// Week 47: 100 answers, 50 promoters and 10 detractors (NPS 40); week 48: 20 and 40
		// (NPS −20). var 0.6 − 0.16 = 0.44 and 0.6 − 0.04 = 0.56; se = 100·√(0.0044 + 0.0056) =
		// 10; z = −6: p ≈ 2·10⁻⁹.
		{"significant fall: NPS 40 → −20 on 100 answers each", cx.AlertRule{Condition: cx.AlertSignificantFall, Metric: "nps", Team: "Retour"},
			concat(npsWeek(weekOf(1), "Retour", 50, 40, 10), npsWeek(week48, "Retour", 20, 40, 40)), nil, true,
			[]string{"NPS significant gedaald", "week 48", "−20", "40", "p &lt; 0,001", "z-toets voor de NPS", "team Retour"}},
		// Week 48: 45 promoters, 12 detractors (NPS 33): var 0.57 − 0.1089 = 0.4611; se =
		// 100·√(0.004611 + 0.0044) = 9.49; z = −7/9.49 = −0.74, p = 0.46: not significant.
		{"significant fall: NPS 40 → 33 is noise", cx.AlertRule{Condition: cx.AlertSignificantFall, Metric: "nps", Team: "Retour"},
			concat(npsWeek(weekOf(1), "Retour", 50, 40, 10), npsWeek(week48, "Retour", 45, 43, 12)), nil, false, nil},
		{"significant fall: another team's fall is not this team's", cx.AlertRule{Condition: cx.AlertSignificantFall, Metric: "nps", Team: "Verkoop"},
			concat(npsWeek(weekOf(1), "Retour", 50, 40, 10), npsWeek(week48, "Retour", 20, 40, 40),
				npsWeek(weekOf(1), "Verkoop", 50, 40, 10), npsWeek(week48, "Verkoop", 50, 40, 10)), nil, false, nil},
		// Transfers, where lower is better, 5 → 40 of 100: pooled p 0.225, se √(0.225·0.775·0.02)
		// = 0.0591, z = 5.93. It got worse by rising: "fell" was said of it; the change is in
		// points, not "+35,0%".
		{"significant fall: the transfer rate rises 5% → 40%", cx.AlertRule{Condition: cx.AlertSignificantFall, Metric: "transfers"},
			concat(transferWeek(weekOf(1), 100, 5), transferWeek(week48, 100, 40)), nil, true,
			[]string{"significant gestegen", ": 40,0%;", ": 5,0%;", "verschil +35,0 procentpunt", "p &lt; 0,001"}},
		// CSAT target 80%: weeks 47 and 48 at 7 of 10 positive (70%).
		{"below target: CSAT 70% twice under 80%", cx.AlertRule{Condition: cx.AlertBelowTarget, Metric: "csat"},
			concat(csatWeek(weekOf(1), 7, 3), csatWeek(week48, 7, 3)), map[string]string{"target.csat": "80"}, true,
			[]string{"week 47 (16 nov 2026 – 22 nov 2026): 70,0%", "week 48 (23 nov 2026 – 29 nov 2026): 70,0%", "doel 80,0%", "2 weken op rij"}},
		// First response, where lower is better: a mean of (9·20 + 2·30)/11 = 21.8 min both weeks
		// against a target of 0.1 h: it misses the target by lying above it.
		{"below target: a first response above its 6 minutes", cx.AlertRule{Condition: cx.AlertBelowTarget, Metric: "first_response"},
			concat(frtWeek(weekOf(1), 20, 30), frtWeek(week48, 20, 30)), map[string]string{"target.first_response": "0.1"}, true,
			[]string{"Eerste reactietijd boven het doel, 2 weken op rij", "doel 6 m", "22 m"}},
		{"below target: week 48 at 90% meets it", cx.AlertRule{Condition: cx.AlertBelowTarget, Metric: "csat"},
			concat(csatWeek(weekOf(1), 7, 3), csatWeek(week48, 9, 1)), map[string]string{"target.csat": "80"}, false, nil},
		{"below target: no target set", cx.AlertRule{Condition: cx.AlertBelowTarget, Metric: "csat"},
			concat(csatWeek(weekOf(1), 7, 3), csatWeek(week48, 7, 3)), nil, false, nil},
		// Week 48: 0 promoters, 4 detractors of 10: NPS −40, below −19.279.
		{"control limit: NPS −40 below mean − 3σ", cx.AlertRule{Condition: cx.AlertControlLimit, Metric: "nps", Team: "Retour"},
			control([3]int{0, 6, 4}), nil, true, []string{"−40", "−19", "gemiddelde 20", "σ 13"}},
		// Week 48: 0 promoters, 1 detractor: NPS −10, within the limit.
		{"control limit: NPS −10 within", cx.AlertRule{Condition: cx.AlertControlLimit, Metric: "nps", Team: "Retour"},
			control([3]int{0, 9, 1}), nil, false, nil},
		// Week 48: 9 at 5 minutes, 2 at 60: the p90 is 60 min, above 54.64; the mean (45 + 120)/11
		// = 15 min stays under its limit of 18.116.
		{"control limit: first response p90 of 1 hour above its limit", cx.AlertRule{Condition: cx.AlertControlLimit, Metric: "first_response", Figure: "p90"},
			frt(5, 60), nil, true, []string{"Eerste reactietijd (p90) buiten de regelgrens", ": 1 u 00 m, boven 55 m", "gemiddelde 35 m"}},
		{"control limit: … while its mean is within", cx.AlertRule{Condition: cx.AlertControlLimit, Metric: "first_response"},
			frt(5, 60), nil, false, nil},
		{"control limit: a p90 of 50 minutes is within", cx.AlertRule{Condition: cx.AlertControlLimit, Metric: "first_response", Figure: "p90"},
			frt(10, 50), nil, false, nil},
		// Thursdays 14:00–15:00 of the 8 weeks before: 4 6 5 5 4 6 5 5, mean 5; 150% is 7.5.
		{"volume spike: 8 tickets against a usual 5", cx.AlertRule{Condition: cx.AlertVolumeSpike, MinCount: 5},
			concat(volumeHistory(8, 4, 6, 5, 5), ticketsAt(time.Date(2026, 12, 3, 14, 0, 0, 0, ams), 8)), nil, true,
			[]string{"14:00–15:00", ": 8 (160%", "van het gebruikelijke 5,0", "8 eerdere weken"}},
		// Retour spikes (8 against 5); Verkoop has its usual 5.
		{"volume spike: another team's spike is not this team's", cx.AlertRule{Condition: cx.AlertVolumeSpike, MinCount: 5, Team: "Verkoop"},
			concat(volumeHistory(8, 4, 6, 5, 5), ticketsAt(time.Date(2026, 12, 3, 14, 0, 0, 0, ams), 8),
				ofTeam("Verkoop", concat(volumeHistory(8, 5), ticketsAt(time.Date(2026, 12, 3, 14, 0, 0, 0, ams), 5)))), nil, false, nil},
		{"volume spike: … while Retour's fires", cx.AlertRule{Condition: cx.AlertVolumeSpike, MinCount: 5, Team: "Retour"},
			concat(volumeHistory(8, 4, 6, 5, 5), ticketsAt(time.Date(2026, 12, 3, 14, 0, 0, 0, ams), 8),
				ofTeam("Verkoop", concat(volumeHistory(8, 5), ticketsAt(time.Date(2026, 12, 3, 14, 0, 0, 0, ams), 5)))), nil, true,
			[]string{"tickets, team Retour, 3 dec 2026 14:00–15:00: 8 (160%"}},
		{"volume spike: 7 tickets is 140%", cx.AlertRule{Condition: cx.AlertVolumeSpike, MinCount: 5},
			concat(volumeHistory(8, 4, 6, 5, 5), ticketsAt(time.Date(2026, 12, 3, 14, 0, 0, 0, ams), 7)), nil, false, nil},
		{"volume spike: 3 weeks of history are too few", cx.AlertRule{Condition: cx.AlertVolumeSpike, MinCount: 5},
			concat(volumeHistory(3, 1), ticketsAt(time.Date(2026, 12, 3, 14, 0, 0, 0, ams), 40)), nil, false, nil},
		{"volume spike: 3 against a usual 1 is under the minimum", cx.AlertRule{Condition: cx.AlertVolumeSpike},
			concat(volumeHistory(8, 1), ticketsAt(time.Date(2026, 12, 3, 14, 0, 0, 0, ams), 3)), nil, false, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			slack := newReceiver(t, hook.FormatSlack)
			w := plant(t, tc.recs, tc.targets, nil)
			w.rule(t, tc.rule, slack.URL, hook.FormatSlack)
			fired, delivered, err := w.svc.Judge(ctx)
			if err != nil {
				t.Fatal(err)
			}
			want := map[bool]int{true: 1, false: 0}[tc.fires]
			if fired != want || delivered != want || len(slack.received()) != want {
				t.Fatalf("fired %d, delivered %d, %d posts; want %d", fired, delivered, len(slack.received()), want)
			}
			if !tc.fires {
				return
			}
			text, _ := slack.received()[0]["text"].(string)
			t.Log(text)
			for _, s := range tc.says {
				if !strings.Contains(text, s) {
					t.Errorf("the alert does not say %q:\n%s", s, text)
				}
			}
			if !strings.Contains(text, "https://klantpuls.example.nl/") || !strings.Contains(text, "period=custom") {
				t.Errorf("no link to the dashboard view:\n%s", text)
			}
			// A second check of the same period, ten minutes on, sends nothing again.
			w.now = w.now.Add(10 * time.Minute)
			if fired, delivered, err := w.svc.Judge(ctx); err != nil || fired != 0 || delivered != 0 || len(slack.received()) != 1 {
				t.Errorf("second check: fired %d, delivered %d, %d posts, %v; want nothing new", fired, delivered, len(slack.received()), err)
			}
		})
	}
}

// TestVolumeSpikeInTheOctoberNight judges both 02:00 hours of the night summer time ends
// (Sunday 25 October 2026: 02:00 CEST is 00:00 UTC, 02:00 CET is 01:00 UTC) as the two hours
// they are: the Sundays 02:00–03:00 of the 8 weeks before had 5 tickets each, and each of the
// two hours has 8 (160%). Each fires under its own key with its own count, not 16.
func TestVolumeSpikeInTheOctoberNight(t *testing.T) {
	first := time.Date(2026, 10, 25, 0, 0, 0, 0, time.UTC)
	at := func(start time.Time, tag string, n int) []cx.Record {
		var out []cx.Record
		for i := range n {
			out = append(out, &cx.Ticket{ID: fmt.Sprintf("N-%s-%d", tag, i), CreatedAt: start.Add(time.Duration(i) * time.Minute), Team: "Retour"})
		}
		return out
	}
	var recs []cx.Record
	for k := 1; k <= 8; k++ {
		recs = append(recs, at(time.Date(2026, 10, 25, 2, 0, 0, 0, ams).AddDate(0, 0, -7*k), fmt.Sprint("w", k), 5)...)
	}
	recs = append(recs, at(first, "cest", 8)...)
	recs = append(recs, at(first.Add(time.Hour), "cet", 8)...)
	slack := newReceiver(t, hook.FormatSlack)
	w := plant(t, recs, nil, nil)
	w.rule(t, cx.AlertRule{Condition: cx.AlertVolumeSpike, MinCount: 5}, slack.URL, hook.FormatSlack)
	for i, now := range []time.Time{first.Add(70 * time.Minute), first.Add(130 * time.Minute)} {
		hour := []string{"02:00–03:00 CEST: 8 (160%", "02:00–03:00 CET: 8 (160%"}[i]
		w.now = now
		fired, _, err := w.svc.Judge(context.Background())
		if err != nil || fired != 1 || len(slack.received()) != i+1 {
			t.Fatalf("check at %s: fired %d, %d posts, %v; want the hour's own alert", now.In(ams), fired, len(slack.received()), err)
		}
		if text, _ := slack.received()[i]["text"].(string); !strings.Contains(text, hour) {
			t.Errorf("check at %s says:\n%s\nwant %q", now.In(ams), text, hour)
		}
	}
}

// TestVolumeSpikeOnePassAWeek: a volume rule reads each of its 9 weeks in one pass over the
// tickets, the hour's count the week's cell of its weekday and hour. b276b4b counted the hour
// in a second pass of its own, for the one night a year (October's) that cell holds two
// hours: 18 passes over every ticket a rule every 10 minutes, twice those of before, on 10
// million tickets. Only a repeated hour takes the second pass.
func TestVolumeSpikeOnePassAWeek(t *testing.T) {
	w := plant(t, concat(volumeHistory(8, 4, 6, 5, 5), ticketsAt(time.Date(2026, 12, 3, 14, 0, 0, 0, ams), 8)), nil, nil)
	slack := newReceiver(t, hook.FormatSlack)
	w.rule(t, cx.AlertRule{Condition: cx.AlertVolumeSpike, MinCount: 5}, slack.URL, hook.FormatSlack)
	e := w.app.Engine()
	before := e.Passes()
	fired, _, err := w.svc.Judge(context.Background())
	if passes := e.Passes() - before; err != nil || fired != 1 || passes != 1+SpikeWeeks {
		t.Errorf("judging Thursday 14:00–15:00: fired %d (%v) in %d passes over the tickets, want 1 in %d (one a week)", fired, err, passes, 1+SpikeWeeks)
	}
}
