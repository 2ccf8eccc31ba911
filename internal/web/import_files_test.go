package web

import (
	"bytes"
	"mime/multipart"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"
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
