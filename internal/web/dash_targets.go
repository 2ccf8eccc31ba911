package web

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/report"
)

// targetField is one target of the targets form. Was is what the field showed when the form
// was made, sent back beside it (was.<key>): a field sent as it showed is one the user left
// alone (targetsSave).
type targetField struct {
	Key, Label, Unit, Value, Was string
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
	s.renderTargets(w, r, http.StatusOK, settings, nil, "")
}

// renderTargets writes the targets form with status, its fields holding settings; shown, when
// set, is what a form sent said its fields showed (was.<key>), kept for those it names; problem,
// when set, says why what was sent is not saved.
func (s *Server) renderTargets(w http.ResponseWriter, r *http.Request, status int, settings, shown map[string]string, problem string) {
	d := s.newDash(r, "nav_targets", "/targets")
	d.NoPeriod = true // a target holds for every period: the page has none to choose
	d.Targets = s.targetFields(r.Context(), d.page, settings)
	for i, f := range d.Targets {
		if was, ok := shown[f.Key]; ok {
			d.Targets[i].Was = was
		}
	}
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
		out = append(out, targetField{Key: key, Label: label, Unit: unit, Value: value, Was: value})
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
//
// Only the fields changed on the form are written: a field sent as it showed (was.<key>) was
// left alone, and writing it would put back a target someone changed since the form was made.
// A field sent without what it showed (a form of a script's) is written as sent. Two saves
// changing one target at once: the later stands. Each is someone's deliberate choice of that
// target, and each one's line says what it replaced, read where it was written (SetSettings),
// so the log tells what happened; refusing the later would have its user type the form again
// for a change nobody lost track of.
func (s *Server) targetsSave(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.problem(w, r, Problem{Status: http.StatusBadRequest, Detail: "could not read the form"})
		return
	}
	p := s.newPage(r, "")
	form, err := s.targetsForm(r, p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	err = s.audited(r, func(ctx context.Context) ([]cx.AuditEntry, error) {
		before, err := s.app.SetSettings(ctx, form.changes)
		if err != nil {
			return nil, err
		}
		var changed []cx.AuditPhrase
		for _, key := range slices.Sorted(maps.Keys(form.changes)) {
			if val := form.changes[key]; before[key] != val {
				changed = append(changed, cx.Phrase("setting_changed", key, before[key], val))
			}
		}
		if len(changed) == 0 {
			return nil, nil
		}
		return line(cx.AuditTargetsChange, "targets", changed...), nil
	})
	if err != nil {
		s.log.ErrorContext(r.Context(), "targets not saved", slog.Any("error", err))
		stored, rerr := s.settings(r.Context())
		if rerr != nil {
			s.fail(w, r, err)
			return
		}
		for _, field := range s.targetFields(r.Context(), p, stored) {
			if _, ok := form.shown[field.Key]; !ok {
				form.shown[field.Key] = field.Value // a field sent without what it showed: as stored
			}
		}
		sent := maps.Clone(stored) // for the fields the form did not send
		maps.Copy(sent, form.values)
		// Nothing was written and the same form may be sent again, changing the same fields:
		// unavailable, not a fault the page can name (the log has the database's words).
		s.renderTargets(w, r, http.StatusServiceUnavailable, sent, form.shown, p.T("targets_not_saved"))
		return
	}
	http.Redirect(w, r, "/targets?saved=1", http.StatusSeeOther)
}

// targetsForm is a targets form sent: values, every field as it is stored; shown, what each
// field showed when the form was made (was.<key>), for those that say; changes, the values of
// the fields changed on the form — not sent as they showed, or not saying what they showed.
type targetsForm struct{ values, shown, changes map[string]string }

// targetsForm reads the targets form of r, its numbers as p's language writes them
// (readTargetsForm).
func (s *Server) targetsForm(r *http.Request, p *page) (targetsForm, error) {
	labels := map[string]string{}
	for _, f := range s.targetFields(r.Context(), p, nil) {
		labels[f.Key] = f.Label
	}
	return readTargetsForm(r.PostForm, p.Lang, labels)
}

// readTargetsForm reads a targets form sent, its numbers as lang writes them; labels are the
// form's fields by key. A field that is no target, or holds no target, is refused
// (cx.EINVALID): the first in the form's order of names, the same every time.
func readTargetsForm(form url.Values, lang string, labels map[string]string) (targetsForm, error) {
	var keys []string
	for key := range form {
		if strings.HasPrefix(key, "target.") || strings.HasPrefix(key, "sla.") {
			keys = append(keys, key)
		}
	}
	slices.Sort(keys)
	f := targetsForm{values: map[string]string{}, shown: map[string]string{}, changes: map[string]string{}}
	for _, key := range keys {
		typed := form.Get(key)
		val, err := targetValue(lang, key, labels[key], typed)
		if err != nil {
			return f, cx.Errorf(cx.EINVALID, "%s", err)
		}
		f.values[key] = val
		if was, ok := shownOnForm(form, key); ok {
			f.shown[key] = was
		}
		if changedOnForm(form, key, typed) {
			f.changes[key] = val
		}
	}
	return f, nil
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
