package web

import (
	"context"
	"fmt"
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
	d := s.newDash(r, "nav_targets", "/targets")
	settings, err := s.settings(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Targets = s.targetFields(r.Context(), d.page, settings)
	if r.URL.Query().Get("saved") == "1" {
		d.Flash = d.T("saved")
	}
	s.renderDash(w, r, "targets", d)
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
		if def.desc.Format == metric.FormatMoney { // typed in the account's currency, not always €
			unit = report.CurrencySign(p.Currency)
		}
		add("target."+def.Key, p.T("tile_"+def.Key), unit)
	}
	teams, err := s.app.Names(ctx, engine.ByTeam)
	if err != nil {
		s.partial(ctx, "the teams' SLA targets", err)
	}
	for _, team := range teams {
		add("sla."+teamKey(team), p.T("sla_target")+" "+team, "h")
	}
	return out
}

// targetsSave stores the targets: numbers as the page's language writes them, empty for none.
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
	var changed []string
	for key, vals := range r.PostForm {
		if !strings.HasPrefix(key, "target.") && !strings.HasPrefix(key, "sla.") {
			continue
		}
		val := strings.TrimSpace(vals[0])
		if val != "" {
			label := labels[key]
			if label == "" {
				label = key
			}
			x, err := parseFormNumber(p.Lang, label, val)
			if err != nil {
				s.fail(w, r, cx.Errorf(cx.EINVALID, "%s", err))
				return
			}
			val = storedNumber(x)
		}
		if err := s.app.SetSetting(r.Context(), key, val); err != nil {
			s.fail(w, r, err)
			return
		}
		if before[key] != val {
			changed = append(changed, fmt.Sprintf("%s %q → %q", key, before[key], val))
		}
	}
	if len(changed) > 0 {
		slices.Sort(changed)
		s.audit(r, cx.AuditTargetsChange, "targets", strings.Join(changed, "; "))
	}
	http.Redirect(w, r, "/targets?saved=1", http.StatusSeeOther)
}

func itoa(n int) string { return strconv.Itoa(n) }
