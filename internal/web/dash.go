package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/report"
)

// view is what every dashboard page shows: a period, the filters, and who is looking. It lives
// in the URL (period, from, to, channel, team, agent, segment, category), so a view can be shared.
type view struct {
	Period   string // lastmonth, week, month, quarter, year or custom
	From, To time.Time
	Today    time.Time // midnight that began today, in the account time zone
	Filter   map[engine.Dim]string
	Forced   bool // an agent: the agent filter is theirs and cannot be changed
	Lang     report.Lang
	// Refused is a custom period the view could not use (from = to, to before from, a date
	// that is none): the view is the first screen's instead, and the page says why
	// (periodProblem) with the dates as typed in its picker.
	Refused *report.PeriodError
	// Wall: the view is a wall screen's page (onWall), whose cookie opens nothing but the wall,
	// so a tap on a figure there would lead to the login page: it links nowhere (link).
	Wall bool
	// stepTo is the end of the period as named when the view measures it only up to today
	// (measured): its charts keep the named period's step, so "Dit jaar" is drawn by month on
	// every page and download alike, not by week while the year is young.
	stepTo time.Time
}

// periods are the choices of the period picker: the last full month with data (the first
// screen, dash_period.go), then "this …" up to the end of the current one.
var periods = []string{lastMonth, "week", "month", "quarter", "year", "custom"}

// dims in the order the filters are shown.
var dims = []engine.Dim{engine.ByChannel, engine.ByTeam, engine.ByAgent, engine.BySegment, engine.ByCategory}

// readView reads the view from the URL. Missing or bad values fall back to the first screen's
// period (defaultPeriod), so a hand-edited URL still shows a page; a custom period that cannot
// be used is kept in Refused, for the page to say so. An agent is always limited to their own
// figures.
func (s *Server) readView(r *http.Request) view {
	q := r.URL.Query()
	loc := s.app.Config.Timezone
	v := view{Period: q.Get("period"), Filter: map[engine.Dim]string{}, Lang: report.Lang(language(r)), Wall: onWall(r)}
	today := s.today()
	v.Today = today
	from, to, err := report.ParsePeriod(q.Get("from"), q.Get("to"), loc)
	switch {
	case v.Period == "custom" && err == nil:
		v.From, v.To = from, to
	case validPeriod(v.Period):
		v.From, v.To = currentPeriod(v.Period, today)
	default: // none, lastmonth, or one that cannot be read
		if v.Period == "custom" {
			errors.As(err, &v.Refused)
		}
		v.Period, v.From, v.To = s.firstPeriod(r.Context(), today)
	}
	for _, d := range dims {
		if val := strings.TrimSpace(q.Get(string(d))); val != "" {
			v.Filter[d] = val
		}
	}
	if p := principalOf(r); p != nil && !p.can(auth.ActionReport) {
		v.Filter[engine.ByAgent], v.Forced = p.user.Agent, true
	}
	return v
}

// periodRefused is what the API says of a view's period that readView would replace: an API
// client would take another period's figures for the ones it asked (the page, whose period
// picker shows what it reads, falls back). Its from and to are read as /api/v1/report reads
// them (report.ParsePeriod, 422 naming the parameter); nil when readView reads what was asked.
func (s *Server) periodRefused(q url.Values) error {
	switch period := q.Get("period"); {
	case period == "custom":
		_, _, err := report.ParsePeriod(q.Get("from"), q.Get("to"), s.app.Config.Timezone)
		return err
	case period != "" && period != lastMonth && !validPeriod(period):
		return cx.Errorf(cx.EINVALID, "period %q is not one of %s", period, strings.Join(periods, ", "))
	case q.Has("from") || q.Has("to"):
		return cx.Errorf(cx.EINVALID, "from and to are read with period=custom only")
	}
	return nil
}

// periodProblem says in the page's language what is wrong with a custom period, naming the
// field of the period picker, as the API's 422 names the parameter (report.ParsePeriod).
func periodProblem(l report.Lang, e *report.PeriodError) string {
	w := words[string(l)]
	field := map[string]string{"from": w["from"], "to": w["to_excl"]}[e.Field]
	value := map[string]string{"from": e.From, "to": e.To}[e.Field]
	switch e.Reason {
	case report.PeriodMissing:
		return fmt.Sprintf(w["period_missing"], field)
	case report.PeriodNotDate:
		return fmt.Sprintf(w["period_not_date"], field, value)
	}
	return fmt.Sprintf(w["period_not_after"], w["to_excl"], e.To, w["from"], e.From)
}

func validPeriod(p string) bool {
	for _, x := range periods {
		if x == p && p != "custom" && p != lastMonth {
			return true
		}
	}
	return false
}

// currentPeriod is this week (from Monday), month, quarter or year, containing today.
func currentPeriod(period string, today time.Time) (time.Time, time.Time) {
	y, m, d := today.Date()
	loc := today.Location()
	switch period {
	case "week":
		from := time.Date(y, m, d-(int(today.Weekday())+6)%7, 0, 0, 0, 0, loc)
		return from, from.AddDate(0, 0, 7)
	case "quarter":
		from := time.Date(y, m-(m-1)%3, 1, 0, 0, 0, 0, loc)
		return from, from.AddDate(0, 3, 0)
	case "year":
		from := time.Date(y, 1, 1, 0, 0, 0, 0, loc)
		return from, from.AddDate(1, 0, 0)
	}
	from := time.Date(y, m, 1, 0, 0, 0, 0, loc)
	return from, from.AddDate(0, 1, 0)
}

// filterProblem says, in the page's language, which filters name a value the data does not
// hold; "" when none does.
func (d *dashPage) filterProblem() string {
	var out []string
	for _, f := range d.Filters {
		if f.Unknown {
			out = append(out, fmt.Sprintf(d.T("filter_unknown"), f.Label, f.Selected, f.Label, d.T("all")))
		}
	}
	return strings.Join(out, " ")
}

// days is the length of the view's period in calendar days.
func (v view) days() int { return int(engine.CalendarDays(v.From, v.To)) }

// measuredDays is how many days of [from, to) lie before tomorrow: the part of a period that
// can hold data.
func measuredDays(from, to, today time.Time) int {
	if end := today.AddDate(0, 0, 1); end.Before(to) {
		to = end
	}
	return view{From: from, To: to}.days()
}

// previousFrom starts the period of equal length just before the view's.
func (v view) previousFrom() time.Time { return engine.PreviousFrom(v.From, v.To) }

// query is the engine query of the view, optionally split.
func (v view) query(by engine.Dim) engine.Query {
	return engine.Query{From: v.From, To: v.To, By: by, Filter: v.Filter}
}

// step is the bucket of the view's sparklines and charts, as the printed report's
// (report.StepFor), of the period as named (stepTo) when the view is measured up to today.
func (v view) step() engine.Step {
	if !v.stepTo.IsZero() {
		return report.StepFor(v.From, v.stepTo)
	}
	return report.StepFor(v.From, v.To)
}

// link is the URL of a page with the view's parameters, changed by the given pairs.
func (v view) link(path string, pairs ...string) string {
	if v.Wall { // every figure's link, drill-down and page goes through here: one rule for the wall
		return ""
	}
	q := url.Values{}
	q.Set("period", v.Period)
	if v.Period == "custom" {
		q.Set("from", v.From.Format(time.DateOnly))
		q.Set("to", v.To.Format(time.DateOnly))
	}
	for d, val := range v.Filter {
		if !(v.Forced && d == engine.ByAgent) {
			q.Set(string(d), val)
		}
	}
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "" {
			q.Del(pairs[i])
		} else {
			q.Set(pairs[i], pairs[i+1])
		}
	}
	return path + "?" + q.Encode()
}

// label names the view's period wherever it is shown — every page's heading, the phone's
// summary, the wall screen's: "1 mrt 2026 – 31 mrt 2026". A period still running holds no
// record after today, so it is named by the days measured, as the overview's tiles measure it
// (README, Overzicht): "1 dec 2026 – 7 dec 2026 (t/m vandaag)", on every page alike.
func (v view) label() string {
	m := v.measured()
	s := fmt.Sprintf("%s – %s", v.date(m.From), v.date(m.To.AddDate(0, 0, -1)))
	if !m.To.Equal(v.To) {
		s += " " + words[string(v.Lang)]["up_to_today"]
	}
	return s
}

func (v view) date(t time.Time) string { return v.Lang.Date(t) }

// filterChoice is one filter's select box.
type filterChoice struct {
	Dim      string
	Label    string
	Selected string
	Options  []option // the value in the URL, the label in the page's language
	Disabled bool
	// Unknown: the view filters by a value the data does not hold (a team renamed since the
	// link was shared), which the box shows chosen and the page says (filterProblem), where
	// the box showed "all" over figures that were all empty.
	Unknown bool
}

// filters lists the filter boxes with the values the reports know (app.Names).
func (s *Server) filters(ctx context.Context, v view, p *page) []filterChoice {
	var out []filterChoice
	for _, d := range dims {
		f := filterChoice{Dim: string(d), Label: p.T("dim_" + string(d)), Selected: v.Filter[d]}
		var names []string
		if d == engine.ByAgent && v.Forced {
			// An agent's choice is fixed to themselves; the menu does not list their colleagues.
			names = []string{v.Filter[d]}
		} else if all, err := s.app.Names(ctx, d); err != nil {
			s.partial(ctx, "the choices of the filter on "+string(d), err)
		} else {
			names = all
		}
		label := func(name string) string {
			if d == engine.ByChannel {
				return p.Channel(name)
			}
			return name
		}
		known := false
		for _, name := range names {
			// Chosen as the engine compares names: ?category=levering filters by Levering.
			chosen := cx.NameKey(name) == cx.NameKey(v.Filter[d])
			known = known || chosen
			f.Options = append(f.Options, option{Value: name, Label: label(name), Selected: chosen})
		}
		if f.Unknown = f.Selected != "" && !known; f.Unknown {
			f.Options = append(f.Options, option{Value: f.Selected, Label: label(f.Selected), Selected: true})
		}
		f.Disabled = d == engine.ByAgent && v.Forced
		out = append(out, f)
	}
	return out
}
