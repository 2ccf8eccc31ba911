package sqlite

import (
	"context"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

func TestFeedbackSettingsRecord(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	day := func(d int) time.Time { return time.Date(2026, 3, d, 10, 0, 0, 0, time.UTC) }
	put(t, s,
		&cx.Customer{ID: "C1", AcquiredAt: day(1), Segment: "Zakelijk"},
		&cx.Ticket{ID: "T1", CreatedAt: day(1), CustomerID: "C1", Channel: "Email", Agent: "Anna"},
		&cx.Response{ID: "R1", Survey: "nps", Score: 3, SubmittedAt: day(2), TicketID: "T1", Comment: "Te laat"},
		&cx.Response{ID: "R2", Survey: "csat", Score: 5, SubmittedAt: day(3), Comment: "Top", Channel: "chat", RepliedAt: day(4)},
		&cx.Response{ID: "R3", Survey: "csat", Score: 4, SubmittedAt: day(4)}, // no comment: not feedback
		&cx.Mention{ID: "N1", Source: "X", At: day(5), Text: "Snel!"},
	)
	q := store.FeedbackQuery{From: day(1), To: day(10), Limit: 10}
	ids := func(q store.FeedbackQuery) string {
		items, err := s.Feedback(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		out := ""
		for _, it := range items {
			out += it.ID + " "
		}
		return out
	}
	if got := ids(q); got != "N1 R2 R1 " {
		t.Errorf("all feedback, newest first: %q", got)
	}
	f := q
	f.Filter = map[string]string{"channel": "EMAIL"}
	if got := ids(f); got != "R1 " {
		t.Errorf("channel from the ticket: %q", got)
	}
	f.Filter = map[string]string{"segment": "zakelijk"}
	if got := ids(f); got != "R1 " {
		t.Errorf("segment from the ticket's customer: %q", got)
	}
	no := false
	f = q
	f.Replied = &no
	if got := ids(f); got != "N1 R1 " {
		t.Errorf("not replied: %q", got)
	}
	lo, hi := 0, 6
	f = q
	f.Survey, f.MinScore, f.MaxScore = "nps", &lo, &hi
	if got := ids(f); got != "R1 " {
		t.Errorf("detractors: %q", got)
	}
	f = q
	f.Limit, f.Offset = 1, 1
	if got := ids(f); got != "R2 " {
		t.Errorf("second page: %q", got)
	}
	items, _ := s.Feedback(ctx, q)
	if items[2].Channel != "Email" || items[2].Agent != "Anna" || items[2].CustomerID != "C1" || *items[2].Score != 3 {
		t.Errorf("R1's details from its ticket: %+v", items[2])
	}

	if err := s.SetSetting(ctx, "target.nps", "40"); err != nil {
		t.Fatal(err)
	}
	s.SetSetting(ctx, "target.nps", "45")
	s.SetSetting(ctx, "target.csat", "80")
	s.SetSetting(ctx, "target.csat", "")
	if got, _ := s.Settings(ctx); len(got) != 1 || got["target.nps"] != "45" {
		t.Errorf("settings %v", got)
	}
	if r, err := s.Record(ctx, cx.KindResponses, "R2"); err != nil || r.(*cx.Response).Comment != "Top" {
		t.Errorf("record: %v %v", r, err)
	}
	if _, err := s.Record(ctx, cx.KindResponses, "nope"); cx.ErrorCode(err) != cx.ENOTFOUND {
		t.Errorf("missing record: %v", err)
	}
}
