package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// zendeskRatingsJSON is one page of the Support API's satisfaction ratings
// (https://developer.zendesk.com/api-reference/ticketing/ticket-management/satisfaction_ratings/):
// good, bad and offered; the preset reads good as CSAT 5 and bad as 1, offered as no answer.
const zendeskRatingsJSON = `{"satisfaction_ratings":[` +
	`{"id":35001,"assignee_id":135,"group_id":44,"requester_id":7702,"ticket_id":4201,"score":"good","comment":"Snel geholpen","reason":null,"reason_code":null,"created_at":"2026-03-02T09:00:00Z","updated_at":"2026-03-02T10:00:00Z"},` +
	`{"id":35002,"assignee_id":135,"group_id":44,"requester_id":7703,"ticket_id":4202,"score":"bad","comment":"Duurde \"te\" lang","reason":null,"reason_code":null,"created_at":"2026-03-03T09:00:00Z","updated_at":"2026-03-03T11:00:00Z"},` +
	`{"id":35003,"assignee_id":136,"group_id":44,"requester_id":7704,"ticket_id":4203,"score":"offered","comment":null,"reason":null,"reason_code":null,"created_at":"2026-03-04T09:00:00Z","updated_at":"2026-03-04T09:00:00Z"}` +
	`],"next_page":null,"previous_page":null,"count":3}`

// TestImportJSONInTheBrowser: a Zendesk API page of ratings, uploaded as a .json file, is
// recognised by its members, previewed and imported: two CSAT answers (good and bad), the
// offered rating none.
func TestImportJSONInTheBrowser(t *testing.T) {
	ts := startServer(t)
	admin := ts.login("admin@example.com")
	if form := admin.get("/import?lang=en"); !strings.Contains(form.body, ".json") {
		t.Errorf("the file field does not offer .json files:\n%s", form.body)
	}
	page := uploaded(t, admin, "satisfaction_ratings.json", zendeskRatingsJSON)
	res := admin.get(page + "?lang=en")
	for _, want := range []string{`value="preset:zendesk-satisfaction-json" selected`, "3 rows read", "responses: 2", "No errors found."} {
		if !strings.Contains(res.body, want) {
			t.Errorf("the check page lacks %q:\n%s", want, res.body)
		}
	}
	start := admin.form("POST", page+"/start", url.Values{"source": {"preset:zendesk-satisfaction-json"}})
	if start.status != http.StatusSeeOther {
		t.Fatalf("start: %d %s", start.status, start.body)
	}
	st := finished(t, admin, start.header.Get("Location"))
	if st["status"] != cx.ImportDone || st["rows"] != 3.0 || st["written"] != 2.0 {
		t.Errorf("status %v; want done, 3 rows, 2 written", st)
	}
	// (5 + 1) / 2 = 3, one of two 4 or 5: CSAT 50.
	if got := ts.withToken("adminRead").reportFigure("csat.value"); got != 50 {
		t.Errorf("CSAT %v, want 50", got)
	}
}

// TestFormPagesAreNotLive: pages of forms and no period's figures (import, mappings, audit) do
// not follow the live updates, which reload the main part of the page: a commit elsewhere would
// wipe a column mapping being edited (and raced the browser test). The overview still does.
func TestFormPagesAreNotLive(t *testing.T) {
	ts := startServer(t)
	admin := ts.login("admin@example.com")
	for path, live := range map[string]bool{"/import": false, "/imports": false, "/mappings": false, "/audit": false, "/": true} {
		res := admin.get(path)
		if got := strings.Contains(res.body, `data-live="/api/v1/live"`); res.status != 200 || got != live {
			t.Errorf("%s: %d, live %v, want %v", path, res.status, got, live)
		}
	}
}
