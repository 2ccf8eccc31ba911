package web

import (
	"context"
	"log/slog"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/survey"
)

// surveysPage is the admin's surveys: the list with response rates, a form for a new or
// changed survey, widget sites, and sending invitations to a list of customers.
type surveysPage struct {
	Surveys []cx.Survey
	Edit    cx.Survey
	Rates   []rateRow
	Sites   []cx.Site
	Bounces []cx.Bounce // the addresses held back after a bounce, each with its clear button
	Result  string
}

type rateRow struct {
	Survey, Channel        string
	Sent, Opened, Answered int
	// Open and Response are the rates, nil where they were not measured; OpenRate and
	// ResponseRate show them, "" where not measured.
	Open, Response         *float64
	OpenRate, ResponseRate string
	// Shown is false where showings are not stored (the widget): sent and opened were not
	// measured either, only the answered ones.
	Shown bool
}

func (s *Server) surveysPage(w http.ResponseWriter, r *http.Request) {
	d := s.newDash(r, "nav_surveys", "/surveys")
	ctx := r.Context()
	list, err := s.app.ListSurveys(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sp := &surveysPage{Surveys: list, Edit: cx.Survey{Kind: cx.SurveyNPS, Active: true}, Result: surveysResult(d.page, r.URL.Query())}
	if edit := r.URL.Query().Get("edit"); edit != "" {
		id, err := strconv.ParseInt(edit, 10, 64)
		if err != nil {
			s.fail(w, r, cx.Refuse(cx.ENOTFOUND, "edit", "not_found/survey", "no survey %q", edit))
			return
		}
		sv, err := s.app.Survey(ctx, id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		sp.Edit = *sv
	}
	if sp.Rates, err = s.responseRates(r, d.View, list); err != nil {
		s.fail(w, r, err)
		return
	}
	if sp.Sites, err = s.app.ListSites(ctx); err != nil {
		s.fail(w, r, err)
		return
	}
	if sp.Bounces, err = s.app.Bounces(ctx); err != nil {
		s.fail(w, r, err)
		return
	}
	d.Surveys = sp
	s.renderDash(w, r, "surveys", d)
}

// responseRates are the invitations of the view's period per survey and channel: sent,
// opened, answered, and the rates (the Feedback page and the surveys page show them).
func (s *Server) responseRates(r *http.Request, v view, surveys []cx.Survey) ([]rateRow, error) {
	names := map[int64]string{}
	for _, sv := range surveys {
		names[sv.ID] = sv.Name
	}
	counts, err := s.app.CountInvitations(r.Context(), v.From, v.To)
	if err != nil {
		return nil, err
	}
	var rows []rateRow
	for _, c := range counts {
		if c.Sent == 0 {
			continue // only held back (throttled, unsubscribed, bounced before)
		}
		row := rateRow{Survey: names[c.SurveyID], Channel: c.Channel, Sent: c.Sent, Opened: c.Opened, Answered: c.Answered}
		// A widget's showings are not stored, only its answered ones (survey.WidgetToken):
		// its sent and opened are its answered, and its rates were not measured — not 100%.
		if row.Shown = c.Channel != survey.ViaWidget; row.Shown {
			row.Open, row.Response = pct(c.Opened, c.Sent), pct(c.Answered, c.Sent)
			row.OpenRate, row.ResponseRate = v.Lang.Percent(row.Open), v.Lang.Percent(row.Response)
		}
		rows = append(rows, row)
	}
	return rows, nil
}

func pct(n, of int) *float64 {
	if of == 0 {
		return nil
	}
	v := 100 * float64(n) / float64(of)
	return &v
}

// surveySave creates or changes a survey from the form.
func (s *Server) surveySave(w http.ResponseWriter, r *http.Request) {
	sv := cx.Survey{Kind: r.PostFormValue("kind"), Name: r.PostFormValue("name"),
		QuestionNL: r.PostFormValue("question_nl"), QuestionEN: r.PostFormValue("question_en"),
		FollowUpLowNL: r.PostFormValue("follow_up_low_nl"), FollowUpLowEN: r.PostFormValue("follow_up_low_en"),
		FollowUpHighNL: r.PostFormValue("follow_up_high_nl"), FollowUpHighEN: r.PostFormValue("follow_up_high_en"),
		Active: r.PostFormValue("active") == "on", CreatedAt: s.now()}
	if err := survey.ValidateSurvey(&sv); err != nil {
		s.fail(w, r, err)
		return
	}
	update := false
	if id, perr := strconv.ParseInt(r.PostFormValue("id"), 10, 64); perr == nil && id > 0 {
		old, gerr := s.app.Survey(r.Context(), id)
		if gerr != nil {
			s.fail(w, r, gerr)
			return
		}
		refused, rerr := s.surveys.KindChangeRefused(r.Context(), old, sv.Kind)
		if rerr == nil && refused {
			p := s.newPage(r, "")
			rerr = cx.Errorf(cx.EINVALID, p.T("survey_kind_fixed"), p.SurveyKind(old.Kind), p.SurveyKind(sv.Kind))
		}
		if rerr != nil {
			s.fail(w, r, rerr)
			return
		}
		sv.ID, sv.CreatedAt, update = id, old.CreatedAt, true
	}
	err := s.audited(r, func(ctx context.Context) ([]cx.AuditEntry, error) {
		action, save := cx.AuditSurveyCreate, s.app.CreateSurvey
		if update {
			action, save = cx.AuditSurveyChange, s.app.UpdateSurvey
		}
		if err := save(ctx, &sv); err != nil {
			return nil, err
		}
		return line(action, "survey "+strconv.FormatInt(sv.ID, 10), cx.Phrase("survey", sv.Name, sv.Kind)), nil
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/surveys?result="+resultSaved, http.StatusSeeOther)
}

// surveyInvite invites a list of customers (ids or e-mail addresses, one a line) by e-mail. A
// line that cannot be invited (a customer without a known address) does not stop the others:
// the page names it and says why (inviteResult).
func (s *Server) surveyInvite(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, cx.Refuse(cx.ENOTFOUND, "", "not_found/survey", "no survey %q", r.PathValue("id")))
		return
	}
	sv, err := s.app.Survey(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !sv.Active {
		s.fail(w, r, cx.Errorf(cx.EINVALID, "%s", s.newPage(r, "").T("survey_inactive")))
		return
	}
	lang := r.PostFormValue("lang")
	res := inviteResult{counts: map[string]int{}}
	// An address is invited once, at its first line, however the list writes it (survey.Repeats).
	var repeats survey.Repeats
	for n, line := range strings.Split(r.PostFormValue("customers"), "\n") {
		who := strings.TrimSpace(line)
		if who == "" {
			continue
		}
		req := survey.Request{SurveyID: id, Lang: lang}
		if strings.Contains(who, "@") {
			req.Email = who
		} else {
			req.CustomerID = who
		}
		inv, err := s.surveys.Prepare(r.Context(), req)
		if err == nil {
			if _, repeat := repeats.Of(inv, n+1); repeat {
				res.counts[invitedDuplicate]++
				continue
			}
			err = s.surveys.Make(r.Context(), inv)
		}
		if err != nil {
			res.notMade(n+1, who, err)
			if field, _, _ := survey.Refusal(err); field != "email" && field != "customer_id" {
				s.log.WarnContext(r.Context(), "invitation not made", slog.Int("line", n+1), slog.Any("error", err))
			}
			res.counts["error"]++
			continue
		}
		res.counts[inv.Status]++
	}
	s.auditInvitations(r, map[int64]map[string]int{id: res.counts})
	http.Redirect(w, r, "/surveys?"+res.query().Encode(), http.StatusSeeOther)
}

// inviteCounts says how many invitations became what: "2 queued, 1 throttled".
func inviteCounts(counts map[string]int) []cx.AuditPhrase {
	var words []cx.AuditPhrase
	for _, k := range []string{cx.InviteQueued, cx.InviteSent, cx.InviteThrottled, cx.InviteUnsubscribed, cx.InviteBounceHeld, "error"} {
		if counts[k] > 0 {
			words = append(words, cx.Phrase("invites_"+k, strconv.Itoa(counts[k])))
		}
	}
	return words
}

// auditInvitations records the invitations a request made, one entry a survey: how many and
// what became of them, never to whom. The line comes after them (record), not with them: each
// invitation stands on its own (one refused does not stop the others), and one sent by e-mail
// cannot be taken back.
func (s *Server) auditInvitations(r *http.Request, bySurvey map[int64]map[string]int) {
	ids := slices.Sorted(maps.Keys(bySurvey))
	for _, id := range ids {
		if words := inviteCounts(bySurvey[id]); len(words) > 0 {
			s.record(r, cx.AuditEntry{Action: cx.AuditSurveyInvite, Subject: "survey " + strconv.FormatInt(id, 10), Words: words})
		}
	}
}

// siteSave adds a widget site: a name, a survey and the origins it runs on.
func (s *Server) siteSave(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PostFormValue("survey_id"), 10, 64)
	if err != nil {
		s.fail(w, r, cx.Refuse(cx.EINVALID, "survey_id", "site_bad_survey", "%q is not a survey", r.PostFormValue("survey_id")))
		return
	}
	site := cx.Site{Key: newSiteKey(), Name: strings.TrimSpace(r.PostFormValue("name")), SurveyID: id, CreatedAt: s.now()}
	for _, typed := range strings.Fields(r.PostFormValue("origins")) {
		o, err := siteOrigin(typed)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if !slices.Contains(site.Origins, o) {
			site.Origins = append(site.Origins, o)
		}
	}
	switch {
	case site.Name == "":
		s.fail(w, r, cx.Refuse(cx.EINVALID, "name", "site_need_name", "give the site a name"))
		return
	case len(site.Origins) == 0:
		s.fail(w, r, cx.Refuse(cx.EINVALID, "origins", "site_need_origin", "give at least one origin, such as https://www.example.nl"))
		return
	}
	if _, err := s.app.Survey(r.Context(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	err = s.audited(r, func(ctx context.Context) ([]cx.AuditEntry, error) {
		return line(cx.AuditSiteCreate, "site "+site.Key, cx.Phrase("site", site.Name, strings.Join(site.Origins, " "))), s.app.CreateSite(ctx, &site)
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/surveys?result="+resultSite, http.StatusSeeOther)
}

func (s *Server) siteDelete(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("key")
	err := s.audited(r, func(ctx context.Context) ([]cx.AuditEntry, error) {
		return line(cx.AuditSiteDelete, "site "+key), s.app.DeleteSite(ctx, key)
	})
	if err != nil {
		s.fail(w, r, missing(err, "site", key))
		return
	}
	http.Redirect(w, r, "/surveys", http.StatusSeeOther)
}

// newSiteKey is a widget site's public key.
func newSiteKey() string {
	plain, _ := auth.NewSessionSecret()
	return "site_" + plain[:20]
}
