package sqlite

import (
	"context"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

func TestCustomerRecords(t *testing.T) {
	s, _ := openTest(t)
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	rating := 4
	put(t, s,
		&cx.Customer{ID: "C1", AcquiredAt: at},
		&cx.Order{ID: "O1", CustomerID: "C1", OrderedAt: at, Amount: 10},
		&cx.Order{ID: "O2", CustomerID: "C2", OrderedAt: at, Amount: 20},
		&cx.Ticket{ID: "T1", CreatedAt: at, CustomerID: "C1"},
		&cx.Ticket{ID: "T2", CreatedAt: at, CustomerID: "C2"},
		&cx.Response{ID: "R1", Survey: "nps", Score: 9, SubmittedAt: at, CustomerID: "C1"},
		&cx.Response{ID: "R2", Survey: "csat", Score: 5, SubmittedAt: at, TicketID: "T1"}, // about C1's ticket
		&cx.Response{ID: "R3", Survey: "csat", Score: 5, SubmittedAt: at, TicketID: "T2"},
		&cx.Review{ReviewID: "Q1", Criterion: "Toon", ReviewedAt: at, Agent: "Anna", TicketID: "T1", Rating: &rating},
		&cx.Review{ReviewID: "Q2", Criterion: "Toon", ReviewedAt: at, Agent: "Anna", TicketID: "T2", Rating: &rating},
	)
	got, err := s.CustomerRecords(context.Background(), "C1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Customer == nil || got.Customer.ID != "C1" || len(got.Orders) != 1 || got.Orders[0].ID != "O1" ||
		len(got.Tickets) != 1 || len(got.Responses) != 2 || len(got.Reviews) != 1 || got.Reviews[0].ReviewID != "Q1" {
		t.Errorf("C1's records: %+v", got)
	}
	// C2 has no customer row but other records name it.
	if got, err := s.CustomerRecords(context.Background(), "C2"); err != nil || got.Customer != nil || len(got.Orders) != 1 {
		t.Errorf("C2: %+v %v", got, err)
	}
	if _, err := s.CustomerRecords(context.Background(), "nobody"); cx.ErrorCode(err) != cx.ENOTFOUND {
		t.Errorf("unknown customer: %v, want not found", err)
	}
}
