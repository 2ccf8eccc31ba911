package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestServeJudgesKPIRules: `serve` judges the rules on a KPI's course in the background. The
// NPS of last week (Monday to Sunday in Amsterdam, before now) fell from 40 to −20 on 100
// answers each (z = −6): the rule made before the start posts to its webhook once. (Started
// in the first seconds of a Monday, the weeks could shift under the test; it says so.)
func TestServeJudgesKPIRules(t *testing.T) {
	ctx := context.Background()
	p := newProject(t)
	var mu sync.Mutex
	var posts []string
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct{ Text string }
		json.NewDecoder(r.Body).Decode(&body)
		mu.Lock()
		posts = append(posts, body.Text)
		mu.Unlock()
		w.Write([]byte("ok"))
	}))
	t.Cleanup(receiver.Close)

	cfg := config.Default()
	now := time.Now().In(cfg.Timezone)
	y, m, d := now.Date()
	thisMonday := time.Date(y, m, d-(int(now.Weekday())+6)%7, 0, 0, 0, 0, cfg.Timezone)
	a, err := app.Open(ctx, p.db, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var recs []cx.Record
	week := func(monday time.Time, promoters, passives, detractors int) {
		for i := range promoters + passives + detractors {
			score := map[bool]int{true: 10, false: 8}[i < promoters]
			if i >= promoters+passives {
				score = 2
			}
			recs = append(recs, &cx.Response{ID: fmt.Sprintf("R%s-%d", monday.Format("0102"), i), Survey: cx.SurveyNPS,
				Score: score, SubmittedAt: monday.Add(36*time.Hour + time.Duration(i)*time.Minute)})
		}
	}
	week(thisMonday.AddDate(0, 0, -14), 50, 40, 10)
	week(thisMonday.AddDate(0, 0, -7), 20, 40, 40)
	if _, err := a.Ingest(ctx, recs); err != nil {
		t.Fatal(err)
	}
	if err := a.CreateAlertRule(ctx, &cx.AlertRule{Name: "NPS zakt", Condition: cx.AlertSignificantFall, Metric: "nps",
		Period: "week", Lang: "nl", Webhook: receiver.URL, WebhookFormat: "slack", Active: true}); err != nil {
		t.Fatal(err)
	}
	a.Close()

	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	t.Setenv("KLANTPULS_ADMIN_EMAIL", "admin@example.com")
	t.Setenv("KLANTPULS_ADMIN_PASSWORD", "a long enough password")
	runCtx, cancel := context.WithCancel(ctx)
	var errOut strings.Builder
	done := make(chan int, 1)
	go func() {
		done <- run(runCtx, []string{"--db", p.db, "serve", "--addr", addr}, &strings.Builder{}, &syncWriter{w: &errOut})
	}()
	deadline := time.Now().Add(20 * time.Second)
	for {
		mu.Lock()
		n := len(posts)
		mu.Unlock()
		if n > 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("serve: exit %d", code)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(posts) != 1 || !strings.Contains(posts[0], "NPS zakt: NPS significant gedaald") || !strings.Contains(posts[0], ": −20; vorige periode") {
		t.Errorf("posts %q (a run started at Monday 00:00 may straddle the week)\nlogs:\n%s", posts, errOut.String())
	}
}
