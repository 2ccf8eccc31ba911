package sqlite

import (
	"context"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

func TestChanges(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	put(t, s, &cx.Ticket{ID: "A", CreatedAt: at}, &cx.Ticket{ID: "B", CreatedAt: at})
	mark, err := s.LastSeq(ctx)
	if err != nil || mark == 0 {
		t.Fatalf("last seq %d %v", mark, err)
	}
	put(t, s, &cx.Ticket{ID: "B", CreatedAt: at, Channel: "chat"}, &cx.Ticket{ID: "C", CreatedAt: at})
	put(t, s, &cx.Ticket{ID: "A", CreatedAt: at}) // unchanged: no new change
	var got []string
	last, err := s.Changes(ctx, cx.KindTickets, mark, func(r cx.Record) error {
		got = append(got, r.Key())
		return nil
	})
	if err != nil || len(got) != 2 || got[0] != "B" || got[1] != "C" {
		t.Fatalf("changes after %d: %v %v", mark, got, err)
	}
	if now, _ := s.LastSeq(ctx); last > now || last <= mark {
		t.Errorf("last %d, mark %d, store %d", last, mark, now)
	}
	if again, _ := s.Changes(ctx, cx.KindTickets, last, func(cx.Record) error { t.Error("a change twice"); return nil }); again != last {
		t.Errorf("nothing new: %d, want %d", again, last)
	}
}
