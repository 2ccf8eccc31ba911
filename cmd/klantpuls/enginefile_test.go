package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportFromEngineFile drives `klantpuls report` on a real SQLite file as a nightly script
// would: the first report loads the database and writes the engine file beside it; the next
// one starts from that file — and still counts an answer a running server (another process)
// committed a moment before. A damaged file or one of another database is refused in one
// line on stderr, the report is right all the same, and the file is written anew.
func TestReportFromEngineFile(t *testing.T) {
	if onPostgres {
		t.Skip("SQLite only: PostgreSQL has no engine file by default")
	}
	inEnglish(t) // the reasons below in English words (TestEngineFileReasonsInTheCommandsLanguage)
	p := newProject(t)
	file := p.db + ".engine"
	p.mustImport("responses", "response_id,survey,score,submitted_at\nR0,nps,9,2026-03-02 10:00\nR1,nps,10,2026-03-03 10:00\nR2,nps,3,2026-03-04 10:00\n")
	// The import into an empty database made the engine file: the first report starts from it.
	imported := readBytes(t, file)
	// report runs the report and returns NPS's n and stderr.
	report := func(extra ...string) (float64, string) {
		t.Helper()
		out, errOut, code := p.run(append([]string{"report", "--from", "2026-03-01", "--to", "2026-04-01", "--format", "json"}, extra...)...)
		if code != 0 {
			t.Fatalf("report: exit %d\n%s", code, errOut)
		}
		var d doc
		d.t = t
		if err := json.Unmarshal([]byte(out), &d.m); err != nil {
			t.Fatal(err)
		}
		return d.num("groups.0.metrics.nps.n"), errOut
	}
	if n, errOut := report(); n != 3 || errOut != "" {
		t.Fatalf("first report: NPS n %v, stderr %q; want 3, nothing", n, errOut)
	}
	written := readBytes(t, file)
	if !bytes.Equal(written, imported) {
		t.Error("the first report wrote the engine file again: it did not start from the import's")
	}

	// A server on the same database, keeping its own engine file, takes an answer over the
	// API; the report right after has it.
	node := startNode(t, p.db, "--snapshot", filepath.Join(p.dir, "node.engine"))
	out, errOut, code := p.run("token", "create", "--name", "script", "--scope", "write")
	if code != 0 {
		t.Fatalf("token: %s", errOut)
	}
	status, body := node.do("POST", "/api/v1/responses", strings.TrimSpace(out),
		`{"response_id":"R3","survey":"nps","score":10,"submitted_at":"2026-03-05 10:00"}`)
	if status != 200 {
		t.Fatalf("the server's ingest: %d %s", status, body)
	}
	if n, errOut := report(); n != 4 || errOut != "" {
		t.Errorf("report after the server's commit: NPS n %v, stderr %q; want 4, nothing", n, errOut)
	}
	node.stop()
	// One answer caught up is not worth writing the file again: it is the first report's, so
	// this report read it (a load from the database would have written it anew).
	if !bytes.Equal(readBytes(t, file), written) {
		t.Error("the engine file was written again: the report did not start from it")
	}

	spoilt := []struct {
		name  string
		spoil func() []byte
		why   string
	}{
		{"damaged", func() []byte {
			b := readBytes(t, file)
			b[len(b)/2] ^= 0xff
			return b
		}, "damaged"},
		{"of another database", func() []byte {
			q := newProject(t)
			q.mustImport("responses", "response_id,survey,score,submitted_at\nX0,nps,9,2026-03-02 10:00\n")
			if _, errOut, code := q.run("report", "--from", "2026-03-01", "--to", "2026-04-01"); code != 0 {
				t.Fatalf("report on the other database: %s", errOut)
			}
			return readBytes(t, q.db+".engine")
		}, "made of another database"},
	}
	for _, s := range spoilt {
		if err := os.WriteFile(file, s.spoil(), 0o644); err != nil {
			t.Fatal(err)
		}
		n, errOut := report()
		if n != 4 || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, s.why) || !strings.Contains(errOut, file) {
			t.Errorf("report on a file %s: NPS n %v, stderr %q; want 4 and one line naming the file, %q", s.name, n, errOut, s.why)
		}
		if n, errOut := report(); n != 4 || errOut != "" {
			t.Errorf("the report after the file %s was written again: NPS n %v, stderr %q; want 4, nothing", s.name, n, errOut)
		}
	}

	// --engine-file none: no file read or written.
	q := newProject(t)
	first := q.file("first.csv", "response_id,survey,score,submitted_at\nR0,nps,9,2026-03-02 10:00\n")
	if _, errOut, code := q.run("--engine-file", "none", "import", "--kind", "responses", first); code != 0 {
		t.Fatalf("import --engine-file none: %s", errOut)
	}
	if _, errOut, code := q.run("--engine-file", "none", "report", "--from", "2026-03-01", "--to", "2026-04-01"); code != 0 {
		t.Fatalf("report --engine-file none: %s", errOut)
	}
	if _, err := os.Stat(q.db + ".engine"); err == nil {
		t.Error("--engine-file none wrote an engine file")
	}
	// An import into a database that already holds records, without a usable file, leaves the
	// file to the next command that needs the engine: it does not load the whole database.
	q.mustImport("responses", "response_id,survey,score,submitted_at\nR1,nps,9,2026-03-03 10:00\n")
	if _, err := os.Stat(q.db + ".engine"); err == nil {
		t.Error("an import into a database that held records made the engine file")
	}
}

// TestImportKeepsEngineFile: an import brings an existing engine file up to date, so the
// report after it applies nothing; an erasure removes the file (it may hold the words of the
// customer's comments), and the next report writes it again without them.
func TestImportKeepsEngineFile(t *testing.T) {
	if onPostgres {
		t.Skip("SQLite only")
	}
	p := newProject(t)
	file := p.db + ".engine"
	p.mustImport("responses", "response_id,survey,score,submitted_at,customer_id,comment\nR0,nps,9,2026-03-02 10:00,C-1,vogelhuisje\n")
	if n := p.report("2026-03-01", "2026-04-01").num("groups.0.metrics.nps.n"); n != 1 {
		t.Fatalf("NPS n %v, want 1", n)
	}
	before := readBytes(t, file)
	if !bytes.Contains(before, []byte("vogelhuisje")) {
		t.Fatal("the engine file does not hold the comment's word: the erasure below would prove nothing")
	}
	p.mustImport("responses", "response_id,survey,score,submitted_at\nR1,nps,10,2026-03-03 10:00\n")
	after := readBytes(t, file)
	if bytes.Equal(before, after) {
		t.Fatal("the import left the engine file as it was")
	}
	if n := p.report("2026-03-01", "2026-04-01").num("groups.0.metrics.nps.n"); n != 2 {
		t.Errorf("after the import: NPS n %v, want 2", n)
	}
	if !bytes.Equal(readBytes(t, file), after) {
		t.Error("the report wrote the file the import had brought up to date")
	}
	if _, errOut, code := p.run("erase", "--customer", "C-1"); code != 0 {
		t.Fatalf("erase: %s", errOut)
	}
	if _, err := os.Stat(file); err == nil {
		t.Error("the engine file is still there after the erasure")
	}
	if n := p.report("2026-03-01", "2026-04-01").num("groups.0.metrics.nps.n"); n != 2 {
		t.Errorf("after the erasure: NPS n %v, want 2 (the scores stay)", n)
	}
	if b := readBytes(t, file); bytes.Contains(b, []byte("vogelhuisje")) {
		t.Error("the engine file written after the erasure holds the customer's word")
	}
	// A damaged file is left to the next report: the import names it and loads nothing more.
	damaged := readBytes(t, file)
	damaged[len(damaged)/2] ^= 0xff
	if err := os.WriteFile(file, damaged, 0o644); err != nil {
		t.Fatal(err)
	}
	path := p.file("more.csv", "response_id,survey,score,submitted_at\nR2,nps,10,2026-03-04 10:00\n")
	_, errOut, code := p.run("import", "--kind", "responses", path)
	if code != 0 || !strings.Contains(errOut, "damaged") || !bytes.Equal(readBytes(t, file), damaged) {
		t.Errorf("import beside a damaged file: exit %d, stderr %q, file changed %v; want 0, the damage named, the file as it was",
			code, errOut, !bytes.Equal(readBytes(t, file), damaged))
	}
	if n := p.report("2026-03-01", "2026-04-01").num("groups.0.metrics.nps.n"); n != 3 {
		t.Errorf("the report after: NPS n %v, want 3", n)
	}
}

// TestServeWritesEngineFile: serve without --snapshot keeps the file beside the database: it
// writes it when it stops, and starts from it next time.
func TestServeWritesEngineFile(t *testing.T) {
	if onPostgres {
		t.Skip("SQLite only")
	}
	p := newProject(t)
	p.mustImport("responses", "response_id,survey,score,submitted_at\nR0,nps,9,2026-03-02 10:00\n")
	n := startNode(t, p.db)
	n.stop()
	if _, err := os.Stat(p.db + ".engine"); err != nil {
		t.Fatalf("no engine file after serve stopped: %v\n%s", err, n.log())
	}
	n = startNode(t, p.db)
	defer n.stop()
	if log := n.log(); !strings.Contains(log, `"from_snapshot":true`) {
		t.Errorf("serve did not start from its engine file:\n%s", log)
	}
}

func readBytes(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(fmt.Errorf("the engine file: %w", err))
	}
	return b
}

// TestImportStreamsIntoEngineFile: an import feeds the engine as it writes and then writes the
// file (app.StreamImports); the file must hold exactly what was committed. A file of a command
// that fails leaves none of its rows in it, though its good rows reached the engine before the
// bad row was found; the records of a tool's export of several kinds, put in the order of
// the export, answer as the same records loaded from the database kind by kind.
func TestImportStreamsIntoEngineFile(t *testing.T) {
	if onPostgres {
		t.Skip("SQLite only")
	}
	same := func(p *project, args ...string) {
		t.Helper()
		fromFile, errOut, code := p.run(append([]string{"report", "--format", "json"}, args...)...)
		if code != 0 {
			t.Fatalf("report: %s", errOut)
		}
		fromDB, errOut, code := p.run(append([]string{"--engine-file", "none", "report", "--format", "json"}, args...)...)
		if code != 0 {
			t.Fatalf("report from the database: %s", errOut)
		}
		if fromFile != fromDB {
			t.Errorf("report %v from the engine file differs from the database's:\n%s\nwant\n%s", args, fromFile, fromDB)
		}
	}
	t.Run("a failed file", func(t *testing.T) {
		p := newProject(t)
		head := "response_id,survey,score,submitted_at\n"
		good := p.file("good.csv", head+"R1,nps,10,2026-03-02 10:00\nR2,nps,3,2026-03-03 10:00\n")
		// More good rows than a batch (4096) before the bad one: they reach the engine.
		var rows strings.Builder
		for i := range 5000 {
			fmt.Fprintf(&rows, "B%d,nps,9,2026-03-04 10:00\n", i)
		}
		bad := p.file("bad.csv", head+rows.String()+"R4,nps,eleven,2026-03-05 10:00\n")
		more := p.file("more.csv", head+"R5,nps,8,2026-03-06 10:00\n")
		if _, errOut, code := p.run("import", "--kind", "responses", good, bad, more); code == 0 || !strings.Contains(errOut, "bad.csv") {
			t.Fatalf("import: exit %d, stderr %q; want a failure naming bad.csv", code, errOut)
		}
		if _, err := os.Stat(p.db + ".engine"); err != nil {
			t.Fatalf("no engine file: %v", err)
		}
		// R1 promoter, R2 detractor, R5 passive: NPS (1 − 1) / 3 = 0; the rows of bad.csv were never
		// committed.
		d := p.report("2026-03-01", "2026-04-01")
		if n, v := d.num("groups.0.metrics.nps.n"), d.num("groups.0.metrics.nps.value"); n != 3 || v != 0 {
			t.Errorf("NPS n %v, value %v; want 3, 0", n, v)
		}
		same(p, "--from", "2026-03-01", "--to", "2026-04-01")
	})
	t.Run("a tool's export of several kinds", func(t *testing.T) {
		p := newProject(t)
		// Customers and their orders, row by row; then answers linked to tickets.
		p.importPreset(filepath.Join("testdata", "presets", "shopify-orders.csv"),
			"34 rows read; records: customers 15, orders 21", "--preset", "shopify-orders")
		p.importPreset(filepath.Join("testdata", "presets", "zendesk-satisfaction-json.json"), "", "--preset", "zendesk-satisfaction-json")
		for _, by := range []string{"", "segment", "agent"} {
			same(p, "--from", "2026-01-01", "--to", "2026-07-01", "--by", by)
		}
		// 22 orders, of which #1006 is cancelled: no sale.
		if d := p.report("2026-01-01", "2026-07-01"); d.num("groups.0.metrics.clv.orders") != 21 {
			t.Error("not the 21 orders in the period: the comparison proves little")
		}
	})
}

// TestImportRefusesEngineFileOfRestoredDatabase: the database is put back from a backup by
// copying the file (a file-level or VM restore), so the engine file beside it is ahead of the
// database. The nightly import that ran next found the file ahead and refused it (before it
// wrote) without a word — and after its commit, the database's change number past the
// file's, trusted that very file and caught it up: every report after counted the three
// answers the restore took away and left out three the import wrote, silently. README: a
// file "ahead of the database's changes is refused with one line on stderr naming the file
// and why, and the engine is loaded from the database and the file written again". The import
// names it and leaves it; the report refuses it as of another history (the change it was made
// after is not the database's) and writes it anew, which the next report starts from.
func TestImportRefusesEngineFileOfRestoredDatabase(t *testing.T) {
	if onPostgres {
		t.Skip("SQLite only")
	}
	inEnglish(t) // the reasons below in English words (TestEngineFileReasonsInTheCommandsLanguage)
	p := newProject(t)
	p.mustImport("responses", "response_id,survey,score,submitted_at\nR0,nps,9,2026-03-02 10:00\nR1,nps,10,2026-03-03 10:00\n")
	p.report("2026-03-01", "2026-04-01")
	backup := p.dir + "/backup.db"
	if _, errOut, code := p.run("backup", backup); code != 0 {
		t.Fatalf("backup: %s", errOut)
	}
	// Three detractors after the backup: in the engine file, not in the backup.
	p.mustImport("responses", "response_id,survey,score,submitted_at\nOLD1,nps,0,2026-03-05 10:00\nOLD2,nps,0,2026-03-06 10:00\nOLD3,nps,0,2026-03-06 11:00\n")
	if n := p.report("2026-03-01", "2026-04-01").num("groups.0.metrics.nps.n"); n != 5 {
		t.Fatalf("before the restore: NPS n %v, want 5", n)
	}
	// The backup copied back over the database.
	b, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p.db, b, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, side := range []string{"-wal", "-shm"} {
		os.Remove(p.db + side)
	}
	path := p.file("new.csv", "response_id,survey,score,submitted_at\nNEW1,nps,10,2026-03-07 10:00\nNEW2,nps,10,2026-03-08 10:00\nNEW3,nps,10,2026-03-09 10:00\nNEW4,nps,10,2026-03-10 10:00\n")
	_, importErr, code := p.run("import", "--kind", "responses", path)
	if code != 0 {
		t.Fatalf("import: %s", importErr)
	}
	// The database holds R0, R1 and NEW1..4: six promoters, NPS 100.
	out, reportErr, code := p.run("report", "--from", "2026-03-01", "--to", "2026-04-01", "--format", "json")
	if code != 0 {
		t.Fatalf("report: %s", reportErr)
	}
	d := doc{t: t}
	if err := json.Unmarshal([]byte(out), &d.m); err != nil {
		t.Fatal(err)
	}
	if got, det := d.num("groups.0.metrics.nps.value"), d.num("groups.0.metrics.nps.detractors"); got != 100 || det != 0 {
		t.Errorf("report after the restore and an import: NPS %v with %v detractors; want 100, 0 (the database's six promoters). import stderr %q, report stderr %q",
			got, det, importErr, reportErr)
	}
	if !strings.Contains(importErr, "ahead of the database") || !strings.Contains(importErr, p.db+".engine") {
		t.Errorf("import: no line names the engine file ahead of the database: %q", importErr)
	}
	if !strings.Contains(reportErr, "not of this database's history") {
		t.Errorf("report: no line names the engine file of another history: %q", reportErr)
	}
	// The file written anew: the next report starts from it, without a word, and agrees.
	if n := p.report("2026-03-01", "2026-04-01").num("groups.0.metrics.nps.n"); n != 6 {
		t.Errorf("the next report: NPS n %v, want 6", n)
	}
	if _, errOut, _ := p.run("report", "--from", "2026-03-01", "--to", "2026-04-01", "--format", "json"); errOut != "" {
		t.Errorf("the next report refused the file written anew: %q", errOut)
	}
}
