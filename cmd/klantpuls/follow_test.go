package main

import (
	"bufio"
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServeFollowsAnImport runs a real `klantpuls serve` on a SQLite file and imports into the
// same file from the command line, as a user would: the server's report and its live stream
// show the imported records within 2 seconds, without a restart. Before the server followed
// other processes on SQLite, the report kept its old figures until a restart.
func TestServeFollowsAnImport(t *testing.T) {
	p := newProject(t)
	if onPostgres {
		t.Skip("SQLite only")
	}
	p.db = filepath.Join(p.dir, "served.db")
	p.mustImport("responses", "response_id,survey,score,submitted_at\nR0,nps,9,2026-03-02 10:00\n")
	srv := startNode(t, p.db)
	var out, errOut strings.Builder
	if code := run(context.Background(), []string{"--db", p.db, "token", "create", "--name", "follow", "--scope", "read"}, &out, &errOut); code != 0 {
		t.Fatalf("token: %s", errOut.String())
	}
	token := strings.TrimSpace(out.String())
	if got := srv.promoters(token); got != 1 {
		t.Fatalf("before the import: %d promoters, want 1", got)
	}

	// A dashboard's live stream, open before the import.
	req, _ := http.NewRequest("GET", srv.url+"/api/v1/live", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	updates := make(chan string, 10)
	go func() {
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "event: update") {
				updates <- sc.Text()
			}
		}
	}()

	p.mustImport("responses", "response_id,survey,score,submitted_at\n"+
		"R1,nps,10,2026-03-03 10:00\nR2,nps,9,2026-03-04 10:00\nR3,nps,2,2026-03-04 11:00\n")
	imported := time.Now()
	for srv.promoters(token) != 3 {
		if time.Since(imported) > 5*time.Second {
			t.Fatalf("the server shows %d promoters 5 s after the import, want 3\n%s", srv.promoters(token), srv.log())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if took := time.Since(imported); took > 2*time.Second {
		t.Errorf("the server showed the import after %v, want within 2 s", took)
	} else {
		t.Logf("the server showed the import after %v", took)
	}
	select {
	case <-updates:
	case <-time.After(2 * time.Second):
		t.Error("the live stream sent no update for the import")
	}
}
