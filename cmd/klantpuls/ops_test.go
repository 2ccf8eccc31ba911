package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// TestBackupAndRestore backs a SQLite database up, changes it, and restores the backup.
func TestBackupAndRestore(t *testing.T) {
	p := newProject(t)
	p.mustImport("tickets", "ticket_id,created_at\nT1,2026-03-02 10:00\nT2,2026-03-03 10:00\n")
	backup := filepath.Join(p.dir, "backup.db")
	if _, stderr, code := p.run("backup", backup); code != 0 {
		t.Fatalf("backup: %s", stderr)
	}
	if _, stderr, code := p.run("backup", backup); code != 1 || !strings.Contains(stderr, "exists") {
		t.Errorf("a backup over an existing file: %d %s", code, stderr)
	}
	// The backup is a copy of every record, password hash and secret: it is in the audit log
	// of the database backed up, by the operating system's user, naming the file; the refused
	// one is not.
	log, err := app.AuditLogOf(context.Background(), p.db)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 2 || log[1].Action != cx.AuditBackup || !strings.HasPrefix(log[1].Actor, "cli:") ||
		!strings.HasPrefix(log[1].From, "cli on ") || log[1].Subject != backup {
		t.Errorf("audit log after a backup and a refused one: %+v, want the import, then the backup of %s", log, backup)
	}
	p.mustImport("tickets", "ticket_id,created_at\nT3,2026-03-04 10:00\n")
	if n := p.report("2026-03-01", "2026-04-01").num("groups.0.metrics.tickets.created"); n != 3 {
		t.Fatalf("before restoring: %v tickets", n)
	}
	if _, stderr, code := p.run("restore", backup); code != 1 || !strings.Contains(stderr, "--force") {
		t.Errorf("restore over a database without --force: %d %s", code, stderr)
	}
	if _, stderr, code := p.run("restore", "--force", backup); code != 0 {
		t.Fatalf("restore: %s", stderr)
	}
	if n := p.report("2026-03-01", "2026-04-01").num("groups.0.metrics.tickets.created"); n != 2 {
		t.Errorf("after restoring: %v tickets, want the backup's 2", n)
	}
	// The audit log outlives the restore: the backup's entry, written after its copy, and the
	// import after it are still in it (carried over from the database replaced), then the
	// restore itself.
	log, err = app.AuditLogOf(context.Background(), p.db)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range log {
		actions = append(actions, e.Action)
	}
	if got := strings.Join(actions, " "); got != "import backup import restore" {
		t.Errorf("audit log after the restore: %q, want %q", got, "import backup import restore")
	} else if last := log[3]; !strings.HasPrefix(last.Actor, "cli:") || !strings.HasSuffix(last.Subject, "backup.db") {
		t.Errorf("restore entry: %+v", last)
	}
	notDB := p.file("junk.db", "this is not a database")
	if _, stderr, code := p.run("restore", "--force", notDB); code != 1 || !strings.Contains(stderr, "not a sound SQLite database") {
		t.Errorf("restoring junk: %d %s", code, stderr)
	}
	if _, _, code := p.run("migrate"); code != 0 {
		t.Error("migrate on an up-to-date database")
	}
}

// TestRestoreRefusedWhileServing starts a real `klantpuls serve` on a SQLite file: restore
// refuses while it runs, naming its process, and changes nothing (the server's writes before
// and after the attempt are all kept); once the server has stopped, restore works. Backup works
// beside the running server.
func TestRestoreRefusedWhileServing(t *testing.T) {
	inEnglish(t) // the refusal's words; TestRestoreRefusesAnOpenDatabaseInItsLanguage has both
	p, srv, token := serveSQLite(t)
	send := func(id string) {
		t.Helper()
		if status, body := srv.do("POST", "/api/v1/responses", token, promoter(id)); status != 200 {
			t.Fatalf("ingest %s: %d %s", id, status, body)
		}
	}
	send("R1")
	backup := filepath.Join(p.dir, "backup.db")
	if _, stderr, code := p.run("backup", backup); code != 0 {
		t.Fatalf("backup beside the server: %s", stderr)
	}
	send("R2")

	_, stderr, code := p.run("restore", "--force", backup)
	pid := strconv.Itoa(srv.cmd.Process.Pid)
	if code != 1 || !strings.Contains(stderr, "open in process "+pid+" (") || !strings.Contains(stderr, "serve --addr") {
		t.Fatalf("restore beside a running server (pid %s): exit %d, %s", pid, code, stderr)
	}
	t.Logf("refused: %s", strings.TrimSpace(stderr))
	send("R3")
	if got := srv.promoters(token); got != 3 {
		t.Errorf("the server reports %d promoters after the refused restore, want 3", got)
	}
	srv.stop()
	if n := p.report("2026-03-01", "2026-04-01").num("groups.0.metrics.nps.promoters"); n != 3 {
		t.Errorf("after the server stopped, the file holds %v promoters, want R1, R2 and R3", n)
	}

	if _, stderr, code := p.run("restore", "--force", backup); code != 0 {
		t.Fatalf("restore with the server stopped: %s", stderr)
	}
	if n := p.report("2026-03-01", "2026-04-01").num("groups.0.metrics.nps.promoters"); n != 1 {
		t.Errorf("after restoring: %v promoters, want the backup's 1", n)
	}
}

// TestWritesWhileAnImportHoldsTheLock runs a real `klantpuls serve` on a SQLite file while
// another process (this test) holds SQLite's write lock, as a long `klantpuls import` does.
// Writes sent meanwhile wait at most 10 s (5 s for the writes ahead of them, 5 s for the lock)
// and answer 503 with Retry-After, never 500, storing nothing; a report answers at once; once
// the lock is free, the next write succeeds.
func TestWritesWhileAnImportHoldsTheLock(t *testing.T) {
	p, srv, token := serveSQLite(t)
	if status, body := srv.do("POST", "/api/v1/responses", token, promoter("R1")); status != 200 {
		t.Fatalf("ingest before the lock: %d %s", status, body)
	}

	reader, stderr, code := p.run("token", "create", "--name", "reader", "--scope", "read")
	if code != 0 {
		t.Fatalf("token: %s", stderr)
	}
	reader = strings.TrimSpace(reader)

	release := holdWriteLock(t, p.db)
	var wg sync.WaitGroup
	for _, id := range []string{"R2", "R3", "R4"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			start := time.Now()
			res := post(t, srv.url+"/api/v1/responses", token, promoter(id))
			took := time.Since(start)
			if res.status != 503 || res.header.Get("Retry-After") != "5" ||
				res.header.Get("Content-Type") != "application/problem+json" || !strings.Contains(res.body, "busy") {
				t.Errorf("ingest %s while the lock is held: %d, Retry-After %q, %s %s", id, res.status,
					res.header.Get("Retry-After"), res.header.Get("Content-Type"), res.body)
			}
			if took > 10*time.Second+time.Second {
				t.Errorf("ingest %s answered after %v, want within 10 s", id, took)
			}
			t.Logf("ingest %s: %d after %v: %s", id, res.status, took.Round(time.Millisecond), strings.TrimSpace(res.body))
		}()
	}
	// A token used for the first time is recorded as used: that write must not hold it up.
	start := time.Now()
	if got := srv.promoters(reader); got != 1 || time.Since(start) > time.Second {
		t.Errorf("a report while the lock is held: %d promoters after %v, want 1 at once", got, time.Since(start))
	}
	wg.Wait()
	release()
	if status, body := srv.do("POST", "/api/v1/responses", token, promoter("R5")); status != 200 {
		t.Fatalf("ingest once the lock is free: %d %s", status, body)
	}
	if got := srv.promoters(token); got != 2 {
		t.Errorf("%d promoters, want R1 and R5: the refused writes must store nothing", got)
	}
	if strings.Contains(srv.log(), `"status":500`) {
		t.Errorf("a request failed with 500:\n%s", srv.log())
	}
}

// serveSQLite starts `klantpuls serve` on a project's SQLite file and makes a write token.
func serveSQLite(t *testing.T) (*project, *node, string) {
	p := newProject(t)
	if onPostgres {
		t.Skip("a SQLite file")
	}
	srv := startNode(t, p.db)
	stdout, stderr, code := p.run("token", "create", "--name", "ops", "--scope", "write")
	if code != 0 {
		t.Fatalf("token: %s", stderr)
	}
	return p, srv, strings.TrimSpace(stdout)
}

// promoter is an NPS answer of 10 in March 2026, as JSON.
func promoter(id string) string {
	return `{"response_id":"` + id + `","survey":"nps","score":10,"submitted_at":"2026-03-05 10:00"}`
}

// holdWriteLock begins a write transaction on the SQLite file at path, holding its write lock
// until the returned function is called, as a `klantpuls import` does while it runs: an
// import's app.Bulk whose rows have not all been read yet.
func holdWriteLock(t *testing.T, path string) func() {
	t.Helper()
	a, err := app.Open(context.Background(), path, config.Default())
	if err != nil {
		t.Fatal(err)
	}
	begun, stop, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		_, err := a.Bulk(context.Background(), func(func(cx.Record) error) error {
			close(begun)
			<-stop
			return errors.New("held for the test; nothing to store")
		})
		done <- err
	}()
	select {
	case <-begun:
	case err := <-done:
		t.Fatalf("the write lock was not taken: %v", err)
	}
	var once sync.Once
	release := func() {
		once.Do(func() {
			close(stop)
			<-done
			a.Close()
		})
	}
	t.Cleanup(release)
	return release
}

type response struct {
	status int
	header http.Header
	body   string
}

// post sends body with a bearer token; it is safe to call from any goroutine.
func post(t *testing.T, url, token, body string) response {
	req, _ := http.NewRequest("POST", url, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Error(err)
		return response{}
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, header: res.Header, body: string(b)}
}

// TestEngineFileOfReplacedHistoryAfterRestore: README, The engine file: a file "ahead of the
// database's changes (a database restored from a backup) is refused … and the engine is loaded
// from the database". Before the fix the check was only a comparison of change numbers
// (app.restoreFile: seq > LastSeq), and the restored database kept the database id. With the
// engine file where deploy/klantpuls.service puts it (KLANTPULS_ENGINE_FILE, not beside the
// database), the README's restore command (`klantpuls --db klantpuls.db restore --force …`, no
// --engine-file) did not remove it; once the restored database had taken as many new changes as
// the file's number (the operator re-imports the day's exports), the file of the replaced
// history was accepted and its records — which the database no longer holds — counted, while
// records of the new history were missing. The restored database has an identity of its own
// now, and the file is refused as of another database.
func TestEngineFileOfReplacedHistoryAfterRestore(t *testing.T) {
	if onPostgres {
		t.Skip("a SQLite file")
	}
	p := newProject(t)
	engineFile := filepath.Join(p.dir, "var-lib-klantpuls", "klantpuls.engine") // KLANTPULS_ENGINE_FILE of the unit
	if err := os.MkdirAll(filepath.Dir(engineFile), 0o755); err != nil {
		t.Fatal(err)
	}
	tickets := func(prefix, month string, n int) string {
		return csvRows("ticket_id,created_at", n, func(i int) string { return fmt.Sprintf("%s%d,2026-%s-%02d 10:00", prefix, i, month, 2+i) })
	}
	p.mustImport("tickets", tickets("T", "03", 2))
	backup := filepath.Join(p.dir, "backup.db")
	if _, stderr, code := p.run("backup", backup); code != 0 {
		t.Fatalf("backup: %s", stderr)
	}
	p.mustImport("tickets", tickets("LOST", "02", 6)) // written after the backup (in February): gone once it is restored
	// The server (or a report with the unit's environment) keeps its engine file.
	if n := p.report("2026-02-01", "2026-03-01", "--engine-file", engineFile).num("groups.0.metrics.tickets.created"); n != 6 {
		t.Fatalf("before the restore: %v tickets in February", n)
	}
	if _, stderr, code := p.run("restore", "--force", backup); code != 0 {
		t.Fatalf("restore: %s", stderr)
	}
	p.mustImport("tickets", tickets("NEW", "03", 10)) // the day's export imported again (March)
	if n := p.report("2026-02-01", "2026-03-01", "--engine-file", "none").num("groups.0.metrics.tickets.created"); n != 0 {
		t.Fatalf("from the database: %v tickets in February, want 0", n)
	}
	if n := p.report("2026-03-01", "2026-04-01", "--engine-file", "none").num("groups.0.metrics.tickets.created"); n != 12 {
		t.Fatalf("from the database: %v tickets in March, want 12", n)
	}
	// The same reports with the unit's engine file.
	_, stderr, _ := p.run("report", "--from", "2026-02-01", "--to", "2026-03-01", "--engine-file", engineFile)
	feb := p.report("2026-02-01", "2026-03-01", "--engine-file", engineFile).num("groups.0.metrics.tickets.created")
	mar := p.report("2026-03-01", "2026-04-01", "--engine-file", engineFile).num("groups.0.metrics.tickets.created")
	if feb != 0 || mar != 12 {
		t.Errorf("with the engine file of the replaced database: %v tickets in February (want 0: the database has none), "+
			"%v in March (want 12); the file was not refused (stderr %q)", feb, mar, stderr)
	}
}

// TestRestoreKeepsWhatTheJournalHeld: a backup copied with its write-ahead log (the database
// file and its -wal, copied while a server had the database open) holds what the log holds:
// the check before a restore read it, and the restore must put it in place too — a copy of the
// main file alone lost the last writes.
func TestRestoreKeepsWhatTheJournalHeld(t *testing.T) {
	p := newProject(t)
	p.mustImport("tickets", "ticket_id,created_at\nT1,2026-03-02 10:00\nT2,2026-03-03 10:00\n")
	ctx := context.Background()
	a, err := app.Open(ctx, p.db, config.Default())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Ingest(ctx, []cx.Record{&cx.Ticket{ID: "T3", CreatedAt: time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)}}); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(p.dir, "copy.db")
	for _, side := range []string{"", "-wal"} {
		data, err := os.ReadFile(p.db + side)
		if err != nil {
			t.Fatalf("the open database's %q: %v", side, err)
		}
		if side == "-wal" && len(data) == 0 {
			t.Fatal("the write went to the main file: no journal to copy")
		}
		if err := os.WriteFile(backup+side, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	a.Close()
	p.mustImport("tickets", "ticket_id,created_at\nT4,2026-03-05 10:00\n")
	if _, stderr, code := p.run("restore", "--force", backup); code != 0 {
		t.Fatalf("restore: %s", stderr)
	}
	if n := p.report("2026-03-01", "2026-04-01").num("groups.0.metrics.tickets.created"); n != 3 {
		t.Errorf("after restoring the copy: %v tickets, want its 3 (T3 in its journal)", n)
	}
	if data, err := os.ReadFile(backup); err != nil || len(data) == 0 {
		t.Errorf("the backup after the restore: %d bytes, %v", len(data), err)
	}
}

// TestRestoreRefusesABackupOfANewerRelease restores a backup a newer klantpuls migrated (a
// binary rolled back, a backup of a newer installation): it is refused before anything is
// replaced, naming why, and the database and its audit log stay as they were. It was put in
// place, and then this klantpuls could open neither it nor its audit log.
func TestRestoreRefusesABackupOfANewerRelease(t *testing.T) {
	p := newProject(t)
	p.mustImport("tickets", "ticket_id,created_at\nT1,2026-03-02 10:00\n")
	backup := mustBackup(t, p, "newer.db")
	sqlitetest.MigratedByANewerRelease(t, backup)
	p.mustImport("tickets", "ticket_id,created_at\nT2,2026-03-03 10:00\n")
	_, stderr, code := p.run("restore", "--force", backup)
	if code != 1 || !strings.Contains(stderr, "newer klantpuls") || strings.Contains(stderr, "is restored") {
		t.Errorf("restoring a newer release's backup: %d %s", code, stderr)
	}
	if n := p.report("2026-03-01", "2026-04-01").num("groups.0.metrics.tickets.created"); n != 2 {
		t.Errorf("after the refused restore: %v tickets, want the database's 2", n)
	}
	log, err := app.AuditLogOf(context.Background(), p.db)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range log {
		if e.Action == cx.AuditRestore {
			t.Errorf("a refused restore is in the audit log: %+v", e)
		}
	}
}

// TestRestoredDatabaseKeepsItsPermissionsAndOwner restores a backup over a database kept 0600
// by the server's user, as root does it (under the usual umask, 022): the restored database has
// the replaced one's mode and, where the restore may give it (root), its owner. It was made as
// any new file, the restorer's and 0644: every user of the machine read the customers' data and
// the password hashes, and a server running as its own user could not write to it.
func TestRestoredDatabaseKeepsItsPermissionsAndOwner(t *testing.T) {
	defer syscall.Umask(syscall.Umask(0o022))
	p := newProject(t)
	p.mustImport("tickets", "ticket_id,created_at\nT1,2026-03-02 10:00\n")
	backup := mustBackup(t, p, "backup.db")
	if err := os.Chmod(backup, 0o644); err != nil { // a backup copied with cp, say
		t.Fatal(err)
	}
	if err := os.Chmod(p.db, 0o600); err != nil {
		t.Fatal(err)
	}
	owner := os.Geteuid()
	if owner == 0 {
		owner = 65534 // the server's own user, nobody
		if err := os.Chown(p.db, owner, owner); err != nil {
			t.Fatal(err)
		}
	}
	if _, stderr, code := p.run("restore", "--force", backup); code != 0 {
		t.Fatalf("restore: %s", stderr)
	}
	fi, err := os.Stat(p.db)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o600 {
		t.Errorf("the restored database's mode: %o, want the replaced one's 600", got)
	}
	if st := fi.Sys().(*syscall.Stat_t); int(st.Uid) != owner {
		t.Errorf("the restored database's owner: %d, want %d", st.Uid, owner)
	}
	if _, err := os.Stat(p.db + ".restore"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the restore's copy is left: %v", err)
	}
}

// mustBackup backs p's database up to the new file name in its folder.
func mustBackup(t *testing.T, p *project, name string) string {
	t.Helper()
	path := filepath.Join(p.dir, name)
	if _, stderr, code := p.run("backup", path); code != 0 {
		t.Fatalf("backup: %s", stderr)
	}
	return path
}
