package app

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/ingest"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// TestPatchedFiguresFollow: what a patch changes, the engine reports at once, exactly as if the
// record had been imported whole. The calendar is the default: Monday to Friday 09:00–17:00,
// Europe/Amsterdam (CET, UTC+1, in early March 2026). T1 is created Monday 2 March 09:00.
// Figures worked by hand:
//   - solved_at Monday 11:30: resolution 2.5 h = 9,000 s, all of it within hours (business 9,000 s);
//   - solved_at Tuesday 10:00: 25 h = 90,000 s; business Monday 09:00–17:00 (8 h) + Tuesday
//     09:00–10:00 (1 h) = 9 h = 32,400 s;
//   - first_reply_at Monday 10:15: first response 1.25 h = 4,500 s, business 4,500 s;
//   - an agent's message added Monday 16:30 (messages outrank the column): 7.5 h = 27,000 s;
//     that message patched to Tuesday 09:30: 24.5 h = 88,200 s, business 8 h + 0.5 h = 30,600 s.
func TestPatchedFiguresFollow(t *testing.T) {
	created := `{"ticket_id":"T1","created_at":"2026-03-02 09:00","team":"Service"}`
	type figures struct{ resolution, resolutionBiz, first, firstBiz *float64 }
	tests := []struct {
		name    string
		recs    []string // bodies of records, kind first: "tickets {…}"
		patches []cx.Patch
		want    figures // means in seconds; nil: n 0
	}{
		{"solved the same morning",
			nil, []cx.Patch{patchOf(cx.KindTickets, "T1", `{"solved_at":"2026-03-02 11:30"}`)},
			figures{resolution: f(9000), resolutionBiz: f(9000)}},
		{"solved the next morning, the night outside hours",
			nil, []cx.Patch{patchOf(cx.KindTickets, "T1", `{"solved_at":"2026-03-03T10:00:00+01:00"}`)},
			figures{resolution: f(90000), resolutionBiz: f(32400)}},
		{"first reply from the column",
			nil, []cx.Patch{patchOf(cx.KindTickets, "T1", `{"first_reply_at":"2026-03-02 10:15"}`)},
			figures{first: f(4500), firstBiz: f(4500)}},
		{"first reply from a message added, over the column",
			[]string{`{"message_id":"M1","ticket_id":"T1","at":"2026-03-02 16:30","author":"agent"}`},
			[]cx.Patch{patchOf(cx.KindTickets, "T1", `{"first_reply_at":"2026-03-02 10:15"}`)},
			figures{first: f(27000), firstBiz: f(27000)}},
		{"a message patched to the next morning",
			[]string{`{"message_id":"M1","ticket_id":"T1","at":"2026-03-02 16:30","author":"agent"}`},
			[]cx.Patch{patchOf(cx.KindMessages, "M1", `{"at":"2026-03-03 09:30"}`)},
			figures{first: f(88200), firstBiz: f(30600)}},
		{"a patch that adds nothing the figures use",
			nil, []cx.Patch{patchOf(cx.KindTickets, "T1", `{"agent":"Anouk","attrs":{"plaats":"Utrecht"}}`)},
			figures{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			a := openWithConfig(t)
			ticket := read(t, cx.KindTickets, created)
			if _, err := a.Write(ctx, ticket, nil); err != nil {
				t.Fatal(err)
			}
			if err := a.LoadEngine(ctx); err != nil { // the engine is live: Write applies to it
				t.Fatal(err)
			}
			var messages []cx.Record
			for _, body := range tc.recs {
				messages = append(messages, read(t, cx.KindMessages, body)...)
			}
			if _, err := a.Write(ctx, messages, tc.patches); err != nil {
				t.Fatal(err)
			}
			got := marchReport(t, a)
			check := func(what string, d metric.Durations, want *float64) {
				if (want == nil) != (d.N == 0) || want != nil && (d.Mean == nil || *d.Mean != *want) {
					t.Errorf("%s: n %d, mean %s; want %s", what, d.N, shown(d.Mean), shown(want))
				}
			}
			check("resolution", got.Resolution.Calendar, tc.want.resolution)
			check("resolution in business hours", got.Resolution.Business, tc.want.resolutionBiz)
			check("first response", got.FirstResponse.Calendar, tc.want.first)
			check("first response in business hours", got.FirstResponse.Business, tc.want.firstBiz)

			// The same records imported whole into a new database report the same figures.
			whole := openWithConfig(t)
			var all []cx.Record
			for _, kind := range []cx.Kind{cx.KindTickets, cx.KindMessages} {
				a.store.Stream(ctx, kind, func(r cx.Record) error { all = append(all, r); return nil })
			}
			if _, err := whole.Write(ctx, all, nil); err != nil {
				t.Fatal(err)
			}
			if g, w := jsonOf(got), jsonOf(marchReport(t, whole)); g != w {
				t.Errorf("patched:\n%s\nimported whole:\n%s", g, w)
			}
		})
	}
}

// openWithConfig opens an App on a new SQLite file with the default configuration.
func openWithConfig(t *testing.T) *App {
	t.Helper()
	return openFile(t, filepath.Join(t.TempDir(), "klantpuls.db"), nil)
}

// read is a record sent to the API: checked by the same rules, times local to Amsterdam.
func read(t *testing.T, kind cx.Kind, body string) []cx.Record {
	t.Helper()
	recs, err := ingest.Read(kind, config.Default(), []byte(body))
	if err != nil {
		t.Fatalf("%s: %v", body, err)
	}
	return recs
}

// marchReport is the report of March 2026 (Amsterdam), without splits.
func marchReport(t *testing.T, a *App) metric.Set {
	t.Helper()
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	groups, err := a.Report(context.Background(), engine.Query{From: time.Date(2026, 3, 1, 0, 0, 0, 0, ams),
		To: time.Date(2026, 4, 1, 0, 0, 0, 0, ams)})
	if err != nil || len(groups) != 1 {
		t.Fatalf("report: %d groups, %v", len(groups), err)
	}
	return groups[0].Metrics
}

func f(x float64) *float64 { return &x }

func shown(x *float64) string {
	if x == nil {
		return "null"
	}
	b, _ := json.Marshal(*x)
	return string(b)
}
