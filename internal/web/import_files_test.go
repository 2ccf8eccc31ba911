package web

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store/postgres/postgrestest"
)

// FuzzReceive feeds the upload form any body: receive answers an upload or an error, never
// panics, leaves no temporary file behind an error, and names an upload's file by a base name
// only (a browser may send a path), its size that of the file it wrote.
func FuzzReceive(f *testing.F) {
	form := func(name, content, source string) []byte {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		mw.SetBoundary("grens")
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write([]byte(content))
		if source != "" {
			mw.WriteField("source", source)
		}
		mw.Close()
		return b.Bytes()
	}
	f.Add(form("tickets.csv", "ticket_id,created_at\nT1,2026-03-02 09:00\n", "tickets"))
	f.Add(form(`C:\Users\anouk\zendesk.csv`, "Id,Subject\n1,x\n", ""))
	f.Add(form("..", "x", "preset:zendesk-tickets"))
	f.Add([]byte("--grens\r\nContent-Disposition: form-data; name=\"source\"\r\n\r\ntickets\r\n--grens--\r\n"))
	f.Add([]byte("--grens\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nabc"))
	f.Add([]byte("--grens\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nabc\r\n" +
		"--grens\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b.csv\"\r\n\r\ndef\r\n--grens--\r\n"))
	f.Fuzz(func(t *testing.T, body []byte) {
		files := newImportFiles(t.TempDir())
		r := httptest.NewRequest("POST", "/import", bytes.NewReader(body))
		r.Header.Set("Content-Type", "multipart/form-data; boundary=grens")
		u, err := files.receive(r, 1, time.Now())
		left, _ := os.ReadDir(files.dir)
		if err != nil {
			if len(left) != 0 {
				t.Fatalf("error %v, yet %d files left in the import directory", err, len(left))
			}
			return
		}
		if u.Name == "" || strings.ContainsAny(u.Name, `/\`) {
			t.Errorf("upload named %q; want a base name", u.Name)
		}
		if len(left) != 1 {
			t.Errorf("one upload kept, %d files in the import directory", len(left))
		}
		fi, err := os.Stat(u.Path)
		if err != nil || fi.Size() != u.Size || u.Size > MaxUpload {
			t.Errorf("upload of %d bytes at %s: %v", u.Size, u.Path, err)
		}
	})
}

// TestReceiveRefusesASecondFile: a form with several "file" parts is refused and leaves nothing
// on disk. Before the fix each part was spooled to its own file and only the last remembered:
// the others stayed in the import directory for good, known to no sweep.
func TestReceiveRefusesASecondFile(t *testing.T) {
	files := newImportFiles(t.TempDir())
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, name := range []string{"a.csv", "b.csv", "c.csv"} {
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write([]byte("ticket_id,created_at\nT1,2026-03-02 09:00\n"))
	}
	mw.Close()
	r := httptest.NewRequest("POST", "/import", &body)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	u, err := files.receive(r, 1, time.Now())
	if err == nil {
		t.Errorf("three files received as one upload (%s)", u.Name)
	}
	if left, _ := os.ReadDir(files.dir); len(left) != 0 {
		t.Errorf("%d files left in the import directory, want none", len(left))
	}
}

// TestBrowserImportOnTwoNodes: README, Production: "any number of nodes behind a load
// balancer"; the browser import uploads the file (POST /import), then shows its preview and dry
// run (GET /import/{id}) and starts it (POST /import/{id}/start) in later requests. The upload
// waits in the memory and disk of the node that took it only (importFiles) — keeping uploads in
// the database is not done — so the import pages need sticky sessions, as docs/import.md and
// README's production layout say now. A request that reaches another node answers 404 saying
// so, in the page's language: before the fix the Dutch page said in English "this upload is
// not (or no longer) here", and nothing told the operator why.
func TestBrowserImportOnTwoNodes(t *testing.T) {
	dsn := postgrestest.Fresh(t)
	nodeA := &testServer{t: t, dbPath: dsn, logs: &syncBuffer{}, tokens: map[string]string{}}
	nodeA.open(func(o *Options) { o.ImportDir = filepath.Join(t.TempDir(), "a") })
	if _, err := nodeA.app.CreateUser(context.Background(), "admin@example.com", testPassword, cx.RoleAdmin, "", "", time.Now()); err != nil {
		t.Fatal(err)
	}
	nodeB := &testServer{t: t, dbPath: dsn, logs: &syncBuffer{}, tokens: map[string]string{}}
	nodeB.open(func(o *Options) { o.ImportDir = filepath.Join(t.TempDir(), "b") })

	onA := nodeA.login("admin@example.com")
	page := uploaded(t, onA, "tickets.csv", "ticket_id,created_at\nT1,2026-03-02 10:00\n")
	if res := onA.get(page); res.status != http.StatusOK {
		t.Fatalf("the upload's page on the node that took it: %d", res.status)
	}
	// The load balancer, without sticky sessions, sends the next request (same session
	// cookie) to node B.
	onB := &client{ts: nodeB, http: onA.http}
	for _, tt := range []struct{ lang, want string }{
		{"nl", "Deze upload is niet (meer) op deze server: upload het bestand opnieuw. Met meer servers achter een load balancer"},
		{"en", "This upload is not (or no longer) on this server: upload the file again. With several servers behind a load balancer"},
	} {
		res := onB.do("GET", page, "", nil, "Accept-Language", tt.lang)
		if res.status != http.StatusNotFound || !strings.Contains(res.body, tt.want) || !strings.Contains(res.body, "sticky sessions") {
			i := strings.Index(res.body, "upload")
			t.Errorf("%s: the upload's page on the other node: %d %q; want 404 %q … sticky sessions",
				tt.lang, res.status, res.body[max(0, i-80):min(len(res.body), i+200)], tt.want)
		}
	}
}

// TestUploadRemovedAfterItsDay: a file uploaded for an import in the browser (a help desk
// export: names, addresses, subjects) waits uploadTTL, 24 hours, for its import. Two days later
// its page is not found and its file is gone, though no other file was uploaded meanwhile (the
// only sweep was at the next upload); and a serve's timer removes such a file when nobody asks
// for it at all.
func TestUploadRemovedAfterItsDay(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	ts := startServer(t, func(o *Options) { o.Now = clock; o.ImportDir = t.TempDir() })
	c := ts.login("admin@example.com")
	page := uploaded(t, c, "zendesk.csv", zendeskCSV)
	path := ts.uploadAt(page).Path
	mu.Lock()
	now = now.Add(49 * time.Hour)
	mu.Unlock()
	c = ts.login("admin@example.com") // the session of two days ago has expired
	if res := c.get(page); res.status != http.StatusNotFound {
		t.Errorf("the upload's page two days later: %d, want 404", res.status)
	}
	if _, err := os.Stat(path); err == nil {
		t.Errorf("two days after the upload its file %s is still on disk", path)
	}

	files := newImportFiles(t.TempDir())
	at := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	waiting := filepath.Join(files.dir, "upload-1-waiting")
	os.WriteFile(waiting, []byte("Id,Requester\n1,anna@example.nl\n"), 0o600)
	files.keep(&upload{ID: "u1", Path: waiting, UserID: 1, Created: at}, at)
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	go files.sweepEvery(ctx, time.Millisecond, func() time.Time { return at.Add(uploadTTL + time.Second) })
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		if _, err := os.Stat(waiting); err != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a day and a second after its upload, %s is still on disk", waiting)
		}
	}
}
