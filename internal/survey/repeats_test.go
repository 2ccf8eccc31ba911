package survey

import (
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestRepeats: which invitations of a list repeat an earlier one. An address is one however
// written; a web link, another survey or another ticket is another question.
func TestRepeats(t *testing.T) {
	mail := func(survey int64, ticket, email string) *cx.Invitation {
		return &cx.Invitation{SurveyID: survey, TicketID: ticket, Email: email, Channel: "email"}
	}
	list := []struct {
		inv     *cx.Invitation
		earlier int // -1: not a repeat
	}{
		{mail(1, "", "jan@example.nl"), -1},
		{mail(1, "", "Jan de Vries <JAN@Example.NL>"), 0},
		{mail(2, "", "jan@example.nl"), -1},
		{mail(1, "T1", "jan@example.nl"), -1},
		{mail(1, "T1", "jan@example.nl"), 3},
		{&cx.Invitation{SurveyID: 1, Email: "jan@example.nl", Channel: "web"}, -1},
		{&cx.Invitation{SurveyID: 1, Email: "jan@example.nl", Channel: "web"}, -1},
		{mail(1, "", "piet@example.nl"), -1},
		{mail(1, "", ""), -1},
		{mail(1, "", ""), -1},
	}
	var r Repeats
	for at, tt := range list {
		earlier, repeat := r.Of(tt.inv, at)
		if !repeat {
			earlier = -1
		}
		if earlier != tt.earlier {
			t.Errorf("item %d (%+v): repeats %d, want %d", at, *tt.inv, earlier, tt.earlier)
		}
	}
}
