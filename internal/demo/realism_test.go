package demo

import (
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestGenerateLooksLikeAShop pins the shape a customer-service manager expects, loosely enough
// for the small size's noise: the mix of channels and teams, a Monday peak, a December rush,
// mostly happy customers, e-mail slower than chat, payments passed on more than parcels.
func TestGenerateLooksLikeAShop(t *testing.T) {
	ds := generate(t, Options{Seed: 11, Size: small})
	loc := ds.from.Location()
	share := func(n, of int) float64 { return 100 * float64(n) / float64(max(of, 1)) }

	var email, solved, complaints, belgian, monday, sunday, december, february int
	var transferred, payments, paymentsMoved, deliveries, deliveriesMoved int
	for _, tk := range ds.tickets {
		local := tk.CreatedAt.In(loc)
		moved := tk.Transfers != nil && *tk.Transfers > 0
		transferred += b2i(moved)
		switch tk.Category {
		case "Betaling":
			payments++
			paymentsMoved += b2i(moved)
		case "Levering":
			deliveries++
			deliveriesMoved += b2i(moved)
		}
		email += b2i(tk.Channel == "email")
		solved += b2i(!tk.SolvedAt.IsZero())
		complaints += b2i(tk.Complaint)
		belgian += b2i(tk.Team == "Support BE")
		monday += b2i(local.Weekday() == time.Monday)
		sunday += b2i(local.Weekday() == time.Sunday)
		december += b2i(local.Month() == time.December)
		february += b2i(local.Month() == time.February)
	}
	firstReply := map[string]time.Duration{}
	for _, m := range ds.messages {
		tk := ds.tickets[m.TicketID]
		if _, ok := firstReply[m.TicketID]; !ok && m.Author == cx.AuthorAgent && !tk.IsOutbound() {
			firstReply[m.TicketID] = m.At.Sub(tk.CreatedAt)
		}
	}
	var chatFast, chatN, emailSlow, emailN int
	for id, d := range firstReply {
		switch ds.tickets[id].Channel {
		case "chat":
			chatN++
			chatFast += b2i(d < 5*time.Minute)
		case "email":
			emailN++
			emailSlow += b2i(d > time.Hour)
		}
	}
	var csat, positive, nps, promoters, detractors, comments, replied int
	for _, r := range ds.responses {
		switch r.Survey {
		case cx.SurveyCSAT:
			csat++
			positive += b2i(r.Score >= 4)
		case cx.SurveyNPS:
			nps++
			promoters += b2i(r.Score >= 9)
			detractors += b2i(r.Score <= 6)
		}
		if r.Comment != "" {
			comments++
			replied += b2i(!r.RepliedAt.IsZero())
		}
	}
	var base, lost int
	for _, c := range ds.customers {
		if c.AcquiredAt.Before(ds.from) && (c.ChurnedAt.IsZero() || !c.ChurnedAt.Before(ds.from)) {
			base++
			lost += b2i(!c.ChurnedAt.IsZero())
		}
	}
	n := len(ds.tickets)
	for _, tc := range []struct {
		name     string
		got      float64
		min, max float64
	}{
		{"e-mail share of tickets", share(email, n), 38, 52},
		// Open at the end: what came in over the last weeks, and the 0.4% nobody answered; a
		// customer who went quiet is solved by automation after a week (quietSolved).
		{"solved share", share(solved, n), 96, 99.7},
		{"complaint share", share(complaints, n), 3, 7.5},
		{"Support BE share", share(belgian, n), 10, 20},
		{"Monday tickets per Sunday ticket", float64(monday) / float64(max(sunday, 1)), 2, 8},
		{"December tickets per February ticket", float64(december) / float64(max(february, 1)), 1.3, 3},
		{"chats answered within 5 minutes", share(chatFast, chatN), 55, 90},
		{"e-mails waiting over an hour", share(emailSlow, emailN), 60, 99},
		{"CSAT", share(positive, csat), 65, 88},
		{"NPS", share(promoters-detractors, nps), 0, 40},
		{"responses with a comment", share(comments, len(ds.responses)), 28, 43},
		{"comments replied to", share(replied, comments), 30, 52},
		{"yearly churn", share(lost, base), 8, 16},
		// Contact reasons differ: payments go to the finance desk (25%), parcels rarely (5%).
		{"tickets passed on", share(transferred, n), 5, 12},
		{"payments passed on", share(paymentsMoved, payments), 15, 35},
		{"deliveries passed on", share(deliveriesMoved, deliveries), 2, 9},
	} {
		if tc.got < tc.min || tc.got > tc.max {
			t.Errorf("%s: got %.1f, want %v–%v", tc.name, tc.got, tc.min, tc.max)
		}
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
