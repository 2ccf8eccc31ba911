package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/report"
)

// followUpsPage is the team's list of critical answers: NPS detractors and the two least
// satisfied points of CSAT (each answer's own scale's, metric.CSATScale.Critical) and of CES
// (config.Scale.Critical) in the period, filtered and a page at a time (followups_list.go), with their owner, the reply and
// whether they are done. Marking one done records the reply time on the answer, which feeds the
// feedback response rate. An agent sees the answers about their own contacts (the view's forced
// agent filter, as on every page) and only reads them: assigning and replying are a lead's.
type followUpsPage struct {
	Items  []followUpRow
	Users  []cx.User
	Open   bool // only open ones
	CanAct bool // may assign, reply and mark done; an agent only reads their own
	Filter followUpFilter
	Total  int    // how many pass the filter, on every page
	Back   string // this very list, for the forms to return to
	Count  string // "217 open", in the page's language
	pager
}

type followUpRow struct {
	feedbackRow
	Owner     int64
	Reply     string
	ReplyTone string // the reply's sentiment label, "" without a reply
	Done      bool
	Focused   bool
	at        time.Time
	score     float64 // the answer's score; Score shows it
	brief     bool    // the engine's pick: no text yet (followUpDetails)
}

// ShownOwner, ShownDone are the owner and done as the row's form shows them, the way it sends
// them: was.owner and was.done (followUpSave).
func (row followUpRow) ShownOwner() string {
	if row.Owner == 0 {
		return ""
	}
	return strconv.FormatInt(row.Owner, 10)
}
func (row followUpRow) ShownDone() string { return doneValue(row.Done) }

// doneValue is done as the follow-up form sends it: "1", or nothing.
func doneValue(done bool) string {
	if done {
		return "1"
	}
	return ""
}

// SaveAction is where the row's form posts: the answer's id as one path segment, whatever it
// holds ("2026/17", "R?1" — written as it is, the latter saved answer R's follow-up).
func (row followUpRow) SaveAction() string { return "/followups/" + url.PathEscape(row.ID) }

func (s *Server) followUpsPage(w http.ResponseWriter, r *http.Request) {
	d := s.newDash(r, "nav_followups", "/followups")
	s.focusDay(r, d)
	v := d.View
	fp := &followUpsPage{Open: r.URL.Query().Get("all") == ""}
	var bad *paramError
	if fp.Filter, bad = followUpFilterOf(r.URL.Query()); bad != nil {
		s.fail(w, r, bad.in(d))
		return
	}
	var err error
	if fp.Items, err = s.followUpItems(r, v, fp); err != nil {
		s.fail(w, r, err)
		return
	}
	var me int64
	pr := principalOf(r)
	if pr != nil {
		me, fp.CanAct = pr.user.ID, pr.can(auth.ActionReply)
	}
	if !fp.CanAct {
		// Who may not assign has no use for the others' addresses: the owner menu offers
		// everyone, nobody's and "me" only.
		fp.Users = nil
	}
	var open int
	fp.Items, fp.Total, open, fp.Filter.Page = fp.Filter.choose(fp.Items, me, s.now())
	if err := s.followUpDetails(r, v, fp.Items); err != nil {
		s.fail(w, r, err)
		return
	}
	if pr.can(auth.ActionReport) {
		// A link to the customer's page for who may open it; an agent sees the id alone, as
		// on a ticket's page.
		for i, row := range fp.Items {
			if row.Customer != "" {
				fp.Items[i].CustomerURL = customerURL(row.Customer)
			}
		}
	}
	fp.Back = r.URL.RequestURI()
	fp.pager = pagerOf(d.page, fp.Filter.Page, pageCount(fp.Total, followUpsPerPage), func(n int) string { return pageLink(r.URL, n) })
	count, n := "fu_count", fp.Total
	if fp.Open {
		count, n = "fu_open_count", open
	}
	lang := report.Lang(d.Lang)
	fp.Count = fmt.Sprintf(d.T(count), lang.Number(float64(n), 0))
	d.FollowUps = fp
	s.renderDash(w, r, "followups", d)
}

// followUpItems are the critical answers of the view's period passing the kind and score of
// fp's filter (not yet its owner, age and page), with their follow-ups; it fills fp.Users.
// The engine picks them (app.PickAnswers), filtered as the view's report is, and the rows
// hold only what the list filters, sorts and pages on: followUpDetails reads the texts of the
// rows shown. Without an engine (ClickHouse mode) the database picks them, texts and all.
func (s *Server) followUpItems(r *http.Request, v view, fp *followUpsPage) ([]followUpRow, error) {
	ctx := r.Context()
	var rows []followUpRow
	var err error
	ces := criticalScores{survey: "ces"}
	ces.lo, ces.hi = s.app.Config.CES.Critical()
	// A CSAT answer is critical by its own scale's rule: a Zendesk bad (0) on an install of
	// 1–5 is, a Zendesk good (1) is not (metrics.md section 1).
	csat := criticalScores{survey: "csat", scales: metric.EveryScale(s.app.Config.CSAT.CSATScale(), metric.CSATScale.Critical)}
	for _, q := range []criticalScores{{survey: "nps", lo: 0, hi: 6}, csat, ces} {
		// The kind and score filters narrow the pick; owner, age and paging need the
		// follow-up states and both kinds together (followUpFilter.choose).
		if f := fp.Filter; f.Kind != "" && f.Kind != q.survey {
			continue
		} else if f.Score != "" {
			n, _ := strconv.Atoi(f.Score) // followUpFilterOf checked it
			var ok bool
			if q, ok = q.only(n); !ok {
				continue
			}
		}
		if rows, err = s.criticalAnswers(r, v, rows, q); err != nil {
			return nil, err
		}
	}
	focus := fp.Filter.Focus
	if rows, err = s.focusedAnswer(r, v, rows, focus); err != nil {
		return nil, err
	}
	ids := make([]string, len(rows))
	for i, row := range rows {
		ids[i] = row.ID
	}
	states, err := s.app.FollowUps(ctx, ids)
	if err != nil {
		return nil, err
	}
	if fp.Users, err = s.app.Users(ctx); err != nil {
		return nil, err
	}
	kept := rows[:0]
	for _, row := range rows {
		f := states[row.ID]
		done := f.Status == cx.FollowUpDone
		if fp.Open && done && row.ID != focus {
			continue
		}
		row.Owner, row.Reply, row.ReplyTone, row.Done, row.Focused = f.OwnerID, f.Reply, tone(f.ReplySentiment), done, row.ID == focus
		kept = append(kept, row)
	}
	return kept, nil
}

// focusDay opens the list on the day of the answer an alert links to (response=, no period),
// whatever the list's default period (the last full month with data would miss today's answer).
// An answer that does not exist leaves the view as it was; the list then focuses on nothing. So
// does one the list would not show (shownAnswer: another agent's, to an agent): its day is
// not the agent's to learn, and the page is the very page of an unknown id.
func (s *Server) focusDay(r *http.Request, d *dashPage) {
	q := r.URL.Query()
	id := q.Get("response")
	if id == "" || q.Has("period") {
		return
	}
	rec, err := s.app.Record(r.Context(), cx.KindResponses, id)
	if err != nil {
		if cx.ErrorCode(err) != cx.ENOTFOUND {
			s.partial(r.Context(), "the day of the answer "+id, err)
		}
		return
	}
	resp, ok := rec.(*cx.Response)
	if !ok {
		return
	}
	loc := s.app.Config.Timezone
	y, m, day := resp.SubmittedAt.In(loc).Date()
	from := time.Date(y, m, day, 0, 0, 0, 0, loc)
	to := from.AddDate(0, 0, 1)
	if _, shown, err := s.shownAnswer(r, d.View, from, to, id); err != nil || !shown {
		if err != nil {
			s.partial(r.Context(), "the day of the answer "+id, err)
		}
		return
	}
	d.View.Period, d.View.From, d.View.To = "custom", from, to
	for i := range d.Periods {
		d.Periods[i].Selected = d.Periods[i].Value == d.View.Period
	}
}

// focusedAnswer appends the answer an alert links to (focus) when the critical answers do not
// hold it: a negative comment on a good score raises an alert (negative_sentiment) and is
// followed up like a critical one. It must be in the view's period and filter, as every row.
func (s *Server) focusedAnswer(r *http.Request, v view, rows []followUpRow, focus string) ([]followUpRow, error) {
	if focus == "" || slices.ContainsFunc(rows, func(row followUpRow) bool { return row.ID == focus }) {
		return rows, nil
	}
	got, shown, err := s.shownAnswer(r, v, v.From, v.To, focus)
	if err != nil || !shown {
		return rows, err
	}
	return append(rows, followUpRowOf(got)), nil
}

// shownAnswer is answer id as the list would show it in [from, to), and whether it would: the
// view's filter holds for it as for every row (filterOf; an agent's is their own, so an answer
// about another agent's ticket is not theirs to see), read as the store reads the filter, the
// ticket's agent and team included.
func (s *Server) shownAnswer(r *http.Request, v view, from, to time.Time, id string) (app.FeedbackItem, bool, error) {
	got, err := s.app.Feedback(r.Context(), app.FeedbackQuery{From: from, To: to, IDs: []string{id},
		Filter: filterOf(v), AllAnswers: true, Limit: 1})
	if err != nil || len(got) == 0 {
		return app.FeedbackItem{}, false, err
	}
	return got[0], true, nil
}

// criticalScores are the scores one survey's answers are followed up on: [lo, hi] on the
// install's scale, or, when scales is not nil (CSAT), each answer's range on its own scale
// (metric.EveryScale), which both picks test per answer.
type criticalScores struct {
	survey string
	lo, hi int
	scales []metric.ScaleScores
}

// only narrows c to the raw score n (the list's score filter); false when no scale keeps it.
func (c criticalScores) only(n int) (criticalScores, bool) {
	if c.scales == nil {
		ok := n >= c.lo && n <= c.hi
		c.lo, c.hi = n, n
		return c, ok
	}
	var kept []metric.ScaleScores
	for _, s := range c.scales {
		if n >= s.Min && n <= s.Max {
			kept = append(kept, metric.ScaleScores{Scale: s.Scale, Min: n, Max: n})
		}
	}
	c.scales = kept
	return c, kept != nil
}

// criticalAnswers appends to rows every answer of one survey with a critical score (q) in the
// view's period and filter, newest first: the engine's pick (brief rows), or the database's
// where no engine is loaded (ClickHouse mode). Every one, not the newest few thousand: the list counts the open ones and is
// worked oldest first, and a cut before the done ones were left out lost the oldest open
// answers, or all of them behind thousands done. The rows are as many as the period's critical
// answers (some 25,000 in a year at 1M records), so they are filled in place, and only a
// page's rows are copied out, dated and given their texts (followUpFilter.choose,
// followUpDetails).
func (s *Server) criticalAnswers(r *http.Request, v view, rows []followUpRow, q criticalScores) ([]followUpRow, error) {
	kind := strings.ToUpper(q.survey)
	if picked, ok := s.app.PickAnswers(engine.AnswerPick{From: v.From, To: v.To, Survey: q.survey, Min: q.lo, Max: q.hi,
		Scales: q.scales, Filter: v.Filter}); ok {
		rows = slices.Grow(rows, len(picked))
		for _, a := range picked {
			rows = append(rows, followUpRow{feedbackRow: feedbackRow{Kind: string(cx.KindResponses), ID: a.ID,
				Survey: kind, Score: strconv.Itoa(a.Score)}, at: a.At, score: float64(a.Score), brief: true})
		}
		return rows, nil
	}
	fq := app.FeedbackQuery{From: v.From, To: v.To, Survey: q.survey, Scales: q.scales, Filter: filterOf(v), AllAnswers: true}
	if q.scales == nil {
		fq.MinScore, fq.MaxScore = &q.lo, &q.hi
	}
	got, err := s.app.Feedback(r.Context(), fq)
	if err != nil {
		return nil, err
	}
	rows = slices.Grow(rows, len(got))
	for _, it := range got {
		rows = append(rows, followUpRowOf(it))
	}
	return rows, nil
}

// followUpRowOf is an answer the database read as a row of the list, text and all.
func followUpRowOf(it app.FeedbackItem) followUpRow {
	row := followUpRow{feedbackRow: criticalRow(it), at: it.At}
	if it.Score != nil {
		row.score = float64(*it.Score)
	}
	return row
}

// criticalRow is a critical answer as a row of the list shows it, but for its date
// (followUpDetails dates the rows shown).
func criticalRow(it app.FeedbackItem) feedbackRow {
	row := feedbackRow{Kind: string(it.Kind), ID: it.ID, Text: it.Text, Channel: it.Channel,
		Agent: it.Agent, Customer: it.CustomerID, Survey: strings.ToUpper(it.Survey), Replied: !it.RepliedAt.IsZero(),
		Tone: tone(it.Sentiment)}
	if it.Score != nil {
		row.Score = strconv.Itoa(*it.Score)
	}
	return row
}

// followUpDetails dates rows, and reads the texts, channels, agents and customers of the brief
// rows among them (the engine's pick) from the database, by id: only the rows a page or a
// download shows. A row the database no longer has keeps what the engine knew.
func (s *Server) followUpDetails(r *http.Request, v view, rows []followUpRow) error {
	var ids []string
	for i, row := range rows {
		rows[i].At = s.dateTime(r, row.at)
		if row.brief {
			ids = append(ids, row.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	got, err := s.app.Feedback(r.Context(), app.FeedbackQuery{From: v.From, To: v.To, IDs: ids, AllAnswers: true, Limit: len(ids)})
	if err != nil {
		return err
	}
	byID := make(map[string]app.FeedbackItem, len(got))
	for _, it := range got {
		byID[it.ID] = it
	}
	for i := range rows {
		if !rows[i].brief {
			continue
		}
		if it, ok := byID[rows[i].ID]; ok {
			at := rows[i].At
			rows[i].feedbackRow, rows[i].brief = criticalRow(it), false
			rows[i].At = at
		}
	}
	return nil
}

// followUpSave stores the owner and reply of a critical answer; "done" also records the reply
// time on the answer, and "done" sent empty (Heropenen) reopens it. Only the fields changed on the form are written (was.<field>, as on
// Doelen), each audited. An answer or owner that does not exist is refused (404, 422), nothing
// stored.
func (s *Server) followUpSave(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.problem(w, r, Problem{Status: http.StatusBadRequest, Detail: "could not read the form"})
		return
	}
	if r.PathValue("id") == "assign" && !r.PostForm.Has("reply") {
		// The bulk form of a page opened before it posted to /followups (or Risico's): an
		// answer's own form always has its reply, empty or not.
		s.followUpsAssign(w, r)
		return
	}
	owner, err := app.ParseOwner(r.PostFormValue("owner"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := cx.FollowUp{ResponseID: r.PathValue("id"), OwnerID: owner, Reply: strings.TrimSpace(r.PostFormValue("reply")), UpdatedAt: s.now()}
	// "done" is sent by the button that chose it, Afgehandeld ("1") or Heropenen (""); Opslaan
	// sends none, and leaves done as it stands: a lead saving an owner or a reply on a handled
	// answer does not mean to reopen it.
	sentDone := r.PostForm.Has("done")
	done := r.PostFormValue("done") != ""
	// Only what the user changed on the form (changedOnForm): the rest stays as another lead
	// may have saved it since the form was shown.
	fields := app.FollowUpFields{
		Owner:  changedOnForm(r.PostForm, "owner", r.PostFormValue("owner")),
		Reply:  changedOnForm(r.PostForm, "reply", f.Reply),
		Status: sentDone && changedOnForm(r.PostForm, "done", doneValue(done)),
	}
	// The audit log's lines of what changed are written with it (app.SaveFollowUp).
	if err := s.app.SaveFollowUp(s.acting(r), &f, done, fields); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, backTo(r), http.StatusSeeOther)
}

// pageLink is u with page set to n.
func pageLink(u *url.URL, n int) string {
	q := u.Query()
	q.Set("page", strconv.Itoa(n))
	return u.Path + "?" + q.Encode()
}

// filterOf turns the view's filter into the store's.
func filterOf(v view) map[string]string {
	out := map[string]string{}
	for d, val := range v.Filter {
		out[string(d)] = val
	}
	return out
}
