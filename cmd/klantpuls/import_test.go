package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/app"
)

// TestImportRowRules checks every row rule of data.md section 2: the error names file, line,
// column and reason; the exit status is 1; nothing of the file is committed.
func TestImportRowRules(t *testing.T) {
	tests := []struct {
		name, kind, csv string
		want            string // FILE:LINE: column: reason (start of the reason)
	}{
		{"NPS score above 10", "responses", "response_id,survey,score,submitted_at\nR1,nps,11,2026-03-01 10:00\n",
			":2: score: 11 is outside the nps scale 0..10"},
		{"CSAT score outside the configured scale", "responses", "response_id,survey,score,submitted_at\nR1,csat,0,2026-03-01 10:00\n",
			":2: score: 0 is outside the csat scale 1..5"},
		{"score not an integer", "responses", "response_id,survey,score,submitted_at\nR1,ces,4.5,2026-03-01 10:00\n",
			`:2: score: "4.5" is not a whole number`},
		{"unknown survey", "responses", "response_id,survey,score,submitted_at\nR1,ces2,4,2026-03-01 10:00\n",
			`:2: survey: "ces2" is not one of nps, csat, ces`},
		{"timestamp that does not parse", "tickets", "ticket_id,created_at\nT1,13-03-2026 17:30\nT2,7/4/2026 9:00 AM\n",
			`:3: created_at: "7/4/2026 9:00 AM" could be 2026-07-04 (month first, as in the United States) or 2026-04-07 (day first)`},
		{"solved before created", "tickets", "ticket_id,created_at,solved_at\nT1,2026-03-13 17:30,2026-03-13 17:29\n",
			":2: solved_at: solved_at is before created_at"},
		{"first reply before created", "tickets", "ticket_id,created_at,first_reply_at\nT1,2026-03-13 17:30,2026-03-12 17:29\n",
			":2: first_reply_at: first_reply_at is before created_at"},
		{"churned before acquired", "customers", "customer_id,acquired_at,churned_at\nC1,2026-03-13 17:30,2026-01-01 00:00\n",
			":2: churned_at: churned_at is before acquired_at"},
		{"a refund that is not negative", "orders", "order_id,customer_id,ordered_at,amount,refund_of\nR1,C1,2026-03-01 10:00,5,O1\n",
			":2: amount: 5 is not below 0, yet the row is a refund of O1"},
		{"a comma that may separate thousands or decimals", "orders", "order_id;customer_id;ordered_at;amount\nO1;C1;2026-03-01 10:00;1,250\n",
			`:2: amount: "1,250" could be 1250 (a comma between thousands) or 1.250 (a decimal comma): write 1250 or 1.250`},
		{"negative count", "tickets", "ticket_id,created_at,reopens\nT1,2026-03-01 10:00,-1\n", ":2: reopens: -1 is negative"},
		{"negative duration", "tickets", "ticket_id,created_at,wait_seconds\nT1,2026-03-01 10:00,-3\n", ":2: wait_seconds: -3 is negative"},
		{"gross margin outside 0..1", "orders", "order_id,customer_id,ordered_at,amount,gross_margin\nO1,C1,2026-03-01 10:00,5,30\n",
			":2: gross_margin: 30 is outside 0..1"},
		{"duplicate key within a file", "tickets", "ticket_id,created_at\nT1,2026-03-01 10:00\nT2,2026-03-01 10:00\nT1,2026-03-02 10:00\n",
			`:4: ticket_id: duplicate key "T1" (first at line 2)`},
		{"duplicate review criterion", "reviews", "review_id,reviewed_at,agent,criterion,rating\nQ1,2026-03-01 10:00,Anna,Toon,4\nQ1,2026-03-01 10:00,Anna,toon,3\n",
			`:3: review_id: duplicate key "Q1" / "toon" (first at line 2)`},
		{"local time in the DST gap", "tickets", "ticket_id,created_at\nT1,2026-03-29 02:30\n",
			`:2: created_at: 2026-03-29 02:30 does not exist in Europe/Amsterdam (clocks go from 02:00 to 03:00 that night): give an offset such as +01:00, or import with --timezone`},
		{"local time in the DST fold", "tickets", "ticket_id,created_at\nT1,2026-10-25 02:30\n",
			`:2: created_at: 2026-10-25 02:30 happens twice in Europe/Amsterdam (clocks go back from 03:00 to 02:00 that night): give an offset, +02:00 for the first or +01:00 for the second`},
		{"required value missing", "messages", "message_id,ticket_id,at,author\nM1,,2026-03-01 10:00,agent\n",
			":2: ticket_id: required value missing"},
		{"required column missing", "events", "event_id,customer_id,at\nE1,C1,2026-03-01 10:00\n",
			":1: kind: required column missing"},
		{"bad boolean", "tickets", "ticket_id,created_at,complaint\nT1,2026-03-01 10:00,misschien\n",
			`:2: complaint: "misschien" is not a yes/no value`},
		{"wrong number of cells", "tickets", "ticket_id,created_at\nT1,2026-03-01 10:00,extra\n",
			":2: the row has 3 cells, the header 2"},
		{"rating outside the criterion's scale", "reviews", "review_id,reviewed_at,agent,criterion,rating\nQ1,2026-03-01 10:00,Anna,Toon,6\n",
			":2: rating: 6 is outside the default scale"},
		{"unknown author", "messages", "message_id,ticket_id,at,author\nM1,T1,2026-03-01 10:00,klant\n",
			`:2: author: "klant" is not one of customer, agent, bot, note`},
		{"a stray quote in the first cell (27\" screens)", "tickets", "ticket_id,created_at\nT1,2026-03-01 10:00\n27\" scherm,2026-03-01 10:00\n",
			`:3: a " in a cell that does not start with one: put the cell in quotes and double each " in it`},
		{"two orders of 1.7e308", "orders", "order_id,customer_id,ordered_at,amount\nO1,C1,2026-03-01 10:00,1.7e308\nO2,C1,2026-03-01 11:00,1.7e308\n",
			":2: amount: 1.7e308 is more than 1000000000000, the largest amount klantpuls accepts"},
		{"a comment of 4001 characters", "responses", "response_id,survey,score,submitted_at,comment\nR1,nps,9,2026-03-01 10:00," + strings.Repeat("x", 4001) + "\n",
			":2: comment: 4001 characters long; at most 4000 are taken"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newProject(t)
			// A good row first, so "nothing committed" is checked against something to commit.
			path := p.file("in.csv", tt.csv)
			_, stderr, code := p.run("import", "--kind", tt.kind, path)
			if code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			if !strings.Contains(stderr, path+tt.want) {
				t.Errorf("stderr does not say %q:\n%s", path+tt.want, stderr)
			}
			if n := p.count(tt.kind); n != 0 {
				t.Errorf("%d %s committed, want none", n, tt.kind)
			}
		})
	}
}

// count returns how many records of a kind the database holds, through the report where it
// can (tickets, responses) and the import's own "written" count otherwise.
func (p *project) count(kind string) int {
	p.t.Helper()
	_, stderr, code := p.run("import", "--kind", kind, p.file("empty-"+kind+".csv", emptyHeader(kind)))
	if code != 0 {
		p.t.Fatalf("counting %s: %s", kind, stderr)
	}
	d := p.report("1970-01-02", "2106-01-01")
	switch kind {
	case "tickets":
		return int(d.num("groups.0.metrics.tickets.created"))
	case "responses":
		return int(d.num("groups.0.metrics.nps.n") + d.num("groups.0.metrics.csat.n") + d.num("groups.0.metrics.ces.n"))
	case "customers":
		return int(d.num("groups.0.metrics.churn.new") + d.num("groups.0.metrics.churn.start"))
	case "orders":
		return int(d.num("groups.0.metrics.clv.orders"))
	case "reviews":
		return int(d.num("groups.0.metrics.iqs.n"))
	case "mentions":
		return int(d.num("groups.0.metrics.feedback_response.n"))
	case "messages":
		return int(d.num("groups.0.metrics.reply_time.calendar.n"))
	}
	return 0 // events: nothing to count them by without customers
}

func emptyHeader(kind string) string {
	return map[string]string{
		"tickets": "ticket_id,created_at", "responses": "response_id,survey,score,submitted_at",
		"customers": "customer_id,acquired_at", "orders": "order_id,customer_id,ordered_at,amount",
		"reviews": "review_id,reviewed_at,agent,criterion", "mentions": "mention_id,source,at,text",
		"messages": "message_id,ticket_id,at,author", "events": "event_id,customer_id,kind,at",
	}[kind] + "\n"
}

func TestImportAllErrorsNothingCommitted(t *testing.T) {
	p := newProject(t)
	// 9000 good rows (past the first write batches), then 150 bad ones: every one is found,
	// the first 100 are listed, and none of the good rows is committed.
	body := csvRows("ticket_id,created_at,solved_at", 9150, func(i int) string {
		if i < 9000 {
			return fmt.Sprintf("T%d,2026-03-02 10:00,2026-03-02 11:00", i)
		}
		return fmt.Sprintf("T%d,2026-03-02 10:00,2026-03-01 11:00", i)
	})
	path := p.file("tickets.csv", body)
	_, stderr, code := p.run("import", "--kind", "tickets", path)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if got := strings.Count(stderr, ": solved_at: solved_at is before created_at"); got != 100 {
		t.Errorf("%d errors listed, want the first 100", got)
	}
	if !strings.Contains(stderr, path+":9002: solved_at:") || !strings.Contains(stderr, "… and 50 more errors") {
		t.Errorf("stderr lacks the first error line or the count of the rest:\n%s", stderr[:min(len(stderr), 500)])
	}
	if n := p.count("tickets"); n != 0 {
		t.Errorf("%d tickets committed, want none", n)
	}
}

func TestImportIdempotentAndReplacing(t *testing.T) {
	p := newProject(t)
	first := "ticket_id,created_at,channel,solved_at\nT1,2026-03-02 10:00,email,\nT2,2026-03-02 10:00,chat,2026-03-02 12:00\n"
	path := p.file("t.csv", first)
	if _, stderr, _ := p.run("import", "--kind", "tickets", path); !strings.Contains(stderr, "2 rows read, 2 written") {
		t.Errorf("first import: %s", stderr)
	}
	before := p.report("2026-03-01", "2026-04-01")
	if _, stderr, _ := p.run("import", "--kind", "tickets", path); !strings.Contains(stderr, "2 rows read, 0 written") {
		t.Errorf("second import of the same file must change nothing: %s", stderr)
	}
	after := p.report("2026-03-01", "2026-04-01")
	if fmt.Sprint(before.m) != fmt.Sprint(after.m) {
		t.Error("report changed after re-importing the same file")
	}
	// A later import of an id replaces the earlier row.
	p.mustImport("tickets", "ticket_id,created_at,channel,solved_at\nT1,2026-03-02 10:00,phone,2026-03-02 11:00\n")
	d := p.report("2026-03-01", "2026-04-01")
	d.expect(1e-9, map[string]float64{"tickets.created": 2, "tickets.solved": 2, "tickets.share.phone": 50,
		"resolution.calendar.mean": (3600 + 7200) / 2})
	if _, ok := d.get("groups.0.metrics.tickets.share.email"); ok {
		t.Error("the replaced row's channel is still counted")
	}
	// The history tells the three apart: 2 new, nothing changed, 1 replaced.
	a, err := app.Open(context.Background(), p.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	runs, err := a.ImportHistory(context.Background(), 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range runs {
		got = append(got, fmt.Sprintf("%d written, %d replaced", r.Written, r.Replaced))
	}
	if want := []string{"1 written, 1 replaced", "0 written, 0 replaced", "2 written, 0 replaced"}; !slices.Equal(got, want) {
		t.Errorf("import history %q, want %q (newest first)", got, want)
	}
}

func TestImportSeveralFilesAndFormats(t *testing.T) {
	p := newProject(t)
	good := p.file("good.csv", "\xEF\xBB\xBFTicket_ID , CHANNEL,Created_At,Notitie\nT1,email,2026-03-02 10:00,VIP\n")
	bad := p.file("bad.csv", "ticket_id,created_at\nT2,gisteren\n")
	_, stderr, code := p.run("import", "--kind", "tickets", good, bad)
	if code != 1 {
		t.Errorf("exit %d, want 1 (one file bad)", code)
	}
	if !strings.Contains(stderr, bad+":2: created_at:") || !strings.Contains(stderr, "good.csv: 1 row read, 1 written") {
		t.Errorf("stderr:\n%s", stderr)
	}
	// The good file (BOM, columns in any order and case, an unknown column) is committed.
	p.report("2026-03-01", "2026-04-01").expect(0, map[string]float64{"tickets.created": 1, "tickets.share.email": 100})
}

func TestUsageErrors(t *testing.T) {
	p := newProject(t)
	for _, c := range []struct {
		args []string
		says string // a part of the message
	}{
		{[]string{"import", "--kind", "tickts", "x.csv"}, "--kind"},
		{[]string{"report", "--from", "2026-03-01"}, "--to"},
		{[]string{"report", "--lang", "en", "--from", "2026-13-01", "--to", "2026-04-01"}, `--from "2026-13-01" is not a date YYYY-MM-DD`},
		// The command line names its flags, the API its parameters (from 2026-04-01 must …).
		{[]string{"report", "--lang", "en", "--from", "2026-04-01", "--to", "2026-03-01"}, "--from 2026-04-01 must be before --to 2026-03-01"},
		{[]string{"report", "--from", "2026-03-01", "--to", "2026-04-01", "--by", "colour"}, "--by"},
		{[]string{"frobnicate"}, "frobnicate"},
	} {
		if _, stderr, code := p.run(c.args...); code != 2 || !strings.Contains(stderr, c.says) {
			t.Errorf("%v: exit %d (%q), want 2 saying %q", c.args, code, stderr, c.says)
		}
	}
	if _, stderr, code := p.run("import", "--kind", "tickets", "/does/not/exist.csv"); code != 1 || !strings.Contains(stderr, "/does/not/exist.csv") {
		t.Errorf("missing file: exit %d %q, want 1 naming the file", code, stderr)
	}
	if _, stderr, code := p.withConfig("[hours.default]\nmon = [\"17:00-09:00\"]\n").run("report", "--from", "2026-03-01", "--to", "2026-04-01"); code != 1 || !strings.Contains(stderr, "hours.default.mon") {
		t.Errorf("bad config: exit %d %q, want 1 naming the key", code, stderr)
	}
}

func TestImportRefusesNULAndBadUTF8(t *testing.T) {
	p := newProject(t)
	path := p.file("t.csv", "ticket_id,created_at,category\nT1,2026-03-02 10:00,a\x00b\n")
	if _, stderr, code := p.run("import", "--kind", "tickets", path); code != 1 || !strings.Contains(stderr, ":2: category: not valid UTF-8 text") {
		t.Errorf("NUL: exit %d %s", code, stderr)
	}
	// A file in Windows-1252 (Excel's "CSV" on Dutch Windows) is converted, é being the byte E9;
	// a later line in UTF-8 is refused, saying how to save the file.
	path = p.file("t.csv", "ticket_id;created_at;category\r\nT1;2026-03-02 10:00;caf\xe9\r\nT2;2026-03-02 10:00;caf\xc3\xa9\r\n")
	if _, stderr, code := p.run("import", "--kind", "tickets", path); code != 1 || !strings.Contains(stderr, path+`:3: this line is written in UTF-8, but the start of the file in Windows-1252 (ANSI): save the whole file as "CSV UTF-8"`) {
		t.Errorf("Windows-1252 with a UTF-8 line: exit %d %s", code, stderr)
	}
	p.mustImport("tickets", "ticket_id;created_at;category\r\nT1;2026-03-02 10:00;caf\xe9\r\n")
	p.report("2026-03-01", "2026-04-01").expect(0, map[string]float64{"tickets.created": 1})
}

// --timezone reads times without an offset in another zone; a row in the account zone's DST
// gap then imports, and a zone that does not exist is a usage error.
func TestImportTimezone(t *testing.T) {
	p := newProject(t)
	path := p.file("t.csv", "ticket_id;created_at;solved_at\nT1;29-03-2026 02:30;29-03-2026 03:30\n")
	if _, stderr, code := p.run("import", "--kind", "tickets", path); code != 1 ||
		!strings.Contains(stderr, path+":2: created_at: 29-03-2026 02:30 does not exist in Europe/Amsterdam (clocks go from 02:00 to 03:00 that night): give an offset such as +01:00, or import with --timezone") {
		t.Fatalf("without --timezone: exit %d %s", code, stderr)
	}
	if _, stderr, code := p.run("import", "--kind", "tickets", "--timezone", "UTC", path); code != 0 {
		t.Fatalf("--timezone UTC: exit %d %s", code, stderr)
	}
	// 02:30 UTC is 04:30 CEST, on 29 March in Amsterdam; solved an hour later.
	p.report("2026-03-29", "2026-03-30").expect(0, map[string]float64{"tickets.created": 1, "resolution.calendar.mean": 3600})
	if _, stderr, code := p.run("import", "--kind", "tickets", "--timezone", "Europe/Amsterdm", path); code != 2 || !strings.Contains(stderr, `--timezone: "Europe/Amsterdm" is not a time zone name`) {
		t.Errorf("unknown zone: exit %d %s", code, stderr)
	}
}

// --skip-invalid commits the good rows and writes each refused row, as read, with its reasons
// to a rejects file a spreadsheet opens safely; without refused rows no rejects file is left.
func TestImportSkipInvalid(t *testing.T) {
	p := newProject(t)
	path := p.file("tickets.csv", "ticket_id;created_at;category\n"+
		"T1;2026-03-02 10:00;levering\n"+ // 2: good
		"T2;gisteren;\"=HYPERLINK(\"\"http://x\"\")\"\n"+ // 3: a bad time; a formula
		"T3;;@SUM(A1)\n"+ // 4: a missing value; a formula
		"T1;2026-03-03 10:00;x\n"+ // 5: a duplicate of line 2
		"T4;29-03-2026 02:30;-5\n"+ // 6: the DST gap; a number with a sign, no formula
		"T5;2026-03-02 12:00\n"+ // 7: a cell short
		"T6;2026-03-02 13:00;\"\tretour\"\n") // 8: good; its category starts with a tab
	_, stderr, code := p.run("import", "--kind", "tickets", "--skip-invalid", path)
	rejects := path + ".rejects.csv"
	if code != 0 || !strings.Contains(stderr, path+": 7 rows read, 2 written, 5 refused") ||
		!strings.Contains(stderr, `the refused rows, each with its reason in the column "fout", are in `+rejects) {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	p.report("2026-03-01", "2026-04-01").expect(0, map[string]float64{"tickets.created": 2})
	raw, err := os.ReadFile(rejects)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(raw), "\xef\xbb\xbf") {
		t.Error("the rejects file has no BOM, so Excel would misread é")
	}
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(raw), "\xef\xbb\xbf")))
	cr.Comma = ';' // the input's delimiter
	got, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"ticket_id", "created_at", "category", "fout"},
		{"T2", "gisteren", `'=HYPERLINK("http://x")`, path + `:3: created_at: "gisteren" is not a timestamp`},
		{"T3", "", "'@SUM(A1)", path + ":4: created_at: required value missing"},
		{"T1", "2026-03-03 10:00", "x", path + `:5: ticket_id: duplicate key "T1" (first at line 2)`},
		{"T4", "29-03-2026 02:30", "-5", path + ":6: created_at: 29-03-2026 02:30 does not exist in Europe/Amsterdam"},
		{"T5", "2026-03-02 12:00", "", path + ":7: the row has 2 cells, the header 3"},
	}
	if len(got) != len(want) {
		t.Fatalf("rejects file:\n%s", raw)
	}
	for i := range want {
		for j := range want[i] {
			if j == 3 && i > 0 && strings.HasPrefix(got[i][j], want[i][j]) {
				continue // the reason goes on to say what to do
			}
			if got[i][j] != want[i][j] {
				t.Errorf("row %d cell %d: %q, want %q", i, j, got[i][j], want[i][j])
			}
		}
	}
	// A file without bad rows leaves no rejects file, not even the one of the run before.
	good := p.file("tickets.csv", "ticket_id,created_at\nT7,2026-03-02 10:00\n")
	if _, stderr, code := p.run("import", "--kind", "tickets", "--skip-invalid", good); code != 0 || !strings.Contains(stderr, "1 row read, 1 written, 0 refused") {
		t.Errorf("exit %d %s", code, stderr)
	}
	if _, err := os.Stat(rejects); !os.IsNotExist(err) {
		t.Errorf("a rejects file without rejects is left: %v", err)
	}
	// --rejects names the file; it cannot be the input, and needs --skip-invalid.
	other := filepath.Join(filepath.Dir(path), "weg.csv")
	bad := p.file("bad.csv", "ticket_id,created_at\nT8,gisteren\n")
	if _, stderr, code := p.run("import", "--kind", "tickets", "--skip-invalid", "--rejects", other, bad); code != 0 || !strings.Contains(stderr, "are in "+other) {
		t.Errorf("--rejects: exit %d %s", code, stderr)
	}
	for _, args := range [][]string{
		{"import", "--kind", "tickets", "--rejects", other, bad},
		{"import", "--kind", "tickets", "--skip-invalid", "--rejects", bad, bad},
	} {
		if _, stderr, code := p.run(args...); code != 2 || !strings.Contains(stderr, "--rejects") {
			t.Errorf("%v: exit %d %s", args, code, stderr)
		}
	}
	if raw, _ := os.ReadFile(bad); !strings.Contains(string(raw), "T8") {
		t.Error("the input was overwritten")
	}
}

// TestRejectsFileImportsAgain: a rejects file, its row corrected and the fout column deleted,
// imports as the original file would have (docs/import.md): a refund written -12,50 and a
// telephone number +31 6 1234 5678 are no formulas and keep no ' in front, which made the
// amount "'-12,50", no number. By hand: O1 100,00 and its refund R1 −12,50 → revenue 87,50
// on one order of one buyer: an order value of 87,50.
func TestRejectsFileImportsAgain(t *testing.T) {
	p := newProject(t)
	p.mustImport("customers", "customer_id,acquired_at\nC1,2025-01-01 10:00\n")
	path := p.file("orders.csv", "order_id;customer_id;ordered_at;amount;refund_of;telefoon\n"+
		"O1;C1;2026-03-02 10:00;100,00;;+31 6 1234 5678\n"+
		"R1;C1;gisteren;-12,50;O1;+31 6 1234 5678\n")
	if _, stderr, code := p.run("import", "--kind", "orders", "--skip-invalid", path); code != 0 || !strings.Contains(stderr, "2 rows read, 1 written, 1 refused") {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	raw, err := os.ReadFile(path + ".rejects.csv")
	if err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(raw), "\xef\xbb\xbf")))
	cr.Comma = ';'
	rows, err := cr.ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("rejects file %v:\n%s", err, raw)
	}
	if want := []string{"R1", "C1", "gisteren", "-12,50", "O1", "+31 6 1234 5678"}; !slices.Equal(rows[1][:6], want) {
		t.Fatalf("refused row %q, want its cells as read %q", rows[1], want)
	}
	// Corrected as docs/import.md says: the bad cell, and the fout column deleted.
	rows[1][2] = "2026-03-20 10:00"
	var fixed strings.Builder
	cw := csv.NewWriter(&fixed)
	cw.Comma = ';'
	for _, r := range rows {
		cw.Write(r[:6])
	}
	cw.Flush()
	again := p.file("orders.fixed.csv", fixed.String())
	if _, stderr, code := p.run("import", "--kind", "orders", again); code != 0 {
		t.Fatalf("importing the corrected rejects file: exit %d\n%s", code, stderr)
	}
	d := p.report("2026-01-01", "2027-01-01")
	for path, want := range map[string]float64{"groups.0.metrics.clv.orders": 1, "groups.0.metrics.clv.aov": 87.5} {
		if got := d.num(path); math.Abs(got-want) > 1e-9 {
			t.Errorf("%s = %v, want %v", path, got, want)
		}
	}
}

// --lang nl speaks Dutch: the row errors, what was refused, and the summary.
func TestImportInDutch(t *testing.T) {
	p := newProject(t)
	path := p.file("tickets.csv", "ticket_id;created_at\nT1;13-03-2026 14:05\nT2;2026-03-29 02:30\n")
	_, stderr, code := p.run("import", "--kind", "tickets", "--lang", "nl", path)
	if code != 1 || !strings.Contains(stderr, path+":3: created_at: 2026-03-29 02:30 bestaat niet in Europe/Amsterdam (de klok gaat die nacht van 02:00 naar 03:00)") ||
		!strings.Contains(stderr, path+": niets geïmporteerd") || !strings.Contains(stderr, "1 van 1 bestand niet geïmporteerd") {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
	_, stderr, code = p.run("import", "--kind", "tickets", "--lang", "nl", "--skip-invalid", path)
	if code != 0 || !strings.Contains(stderr, path+": 2 regels gelezen, 1 geschreven, 1 geweigerd") ||
		!strings.Contains(stderr, `de geweigerde regels staan, elk met de reden in de kolom "fout", in `+path+".rejects.csv") {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
	if _, stderr, code := p.run("import", "--kind", "tickets", "--lang", "de", path); code != 2 {
		t.Errorf("--lang de: exit %d %s", code, stderr)
	}
	one := p.file("one.csv", "ticket_id,created_at\nT3,2026-03-02 10:00\n")
	if _, stderr, code := p.run("import", "--kind", "tickets", "--lang", "nl", one); code != 0 || !strings.Contains(stderr, one+": 1 regel gelezen, 1 geschreven") {
		t.Errorf("one row: exit %d\n%s", code, stderr)
	}
}

// README: "--lang nl gives every message in Dutch" — also those about the command line itself
// and a file that cannot be opened, the system's reason too.
func TestImportCommandLineInDutch(t *testing.T) {
	p := newProject(t)
	unknown := p.file("export.csv", "Nummer,Datum\n1,13-03-2026\n")
	zendesk := p.file("export_2026_03_13_1.csv", "Id,Requester,Created at,First reply time in minutes\n1,a@b.nl,2026-03-02 10:00,5\n")
	tickets := p.file("tickets.csv", "ticket_id,created_at\nT1,2026-03-02 10:00\n")
	missing := filepath.Join(p.dir, "bestaat-niet.csv")
	for _, c := range []struct {
		args    []string
		code    int
		english string // what it said before, in English
		dutch   string
	}{
		{[]string{unknown}, 2, "give --kind KIND for klantpuls's own files",
			"geef --kind SOORT voor de eigen bestanden van klantpuls"},
		{[]string{zendesk}, 2, "looks like Zendesk",
			zendesk + " lijkt op Zendesk"},
		{[]string{"--kind", "tikets", tickets}, 2, "unknown kind",
			`--kind: onbekende soort "tikets" (kies uit customers, orders, tickets, messages, responses, mentions, reviews, events)`},
		{[]string{"--preset", "trengo", tickets}, 2, "no preset",
			`geen preset "trengo"; de presets zijn chatwoot-csat, `},
		{[]string{"--kind", "tickets", "--timezone", "Amsterdam", tickets}, 2, "is not a time zone name",
			`--timezone: "Amsterdam" is geen naam van een tijdzone`},
		{[]string{"--kind", "tickets", "--rejects", "x.csv", tickets}, 2, "names where --skip-invalid writes",
			"--rejects noemt waar --skip-invalid de geweigerde regels schrijft"},
		{[]string{"--kind", "tickets", "--preset", "zendesk-tickets", tickets}, 2, "leave --kind out",
			"laat --kind weg"},
		{[]string{"--kind", "tickets", missing}, 1, "no such file or directory",
			missing + ": kan niet openen: bestand bestaat niet"},
		{[]string{"--kind", "tickets", p.dir}, 1, "is a directory",
			p.dir + ": kan niet openen: is een map, geen bestand"},
		{[]string{"--mapping", "helpdesk", tickets}, 1, "no saved mapping",
			`geen bewaarde mapping "helpdesk" (zie de importpagina, of klantpuls import --list-presets)`},
	} {
		_, stderr, code := p.run(append([]string{"import", "--lang", "nl"}, c.args...)...)
		if code != c.code || !strings.Contains(stderr, c.dutch) || strings.Contains(stderr, c.english) {
			t.Errorf("%v: exit %d, want %d saying %q\n%s", c.args, code, c.code, c.dutch, stderr)
		}
	}
	// In English a directory is refused the same way, not as an error of ours.
	if _, stderr, code := p.run("import", "--kind", "tickets", p.dir); code != 1 || !strings.Contains(stderr, p.dir+": cannot open: is a directory") {
		t.Errorf("a directory: exit %d\n%s", code, stderr)
	}
}
