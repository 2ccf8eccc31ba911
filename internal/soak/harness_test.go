package soak

import (
	"context"
	"maps"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// The checks of the soak must be able to fail. These tests feed them known mismatches; they
// run in `make test` (no server, no KLANTPULS_SOAK).

func TestReconcileNamesEveryMismatch(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "reconcile.db")
	a, err := app.Open(ctx, db, config.Default())
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	ticket := func(id string, version string) cx.Record {
		return &cx.Ticket{ID: id, CreatedAt: at, Attrs: cx.Attrs{versionAttr: version}}
	}
	if _, err := a.Ingest(ctx, []cx.Record{ticket("T-ok", "2"), ticket("T-old", "1"), ticket("T-extra", "1"), ticket("T-refused", "1")}); err != nil {
		t.Fatal(err)
	}
	a.Close()

	r := &run{db: db, ledger: newLedger()}
	r.ledger.ack(cx.KindTickets, []sent{{"T-ok", 2}, {"T-old", 2}, {"T-missing", 1}}, true)
	r.ledger.refuse(cx.KindTickets, []sent{{"T-refused", 1}})
	r.reconcile()

	want := []string{
		"tickets: 1 acknowledged but not stored: [T-missing]",
		"tickets: 1 stored but never acknowledged: [T-extra]",
		"tickets: 1 stored with another version than the last acknowledged: [T-old v1 (want v2)]",
		"tickets: 1 stored although refused: [T-refused]",
	}
	if got := strings.Join(r.failures, "\n"); got != strings.Join(want, "\n") {
		t.Errorf("failures:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
	row := r.kindRows[0]
	if row.kind != cx.KindTickets || row.stored != 4 || row.viaAPI != 3 || row.missing != 1 || row.extra != 1 || row.wrong != 1 || row.refusedStored != 1 {
		t.Errorf("tickets row %+v", row)
	}
}

func TestMemoryCheck(t *testing.T) {
	// Ten minutes sampled every 10 s from 40 MiB; the warm-up ends at 2 minutes.
	const base = 40 * mib
	tests := []struct {
		name   string
		sample func(i int) sample // i: the sample's number, 10 s apart
		fails  []string           // the start of each failure
	}{
		{"flat", func(i int) sample { return sample{rss: base, records: 1000, goroutines: 16} }, nil},
		{"growth the records explain", func(i int) sample {
			records := int64(1000 + 500*i) // 30,000 records more by the end, 250 B each
			return sample{rss: base + 250*records, records: records, goroutines: 16}
		}, nil},
		// The baseline is the median of 2 to 5 minutes: 47 MiB at 3:30; 60 MiB at the end is more
		// than 47 × 1.25 = 58.75, and 2 MiB a minute more than 1% of 47 MiB.
		{"a leak of 2 MiB a minute", func(i int) sample { return sample{rss: base + int64(i)*mib/3, records: 1000, goroutines: 16} },
			[]string{"memory: RSS 60.0 MiB at the end", "memory: over the second half"}},
		{"leaking goroutines", func(i int) sample { return sample{rss: base, records: 1000, goroutines: 16 + int64(i)} },
			[]string{"memory: 76 goroutines at the end, 37 after warm-up"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &run{cfg: settings{duration: 10 * time.Minute, warmup: 2 * time.Minute}}
			for i := 0; i <= 60; i++ {
				s := tt.sample(i)
				s.at = time.Duration(i) * 10 * time.Second
				r.samples = append(r.samples, s)
			}
			r.checkMemory()
			if len(r.failures) != len(tt.fails) {
				t.Fatalf("failures %q, want %d starting %q", r.failures, len(tt.fails), tt.fails)
			}
			for i, f := range tt.fails {
				if !strings.HasPrefix(r.failures[i], f) {
					t.Errorf("failure %q, want it to start %q", r.failures[i], f)
				}
			}
		})
	}
}

func TestRetryAfter(t *testing.T) {
	tests := []struct {
		value string
		want  time.Duration
		ok    bool
	}{
		{"3", 3 * time.Second, true},
		{"0", 0, true},
		{"", 0, false},
		{"soon", 0, false},
		{"Wed, 21 Oct 2015 07:28:00 GMT", 0, true}, // a date in the past: at once
	}
	for _, tt := range tests {
		got, ok := retryAfter(http.Header{"Retry-After": {tt.value}})
		if got != tt.want || ok != tt.ok {
			t.Errorf("Retry-After %q: %v %v, want %v %v", tt.value, got, ok, tt.want, tt.ok)
		}
	}
}

func TestReportCounts(t *testing.T) {
	body := `{"groups":[{"key":null,"metrics":{"nps":{"n":3},"csat":{"n":4},"ces":{"n":5},
		"tickets":{"created":7,"solved":2},"churn":{"new":11},"clv":{"orders":13},"feedback_response":{"n":17}}}]}`
	got, err := reportCounts([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"tickets": 7, "responses": 12, "customers": 11, "orders": 13, "feedback": 17}
	if !maps.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if _, err := seriesCounts([]byte(`{"points":[]}`)); err == nil {
		t.Error("a series without points was accepted")
	}
	if _, err := reportCounts(nil); err == nil {
		t.Error("an empty body was accepted as a report")
	}
}
