package web

import (
	"context"
	"html"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// TestTargetsBadFieldSavesNothing: a form with one bad target stores none of them — the fields
// were saved one by one in the form's (random) order, so the good ones before the bad one were
// kept behind the error page and the audit log said nothing of them. Posted a few times, as the
// order of a form's fields in Go's map is anyone's.
func TestTargetsBadFieldSavesNothing(t *testing.T) {
	ts := dashServer(t)
	manager := ts.login("manager@example.com")
	form := url.Values{"target.nps": {"veel"}}
	for _, key := range []string{"csat", "ces", "first_response", "resolution", "fcr", "churn", "retention", "clv", "iqs"} {
		form.Set("target."+key, "12")
	}
	form.Set("sla."+teamKey("Support"), "4")
	for range 5 {
		res := manager.form("POST", "/targets?lang=nl", form)
		if res.status != 422 || !strings.Contains(res.body, words["nl"]["tile_nps"]) {
			t.Fatalf("a form with a bad target: %d %s", res.status, res.body)
		}
	}
	settings, err := ts.app.Settings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for key, value := range settings {
		if strings.HasPrefix(key, "target.") || strings.HasPrefix(key, "sla.") {
			t.Errorf("saved %s = %q from a refused form", key, value)
		}
	}
}

// TestSLATargetMustBeAPositiveNumberOfHours: a team's first-response target is business hours
// after creation, so 0 or less is refused, naming the team's field — stored, it was shown back
// on the form while the SLA silently used 8 hours — and so is one beyond a year of hours, whose
// seconds overflowed and made every ticket due before it was created (all breached).
func TestSLATargetMustBeAPositiveNumberOfHours(t *testing.T) {
	ts := dashServer(t)
	manager := ts.login("manager@example.com")
	key := "sla." + teamKey("Support")
	for _, tt := range []struct {
		lang, typed, want string
	}{
		{"nl", "0", "moet meer dan 0 en ten hoogste 8.760 uur zijn"},
		{"nl", "-4", "moet meer dan 0 en ten hoogste 8.760 uur zijn"},
		{"en", "10,000,000,000,000,000", "must be more than 0 and at most 8,760 hours"},
		{"nl", "8.761", "moet meer dan 0 en ten hoogste 8.760 uur zijn"},
	} {
		res := manager.form("POST", "/targets?lang="+tt.lang, url.Values{key: {tt.typed}})
		if res.status != 422 || !strings.Contains(res.body, words[tt.lang]["sla_target"]+" Support") || !strings.Contains(res.body, tt.want) {
			t.Errorf("%s SLA %q: %d %s", tt.lang, tt.typed, res.status, res.body)
		}
	}
	if settings, _ := ts.app.Settings(context.Background()); settings[key] != "" {
		t.Errorf("a refused SLA stored: %q", settings[key])
	}
	// The form says what an empty SLA field means: the default, not "no target".
	if page := manager.get("/targets?lang=nl").body; !strings.Contains(page, "per team een doel voor de eerste reactie (leeg = 8 uur)") {
		t.Error("the targets form does not say an empty SLA is 8 hours")
	}
	// A year's hours and a quarter of an hour are targets.
	for _, typed := range []string{"8.760", "0,25"} {
		if res := manager.form("POST", "/targets?lang=nl", url.Values{key: {typed}}); res.status != 303 {
			t.Errorf("SLA %q: %d %s", typed, res.status, res.body)
		}
	}
	// A setting stored before the check (or by hand) beyond the bound reads as the default.
	for stored, want := range map[string]int64{"0": 28800, "-4": 28800, "1e16": 28800, "8760": 8760 * 3600, "0.25": 900, "4,5": 16200} {
		if got := slaTarget(map[string]string{key: stored}, "support "); got != want {
			t.Errorf("stored SLA %q: %d s, want %d", stored, got, want)
		}
	}
}

// TestTargetsRefuseAFieldNotOnTheForm: only the form's targets are settings a manager writes —
// any name that began with target. or sla. was stored, a row each, without bound.
func TestTargetsRefuseAFieldNotOnTheForm(t *testing.T) {
	ts := dashServer(t)
	manager := ts.login("manager@example.com")
	for _, key := range []string{"target.spam", "sla.no such team"} {
		res := manager.form("POST", "/targets?lang=en", url.Values{key: {"1"}, "target.csat": {"80"}})
		if res.status != 422 || !strings.Contains(res.body, key) {
			t.Errorf("%s: %d %s", key, res.status, res.body)
		}
	}
	if settings, _ := ts.app.Settings(context.Background()); settings["target.spam"] != "" || settings["target.csat"] != "" {
		t.Errorf("stored from a refused form: %v", settings)
	}
}

// TestTargetsFormHoursInThePagesWords: a duration's target is typed in hours, marked as the
// page writes a duration — "u" in Dutch (2 u 00 m), "h" in English; the Dutch form said "(h)".
// The unit stands once, after the field it is typed in, and names it for a screen reader.
func TestTargetsFormHoursInThePagesWords(t *testing.T) {
	ts := dashServer(t)
	manager := ts.login("manager@example.com")
	for lang, want := range map[string][]string{
		"nl": {targetMarkup("target.first_response", words["nl"]["tile_first_response"], "u"), targetMarkup("sla.support", words["nl"]["sla_target"]+" Support", "u")},
		"en": {targetMarkup("target.first_response", words["en"]["tile_first_response"], "h"), targetMarkup("sla.support", words["en"]["sla_target"]+" Support", "h")},
	} {
		page := manager.get("/targets?lang=" + lang).body
		for _, w := range want {
			if !strings.Contains(page, w) {
				t.Errorf("%s targets form lacks %s", lang, w)
			}
		}
	}
}

// targetMarkup is a target's label and field on the targets form, its unit after the field.
func targetMarkup(key, label, unit string) string {
	return `<label for="` + key + `">` + label + `</label>
  <span class="with-unit"><input id="` + key + `" name="` + key + `" inputmode="decimal" value="" aria-describedby="` + key + `-unit"> <span class="unit" id="` + key + `-unit">` + unit + `</span></span>`
}

// TestTargetsLabelIsTheMetricsName: the targets form names a target by its metric's descriptor,
// once, with its unit once: "Klanttevredenheid (CSAT)" and "%" after the field — it said
// "Klanttevredenheid (CSAT) (%)". The targets are of no period: the page has no period bar,
// and its heading names none.
func TestTargetsLabelIsTheMetricsName(t *testing.T) {
	ts := dashServer(t)
	manager := ts.login("manager@example.com")
	for lang, label := range map[string]string{"nl": "Klanttevredenheid (CSAT)", "en": "Satisfaction (CSAT)"} {
		page := manager.get("/targets?period=month&lang=" + lang).body
		if want := targetMarkup("target.csat", label, "%"); !strings.Contains(page, want) {
			i := strings.Index(page, `<label for="target.csat">`)
			t.Errorf("%s: %.200s, want %s", lang, page[max(i, 0):], want)
		}
		if strings.Contains(page, "(%)") || strings.Contains(page, ") (") {
			t.Errorf("%s: a unit in parentheses after a name in parentheses on the targets form", lang)
		}
		if strings.Contains(page, `class="period controls"`) || strings.Contains(page, `name="period"`) ||
			!strings.Contains(page, `<span class="period"></span>`) {
			t.Errorf("%s: the targets form shows a period it does not use", lang)
		}
	}
}

// TestSLATargetOfLessThanASecondIsNotZero: a target of more than 0 hours is a time after
// creation, however small — 0,0001 hours (0,36 s) was accepted as more than 0 and then cut to
// 0 seconds, the target the form refuses, on which every ticket answered later breached. A
// target is its hours in whole seconds, rounded, and at least one.
func TestSLATargetOfLessThanASecondIsNotZero(t *testing.T) {
	key := "sla." + teamKey("Support")
	for stored, want := range map[string]int64{"0.0001": 1, "0.0002": 1, "0.3333": 1200, "0.25": 900} {
		if got := slaTarget(map[string]string{key: stored}, "Support"); got != want {
			t.Errorf("stored SLA %q: %d s, want %d", stored, got, want)
		}
	}
}

// TestTargetsSaveAllOrNothing: the targets are written in one transaction. The form checked
// every field first but then wrote the settings one call each, so a database refusing the
// second write (sla.support is first by name, target.ces second) kept the first — a new SLA,
// a changed NPS target removed — behind an error page of 500 that said only that something
// went wrong. Now nothing is written, the audit log says nothing of it, and the form comes back
// with what was typed and says, in the page's language, that nothing was saved.
func TestTargetsSaveAllOrNothing(t *testing.T) {
	ts := dashServer(t)
	manager := ts.login("manager@example.com")
	ctx := context.Background()
	if res := manager.form("POST", "/targets?lang=nl", url.Values{"target.nps": {"40"}}); res.status != 303 {
		t.Fatalf("the first targets: %d %s", res.status, res.body)
	}
	before, err := ts.app.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	lift := sqlitetest.RefuseInsertsOf(t, ts.dbPath, "settings", "key", "target.ces")
	form := func(ces string) url.Values {
		return url.Values{"sla." + teamKey("Support"): {"4"}, "target.ces": {ces}, "target.csat": {"80"}, "target.nps": {""}}
	}
	for _, c := range []struct{ lang, ces, want string }{
		{"nl", "70,5", "De doelen zijn niet opgeslagen: de database weigerde het schrijven. Er is niets veranderd; probeer het opnieuw."},
		{"en", "70.5", "The targets were not saved: the database refused the write. Nothing changed; try again."},
	} {
		res := manager.form("POST", "/targets?lang="+c.lang, form(c.ces))
		if res.status == 500 || res.status < 400 || !strings.Contains(res.body, c.want) {
			t.Errorf("%s: a refused write answered %d, want the form again saying %q: %s", c.lang, res.status, c.want, res.body)
		}
		// The form keeps what was typed, as the page writes it.
		if typed := `value="` + c.ces + `"`; !strings.Contains(res.body, typed) {
			t.Errorf("%s: the form shown again lacks the CES target typed, %s", c.lang, typed)
		}
	}
	after, err := ts.app.Settings(ctx)
	if err != nil || !reflect.DeepEqual(after, before) {
		t.Errorf("settings after a refused write: %v %v, want as before: %v", after, err, before)
	}
	if log, err := ts.app.AuditLog(ctx, app.AuditQuery{Action: cx.AuditTargetsChange}); err != nil || len(log) != 1 {
		t.Errorf("audit of the targets: %+v %v, want the first save only", log, err)
	}
	lift()
	if res := manager.form("POST", "/targets?lang=nl", form("70,5")); res.status != 303 {
		t.Fatalf("the targets once the database writes: %d %s", res.status, res.body)
	}
	want := map[string]string{"sla." + teamKey("Support"): "4", "target.ces": "70.5", "target.csat": "80"}
	got, err := ts.app.Settings(ctx)
	for key := range got {
		if !strings.HasPrefix(key, "target.") && !strings.HasPrefix(key, "sla.") {
			delete(got, key) // the installation's own
		}
	}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("targets saved: %v %v, want %v", got, err, want)
	}
}

// formFields are the names and values of the inputs of a page's forms, as a browser sends them.
func formFields(page string) url.Values {
	v := url.Values{}
	for _, m := range regexp.MustCompile(`<input[^>]*\bname="([^"]+)"[^>]*\bvalue="([^"]*)"`).FindAllStringSubmatch(page, -1) {
		v.Add(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	return v
}

// TestTargetsFormKeepsAChangeMadeSinceItWasShown: a manager who saves the targets form changes
// the targets they changed on it, not the others. Before the fix every field was written as the
// form showed it: a CSAT target another manager set after the form was shown went back to
// empty, and the line of the save said it changed CSAT, which its manager never touched.
func TestTargetsFormKeepsAChangeMadeSinceItWasShown(t *testing.T) {
	ts := dashServer(t)
	lead, other := ts.login("manager@example.com"), ts.login("admin@example.com")
	shown := formFields(lead.get("/targets?lang=en").body)
	if _, ok := shown["target.csat"]; !ok {
		t.Fatalf("the targets form has no CSAT field: %v", shown)
	}
	if res := other.form("POST", "/targets?lang=en", url.Values{"target.csat": {"80"}}); res.status != 303 {
		t.Fatalf("the other's CSAT target: %d %s", res.status, res.body)
	}
	shown.Set("target.nps", "40")
	if res := lead.form("POST", "/targets?lang=en", shown); res.status != 303 {
		t.Fatalf("the form as shown, NPS changed: %d %s", res.status, res.body)
	}
	ctx := context.Background()
	if got, err := ts.app.Settings(ctx); err != nil || got["target.csat"] != "80" || got["target.nps"] != "40" {
		t.Errorf("targets %v %v, want CSAT 80 kept and NPS 40", got, err)
	}
	log, err := ts.app.AuditLog(ctx, app.AuditQuery{Action: cx.AuditTargetsChange, Actor: "manager@example.com"})
	if err != nil || len(log) != 1 || AuditDetail("en", log[0]) != `target.nps "" → "40"` {
		t.Errorf("the manager's lines %+v %v, want one: target.nps \"\" → \"40\"", log, err)
	}

	// A form the database refused comes back saying what its fields showed before: sent again,
	// it changes what its user changed, and only that.
	shown = formFields(lead.get("/targets?lang=en").body)
	if res := other.form("POST", "/targets?lang=en", url.Values{"target.csat": {"90"}}); res.status != 303 {
		t.Fatalf("the other's CSAT target: %d %s", res.status, res.body)
	}
	lift := sqlitetest.RefuseInsertsOf(t, ts.dbPath, "settings", "key", "target.ces")
	shown.Set("target.ces", "70")
	res := lead.form("POST", "/targets?lang=en", shown)
	lift()
	if res.status != 503 {
		t.Fatalf("the form with the database refusing: %d %s", res.status, res.body)
	}
	if res := lead.form("POST", "/targets?lang=en", formFields(res.body)); res.status != 303 {
		t.Fatalf("the form as it came back: %d %s", res.status, res.body)
	}
	if got, err := ts.app.Settings(ctx); err != nil || got["target.csat"] != "90" || got["target.ces"] != "70" || got["target.nps"] != "40" {
		t.Errorf("targets %v %v, want CSAT 90 kept, CES 70 and NPS 40", got, err)
	}
}
