package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/metric"
)

type feedbackPage struct {
	Rates    []rateRow // survey response rates of the period
	Kinds    []option
	Replied  []option
	Tones    []option // the sentiment filter
	Items    []feedbackRow
	Count    string // the items the filter keeps on every page, "128 opmerkingen"; "" without an engine
	Next     string // link to the next page, "" at the end
	CanReply bool
	Back     string // this page's address, filters and all: the way back from a ticket's page and a reply
}

type feedbackRow struct {
	Kind, ID, At, Survey, Score, Class, Text string
	Channel, Agent, Customer, Source, URL    string
	CustomerURL, TicketURL                   string // their pages (dash_links.go); "" without
	Tone                                     string // the text's sentiment label, "" without a score
	Replied                                  bool
	ReplyAction                              string
}

// feedbackKinds are the choices of the feedback filter: by NPS class (fixed scores) and CSAT
// score. The CSAT ones keep each answer by its own scale's judgement (judge), the install's
// for an answer naming none: 1–2 and 4–5 written here were wrong on any scale but 1–5 with
// positive from 4.
var feedbackKinds = []feedbackKind{
	{key: "all", lo: -1, hi: -1}, {"detractors", "nps", 0, 6, nil}, {"passives", "nps", 7, 8, nil}, {"promoters", "nps", 9, 10, nil},
	{"csat_low", "csat", -1, -1, metric.CSATScale.Critical}, {"csat_high", "csat", -1, -1, metric.CSATScale.PositiveScores},
	{"ces", "ces", -1, -1, nil}, {"mentions", "mention", -1, -1, nil},
}

// feedbackKind is one choice of the list's "show" filter.
type feedbackKind struct {
	key, survey string
	lo, hi      int                                 // NPS: the scores kept; -1 none
	judge       func(metric.CSATScale) (lo, hi int) // CSAT: the scale's scores kept
}

const feedbackPageSize = 50

// feedbackPage is the stream of comments and mentions, newest first.
func (s *Server) feedbackPage(w http.ResponseWriter, r *http.Request) {
	d := s.newDash(r, "nav_feedback", "/feedback")
	v, l := d.View, d.View.Lang
	q := r.URL.Query()
	fq, bad := feedbackQuery(q, v, s.app.Config.CSAT)
	if bad != nil {
		s.fail(w, r, bad.in(d))
		return
	}
	fq.Limit = feedbackPageSize + 1 // one more tells whether an older page holds any
	fp := &feedbackPage{CanReply: principalOf(r).can("reply"), Back: r.URL.RequestURI()}
	fp.Kinds, fp.Replied, fp.Tones = feedbackChoices(d, q, s.app.Config.CSAT)
	page, bad := readPage(q)
	if bad != nil {
		s.fail(w, r, bad.in(d))
		return
	}
	fq.Offset = (page - 1) * feedbackPageSize
	items, err := s.app.Feedback(r.Context(), fq)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	older := len(items) > feedbackPageSize
	// The engine counts; without one the page shows no count rather than ask the database
	// (app.FeedbackCount), and a count that fails leaves the list standing.
	if n, ok, err := s.app.FeedbackCount(fq); err != nil {
		s.partial(r.Context(), "feedback count", err)
	} else if ok {
		fp.Count = d.Count(n, "comment")
	}
	for _, it := range items[:min(len(items), feedbackPageSize)] {
		row := feedbackRow{Kind: string(it.Kind), ID: it.ID, At: s.dateTime(r, it.At), Text: it.Text,
			Channel: it.Channel, Agent: it.Agent, Customer: it.CustomerID, Source: it.Source, URL: safeURL(it.URL),
			Replied: !it.RepliedAt.IsZero(), Survey: strings.ToUpper(it.Survey)}
		if it.Score != nil {
			row.Score = l.Number(float64(*it.Score), 0)
			if it.Survey == cx.SurveyNPS {
				row.Class = metric.NPSClassName(*it.Score)
			}
		}
		if it.CustomerID != "" {
			row.CustomerURL = customerURL(it.CustomerID)
		}
		if it.TicketID != "" {
			row.TicketURL = ticketURL(it.TicketID)
		}
		row.Tone = tone(it.Sentiment)
		row.ReplyAction = "/feedback/" + string(it.Kind) + "/" + url.PathEscape(it.ID) + "/replied"
		fp.Items = append(fp.Items, row)
	}
	if older {
		fp.Next = v.link("/feedback", "kind", q.Get("kind"), "replied", q.Get("replied"), "sentiment", fq.Sentiment, "page", itoa(page+1))
	}
	list, err := s.app.ListSurveys(r.Context())
	if err == nil {
		fp.Rates, err = s.responseRates(r, v, list)
	}
	if err != nil {
		s.partial(r.Context(), "survey response rates", err)
	}
	d.Feedback = fp
	s.renderDash(w, r, "feedback", d)
}

// feedbackChoices are the options of the list's filter boxes (kind, replied, sentiment) in the
// page's words, q's selected: the page shows them, its download names the chosen ones.
func feedbackChoices(d *dashPage, q url.Values, csat config.Scale) (kinds, replied, tones []option) {
	for _, k := range feedbackKinds {
		label := d.T("fb_" + k.key)
		if k.judge != nil {
			// The install's scores, which "CSAT 1–2" and "CSAT 4–5" named on every scale.
			label = fmt.Sprintf(label, scoreRange(k.judge(csat.CSATScale())))
		}
		kinds = append(kinds, option{Value: k.key, Label: label, Selected: k.key == q.Get("kind")})
	}
	for _, o := range []string{"", "yes", "no"} {
		replied = append(replied, option{Value: o, Label: d.T("replied_" + o), Selected: o == q.Get("replied")})
	}
	for _, o := range []string{"", metric.SentimentPositive, metric.SentimentNeutral, metric.SentimentNegative} {
		tones = append(tones, option{Value: o, Label: d.T("tone_" + o), Selected: o == q.Get("sentiment")})
	}
	return kinds, replied, tones
}

// feedbackQuery is the store's query of the list's filter (kind, replied, sentiment) in the
// view's period, without its page: the page and its download read the same comments. A value
// that is none of a filter's choices is refused naming it, as Risico and Opvolging refuse
// theirs: read as no filter, kind=detractor (for detractors) showed every comment under a
// heading the reader took for the ones asked.
func feedbackQuery(q url.Values, v view, csat config.Scale) (app.FeedbackQuery, *paramError) {
	kind, replied, label := q.Get("kind"), q.Get("replied"), q.Get("sentiment")
	fq := app.FeedbackQuery{From: v.From, To: v.To, Filter: filterOf(v)}
	i := slices.IndexFunc(feedbackKinds, func(k feedbackKind) bool { return k.key == kind })
	switch {
	case i >= 0:
		k := feedbackKinds[i]
		fq.Survey = k.survey
		lo, hi := k.lo, k.hi
		if k.judge != nil {
			fq.Scales = metric.EveryScale(csat.CSATScale(), k.judge)
		} else if lo >= 0 {
			fq.MinScore, fq.MaxScore = &lo, &hi
		}
	case kind != "":
		keys := make([]string, len(feedbackKinds))
		for j, k := range feedbackKinds {
			keys[j] = k.key
		}
		return fq, &paramError{"kind", kind, strings.Join(keys, ", ")}
	}
	switch replied {
	case "yes", "no":
		b := replied == "yes"
		fq.Replied = &b
	case "":
	default:
		return fq, &paramError{"replied", replied, "yes, no"}
	}
	tones := []string{metric.SentimentPositive, metric.SentimentNeutral, metric.SentimentNegative}
	if label != "" && !slices.Contains(tones, label) {
		return fq, &paramError{"sentiment", label, strings.Join(tones, ", ")}
	}
	fq.Sentiment = label
	return fq, nil
}

// scoreRange says the scores lo to hi: "1–2", "1" for one, "–" for none (hi < lo).
func scoreRange(lo, hi int) string {
	switch {
	case hi < lo:
		return "–"
	case hi == lo:
		return strconv.Itoa(lo)
	}
	return strconv.Itoa(lo) + "–" + strconv.Itoa(hi)
}

// tone is the label of a stored sentiment score, "" for a text without one.
func tone(score *float64) string {
	if score == nil {
		return ""
	}
	return metric.SentimentLabel(*score)
}

// markReplied records that the team replied to a comment or mention, then goes back.
func (s *Server) markReplied(w http.ResponseWriter, r *http.Request) {
	kind := cx.Kind(r.PathValue("kind"))
	if kind != cx.KindResponses && kind != cx.KindMentions {
		s.fail(w, r, cx.Errorf(cx.ENOTFOUND, "nothing to reply to"))
		return
	}
	// Its line in the audit log is written with it (app.MarkReplied).
	if err := s.app.MarkReplied(s.acting(r), kind, r.PathValue("id"), s.now()); err != nil {
		s.fail(w, r, err)
		return
	}
	back := localPath(r.PostFormValue("back"), "/feedback") // only back to the feedback page
	if back == "" {
		back = "/feedback"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// safeURL keeps only http(s) links of mentions; others (javascript:) are dropped.
func safeURL(u string) string {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") {
		return ""
	}
	return u
}
