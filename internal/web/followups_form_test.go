package web

import (
	"context"
	"html"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// rowForm is what a browser sends of the form posting to action on page, but for its buttons:
// its inputs, the option selected in each select (the first when none is), its textareas.
func rowForm(t *testing.T, page, action string) url.Values {
	t.Helper()
	start := strings.Index(page, `<form method="post" action="`+action+`"`)
	if start < 0 {
		t.Fatalf("no form posting to %s", action)
	}
	form := page[start:]
	form = form[:strings.Index(form, "</form>")]
	v := formFields(form)
	for _, m := range regexp.MustCompile(`(?s)<select[^>]*\bname="([^"]+)"[^>]*>(.*?)</select>`).FindAllStringSubmatch(form, -1) {
		options := regexp.MustCompile(`<option value="([^"]*)"( selected)?`).FindAllStringSubmatch(m[2], -1)
		chosen := options[0][1]
		for _, o := range options {
			if o[2] != "" {
				chosen = o[1]
			}
		}
		v.Set(html.UnescapeString(m[1]), html.UnescapeString(chosen))
	}
	for _, m := range regexp.MustCompile(`(?s)<textarea[^>]*\bname="([^"]+)"[^>]*>(.*?)</textarea>`).FindAllStringSubmatch(form, -1) {
		v.Set(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	return v
}

// TestFollowUpFormKeepsAChangeMadeSinceItWasShown: a lead who saves an answer's follow-up form
// changes what they changed on it — the owner, the reply, done — and leaves the rest as it
// stands. Before the fix the form wrote owner, reply and status whole: Anouk's form, opened
// before Bram noted "Gebeld, opgelost" and marked the answer done, put back the empty reply and
// reopened it when she only chose an owner, and its lines said she removed the reply and
// reopened; and a reply saved on a form opened before another lead chose an owner took the
// owner away again.
func TestFollowUpFormKeepsAChangeMadeSinceItWasShown(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	for _, body := range []string{
		`{"response_id":"R1","survey":"nps","score":2,"submitted_at":"2026-03-09 10:00","customer_id":"C1","comment":"Nooit meer"}`,
		`{"response_id":"R2","survey":"nps","score":3,"submitted_at":"2026-03-10 10:00","customer_id":"C2","comment":"Te laat"}`,
	} {
		if res := ts.withToken("adminWrite").postJSON("/api/v1/responses", body); res.status != 200 {
			t.Fatalf("answer: %d %s", res.status, res.body)
		}
	}
	users, err := ts.app.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, u := range users {
		ids[u.Email] = strconv.FormatInt(u.ID, 10)
	}
	anouk, bram := ts.login("manager@example.com"), ts.login("admin@example.com")
	const list = "/followups?period=custom&from=2026-03-01&to=2026-04-01"
	// anouksLines are Anouk's lines of the audit log on answer id, as "action detail".
	anouksLines := func(id string) []string {
		t.Helper()
		log, err := ts.app.AuditLog(ctx, app.AuditQuery{Actor: "manager@example.com"})
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, e := range log {
			if strings.HasSuffix(e.Subject, " "+id) {
				lines = append(lines, e.Action+" "+AuditDetail("en", e))
			}
		}
		return lines
	}

	// Bram notes his reply and marks R1 done while Anouk's form shows it open, without a reply.
	shown := rowForm(t, anouk.get(list).body, "/followups/R1")
	bramsForm := rowForm(t, bram.get(list).body, "/followups/R1")
	bramsForm.Set("reply", "Gebeld, opgelost")
	bramsForm.Set("done", "1")
	if res := bram.form("POST", "/followups/R1", bramsForm); res.status != 303 {
		t.Fatalf("Bram's reply: %d %s", res.status, res.body)
	}
	shown.Set("owner", ids["anna@example.com"])
	shown.Set("save", "1")
	if res := anouk.form("POST", "/followups/R1", shown); res.status != 303 {
		t.Fatalf("Anouk's owner: %d %s", res.status, res.body)
	}
	got, err := ts.app.FollowUps(ctx, []string{"R1"})
	if f := got["R1"]; err != nil || f.Reply != "Gebeld, opgelost" || f.Status != cx.FollowUpDone || strconv.FormatInt(f.OwnerID, 10) != ids["anna@example.com"] {
		t.Errorf("R1 %+v %v, want Bram's reply, done, owned by Anna", got["R1"], err)
	}
	if got, want := anouksLines("R1"), cx.AuditFollowUpAssign+" owner "+ids["anna@example.com"]; len(got) != 1 || got[0] != want {
		t.Errorf("Anouk's lines on R1 %q, want one: %q", got, want)
	}

	// Bram gives R2 to Anna while Anouk's form shows it unowned; she writes a reply.
	shown = rowForm(t, anouk.get(list).body, "/followups/R2")
	bramsForm = rowForm(t, bram.get(list).body, "/followups/R2")
	bramsForm.Set("owner", ids["anna@example.com"])
	bramsForm.Set("save", "1")
	if res := bram.form("POST", "/followups/R2", bramsForm); res.status != 303 {
		t.Fatalf("Bram's owner: %d %s", res.status, res.body)
	}
	shown.Set("reply", "Mail gestuurd")
	shown.Set("save", "1")
	if res := anouk.form("POST", "/followups/R2", shown); res.status != 303 {
		t.Fatalf("Anouk's reply: %d %s", res.status, res.body)
	}
	got, err = ts.app.FollowUps(ctx, []string{"R2"})
	if f := got["R2"]; err != nil || f.Reply != "Mail gestuurd" || f.Status != cx.FollowUpOpen || strconv.FormatInt(f.OwnerID, 10) != ids["anna@example.com"] {
		t.Errorf("R2 %+v %v, want Anouk's reply, open, owned by Anna", got["R2"], err)
	}
	if got, want := anouksLines("R2"), cx.AuditFollowUpChange+" reply written"; len(got) != 1 || got[0] != want {
		t.Errorf("Anouk's lines on R2 %q, want one: %q", got, want)
	}
}

// TestFollowUpSaveKeepsDone: Save on the form of a done answer keeps it done; reopening is a
// button of its own, Heropenen (Reopen), on the form of a done answer only. Before the fix the
// form sent no "done" on Save, which read as done taken away: choosing an owner for a handled
// answer reopened it, its line saying "reopened", with nothing on the button to say so.
func TestFollowUpSaveKeepsDone(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	body := `{"response_id":"R1","survey":"nps","score":2,"submitted_at":"2026-03-09 10:00","customer_id":"C1","comment":"Nooit meer"}`
	if res := ts.withToken("adminWrite").postJSON("/api/v1/responses", body); res.status != 200 {
		t.Fatalf("answer: %d %s", res.status, res.body)
	}
	users, err := ts.app.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	anna := ""
	for _, u := range users {
		if u.Email == "anna@example.com" {
			anna = strconv.FormatInt(u.ID, 10)
		}
	}
	lead := ts.login("manager@example.com")
	const list = "/followups?period=custom&from=2026-03-01&to=2026-04-01&all=1"
	post := func(what string, form url.Values) {
		t.Helper()
		if res := lead.form("POST", "/followups/R1", form); res.status != 303 {
			t.Fatalf("%s: %d %s", what, res.status, res.body)
		}
	}
	status := func() string {
		t.Helper()
		got, err := ts.app.FollowUps(ctx, []string{"R1"})
		if err != nil {
			t.Fatal(err)
		}
		return got["R1"].Status
	}
	marked := rowForm(t, lead.get(list).body, "/followups/R1")
	marked.Set("done", "1") // Afgehandeld
	post("marked done", marked)

	page := lead.get(list).body
	for lang, want := range map[string]string{"nl": "Heropenen", "en": "Reopen"} {
		p := page
		if lang == "en" {
			p = lead.get(list + "&lang=en").body
		}
		if !strings.Contains(p, `<button type="submit" name="done" value="">`+want+`</button>`) {
			t.Errorf("the %s form of a done answer has no %s button", lang, want)
		}
	}
	saved := rowForm(t, page, "/followups/R1")
	saved.Set("owner", anna)
	saved.Set("save", "1") // Opslaan
	post("owner saved", saved)
	if got := status(); got != cx.FollowUpDone {
		t.Errorf("after Save with a new owner: %q, want %q", got, cx.FollowUpDone)
	}

	reopened := rowForm(t, lead.get(list).body, "/followups/R1")
	reopened.Set("done", "") // Heropenen
	post("reopened", reopened)
	if got := status(); got != cx.FollowUpOpen {
		t.Errorf("after Heropenen: %q, want %q", got, cx.FollowUpOpen)
	}
	log, err := ts.app.AuditLog(ctx, app.AuditQuery{Actor: "manager@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, e := range log {
		if strings.HasSuffix(e.Subject, " R1") {
			lines = append(lines, e.Action+" "+AuditDetail("en", e))
		}
	}
	want := []string{cx.AuditFollowUpChange + " reopened", cx.AuditFollowUpAssign + " owner " + anna, cx.AuditMarkReplied + " "}
	if !slices.Equal(lines, want) {
		t.Errorf("lines %q, want %q", lines, want)
	}
}
