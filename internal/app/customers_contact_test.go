package app

import (
	"context"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestLastContactIsTheLatestTouch: a customer's last contact is the latest moment they and the
// team were in touch — a ticket of theirs created, first answered, solved or first solved, a
// customer or agent message on it, an answer they gave or one about their ticket — not an
// internal note, a bot's message, a quality review, an order or an event. On a real SQLite
// file, worked out by hand; the list's figures and its order by last contact agree, loaded
// from the database and after a message is deleted live.
func TestLastContactIsTheLatestTouch(t *testing.T) {
	ctx := context.Background()
	a := openWithConfig(t)
	rating := 4
	recs := []cx.Record{
		// C1: a ticket imported without messages, answered on the 3rd and solved on the 5th.
		// Its quality review (the 25th) is the team's own work, no contact: 5 March.
		&cx.Ticket{ID: "T1", CustomerID: "C1", CreatedAt: march(2, 10, 0), FirstReplyAt: march(3, 10, 0), SolvedAt: march(5, 10, 0)},
		&cx.Review{ReviewID: "Q1", Criterion: "Oplossing", ReviewedAt: march(25, 10, 0), Agent: "Ans", TicketID: "T1", Rating: &rating},
		// C2: first solved on the 4th, reopened and solved again on the 12th: 12 March.
		&cx.Ticket{ID: "T2", CustomerID: "C2", CreatedAt: march(2, 10, 0), FirstSolvedAt: march(4, 10, 0), SolvedAt: march(12, 10, 0)},
		// C3: messages — the customer on the 6th, the agent on the 7th (M3 is deleted below:
		// then the 6th); a note and a bot after that are no contact with the customer.
		&cx.Ticket{ID: "T3", CustomerID: "C3", CreatedAt: march(2, 10, 0)},
		&cx.Message{ID: "M1", TicketID: "T3", At: march(6, 10, 0), Author: cx.AuthorCustomer},
		&cx.Message{ID: "M3", TicketID: "T3", At: march(7, 10, 0), Author: cx.AuthorAgent, Agent: "Ans"},
		&cx.Message{ID: "M4", TicketID: "T3", At: march(9, 10, 0), Author: cx.AuthorNote, Agent: "Ans"},
		&cx.Message{ID: "M5", TicketID: "T3", At: march(10, 10, 0), Author: cx.AuthorBot},
		// C4: a survey answer without a ticket (the 8th); their order on the 20th and their
		// login on the 21st are no contact: 8 March.
		&cx.Customer{ID: "C4", AcquiredAt: march(1, 9, 0)},
		&cx.Response{ID: "R1", Survey: "csat", Score: 4, SubmittedAt: march(8, 10, 0), CustomerID: "C4"},
		&cx.Order{ID: "O1", CustomerID: "C4", OrderedAt: march(20, 10, 0), Amount: 50},
		&cx.Event{ID: "E1", CustomerID: "C4", Kind: "login", At: march(21, 10, 0)},
		// C5: only an order and an event: no contact.
		&cx.Customer{ID: "C5", AcquiredAt: march(1, 9, 0)},
		&cx.Order{ID: "O2", CustomerID: "C5", OrderedAt: march(20, 10, 0), Amount: 50},
		&cx.Event{ID: "E2", CustomerID: "C5", Kind: "login", At: march(22, 10, 0)},
		// C6: a ticket with messages but no agent message has no first reply, whatever its
		// column says (metrics.md section 2): the customer's message on the 9th.
		&cx.Ticket{ID: "T6", CustomerID: "C6", CreatedAt: march(2, 10, 0), FirstReplyAt: march(20, 10, 0)},
		&cx.Message{ID: "M6", TicketID: "T6", At: march(9, 10, 0), Author: cx.AuthorCustomer},
		// C7: the team called them (outbound) on the 11th.
		&cx.Ticket{ID: "T7", CustomerID: "C7", CreatedAt: march(11, 10, 0), Direction: cx.Outbound},
	}
	if _, err := a.Ingest(ctx, recs); err != nil {
		t.Fatal(err)
	}
	if err := a.LoadEngine(ctx); err != nil {
		t.Fatal(err)
	}
	check := func(when string, want map[string]time.Time, order string) {
		t.Helper()
		rows, total, err := a.Customers(ctx, CustomerQuery{Sort: SortLastContact, Descending: true})
		if err != nil {
			t.Fatal(err)
		}
		if got := customerIDs(rows); got != order || total != 7 {
			t.Errorf("%s: by last contact, latest first: %s of %d, want %s of 7", when, got, total, order)
		}
		for _, r := range rows {
			if w := want[r.ID]; !r.LastContact.Equal(w) {
				t.Errorf("%s: %s's last contact %s, want %s", when, r.ID, r.LastContact, w)
			}
		}
	}
	want := map[string]time.Time{"C1": march(5, 10, 0), "C2": march(12, 10, 0), "C3": march(7, 10, 0),
		"C4": march(8, 10, 0), "C6": march(9, 10, 0), "C7": march(11, 10, 0)}
	check("loaded", want, "[C2 C7 C6 C4 C3 C1 C5]")
	if err := a.Delete(ctx, cx.KindMessages, "M3"); err != nil {
		t.Fatal(err)
	}
	want["C3"] = march(6, 10, 0)
	check("M3 deleted", want, "[C2 C7 C6 C4 C3 C1 C5]")
}
