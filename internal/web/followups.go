package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// followUpsPage is the team's list of critical answers: NPS detractors and CSAT of 1–2 in the
// period, newest first, with their owner, the reply and whether they are done. Marking one done
// records the reply time on the answer, which feeds the feedback response rate.
type followUpsPage struct {
	Items []followUpRow
	Users []cx.User
	Open  bool // only open ones
}

type followUpRow struct {
	feedbackRow
	Owner     int64
	Reply     string
	ReplyTone string // the reply's sentiment label, "" without a reply
	Done      bool
	Focused   bool
}

func (s *Server) followUpsPage(w http.ResponseWriter, r *http.Request) {
	d := s.newDash(r, "nav_followups", "/followups")
	ctx, v := r.Context(), d.View
	fp := &followUpsPage{Open: r.URL.Query().Get("all") == ""}
	var items []app.FeedbackItem
	for _, q := range []struct {
		survey string
		lo, hi int
	}{{"nps", 0, 6}, {"csat", 1, 2}} {
		lo, hi := q.lo, q.hi
		got, err := s.app.Feedback(ctx, app.FeedbackQuery{From: v.From, To: v.To, Survey: q.survey,
			MinScore: &lo, MaxScore: &hi, Limit: 200, Filter: filterOf(v), AllAnswers: true})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		items = append(items, got...)
	}
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	states, err := s.app.FollowUps(ctx, ids)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if fp.Users, err = s.app.Users(ctx); err != nil {
		s.fail(w, r, err)
		return
	}
	focus := r.URL.Query().Get("response")
	loc := s.app.Config.Timezone
	for _, it := range items {
		f := states[it.ID]
		done := f.Status == cx.FollowUpDone
		if fp.Open && done && it.ID != focus {
			continue
		}
		row := followUpRow{feedbackRow: feedbackRow{Kind: string(it.Kind), ID: it.ID, At: it.At.In(loc).Format("2006-01-02 15:04"),
			Text: it.Text, Channel: it.Channel, Agent: it.Agent, Customer: it.CustomerID, Survey: strings.ToUpper(it.Survey),
			Replied: !it.RepliedAt.IsZero(), Tone: tone(it.Sentiment)}, Owner: f.OwnerID, Reply: f.Reply,
			ReplyTone: tone(f.ReplySentiment), Done: done, Focused: it.ID == focus}
		if it.Score != nil {
			row.Score = strconv.Itoa(*it.Score)
		}
		fp.Items = append(fp.Items, row)
	}
	d.FollowUps = fp
	s.renderDash(w, r, "followups", d)
}

// followUpSave stores the owner and reply of a critical answer; "done" also records the reply
// time on the answer. An answer or owner that does not exist is refused (404, 422), nothing
// stored.
func (s *Server) followUpSave(w http.ResponseWriter, r *http.Request) {
	var owner int64
	if v := strings.TrimSpace(r.PostFormValue("owner")); v != "" {
		var err error
		if owner, err = strconv.ParseInt(v, 10, 64); err != nil {
			s.fail(w, r, cx.Errorf(cx.EINVALID, "owner: %q is not a user", v))
			return
		}
	}
	f := cx.FollowUp{ResponseID: r.PathValue("id"), OwnerID: owner, Reply: strings.TrimSpace(r.PostFormValue("reply")), UpdatedAt: s.now()}
	if err := s.app.SaveFollowUp(r.Context(), &f, r.PostFormValue("done") != ""); err != nil {
		s.fail(w, r, err)
		return
	}
	back := r.PostFormValue("back")
	if !strings.HasPrefix(back, "/followups") {
		back = "/followups"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// filterOf turns the view's filter into the store's.
func filterOf(v view) map[string]string {
	out := map[string]string{}
	for d, val := range v.Filter {
		out[string(d)] = val
	}
	return out
}
