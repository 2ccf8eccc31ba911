package web

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/report"
)

// targetField is one target of the targets form.
type targetField struct {
	Key, Label, Unit, Value string
}

func (s *Server) settings(ctx context.Context) (map[string]string, error) { return s.app.Settings(ctx) }

// teamKey is how a team names its SLA setting: compared like every name.
func teamKey(team string) string { return cx.NameKey(team) }

// targetsPage shows a target per tile and a first-response target per team.
func (s *Server) targetsPage(w http.ResponseWriter, r *http.Request) {
	settings, err := s.settings(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderTargets(w, r, http.StatusOK, settings, "")
}

// renderTargets writes the targets form with status, its fields holding settings; problem, when
// set, says why what was sent is not saved.
func (s *Server) renderTargets(w http.ResponseWriter, r *http.Request, status int, settings map[string]string, problem string) {
	d := s.newDash(r, "nav_targets", "/targets")
	d.Targets = s.targetFields(r.Context(), d.page, settings)
	if r.URL.Query().Get("saved") == "1" && problem == "" {
		d.Flash = d.T("saved")
	}
	d.Error = problem
	s.renderDashStatus(w, r, status, "targets", d)
}

// targetFields are the targets of the form, with their stored values as the page's language
// writes a number.
func (s *Server) targetFields(ctx context.Context, p *page, settings map[string]string) []targetField {
	var out []targetField
	add := func(key, label, unit string) {
		value := settings[key]
		if x, err := readStoredNumber(value); err == nil {
			value = formNumber(p.Lang, x)
		}
		out = append(out, targetField{Key: key, Label: label, Unit: unit, Value: value})
	}
	for _, def := range tileDefs {
		unit := def.Unit
		switch def.desc.Format {
		case metric.FormatMoney: // typed in the account's currency, not always €
			unit = report.CurrencySign(p.Currency)
		case metric.FormatDuration: // hours as the page writes a duration: 2 u 00 m in Dutch
			unit = p.T("unit_hours")
		}
		add("target."+def.Key, p.T("tile_"+def.Key), unit)
	}
	teams, err := s.app.Names(ctx, engine.ByTeam)
	if err != nil {
		s.partial(ctx, "the teams' SLA targets", err)
	}
	for _, team := range teams {
		add("sla."+teamKey(team), p.T("sla_target")+" "+team, p.T("unit_hours"))
	}
	return out
}

// targetsSave stores the targets: numbers as the page's language writes them, empty for none.
// Every field is read before any is stored, so a form with one bad field changes nothing, and
// all are stored in one transaction, so a database refusing one changes nothing either: the
// form comes back with what was sent and says so. Only the form's own fields are settings a
// user may write.
func (s *Server) targetsSave(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.problem(w, r, Problem{Status: http.StatusBadRequest, Detail: "could not read the form"})
		return
	}
	before, err := s.settings(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.newPage(r, "")
	labels := map[string]string{}
	for _, f := range s.targetFields(r.Context(), p, nil) {
		labels[f.Key] = f.Label
	}
	var keys []string
	for key := range r.PostForm {
		if strings.HasPrefix(key, "target.") || strings.HasPrefix(key, "sla.") {
			keys = append(keys, key)
		}
	}
	slices.Sort(keys) // the first bad field in the form's order of names, the same every time
	values := make(map[string]string, len(keys))
	for _, key := range keys {
		val, err := targetValue(p.Lang, key, labels[key], r.PostForm.Get(key))
		if err != nil {
			s.fail(w, r, cx.Errorf(cx.EINVALID, "%s", err))
			return
		}
		values[key] = val
	}
	var changed []string
	for _, key := range keys {
		if val := values[key]; before[key] != val {
			changed = append(changed, fmt.Sprintf("%s %q → %q", key, before[key], val))
		}
	}
	err = s.audited(r, func(ctx context.Context) ([]cx.AuditEntry, error) {
		if err := s.app.SetSettings(ctx, values); err != nil || len(changed) == 0 {
			return nil, err
		}
		return line(cx.AuditTargetsChange, "targets", strings.Join(changed, "; ")), nil
	})
	if err != nil {
		s.log.ErrorContext(r.Context(), "targets not saved", slog.Any("error", err))
		sent := maps.Clone(before)
		maps.Copy(sent, values)
		// Nothing was written and the same form may be sent again: unavailable, not a fault
		// the page can name (the log has the database's words).
		s.renderTargets(w, r, http.StatusServiceUnavailable, sent, p.T("targets_not_saved"))
		return
	}
	http.Redirect(w, r, "/targets?saved=1", http.StatusSeeOther)
}

// targetValue reads field key of the targets form, labelled label ("" for a field the form
// does not have), as it is stored: "" for none.
func targetValue(lang, key, label, typed string) (string, error) {
	w := words[lang]
	if label == "" {
		return "", fmt.Errorf(w["targets_unknown"], key)
	}
	typed = strings.TrimSpace(typed)
	if typed == "" {
		return "", nil
	}
	x, err := parseFormNumber(lang, label, typed)
	if err != nil {
		return "", err
	}
	if strings.HasPrefix(key, "sla.") && !slaHoursValid(x) {
		return "", fmt.Errorf(w["number_bad"], label, typed, fmt.Sprintf(w["sla_hours_range"], formNumber(lang, maxSLAHours)))
	}
	return storedNumber(x), nil
}

// maxSLAHours bounds a team's first-response target: a year of hours is past any promise to
// a customer, and far more overflowed the target's seconds.
const maxSLAHours = 8760

// slaHoursValid tells whether h hours is a first-response target: a time after creation, so
// more than 0, and at most maxSLAHours.
func slaHoursValid(h float64) bool { return h > 0 && h <= maxSLAHours }

func init() {
	addWords(map[string]map[string]string{
		"nl": {
			"targets_unknown": "%q is geen veld van de doelen.", "unit_hours": "u",
			"sla_hours_range": "moet meer dan 0 en ten hoogste %s uur zijn (leeg: 8 uur).",
			"targets_not_saved": "De doelen zijn niet opgeslagen: de database weigerde het schrijven. " +
				"Er is niets veranderd; probeer het opnieuw.",
		},
		"en": {
			"targets_unknown": "%q is not a field of the targets.", "unit_hours": "h",
			"sla_hours_range":   "must be more than 0 and at most %s hours (empty: 8 hours).",
			"targets_not_saved": "The targets were not saved: the database refused the write. Nothing changed; try again.",
		},
	})
}

func itoa(n int) string { return strconv.Itoa(n) }
