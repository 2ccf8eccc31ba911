package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// helpdeskCSV is an export no preset knows: a Dutch helpdesk's tickets, semicolon-separated,
// day-first times without an offset, and a column whose name is markup.
const helpdeskCSV = "Ticketnummer;Aangemaakt op;Kanaal;<b>Notitie</b>\n" +
	"T-1;13-3-2026 14:05;E-mail;Snel\n" +
	"T-2;1-7-2026 9:30;Telefoon;\n" +
	"T-3;31-12-2026 23:59;Chat;Laat\n"

// helpdeskColumns is the column form mapping helpdeskCSV's tickets, as the page sends it.
var helpdeskColumns = url.Values{"source": {"columns"}, "kind": {"tickets"}, "for": {"tickets"},
	"col.ticket_id": {"Ticketnummer"}, "col.created_at": {"Aangemaakt op"}, "col.channel": {"Kanaal"},
	"time_format": {"D-M-YYYY H:mm"}, "lang": {"en"}}

// helpdeskMapping is the mapping file of helpdeskColumns, written by hand as docs/mapping.md
// describes it.
const helpdeskMapping = `title = "helpdesk.csv (columns mapped in the browser)"
time_formats = ["D-M-YYYY H:mm"]

[recognise]
columns = ["Ticketnummer", "Aangemaakt op", "Kanaal"]

[kinds.tickets.fields]
ticket_id = { column = "Ticketnummer" }
created_at = { column = "Aangemaakt op" }
channel = { column = "Kanaal" }
`

// TestImportColumnsForm: an unknown file is mapped column by column. The form guesses nothing
// it cannot, says which required fields are missing, and once they are mapped shows the
// preview and dry run as klantpuls reads the file; the import reads it the same way.
func TestImportColumnsForm(t *testing.T) {
	ts := startServer(t)
	admin := ts.login("admin@example.com")
	page := uploaded(t, admin, "helpdesk.csv", helpdeskCSV)
	if res := admin.get(page + "?lang=en"); !strings.Contains(res.body, "does not recognise this file") || !strings.Contains(res.body, `href="/import/`) {
		t.Fatalf("the page of an unknown file:\n%s", res.body)
	}
	first := admin.get(page + "?source=columns&lang=en")
	for _, want := range []string{
		`<option value="tickets" selected>`,                                              // the kind, by default
		"required fields: ticket_id, created_at.",                                        // nothing guessed: Ticketnummer is no ticket_id
		`<option value="&lt;b&gt;Notitie&lt;/b&gt;">&lt;b&gt;Notitie&lt;/b&gt;</option>`, // the file's column, escaped
	} {
		if !strings.Contains(first.body, want) {
			t.Errorf("the first column form lacks %q", want)
		}
	}
	if strings.Contains(first.body, "<b>Notitie</b>") || strings.Contains(first.body, `id="dry-run"`) {
		t.Error("the column form shows markup of the file, or a dry run before the required fields are mapped")
	}

	res := admin.get(page + "?" + helpdeskColumns.Encode())
	want := []string{
		`<option value="Ticketnummer" selected>`,
		// 13-3-2026 14:05 is winter time in Amsterdam, 1-7-2026 9:30 summer time.
		"<td>T-1</td><td>2026-03-13 14:05:00 &#43;0100</td><td>E-mail</td>",
		"<td>T-2</td><td>2026-07-01 09:30:00 &#43;0200</td><td>Telefoon</td>",
		"3 rows read", "tickets: 3", "No errors found.",
		`id="save-mapping"`, html.EscapeString(helpdeskMapping),
	}
	for _, w := range want {
		if !strings.Contains(res.body, w) {
			t.Errorf("the mapped page lacks %q:\n%s", w, res.body)
		}
	}
	start := admin.form("POST", page+"/start", url.Values{"source": {"columns"}, "mapping": {helpdeskMapping}})
	st := finished(t, admin, start.header.Get("Location"))
	if st["status"] != cx.ImportDone || st["written"] != 3.0 {
		t.Errorf("the import by the column form: %v; want done, 3 written", st)
	}
	rec, err := ts.app.Record(context.Background(), cx.KindTickets, "T-2")
	if err != nil || rec.(*cx.Ticket).Channel != "Telefoon" {
		t.Errorf("ticket T-2: %+v, %v", rec, err)
	}
	if runs, _ := ts.app.ImportHistory(context.Background(), 0, 1); len(runs) != 1 || runs[0].Source != "map:browser" {
		t.Errorf("history: %+v; want the source map:browser", runs)
	}
}

// TestSavedMapping: a mapping saved by name is audited, recognises a later file with the same
// header, and once deleted does not.
func TestSavedMapping(t *testing.T) {
	ts := startServer(t)
	admin := ts.login("admin@example.com")
	page := uploaded(t, admin, "helpdesk.csv", helpdeskCSV)
	upload := strings.TrimPrefix(page, "/import/")
	res := admin.form("POST", "/mappings", url.Values{"name": {"helpdesk-tickets"}, "mapping": {strings.ReplaceAll(helpdeskMapping, "\n", "\r\n")}, "upload": {upload}})
	if loc := res.header.Get("Location"); res.status != http.StatusSeeOther || loc != page+"?source=mapping%3Ahelpdesk-tickets" {
		t.Fatalf("save: %d %q %s", res.status, loc, res.body)
	}
	saved, err := ts.app.Mapping(context.Background(), "helpdesk-tickets")
	if err != nil || saved.Text != helpdeskMapping || saved.Actor != "admin@example.com" {
		t.Fatalf("saved: %+v, %v; want the text with its lines as written, by the admin", saved, err)
	}
	again := uploaded(t, admin, "helpdesk-april.csv", "Ticketnummer;Aangemaakt op;Kanaal;Extra\nT-9;2-4-2026 10:00;Chat;x\n")
	if res := admin.get(again + "?lang=en"); !strings.Contains(res.body, `<option value="mapping:helpdesk-tickets" selected>Saved mapping: helpdesk-tickets</option>`) ||
		!strings.Contains(res.body, "Recognised from the file") || !strings.Contains(res.body, "<td>T-9</td>") {
		t.Errorf("a second file with the same header is not recognised by the saved mapping:\n%s", res.body)
	}
	if res := admin.get("/mappings?lang=en"); !strings.Contains(res.body, "<code>helpdesk-tickets</code>") ||
		!strings.Contains(res.body, "<code>Aangemaakt op</code>") {
		t.Errorf("the saved mappings' page:\n%s", res.body)
	}
	if res := admin.form("POST", "/mappings/helpdesk-tickets/delete", nil); res.status != http.StatusSeeOther {
		t.Fatalf("delete: %d %s", res.status, res.body)
	}
	if res := admin.get(uploaded(t, admin, "helpdesk-mei.csv", helpdeskCSV) + "?lang=en"); !strings.Contains(res.body, "does not recognise this file") {
		t.Error("a deleted mapping still recognises files")
	}
	entries, err := ts.app.AuditLog(context.Background(), app.AuditQuery{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		if e.Action == cx.AuditMappingSave || e.Action == cx.AuditMappingDelete {
			got = append(got, e.Action+" "+e.Subject+" "+e.Actor)
		}
	}
	if want := "mapping_delete mapping helpdesk-tickets admin@example.com,mapping_save mapping helpdesk-tickets admin@example.com"; strings.Join(got, ",") != want {
		t.Errorf("audit log %q, want %q", got, want)
	}
}

// TestSavedMappingRefused: only an admin saves or deletes, only from the site itself, and a
// name or text the mapping parser refuses is refused with its message; what a saved mapping
// says is shown escaped.
func TestSavedMappingRefused(t *testing.T) {
	ts := startServer(t)
	admin, manager := ts.login("admin@example.com"), ts.login("manager@example.com")
	good := url.Values{"name": {"helpdesk"}, "mapping": {helpdeskMapping}}
	tests := []struct {
		name   string
		c      *client
		form   url.Values
		header []string
		status int
		want   string
	}{
		{"a manager", manager, good, nil, http.StatusForbidden, ""},
		{"another site", admin, good, []string{"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"}, http.StatusForbidden, "cross-site request forgery"},
		{"capitals", admin, url.Values{"name": {"Helpdesk"}, "mapping": good["mapping"]}, nil, http.StatusUnprocessableEntity, "lower-case letters, digits and dashes"},
		{"a preset's name", admin, url.Values{"name": {"zendesk-tickets"}, "mapping": good["mapping"]}, nil, http.StatusUnprocessableEntity, "is a preset&#39;s name"},
		{"not TOML", admin, url.Values{"name": {"kapot"}, "mapping": {"title = \n"}}, nil, http.StatusUnprocessableEntity, "kapot:1:"},
		{"an unknown key", admin, url.Values{"name": {"kapot"}, "mapping": {strings.Replace(helpdeskMapping, "column =", "colum =", 1)}}, nil,
			http.StatusUnprocessableEntity, "kinds.tickets.fields.ticket_id.colum: unknown key"},
		{"too large", admin, url.Values{"name": {"groot"}, "mapping": {helpdeskMapping + "#" + strings.Repeat("x", 70<<10)}}, nil,
			http.StatusUnprocessableEntity, "more than the 64 KB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := tt.c.form("POST", "/mappings", tt.form, tt.header...)
			if res.status != tt.status || !strings.Contains(res.body, tt.want) {
				t.Errorf("%d, want %d with %q:\n%s", res.status, tt.status, tt.want, res.body)
			}
		})
	}
	if all, err := ts.app.Mappings(context.Background()); err != nil || len(all) != 0 {
		t.Errorf("saved after refusals: %+v, %v", all, err)
	}
	if res := admin.form("POST", "/mappings/helpdesk/delete", nil); res.status != http.StatusNotFound {
		t.Errorf("deleting a mapping that is not there: %d", res.status)
	}
	markup := strings.Replace(helpdeskMapping, `title = "helpdesk.csv (columns mapped in the browser)"`, `title = "<script>alert(1)</script>"`, 1)
	if res := admin.form("POST", "/mappings", url.Values{"name": {"helpdesk"}, "mapping": {markup}}); res.status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.status, res.body)
	}
	if res := manager.form("POST", "/mappings/helpdesk/delete", nil); res.status != http.StatusForbidden {
		t.Errorf("a manager's delete: %d", res.status)
	}
	if res := admin.get("/mappings"); strings.Contains(res.body, "<script>alert") || !strings.Contains(res.body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("the title of a saved mapping is not escaped:\n%s", res.body)
	}
}
