package web

import (
	"encoding/json"
	"net/http"

	"github.com/klantpuls/klantpuls/internal/survey"
)

// invitationIn is one invitation request of the API.
type invitationIn struct {
	SurveyID   int64  `json:"survey_id"`
	CustomerID string `json:"customer_id"`
	TicketID   string `json:"ticket_id"`
	Email      string `json:"email"`
	Lang       string `json:"lang"`
	Channel    string `json:"channel"` // email (default) or web
}

// invitationOut tells what became of it; a web invitation carries its link.
type invitationOut struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	URL    string `json:"url,omitempty"`
}

// invitationsAPI invites one customer or a batch (an array): for example right after a ticket
// is solved, from a help desk's webhook. E-mail invitations are queued (or recorded as throttled
// or unsubscribed); a web invitation answers with its survey link.
func (s *Server) invitationsAPI(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	var many []invitationIn
	if err := json.Unmarshal(body, &many); err != nil {
		var one invitationIn
		if err := json.Unmarshal(body, &one); err != nil {
			badRequest(w, r, "send an invitation object or an array of them: survey_id, customer_id, ticket_id, email, lang, channel")
			return
		}
		many = []invitationIn{one}
	}
	if len(many) > MaxBatch {
		writeProblem(w, r, Problem{Status: http.StatusRequestEntityTooLarge, Detail: "at most 10000 invitations at once"})
		return
	}
	out := make([]invitationOut, 0, len(many))
	made := map[int64]map[string]int{}
	defer s.auditInvitations(r, made) // what was made, also when a later one of the batch fails
	for _, in := range many {
		inv, err := s.surveys.Invite(r.Context(), survey.Request{SurveyID: in.SurveyID, CustomerID: in.CustomerID,
			TicketID: in.TicketID, Email: in.Email, Lang: in.Lang, Channel: in.Channel})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if made[inv.SurveyID] == nil {
			made[inv.SurveyID] = map[string]int{}
		}
		made[inv.SurveyID][inv.Status]++
		o := invitationOut{ID: inv.ID, Status: inv.Status}
		if inv.Channel == "web" {
			o.URL = s.surveys.PageLink(inv)
		}
		out = append(out, o)
	}
	writeJSON(w, http.StatusOK, map[string]any{"invitations": out})
}
