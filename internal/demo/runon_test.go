package demo

import (
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestWeekendTicketsAnsweredWhenMadeMondayEvening: a demo made on Monday 7 December 2026 at
// 20:00 has data up to Sunday's end. The weekend's e-mail, social and after-hours chat tickets
// wait for office hours (clock.go: 09:00–17:00, Monday to Friday), so by 20:00 the team has had
// Monday's working day for them, as after any other weekend — not cut off at midnight and left
// waiting past their SLA. Nothing is created after Sunday, nothing dated after 20:00, and the
// agent answers only within Monday's office hours. Every record created before the end is the
// same whatever the clock.
func TestWeekendTicketsAnsweredWhenMadeMondayEvening(t *testing.T) {
	from := time.Date(2025, 12, 7, 0, 0, 0, 0, amsterdam)
	end := time.Date(2026, 12, 7, 0, 0, 0, 0, amsterdam) // a Monday, no Dutch holiday
	now := time.Date(2026, 12, 7, 20, 0, 0, 0, amsterdam)
	opens, closes := end.Add(9*time.Hour), end.Add(17*time.Hour)
	size := small
	size.Tickets = 25000 // about 50 tickets a weekend: enough to compare weekends
	opts := Options{Seed: 3, Size: size, From: from, Days: 365, Now: now}
	ds := generate(t, opts)

	t.Run("nothing created after the end, nothing dated after now", func(t *testing.T) {
		late := func(what, id string, at, limit time.Time) {
			if !at.IsZero() && !at.Before(limit) {
				t.Errorf("%s %s at %s, want before %s", what, id, at, limit)
			}
		}
		for _, o := range ds.orders {
			late("order", o.ID, o.OrderedAt, end)
		}
		for _, tk := range ds.tickets {
			late("ticket created", tk.ID, tk.CreatedAt, end)
			late("ticket first reply", tk.ID, tk.FirstReplyAt, now)
			late("ticket first solved", tk.ID, tk.FirstSolvedAt, now)
			late("ticket solved", tk.ID, tk.SolvedAt, now)
		}
		for _, m := range ds.messages {
			late("message", m.ID, m.At, now)
		}
		for _, r := range ds.responses {
			late("answer", r.ID, r.SubmittedAt, end)
			late("answer replied", r.ID, r.RepliedAt, end)
		}
		for _, m := range ds.mentions {
			late("mention", m.ID, m.At, end)
			late("mention replied", m.ID, m.RepliedAt, end)
		}
		for _, r := range ds.reviews {
			late("review", r.TicketID, r.ReviewedAt, end)
		}
		for _, e := range ds.events {
			late("event", e.ID, e.At, end)
		}
	})

	// For each ticket created at a weekend by e-mail, social or chat (no agent works at
	// weekends, so none is a live chat): its first agent reply, and whether that came on the
	// Monday by closing time.
	firstReply := map[string]time.Time{}
	for _, m := range ds.messages {
		if fr, ok := firstReply[m.TicketID]; m.Author == cx.AuthorAgent && (!ok || m.At.Before(fr)) {
			firstReply[m.TicketID] = m.At
		}
	}
	type weekend struct{ tickets, byMondayClose int }
	var last weekend
	var others weekend
	lastSaturday := end.AddDate(0, 0, -2)
	for _, id := range ds.ticketIDs {
		tk := ds.tickets[id]
		local := tk.CreatedAt.In(amsterdam)
		wd := local.Weekday()
		if tk.Channel == "phone" || tk.IsOutbound() || (wd != time.Saturday && wd != time.Sunday) {
			continue
		}
		y, m, d := local.Date()
		monday := time.Date(y, m, d+map[time.Weekday]int{time.Saturday: 2, time.Sunday: 1}[wd], 0, 0, 0, 0, amsterdam)
		if dutchHoliday(monday.Add(12*time.Hour)) || !monday.Before(end) && !monday.Equal(end) {
			continue
		}
		answered := !firstReply[id].IsZero() && !firstReply[id].After(monday.Add(17*time.Hour))
		if !tk.CreatedAt.Before(lastSaturday) {
			last.tickets++
			if fr := firstReply[id]; !fr.IsZero() && (fr.Before(opens) || fr.After(closes)) {
				t.Errorf("%s created %s: first reply %s, want within Monday's office hours %s–%s",
					id, local, fr.In(amsterdam), opens.Format("15:04"), closes.Format("15:04"))
			}
			if answered {
				last.byMondayClose++
			}
			continue
		}
		others.tickets++
		if answered {
			others.byMondayClose++
		}
	}
	share := func(w weekend) float64 { return 100 * float64(w.byMondayClose) / float64(max(w.tickets, 1)) }
	t.Logf("answered by Monday 17:00: last weekend %d of %d (%.0f%%), other weekends %d of %d (%.0f%%)",
		last.byMondayClose, last.tickets, share(last), others.byMondayClose, others.tickets, share(others))
	if last.tickets < 20 || others.tickets < 1000 {
		t.Fatalf("too few weekend tickets to compare: last %d, others %d", last.tickets, others.tickets)
	}
	// The same rules give the last weekend the same chance as any other (about 97%: most
	// first replies take a few office hours); a weekend of some 70 tickets spreads by a few
	// points, so 20 points below is no chance. Cut at midnight, it was 0%.
	if share(last) < share(others)-20 {
		t.Errorf("last weekend's tickets answered by Monday 17:00: %.0f%%, other weekends %.0f%%; want alike",
			share(last), share(others))
	}

	t.Run("records created before the end are the same at any clock", func(t *testing.T) {
		atEnd := opts
		atEnd.Now = time.Time{}
		ds2 := generate(t, atEnd)
		if len(ds2.ticketIDs) != len(ds.ticketIDs) || len(ds2.responses) != len(ds.responses) ||
			len(ds2.reviews) != len(ds.reviews) || len(ds2.orders) != len(ds.orders) {
			t.Fatalf("counts differ: tickets %d/%d, answers %d/%d, reviews %d/%d, orders %d/%d",
				len(ds.ticketIDs), len(ds2.ticketIDs), len(ds.responses), len(ds2.responses),
				len(ds.reviews), len(ds2.reviews), len(ds.orders), len(ds2.orders))
		}
		for _, id := range ds.ticketIDs {
			a, b := ds.tickets[id], ds2.tickets[id]
			if !a.CreatedAt.Equal(b.CreatedAt) || a.Agent != b.Agent || a.CustomerID != b.CustomerID ||
				a.Category != b.Category || (!b.SolvedAt.IsZero() && !a.SolvedAt.Equal(b.SolvedAt)) {
				t.Errorf("ticket %s differs: at now %+v, at the end %+v", id, a, b)
			}
		}
		for i := range ds.responses {
			if a, b := ds.responses[i], ds2.responses[i]; a.ID != b.ID || a.Score != b.Score || !a.SubmittedAt.Equal(b.SubmittedAt) {
				t.Errorf("answer %d differs: %+v, %+v", i, a, b)
			}
		}
	})
}
