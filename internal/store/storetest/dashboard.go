package storetest

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// RecordsAndDashboard is a store of records that serves the dashboard: the feedback stream reads
// the records Begin and Put wrote.
type RecordsAndDashboard interface {
	store.Store
	store.Dashboard
}

// Dashboard runs the contract of store.Dashboard; open returns a new, empty store.
func Dashboard(t *testing.T, open func(t *testing.T) RecordsAndDashboard) {
	tests := []struct {
		name string
		test func(*testing.T, RecordsAndDashboard)
	}{
		{"feedback", testFeedback},
		{"feedback by own scale", testFeedbackScales},
		{"settings", testSettings},
		{"record", testRecord},
		{"ticket records", testTicketRecords},
		{"customer list", testCustomerList},
		{"names fold as cx.NameKey", testNamesFoldAsNameKey},
		{"names sort as a Dutch reader expects", testNamesSortInDutchOrder},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.test(t, open(t)) })
	}
}

// morning is 10 o'clock on day d of March 2026.
func morning(d int) time.Time { return on(d, 10, 0) }

func testFeedback(t *testing.T, s RecordsAndDashboard) {
	ctx := context.Background()
	Put(t, s, FeedbackRecords()...)
	q := FeedbackBase()
	for _, tt := range FeedbackCases() {
		t.Run(tt.Name, func(t *testing.T) {
			q := q
			tt.Change(&q)
			items, err := s.Feedback(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if items == nil {
				t.Error("Feedback = nil, want a slice")
			}
			var ids []string
			for _, it := range items {
				ids = append(ids, it.ID)
			}
			if got := strings.Join(ids, " "); got != tt.Want {
				t.Errorf("ids %q, want %q", got, tt.Want)
			}
		})
	}

	t.Run("an unknown filter", func(t *testing.T) {
		f := q
		f.Filter = map[string]string{"country": "NL"}
		_, err := s.Feedback(ctx, f)
		wantCode(t, "Feedback", err, cx.EINVALID)
		f = q
		f.Sentiment = "angry"
		_, err = s.Feedback(ctx, f)
		wantCode(t, "Feedback by sentiment", err, cx.EINVALID)
	})

	t.Run("details", func(t *testing.T) {
		items, err := s.Feedback(ctx, q)
		if err != nil || len(items) != 4 {
			t.Fatalf("Feedback = %d items, %v; want 4", len(items), err)
		}
		three, five, nine := 3, 5, 9
		want := []store.FeedbackItem{
			{Kind: cx.KindMentions, ID: "N1", At: morning(5), Text: "Snel!", Source: "X", Author: "@jan", URL: "https://x.com/jan/1",
				Sentiment: ref(0.3)},
			{Kind: cx.KindResponses, ID: "R4", At: morning(5), Survey: "nps", Score: &nine, Text: "Prima", Language: "nl",
				Team: " Fietsen ", CustomerID: "C1", Sentiment: ref(0.05)},
			{Kind: cx.KindResponses, ID: "R2", At: morning(3), Survey: "csat", Score: &five, Text: "Top", Channel: "chat",
				RepliedAt: morning(4), Sentiment: ref(0.8)},
			// Channel, team, agent and customer from the ticket.
			{Kind: cx.KindResponses, ID: "R1", At: morning(2), Survey: "nps", Score: &three, Text: "Te laat",
				Channel: "Email", Team: "Service", Agent: "Anna", CustomerID: "C1", TicketID: "T1", Sentiment: ref(-0.5)},
		}
		for i := range want {
			if !reflect.DeepEqual(items[i], want[i]) {
				t.Errorf("item %d = %+v\nwant %+v", i, items[i], want[i])
			}
		}
	})
}

func testSettings(t *testing.T, s RecordsAndDashboard) {
	ctx := context.Background()
	if got, err := s.Settings(ctx); err != nil || got == nil || len(got) != 0 {
		t.Errorf("Settings of a new store = %#v, %v; want an empty map", got, err)
	}
	steps := []struct{ key, value string }{
		{"target.nps", "40"},
		{"target.nps", "45"}, // replaces
		{"target.csat", "80"},
		{"target.csat", ""}, // removes
		{"target.ces", ""},  // removing what is not there
		{"sla.first_response.Service", "3600"},
	}
	for _, st := range steps {
		if err := s.SetSetting(ctx, st.key, st.value); err != nil {
			t.Fatalf("SetSetting(%q, %q): %v", st.key, st.value, err)
		}
	}
	want := map[string]string{"target.nps": "45", "sla.first_response.Service": "3600"}
	if got, err := s.Settings(ctx); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Settings = %v, %v; want %v", got, err, want)
	}
	// Several at once, as a form sends them: one replaced, one removed, one new, one removed
	// that is not there.
	// It returns what the keys held: the removed and the new key as none.
	was, err := s.SetSettings(ctx, map[string]string{"target.nps": "50", "sla.first_response.Service": "",
		"target.csat": "85", "target.ces": ""})
	if err != nil {
		t.Fatalf("SetSettings: %v", err)
	}
	if want := map[string]string{"target.nps": "45", "sla.first_response.Service": "3600"}; !reflect.DeepEqual(was, want) {
		t.Errorf("SetSettings returned %v as what the keys held, want %v", was, want)
	}
	want = map[string]string{"target.nps": "50", "target.csat": "85"}
	if got, err := s.Settings(ctx); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Settings after SetSettings = %v, %v; want %v", got, err, want)
	}
	if was, err := s.SetSettings(ctx, map[string]string{}); err != nil || len(was) != 0 {
		t.Errorf("SetSettings of none: %v, %v", was, err)
	}
}

func testRecord(t *testing.T, s RecordsAndDashboard) {
	ctx := context.Background()
	recs := []cx.Record{
		&cx.Customer{ID: "C1", AcquiredAt: morning(1), Segment: "Zakelijk", Attrs: cx.Attrs{"regio": "Noord"}},
		&cx.Response{ID: "R2", Survey: "csat", Score: 5, SubmittedAt: morning(3), Comment: "Top", Channel: "chat", RepliedAt: morning(4),
			Sentiment: ref(0.8)},
		&cx.Mention{ID: "N1", Source: "X", At: morning(5), Text: "Snel!"},
	}
	Put(t, s, recs...)
	for _, want := range recs {
		t.Run(cx.String(want), func(t *testing.T) {
			got, err := s.Record(ctx, want.RecordKind(), want.Key())
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("Record = %+v, %v; want %+v", got, err, want)
			}
		})
	}
	_, err := s.Record(ctx, cx.KindResponses, "nope")
	wantCode(t, "Record of an unknown key", err, cx.ENOTFOUND)
	_, err = s.Record(ctx, cx.KindMentions, "R2")
	wantCode(t, "Record of another kind's key", err, cx.ENOTFOUND)
	_, err = s.Record(ctx, cx.Kind("complaints"), "R2")
	wantCode(t, "Record of an unknown kind", err, cx.EINVALID)
}
