package web

import (
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestOwnTicket: a ticket is an agent's when its agent is theirs compared as the engine's agent
// filter compares names (cx.NameKey: trimmed, lower-cased), so the ticket pages an agent may
// open are the tickets their figures count. strings.EqualFold would also match a final sigma
// with a sigma ("Οδυσσέας" written "ΟΔΥΣΣΈΑΣ"), which the filter does not.
func TestOwnTicket(t *testing.T) {
	for _, tt := range []struct {
		ticket, agent string
		want          bool
	}{
		{"Anna", "Anna", true},
		{" anna ", "ANNA", true},
		{"Anna", "", false},
		{"", "", false},
		{"Bram", "Anna", false},
		{"Οδυσσέας", "ΟΔΥΣΣΈΑΣ", false}, // the filter's reading, by hand: "οδυσσέασ" ≠ "οδυσσέας"
	} {
		if got := ownTicket(cx.Ticket{Agent: tt.ticket}, tt.agent); got != tt.want {
			t.Errorf("ownTicket(%q, %q) = %v, want %v", tt.ticket, tt.agent, got, tt.want)
		}
	}
}
