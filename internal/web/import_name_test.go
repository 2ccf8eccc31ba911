package web

import (
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestRejectsFileNamedForAHostileUpload: an upload's name is the sender's text, and RFC 2231
// (filename*=) lets it hold quotes, a semicolon and a line break. The rejects file's download
// is named for it in a Content-Disposition that reads back as that name: no second parameter,
// no header of the sender's choosing, the history page shows the name as text.
func TestRejectsFileNamedForAHostileUpload(t *testing.T) {
	ts := startServer(t)
	admin := ts.login("admin@example.com")
	const name = "zoë \"noord\"; filename=x.exe\r\nSet-Cookie: sessie=1<b>.csv"
	body := "--grens\r\nContent-Disposition: form-data; name=\"file\"; filename*=UTF-8''" +
		percentEncoded(name) + "\r\nContent-Type: text/csv\r\n\r\n" +
		"ticket_id,created_at\nT1,2026-03-02 09:00\nT2,gisteren\n\r\n--grens--\r\n"
	res := admin.do("POST", "/import", "multipart/form-data; boundary=grens", strings.NewReader(body))
	page := res.header.Get("Location")
	if res.status != http.StatusSeeOther || !strings.HasPrefix(page, "/import/") {
		t.Fatalf("upload: %d %q %s", res.status, page, res.body)
	}
	start := admin.form("POST", page+"/start", url.Values{"source": {"tickets"}, "skip_invalid": {"on"}})
	run := start.header.Get("Location")
	if st := finished(t, admin, run); st["status"] != cx.ImportDone || st["refused"] != 1.0 {
		t.Fatalf("status %v; want done, 1 refused", st)
	}
	rej := admin.get(run + "/rejects")
	cd := rej.header.Get("Content-Disposition")
	disposition, params, err := mime.ParseMediaType(cd)
	// The history keeps the name on one line (app.clean: each control character a space).
	want := strings.ReplaceAll(strings.TrimSuffix(name, ".csv"), "\r\n", "  ") + ".rejects.csv"
	if rej.status != http.StatusOK || err != nil || disposition != "attachment" || len(params) != 1 || params["filename"] != want {
		t.Errorf("rejects: %d, Content-Disposition %q reads as %q %q (%v), want attachment with filename %q", rej.status, cd, disposition, params, err, want)
	}
	if c := rej.header.Values("Set-Cookie"); len(c) > 0 {
		t.Errorf("the name set a cookie: %q", c)
	}
	if hist := admin.get("/imports"); strings.Contains(hist.body, "sessie=1<b>") || !strings.Contains(hist.body, "sessie=1&lt;b&gt;") {
		t.Errorf("the history shows the name as markup, or not at all:\n%s", hist.body)
	}
}

// percentEncoded is s as an RFC 2231 value: every byte but a letter or digit as %XX.
func percentEncoded(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
