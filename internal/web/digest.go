package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/digest"
)

// digestForm is what the digest pages show: the user's schedule as the form's fields, and on
// the unsubscribe page the token and whether it is done.
type digestForm struct {
	Frequency, Weekday, Time, Lang string
	Frequencies, Weekdays          []option
	Token                          string
	Done                           bool
	Sent                           []digestSent // the user's last periods, newest first
}

// digestSent is one period's digest on the settings page: which, when, and sent or why not.
type digestSent struct {
	Period, At, Outcome string
}

var formWeekdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

// digestSettingsPage shows the signed-in user's digest schedule (none until they set one).
func (s *Server) digestSettingsPage(w http.ResponseWriter, r *http.Request) {
	u := principalOf(r).user
	sched, err := s.app.DigestSchedule(r.Context(), u.ID)
	switch {
	case cx.ErrorCode(err) == cx.ENOTFOUND:
		sched = &cx.DigestSchedule{Frequency: cx.DigestNone, Weekday: time.Monday, Hour: 8, Lang: language(r)}
	case err != nil:
		s.fail(w, r, err)
		return
	}
	flash := ""
	if r.URL.Query().Get("saved") == "1" {
		flash = "digest_saved"
	}
	s.renderDigestSettings(w, r, http.StatusOK, sched, flash, "")
}

func (s *Server) renderDigestSettings(w http.ResponseWriter, r *http.Request, status int, d *cx.DigestSchedule, flash, problem string) {
	p := s.newPage(r, "")
	p.Title = p.T("digest_title")
	if flash != "" {
		p.Flash = p.T(flash)
	}
	if problem != "" {
		p.Error = p.T(problem)
	}
	f := &digestForm{Frequency: d.Frequency, Weekday: d.Weekday.String()[:3], Lang: d.Lang}
	f.Time = time.Date(2000, 1, 1, d.Hour, d.Minute, 0, 0, time.UTC).Format("15:04")
	for _, fr := range cx.DigestFrequencies {
		f.Frequencies = append(f.Frequencies, option{Value: fr, Label: p.T("digest_" + fr), Selected: fr == d.Frequency})
	}
	for _, wd := range formWeekdays {
		v := strings.ToLower(wd.String()[:3])
		f.Weekdays = append(f.Weekdays, option{Value: v, Label: WeekdayName(p.Lang, wd), Selected: wd == d.Weekday})
	}
	sent, err := s.app.DigestsSent(r.Context(), principalOf(r).user.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, d := range sent {
		f.Sent = append(f.Sent, digestSent{Period: digest.PeriodName(d.Period, p.Lang), At: p.DateTime(d.At), Outcome: digestOutcome(p, d.Reason)})
	}
	p.Digest = f
	s.render(w, r, status, "digest_settings", p)
}

// digestOutcome says what became of a period's digest: sent, or why it went to nobody. A reason
// this release has no words for (a newer node's) is shown as it is.
func digestOutcome(p *page, reason string) string {
	if reason == "" {
		return p.codeWord("digest_outcome_", "sent")
	}
	return p.codeWord("digest_outcome_", reason)
}

// digestSettingsSave stores the signed-in user's schedule from the form; a field that cannot
// be read comes back with the form, named, in the page's language.
func (s *Server) digestSettingsSave(w http.ResponseWriter, r *http.Request) {
	d, problem := readDigestForm(r.PostFormValue, language(r))
	d.UserID, d.UpdatedAt = principalOf(r).user.ID, s.now()
	if problem != "" {
		s.renderDigestSettings(w, r, http.StatusUnprocessableEntity, d, "", problem)
		return
	}
	if err := s.app.SetDigestSchedule(r.Context(), d, s.who(r, cx.AuditEntry{})); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/settings/digest?saved=1&lang="+language(r), http.StatusSeeOther)
}

// readDigestForm reads a digest schedule from the settings form's fields (get), and names the
// first field that cannot be read ("" when all can); pageLang replaces a language that is
// neither nl nor en. What a schedule may be is app.ValidateDigestSchedule's to say; the form
// adds only what reading its text fields (the weekday's name, the time) can get wrong.
func readDigestForm(get func(string) string, pageLang string) (d *cx.DigestSchedule, problem string) {
	d = &cx.DigestSchedule{Frequency: get("frequency"), Lang: get("lang"), Weekday: time.Monday}
	at, err := time.Parse("15:04", strings.TrimSpace(get("time")))
	d.Hour, d.Minute = at.Hour(), at.Minute()
	day, dayOK := -1, false
	for _, wd := range formWeekdays {
		if strings.ToLower(wd.String()[:3]) == get("weekday") {
			day, dayOK = int(wd), true
		}
	}
	if dayOK {
		d.Weekday = time.Weekday(day)
	}
	switch field := app.DigestScheduleField(app.ValidateDigestSchedule(d)); {
	case field == "frequency":
		problem, d.Frequency = "digest_bad_frequency", cx.DigestNone
	case !dayOK || field == "weekday":
		problem = "digest_bad_weekday"
	case err != nil || field == "hour" || field == "minute":
		problem = "digest_bad_time"
	case field == "lang":
		problem, d.Lang = "digest_bad_lang", pageLang
	}
	return d, problem
}

// unsubscriber returns the user an unsubscribe token names, when its signature holds.
func (s *Server) unsubscriber(r *http.Request, token string) (*cx.User, bool, error) {
	id, err := digest.TokenUser(token)
	if err != nil {
		return nil, false, nil
	}
	u, err := s.app.UserByID(r.Context(), id)
	if cx.ErrorCode(err) == cx.ENOTFOUND {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	key, err := s.app.DigestKey(r.Context())
	if err != nil {
		return nil, false, err
	}
	return u, digest.Verify(key, token, u.ID, u.Email), nil
}

// digestUnsubscribePage shows a button that unsubscribes; it changes nothing itself, because
// mail scanners open every link in a message.
func (s *Server) digestUnsubscribePage(w http.ResponseWriter, r *http.Request) {
	s.unsubscribePage(w, r, false)
}

// digestUnsubscribe turns the digest off for the user the token names; mail clients POST here
// with List-Unsubscribe=One-Click (RFC 8058), people with the page's button.
func (s *Server) digestUnsubscribe(w http.ResponseWriter, r *http.Request) {
	s.unsubscribePage(w, r, true)
}

func (s *Server) unsubscribePage(w http.ResponseWriter, r *http.Request, act bool) {
	token := r.URL.Query().Get("token")
	if act && token == "" {
		token = r.PostFormValue("token")
	}
	p := s.newPage(r, "")
	p.Title = p.T("digest_unsubscribe_title")
	w.Header().Set("Referrer-Policy", "no-referrer") // the token must not travel on
	u, ok, err := s.unsubscriber(r, token)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !ok {
		p.Error = p.T("digest_bad_link")
		s.render(w, r, http.StatusBadRequest, "digest_unsubscribe", p)
		return
	}
	p.Digest = &digestForm{Token: token}
	if act {
		d, err := s.app.DigestSchedule(r.Context(), u.ID)
		if cx.ErrorCode(err) == cx.ENOTFOUND {
			d, err = &cx.DigestSchedule{UserID: u.ID, Weekday: time.Monday, Lang: language(r)}, nil
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d.Frequency, d.UpdatedAt = cx.DigestNone, s.now()
		if err := s.app.SetDigestSchedule(r.Context(), d, s.who(r, cx.AuditEntry{UserID: u.ID, Actor: u.Email})); err != nil {
			s.fail(w, r, err)
			return
		}
		p.Digest.Done = true
	}
	s.render(w, r, http.StatusOK, "digest_unsubscribe", p)
}
