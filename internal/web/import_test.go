package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// zendeskCSV is three tickets in the shape of Zendesk's Admin Center CSV export, as the
// preset's test has them (internal/importer/mapping/engine_test.go; the preset cites Zendesk's
// article): ticket 4101 with a Good rating is also a CSAT answer of 5.
const zendeskCSV = "Summation column,Id,Requester,Requester id,Requester email,Assignee,Group,Subject,Status,Via,Ticket type,Created at,Solved at,Satisfaction Score,Reopens,Replies,First reply time in minutes,First resolution time in minutes\n" +
	"1,4101,Anna de Vries,381001,anna@example.nl,Piet Jansen,Support,Levering te laat,Solved,Mail,Question,2026-03-13 14:05:00,2026-03-13 16:40:00,Good,0,2,35,155\n" +
	"1,4102,Bram Smit,381002,bram@example.com,Piet Jansen,Support,Retour aanvragen,Closed,Web form,Incident,2026-03-13 15:30:00,2026-03-15 11:00:00,Offered,1,3,62,2610\n" +
	"1,4103,Chris Bakker,381003,chris@example.org,,Sales,Offerte,Open,Chat,,2026-03-14 08:01:00,,Not Offered,0,1,4,\n"

// upload posts a file as the import form does and returns the answer.
func (c *client) upload(name, content, source string) response {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write([]byte(content))
	if source != "" {
		mw.WriteField("source", source)
	}
	mw.Close()
	return c.do("POST", "/import", mw.FormDataContentType(), &body)
}

// uploaded uploads a file and returns the path of its page.
func uploaded(t *testing.T, c *client, name, content string) string {
	t.Helper()
	res := c.upload(name, content, "")
	loc := res.header.Get("Location")
	if res.status != http.StatusSeeOther || !strings.HasPrefix(loc, "/import/") {
		t.Fatalf("upload: %d %q %s", res.status, loc, res.body)
	}
	return loc
}

// startedOneTicket uploads a file of one ticket, starts its import in lang and returns the
// path of the run (/imports/N).
func startedOneTicket(t *testing.T, c *client, lang string) string {
	t.Helper()
	page := uploaded(t, c, "tickets.csv", "ticket_id,created_at\nT1,2026-03-02 10:00\n")
	start := c.form("POST", page+"/start?lang="+lang, url.Values{"source": {"tickets"}})
	run := start.header.Get("Location")
	if start.status != http.StatusSeeOther || !strings.HasPrefix(run, "/imports/") {
		t.Fatalf("start: %d %q %s", start.status, run, start.body)
	}
	return run
}

// uploadAt returns the admin's upload waiting at page (/import/ID).
func (ts *testServer) uploadAt(page string) *upload {
	ts.t.Helper()
	who, err := ts.app.UserByEmail(context.Background(), "admin@example.com")
	if err != nil {
		ts.t.Fatal(err)
	}
	u, err := ts.srv.importFiles.get(strings.TrimPrefix(page, "/import/"), who.ID, ts.srv.now())
	if err != nil {
		ts.t.Fatal(err)
	}
	return u
}

// finished waits for the import at path (/imports/N) to end and returns its status.
func finished(t *testing.T, c *client, path string) map[string]any {
	t.Helper()
	for range 200 {
		var st map[string]any
		c.get(path+"/status").json(t, &st)
		if st["status"] != cx.ImportRunning {
			return st
		}
		time.Sleep(50 * time.Millisecond) // the import runs in the background
	}
	t.Fatalf("the import at %s did not finish", path)
	return nil
}

func TestImportZendeskInTheBrowser(t *testing.T) {
	ts := startServer(t)
	admin := ts.login("admin@example.com")
	page := uploaded(t, admin, "zendesk-maart.csv", zendeskCSV)

	res := admin.get(page + "?lang=en")
	for _, want := range []string{
		"Recognised from the file", `value="preset:zendesk-tickets" selected`, // the preset, from the header
		"<th scope=\"col\">ticket_id</th>", "<td>4101</td>", "<td>email</td>", // canonical columns, Mail read as email
		"2026-03-13 14:40:00 &#43;0100", // first reply: 14:05 in Amsterdam + 35 minutes
		"3 rows read", "tickets: 3", "responses: 1", "No errors found.",
	} {
		if !strings.Contains(res.body, want) {
			t.Errorf("the check page lacks %q:\n%s", want, res.body)
		}
	}

	start := admin.form("POST", page+"/start", url.Values{"source": {"preset:zendesk-tickets"}})
	run := start.header.Get("Location")
	if start.status != http.StatusSeeOther || !strings.HasPrefix(run, "/imports/") {
		t.Fatalf("start: %d %q %s", start.status, run, start.body)
	}
	st := finished(t, admin, run)
	// Three tickets and one answer: four records written, none refused.
	if st["status"] != cx.ImportDone || st["rows"] != 3.0 || st["written"] != 4.0 || st["refused"] != 0.0 {
		t.Errorf("status %v; want done, 3 rows, 4 written, 0 refused", st)
	}
	if _, err := ts.app.Record(context.Background(), cx.KindResponses, "4101"); err != nil {
		t.Errorf("the CSAT answer of ticket 4101: %v", err)
	}
	hist := admin.get("/imports?lang=en")
	if !strings.Contains(hist.body, "zendesk-maart.csv") || !strings.Contains(hist.body, "admin@example.com") ||
		!strings.Contains(hist.body, "preset:zendesk-tickets") {
		t.Errorf("the history lacks the import:\n%s", hist.body)
	}
	if again := admin.get(page); again.status != http.StatusNotFound {
		t.Errorf("the upload page after its import: %d, want 404 (the file is gone)", again.status)
	}
}

// TestImportBadFile: the dry run lists a bad row by FILE:LINE: column; importing with "skip
// invalid" writes the good rows and offers the bad one, as a spreadsheet may read it safely.
func TestImportBadFile(t *testing.T) {
	ts := startServer(t)
	admin := ts.login("admin@example.com")
	csv := "ticket_id,created_at,category\n" +
		"T1,2026-03-02 09:00,vraag\n" +
		"T2,gisteren,\"=HYPERLINK(\"\"http://x\"\")\"\n" +
		"T3,2026-03-02 10:00,klacht\n"
	page := uploaded(t, admin, "tickets.csv", csv)
	res := admin.get(page + "?lang=en")
	if !strings.Contains(res.body, "<code>tickets.csv:3: created_at: ") || !strings.Contains(res.body, "1 error.") {
		t.Errorf("the dry run does not list line 3:\n%s", res.body)
	}
	if !strings.Contains(res.body, `value="tickets" selected`) {
		t.Errorf("the kind is not recognised from the header")
	}
	start := admin.form("POST", page+"/start", url.Values{"source": {"tickets"}, "skip_invalid": {"on"}})
	run := start.header.Get("Location")
	st := finished(t, admin, run)
	if st["status"] != cx.ImportDone || st["written"] != 2.0 || st["refused"] != 1.0 {
		t.Fatalf("status %v; want done, 2 written, 1 refused", st)
	}
	rej := admin.get(run + "/rejects")
	if rej.status != 200 || !strings.HasPrefix(rej.header.Get("Content-Type"), "text/csv") ||
		rej.header.Get("Content-Disposition") != `attachment; filename=tickets.rejects.csv` {
		t.Fatalf("rejects: %d %v", rej.status, rej.header)
	}
	// The formula is made text with a leading apostrophe (cx.FormulaSafe).
	if !strings.Contains(rej.body, `T2,gisteren,"'=HYPERLINK(""http://x"")"`) || !strings.Contains(rej.body, "tickets.csv:3: created_at") {
		t.Errorf("rejects file:\n%s", rej.body)
	}
}

// TestImportRefusedAndReadOnly: a manager may not import, see the history or an upload; a GET
// of an upload's page (preview and dry run) stores nothing.
func TestImportRefusedAndReadOnly(t *testing.T) {
	ts := startServer(t)
	admin, manager := ts.login("admin@example.com"), ts.login("manager@example.com")
	if res := manager.upload("zendesk.csv", zendeskCSV, ""); res.status != http.StatusForbidden {
		t.Errorf("a manager's upload: %d, want 403", res.status)
	}
	page := uploaded(t, admin, "zendesk.csv", zendeskCSV)
	for _, path := range []string{page, "/imports", "/import"} {
		if res := manager.get(path); res.status != http.StatusForbidden {
			t.Errorf("a manager's GET %s: %d, want 403", path, res.status)
		}
	}
	if res := manager.form("POST", page+"/start", url.Values{"source": {"preset:zendesk-tickets"}}); res.status != http.StatusForbidden {
		t.Errorf("a manager's start: %d, want 403", res.status)
	}
	for range 2 {
		if res := admin.get(page); res.status != 200 {
			t.Fatalf("GET %s: %d", page, res.status)
		}
	}
	if _, err := ts.app.Record(context.Background(), cx.KindTickets, "4101"); cx.ErrorCode(err) != cx.ENOTFOUND {
		t.Errorf("after GETs of the preview, ticket 4101: %v; want not found", err)
	}
	if runs, err := ts.app.ImportHistory(context.Background(), 0, 10); err != nil || len(runs) != 0 {
		t.Errorf("history after GETs: %+v, %v; want none", runs, err)
	}
	var st json.RawMessage
	if res := admin.get("/imports/1/status"); res.status != http.StatusNotFound {
		t.Errorf("status of an import that never was: %d %s", res.status, st)
	}
}

// TestImportDryRunOnce: the dry run of a file is made once per source and language, not again
// on each view of its page. The file is changed behind the server's back to show it: a bad
// line 14 added after the first view is not seen in English again (the first dry run is
// shown), and is seen in Dutch (a dry run of its own).
func TestImportDryRunOnce(t *testing.T) {
	ts := startServer(t)
	admin := ts.login("admin@example.com")
	csv := "ticket_id,created_at\n"
	for i := 1; i <= 12; i++ {
		csv += fmt.Sprintf("T%d,2026-03-02 09:%02d\n", i, i)
	}
	page := uploaded(t, admin, "tickets.csv", csv)
	if res := admin.get(page + "?lang=en"); !strings.Contains(res.body, "No errors found.") {
		t.Fatalf("first view of 12 good rows:\n%s", res.body)
	}
	u := ts.uploadAt(page)
	if err := os.WriteFile(u.Path, []byte(csv+"T13,gisteren\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if res := admin.get(page + "?lang=en"); !strings.Contains(res.body, "No errors found.") {
		t.Errorf("second view in English: the dry run was made again:\n%s", res.body)
	}
	if res := admin.get(page + "?lang=nl"); !strings.Contains(res.body, "<code>tickets.csv:14: created_at: ") {
		t.Errorf("first view in Dutch does not list line 14:\n%s", res.body)
	}
}

// TestImportReplacedInHistory: the history tells records that replaced stored ones from new
// ones. The second file changes T1, repeats T2 unchanged and adds T3: 2 written, 1 of them
// replacing T1.
func TestImportReplacedInHistory(t *testing.T) {
	ts := startServer(t)
	admin := ts.login("admin@example.com")
	files := []string{
		"ticket_id,created_at,channel\nT1,2026-03-02 09:00,email\nT2,2026-03-02 10:00,chat\n",
		"ticket_id,created_at,channel\nT1,2026-03-02 09:00,phone\nT2,2026-03-02 10:00,chat\nT3,2026-03-03 10:00,chat\n",
	}
	want := []string{"2 2 0 0", "3 2 1 0"} // rows, written, replaced, refused
	for i, csv := range files {
		page := uploaded(t, admin, "tickets.csv", csv)
		start := admin.form("POST", page+"/start", url.Values{"source": {"tickets"}})
		run := start.header.Get("Location")
		st := finished(t, admin, run)
		if got := fmt.Sprint(st["rows"], " ", st["written"], " ", st["replaced"], " ", st["refused"]); got != want[i] {
			t.Errorf("import %d: rows, written, replaced, refused %s; want %s", i+1, got, want[i])
		}
		if res := admin.get(run + "?lang=en"); !strings.Contains(res.body, `Of which replaced</dt><dd id="run-replaced">`+strings.Fields(want[i])[2]+`</dd>`) {
			t.Errorf("the page of import %d does not show its replaced count:\n%s", i+1, res.body)
		}
	}
	if hist := admin.get("/imports?lang=nl"); !strings.Contains(hist.body, "<th scope=\"col\">Waarvan vervangen</th>") ||
		!strings.Contains(hist.body, "<td>3</td><td>2</td><td>1</td><td>0</td><td>0</td>") {
		t.Errorf("the history does not show written, replaced and refused:\n%s", hist.body)
	}
}

// TestImportErrorsInPageLanguage: the import pages say what is wrong in the page's language,
// naming what the user sees — the column form's field, not the mapping file's key the form
// writes behind it ("mapping: timezone:"): a time zone or time format typed wrong, an upload
// without a file, a second import started while one runs.
func TestImportErrorsInPageLanguage(t *testing.T) {
	mappingKey := regexp.MustCompile(`mapping(:\d+)?: `) // the mapping file, perhaps with a line
	ts := startServer(t)
	admin := ts.login("admin@example.com")
	has := func(what string, res response, want ...string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(res.body, w) {
				t.Errorf("%s: the page lacks %q:\n%s", what, w, res.body)
			}
		}
		if mappingKey.MatchString(res.body) {
			t.Errorf("%s: the page names the mapping file's key, which the form does not show", what)
		}
	}

	t.Run("the column form's time zone and time format", func(t *testing.T) {
		page := uploaded(t, admin, "export.csv", "Ticketnummer;Aangemaakt op\n0012;06-12-2026 14:05\n")
		form := page + "?source=columns&kind=tickets&for=tickets&col.ticket_id=Ticketnummer&col.created_at=Aangemaakt+op"
		for _, tt := range []struct {
			query string
			want  []string
		}{
			{"&lang=nl&timezone=Europe/Amsterdm", []string{"Tijdzone van tijden zonder tijdverschil: &#34;Europe/Amsterdm&#34; is geen tijdzone."}},
			{"&lang=en&timezone=Europe/Amsterdm", []string{"Time zone of times without an offset: &#34;Europe/Amsterdm&#34; is not a time zone."}},
			{"&lang=nl&time_format=DD-MM-JJJJ+HH:mm", []string{"Datum- en tijdnotatie: &#34;DD-MM-JJJJ HH:mm&#34; is geen notatie die klantpuls leest."}},
			{"&lang=en&time_format=HH:mm", []string{"Date and time format: &#34;HH:mm&#34; is not a format klantpuls reads."}},
		} {
			res := admin.get(form + tt.query)
			if res.status != http.StatusOK {
				t.Fatalf("%s: %d", tt.query, res.status)
			}
			has(tt.query, res, tt.want...)
			if strings.Contains(res.body, `id="dry-run"`) {
				t.Errorf("%s: a dry run by a form that cannot be read", tt.query)
			}
		}
	})

	t.Run("an upload without a file", func(t *testing.T) {
		for lang, want := range map[string]string{"nl": "Kies een bestand om te importeren.", "en": "Choose a file to import."} {
			admin.get("/import?lang=" + lang) // the language the page was chosen in, kept for the form's post
			res := admin.upload("", "", "")
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("%s: status %d", lang, res.status)
			}
			has("upload in "+lang, res, want)
		}
	})

	t.Run("a second import while one runs", func(t *testing.T) {
		hold := make(chan struct{})
		ts.srv.importFiles.hold = hold
		first := uploaded(t, admin, "a.csv", "ticket_id,created_at\nT1,2026-03-02 09:00\n")
		second := uploaded(t, admin, "b.csv", "ticket_id,created_at\nT2,2026-03-02 09:00\n")
		res := admin.form("POST", first+"/start", url.Values{"source": {"tickets"}})
		if res.status != http.StatusSeeOther {
			close(hold)
			t.Fatalf("first start: %d %s", res.status, res.body)
		}
		running := res.header.Get("Location")
		defer func() {
			// Let the first import end before the test's files are removed (it writes there).
			close(hold)
			finished(t, admin, strings.SplitN(running, "?", 2)[0])
		}()
		for lang, want := range map[string]string{
			"nl": "Er loopt al een import: wacht tot die klaar is",
			"en": "Another import is running: wait until it has finished",
		} {
			res := admin.form("POST", second+"/start?lang="+lang, url.Values{"source": {"tickets"}})
			if res.status != http.StatusConflict {
				t.Fatalf("second start in %s: %d, want 409", lang, res.status)
			}
			has("second start in "+lang, res, want)
		}
	})
}

// TestImportSourcesInPageLanguage: the Dutch import page offers the presets by their Dutch titles
// (title_nl), the English page by their titles.
func TestImportSourcesInPageLanguage(t *testing.T) {
	ts := dashServer(t)
	admin := dutchAdmin(ts)
	page := admin.get("/import?lang=nl").body
	for _, english := range []string{"Shopify: orders (CSV export)", "Zendesk: tickets with metrics"} {
		if strings.Contains(page, english) {
			t.Errorf("the Dutch import page offers %q", english)
		}
	}
}

// TestImportCountsSingularForOne: the import check counts rows and errors with the noun in the
// singular for one, as README says ("1 bestelling"): "1 fout", "1 rij gelezen".
func TestImportCountsSingularForOne(t *testing.T) {
	ts := startServer(t)
	admin := ts.login("admin@example.com")
	csv := "ticket_id,created_at\nT1,gisteren\n"
	page := uploaded(t, admin, "tickets.csv", csv)
	for lang, want := range map[string][]string{"nl": {"1 fout.", "1 rij gelezen"}, "en": {"1 error.", "1 row read"}} {
		body := admin.get(page + "?source=tickets&lang=" + lang).body
		for _, w := range want {
			if !strings.Contains(body, w) {
				got := regexp.MustCompile(`1 [a-z]+( gelezen| read)?\.?`).FindAllString(body, -1)
				t.Errorf("%s: the page lacks %q; it says %q", lang, w, got)
			}
		}
	}
}
