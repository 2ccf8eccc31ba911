package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Files uploaded for an import in the browser. A file streams from the request into a
// temporary file under Options.ImportDir — never whole into memory — and waits there, known by a
// random id, while its admin looks at the preview and the dry run; it is removed when its import
// ends, or when it has waited longer than uploadTTL.

// MaxUpload is the largest file the browser import takes: 500 MB (docs/import.md). A larger
// export is imported on the command line, or split.
const MaxUpload = 500 << 20

// uploadTTL is how long an uploaded file waits for its import.
const uploadTTL = 24 * time.Hour

// uploadSweep is how often a serve removes the uploads that waited longer than uploadTTL.
const uploadSweep = 10 * time.Minute

// upload is one file waiting for its import.
type upload struct {
	ID      string
	Path    string // the temporary file
	Name    string // the file's own name, for people and errors
	Size    int64
	UserID  int64 // who uploaded it: only they see it
	Created time.Time
	Source  string // how it will be read: a kind, or preset:NAME; "" when not recognised

	// checks are the complete dry runs of the file, by source and language, so that viewing
	// its page again does not read the whole file again; guarded by importFiles.mu.
	checks map[string]*dryRun
}

// importFiles holds the uploads waiting and the imports running on this node.
type importFiles struct {
	dir     string
	mu      sync.Mutex
	uploads map[string]*upload
	running map[int64]*importProgress // by import history id
	runs    sync.WaitGroup            // the imports running in the background (runImport)
	// hold, when set (by tests), is received from before a run reads its file, so a test sees
	// the run's page while it is running however fast the machine is.
	hold chan struct{}
}

func newImportFiles(dir string) *importFiles {
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "klantpuls-imports")
	}
	return &importFiles{dir: dir, uploads: map[string]*upload{}, running: map[int64]*importProgress{}}
}

// receive streams the multipart form of r (one file part "file", an optional "source") into a
// temporary file; a second file part is refused. The form is read part by part, so the file never sits in memory. The upload
// waits (keep) only once its source is settled: another request may read it from then on.
func (f *importFiles) receive(r *http.Request, userID int64, now time.Time) (*upload, error) {
	lang := language(r)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, cx.Errorf(cx.EINVALID, words[lang]["import_not_upload"], err)
	}
	if err := os.MkdirAll(f.dir, 0o700); err != nil {
		return nil, fmt.Errorf("web: import directory: %w", err)
	}
	u := &upload{ID: randomID(), UserID: userID, Created: now}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			f.discard(u)
			return nil, uploadError(lang, err)
		}
		switch part.FormName() {
		case "file":
			if u.Path != "" { // each part would be spooled, one kept: the rest left on disk for good
				err = cx.Errorf(cx.EINVALID, "%s", words[lang]["import_one_file"])
				break
			}
			err = f.spool(u, part, lang)
		case "source":
			var b []byte
			b, err = io.ReadAll(io.LimitReader(part, 200))
			u.Source = strings.TrimSpace(string(b))
		}
		part.Close()
		if err != nil {
			f.discard(u)
			return nil, err
		}
	}
	if u.Path == "" || u.Name == "" {
		f.discard(u)
		return nil, cx.Errorf(cx.EINVALID, "%s", words[lang]["import_choose_file"])
	}
	return u, nil
}

// keep makes a received upload wait for its import, and removes those that waited too long.
func (f *importFiles) keep(u *upload, now time.Time) {
	f.mu.Lock()
	f.sweep(now)
	f.uploads[u.ID] = u
	f.mu.Unlock()
}

// spool copies the file part to a temporary file, at most MaxUpload bytes; a refusal is
// worded in lang.
func (f *importFiles) spool(u *upload, part *multipart.Part, lang string) error {
	u.Name = filepath.Base(strings.ReplaceAll(part.FileName(), `\`, "/")) // a Windows browser may send C:\…
	if u.Name == "." || u.Name == "/" {
		u.Name = ""
	}
	// Named by this process, so that once it is gone the next start knows the file for a
	// leftover (app.RemoveLeftBehind).
	tmp, err := os.CreateTemp(f.dir, uploadPrefix+strconv.Itoa(os.Getpid())+"-*")
	if err != nil {
		return fmt.Errorf("web: upload: %w", err)
	}
	u.Path = tmp.Name()
	n, err := io.Copy(tmp, io.LimitReader(part, MaxUpload+1))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	u.Size = n
	switch {
	case err != nil:
		return uploadError(lang, err)
	case n > MaxUpload:
		return cx.Errorf(cx.EINVALID, words[lang]["import_too_large"], MaxUpload>>20)
	}
	return nil
}

// uploadError words a failed upload in lang: a body over the server's bound, or a broken
// connection.
func uploadError(lang string, err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return cx.Errorf(cx.EINVALID, words[lang]["import_too_large"], MaxUpload>>20)
	}
	return cx.Errorf(cx.EINVALID, words[lang]["import_not_whole"], err)
}

// get returns the upload of id when userID uploaded it and it has not waited longer than
// uploadTTL at now; one not here is refused (not_found/upload). An upload waits on the node that
// took it only (docs/import.md: sticky sessions behind a load balancer), so the answer names
// that too. The uploads that waited too long are removed first (sweep): their files hold the
// customers' data.
func (f *importFiles) get(id string, userID int64, now time.Time) (*upload, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sweep(now)
	u, ok := f.uploads[id]
	if !ok || u.UserID != userID {
		return nil, cx.Refuse(cx.ENOTFOUND, "", "not_found/upload",
			"this upload is not (or no longer) on this server: upload the file again. With several servers behind a load balancer, a session's import pages belong to one server (sticky sessions, see docs/import.md)")
	}
	return u, nil
}

// take removes the upload from those waiting, for its import, which removes its file.
func (f *importFiles) take(id string, userID int64, now time.Time) (*upload, error) {
	u, err := f.get(id, userID, now)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	delete(f.uploads, id)
	f.mu.Unlock()
	return u, nil
}

// sweepEvery removes the uploads that waited too long every interval until ctx ends, so that a
// file nobody comes back for does not stay on disk (now is the server's clock).
func (f *importFiles) sweepEvery(ctx context.Context, interval time.Duration, now func() time.Time) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			f.mu.Lock()
			f.sweep(now())
			f.mu.Unlock()
		}
	}
}

// uploadPrefix begins the name of an upload's file: upload-<pid>-<random>.
const uploadPrefix = "upload-"

// wait waits for the imports running to end, at most d; false when one is still running.
func (f *importFiles) wait(d time.Duration) bool {
	done := make(chan struct{})
	go func() {
		f.runs.Wait()
		close(done)
	}()
	select {
	case <-done:
		return true
	case <-time.After(d):
		return false
	}
}

// sweep removes uploads that waited too long; f.mu is held.
func (f *importFiles) sweep(now time.Time) {
	for id, u := range f.uploads {
		if now.Sub(u.Created) > uploadTTL {
			os.Remove(u.Path)
			delete(f.uploads, id)
		}
	}
}

func (f *importFiles) discard(u *upload) {
	if u.Path != "" {
		os.Remove(u.Path)
	}
}

func randomID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}
