package web

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestWhyAPIVisibility: a manager sees every text of March in oaIngest's records — r1 "Snel
// geholpen" (Anna's), r5 "Te duur" (no agent) and the mention x1 — an agent their own answers
// only: r1, no mentions, whatever agent the URL names in their stead.
func TestWhyAPIVisibility(t *testing.T) {
	a := oaApp(t)
	oaIngest(t, a)
	ctx, now := context.Background(), time.Now()
	s := New(Options{App: a, Log: slog.New(slog.DiscardHandler)})
	users := 0
	session := func(role, agent string) string {
		users++
		u, err := a.CreateUser(ctx, fmt.Sprintf("user%d@example.com", users), "correct horse battery", role, agent, "", now)
		if err != nil {
			t.Fatal(err)
		}
		plain, hash := auth.NewSessionSecret()
		if err := a.CreateSession(ctx, &cx.Session{Hash: hash, UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		return plain
	}
	for _, tt := range []struct {
		name, cookie, query string
		status, texts       int
		agent               string // the filter the answer names
	}{
		{"manager", session(cx.RoleManager, ""), "", 200, 3, ""},
		{"manager, one agent", session(cx.RoleManager, "x"), "&agent=anna", 200, 1, "anna"},
		{"agent", session(cx.RoleAgent, "Anna"), "", 200, 1, "Anna"},
		{"agent naming themself", session(cx.RoleAgent, "anna"), "&agent=Anna", 200, 1, "anna"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest("GET", "/api/v1/why?from=2026-03-01&to=2026-04-01"+tt.query, nil)
			req.AddCookie(&http.Cookie{Name: sessionCookie, Value: tt.cookie})
			rec := httptest.NewRecorder()
			s.Handler().ServeHTTP(rec, req)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			if tt.status != 200 {
				return
			}
			var doc struct {
				Texts  int               `json:"texts"`
				Filter map[string]string `json:"filter"`
				From   string            `json:"previous_from"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			if doc.Texts != tt.texts || doc.Filter["agent"] != tt.agent || doc.From != "2026-01-29" {
				t.Errorf("texts %d, filter %v, previous from %s; want %d, agent %q, 2026-01-29", doc.Texts, doc.Filter, doc.From, tt.texts, tt.agent)
			}
		})
	}
}
