package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The customer erased in TestEraseLeavesNoTrace: a name, an address and a comment that occur
// nowhere else, so finding their bytes anywhere means the erasure missed them.
const (
	erasedName    = "Wilhelmina Zwanenburg-Vos"
	erasedEmail   = "w.zwanenburg@voorbeeld.nl"
	erasedComment = "Het vogelhuisje kwam gebroken aan"
)

var erasedTexts = []string{erasedName, erasedEmail, erasedComment}

// erasedWords are the distinctive words of those texts, looked for in any case of letters: the
// engine keeps a comment's words, lower-cased, as the terms of the Why page, until it is erased.
var erasedWords = []string{"wilhelmina", "zwanenburg", "vogelhuisje"}

// browser is a person logged in to a node's dashboard, over real HTTP.
type browser struct {
	t      *testing.T
	client *http.Client
	url    string
}

func login(t *testing.T, n *node) *browser {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	b := &browser{t: t, client: &http.Client{Jar: jar}, url: n.url}
	res, err := b.client.PostForm(n.url+"/login", url.Values{"email": {"admin@example.com"}, "password": {"a long enough password"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || len(jar.Cookies(res.Request.URL)) == 0 {
		t.Fatalf("login: %d, no session", res.StatusCode)
	}
	return b
}

func (b *browser) get(path string) (int, string) {
	b.t.Helper()
	res, err := b.client.Get(b.url + path)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

// figures reads NPS (value and n) and CSAT (positive of n) of March 2026 from a node's API.
func figures(t *testing.T, n *node, token string) (nps float64, npsN, csatPositive, csatN int) {
	t.Helper()
	_, body := n.do("GET", "/api/v1/report?from=2026-03-01&to=2026-04-01", token, "")
	var doc struct {
		Groups []struct {
			Metrics struct {
				NPS struct {
					Value float64
					N     int
				}
				CSAT struct{ Positive, N int }
			}
		}
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil || len(doc.Groups) != 1 {
		t.Fatalf("report: %v\n%s", err, body)
	}
	m := doc.Groups[0].Metrics
	return m.NPS.Value, m.NPS.N, m.CSAT.Positive, m.CSAT.N
}

// holding lists which of the erased texts data holds.
func holding(data []byte) []string {
	var found []string
	for _, s := range erasedTexts {
		if bytes.Contains(data, []byte(s)) {
			found = append(found, s)
		}
	}
	lower := bytes.ToLower(data)
	for _, w := range erasedWords {
		if bytes.Contains(lower, []byte(w)) {
			found = append(found, w)
		}
	}
	return found
}

// TestEraseLeavesNoTrace imports a customer with a distinctive name, address and comment, sees
// them on the pages, erases the customer through the API of a running server, and then finds
// their bytes nowhere: not in the SQLite file or its write-ahead log, not in the engine's
// snapshot, not on any page that showed them (fetched over HTTP). The figures, worked by hand:
// NPS answers 10 (the customer's) and 0 (Bas's): 1 promoter, 1 detractor of 2 = 0; CSAT 2 (the
// customer's) and 5 (Bas's), positive from 4: 1 of 2. Without purge they stay; with purge only
// Bas's answers are left: NPS −100 of 1, CSAT 1 of 1.
func TestEraseLeavesNoTrace(t *testing.T) {
	if onPostgres {
		t.Skip("SQLite files")
	}
	for _, purge := range []bool{false, true} {
		t.Run(map[bool]string{false: "scores kept", true: "purge"}[purge], func(t *testing.T) { eraseOnServer(t, purge) })
	}
}

func eraseOnServer(t *testing.T, purge bool) {
	p := newProject(t)
	p.mustImport("customers", "customer_id,acquired_at,name,email,segment\n"+
		"C-4711,2025-01-10,"+erasedName+","+erasedEmail+",retail\nC-12,2025-02-01,Bas Jansen,bas@voorbeeld.nl,retail\n")
	p.mustImport("responses", "response_id,survey,score,submitted_at,customer_id,comment\n"+
		"R1,nps,10,2026-03-03 10:00,C-4711,"+erasedComment+"\n"+
		"R2,csat,2,2026-03-04 10:00,C-4711,Te laat; groet van "+erasedName+"\n"+
		"R3,nps,0,2026-03-03 11:00,C-12,Slecht\nR4,csat,5,2026-03-04 11:00,C-12,\n")
	p.mustImport("mentions", "mention_id,source,at,text,author\nN1,x,2026-03-05 12:00,Mijn vogelhuisje! Door "+erasedName+","+erasedName+"\n")
	// A refused row keeps the customer's name in a rejects file beside the import.
	bad := p.file("bad.csv", "customer_id,acquired_at,name\nC-4711,gisteren,"+erasedName+"\n")
	if _, stderr, code := p.run("import", "--kind", "customers", "--skip-invalid", bad); code != 0 {
		t.Fatalf("import with a refused row: %d %s", code, stderr)
	}

	snapshot := filepath.Join(p.dir, "engine.snapshot")
	n := startNode(t, p.db, "--snapshot", snapshot)
	n.stop() // writes the snapshot of everything imported
	snap, err := os.ReadFile(snapshot)
	if err != nil {
		t.Fatal(err)
	}
	// The engine keeps ids and figures, and of a comment or mention only its words, lower-cased,
	// as terms (the Why page's emerging terms): the snapshot has the customer (by id) and those
	// words, never a text, name or address as written; after the erasure none of it.
	if held := holding(snap); !bytes.Contains(snap, []byte("C-4711")) || !slices.Equal(held, erasedWords) {
		t.Fatalf("the snapshot before the erasure: customer id there %v, texts %v; want the words %v only",
			bytes.Contains(snap, []byte("C-4711")), held, erasedWords)
	}
	n = startNode(t, p.db, "--snapshot", snapshot)
	out, errOut, code := p.run("token", "create", "--name", "dpo", "--scope", "write")
	if code != 0 {
		t.Fatalf("token: %s", errOut)
	}
	token := strings.TrimSpace(out)
	b := login(t, n)
	pages := map[string]func() (int, string){
		"customer page":   func() (int, string) { return b.get("/customers/C-4711") },
		"feedback page":   func() (int, string) { return b.get("/feedback?period=custom&from=2026-03-01&to=2026-04-01") },
		"customer API":    func() (int, string) { return n.do("GET", "/api/v1/customers/C-4711", token, "") },
		"audit log page":  func() (int, string) { return b.get("/audit") },
		"audit log API":   func() (int, string) { return n.do("GET", "/api/v1/audit", token, "") },
		"import history":  func() (int, string) { return b.get("/imports") },
		"overview page":   func() (int, string) { return b.get("/?period=custom&from=2026-03-01&to=2026-04-01") },
		"customers page":  func() (int, string) { return b.get("/customers?period=custom&from=2026-03-01&to=2026-04-01") },
		"follow-up page":  func() (int, string) { return b.get("/followups") },
		"report API":      func() (int, string) { return n.do("GET", "/api/v1/report?from=2026-03-01&to=2026-04-01", token, "") },
		"customer record": func() (int, string) { return b.get("/customers/C-12") },
	}
	showed := map[string]bool{}
	for name, page := range pages {
		status, body := page()
		if status != http.StatusOK {
			t.Fatalf("%s before the erasure: %d", name, status)
		}
		showed[name] = len(holding([]byte(body))) > 0
	}
	if !showed["customer page"] || !showed["feedback page"] || !showed["customer API"] {
		t.Fatalf("before the erasure the customer's pages do not show their text: %v", showed)
	}
	if nps, npsN, pos, csatN := figures(t, n, token); nps != 0 || npsN != 2 || pos != 1 || csatN != 2 {
		t.Fatalf("before: NPS %v of %d, CSAT %d of %d; want 0 of 2, 1 of 2", nps, npsN, pos, csatN)
	}

	status, body := n.do("POST", "/api/v1/customers/C-4711/erase", token, map[bool]string{false: `{"purge":false}`, true: `{"purge":true}`}[purge])
	if status != http.StatusOK {
		t.Fatalf("erase: %d %s", status, body)
	}
	var res struct {
		Erased, Deleted int
		Leftovers       []string
	}
	json.Unmarshal([]byte(body), &res)
	// The customer, R1, R2 and the mention N1 (its author is their name).
	if want := 4; (purge && res.Deleted != want) || (!purge && res.Erased != want) {
		t.Errorf("erase answered %s, want %d records", body, want)
	}
	if len(res.Leftovers) != 1 || !strings.HasSuffix(res.Leftovers[0], "bad.csv.rejects.csv") {
		t.Errorf("leftovers %v, want the rejects file of bad.csv", res.Leftovers)
	}

	for name, page := range pages {
		status, body := page()
		// An error page would show no text either: each page still answers, but the customer's
		// own page and record are gone from their id (kept, their records name a pseudonym).
		if gone := name == "customer page" || name == "customer API"; status != http.StatusOK && !(gone && status == http.StatusNotFound) {
			t.Errorf("%s after the erasure: %d", name, status)
		}
		if found := holding([]byte(body)); len(found) > 0 {
			t.Errorf("%s after the erasure (%d) still shows %q", name, status, found)
		}
	}
	wantNPS, wantNPSN, wantPos, wantCSATN := 0.0, 2, 1, 2
	if purge {
		wantNPS, wantNPSN, wantPos, wantCSATN = -100, 1, 1, 1
	}
	if nps, npsN, pos, csatN := figures(t, n, token); nps != wantNPS || npsN != wantNPSN || pos != wantPos || csatN != wantCSATN {
		t.Errorf("after: NPS %v of %d, CSAT %d of %d; want %v of %d, %d of %d", nps, npsN, pos, csatN, wantNPS, wantNPSN, wantPos, wantCSATN)
	}
	checkFiles := func(when string) {
		for _, f := range []string{p.db, p.db + "-wal", snapshot} {
			data, err := os.ReadFile(f)
			if os.IsNotExist(err) {
				continue
			} else if err != nil {
				t.Fatal(err)
			}
			if found := holding(data); len(found) > 0 {
				t.Errorf("%s: %s (%d bytes) still holds %q", when, filepath.Base(f), len(data), found)
			}
		}
	}
	checkFiles("while the server runs")
	n.stop()
	checkFiles("after the server stopped")
}

// TestDeleteAndEraseCommands: the commands' answers and exit statuses (data.md section 1: 0 done,
// 1 a failure, 2 a bad command line), on SQLite and (TestOnPostgres) PostgreSQL.
func TestDeleteAndEraseCommands(t *testing.T) {
	inEnglish(t)
	p := newProject(t)
	p.mustImport("customers", "customer_id,acquired_at,name\nC-1,2025-01-10,"+erasedName+"\n")
	p.mustImport("responses", "response_id,survey,score,submitted_at,customer_id\nR1,nps,10,2026-03-03 10:00,C-1\nR2,nps,0,2026-03-03 10:00,\n")
	p.mustImport("reviews", "review_id,criterion,reviewed_at,agent,rating\nQ1,Toon,2026-03-04 10:00,Anna,4\n")
	tests := []struct {
		name     string
		args     []string
		code     int
		stdout   string // a part of it
		stderrIn string
	}{
		{"help", []string{"erase", "--help"}, 0, "--purge", ""},
		{"delete help", []string{"delete", "--help"}, 0, "--kind=KIND", ""},
		{"unknown kind", []string{"delete", "--kind", "widgets", "--id", "R1"}, 2, "", "--kind: unknown kind"},
		{"delete", []string{"delete", "--kind", "responses", "--id", "R2"}, 0, "", "responses R2 deleted"},
		{"delete again", []string{"delete", "--kind", "responses", "--id", "R2"}, 1, "", `no response "R2" to delete`},
		{"review without criterion", []string{"delete", "--kind", "reviews", "--id", "Q1"}, 2, "", "--criterion"},
		{"review row", []string{"delete", "--kind", "reviews", "--id", "Q1", "--criterion", "toon "}, 0, "", "reviews Q1, criterion toon deleted"},
		// Named as PATCH names it, the criterion as it is matched (case-insensitively), not by
		// the store's key of the two (cx.ReviewKey: "QA-7\x1ftoon").
		{"review row not stored", []string{"delete", "--kind", "reviews", "--id", "QA-7", "--criterion", "Toon"}, 1, "", `no review "QA-7, criterion toon" to delete`},
		// The customer's row and R1, which has no text, move onto the pseudonym.
		{"erase", []string{"erase", "--customer", "C-1"}, 0, `"erased": 2`, "customer C-1 erased"},
		// Asked again by the old id, the erasure finds the records under the pseudonym.
		{"erase and purge", []string{"erase", "--customer", "C-1", "--purge"}, 0, `"deleted": 2`, ""},
		{"erase nobody", []string{"erase", "--customer", "C-1", "--purge"}, 1, "", `no customer "C-1"`},
		// Nothing names anna@example.nl yet: an error, unless the erasure is asked ahead of her records.
		{"erase unknown", []string{"erase", "--customer", "anna@example.nl"}, 1, "", `no customer "anna@example.nl"`},
		{"erase ahead", []string{"erase", "--customer", "anna@example.nl", "--ahead"}, 0, `"erased": 0`, "customer anna@example.nl erased"},
		{"erase without id", []string{"erase"}, 2, "", "--customer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := p.run(tt.args...)
			if code != tt.code || !strings.Contains(stdout, tt.stdout) || !strings.Contains(stderr, tt.stderrIn) {
				t.Errorf("exit %d, want %d\nstdout %s\nstderr %s", code, tt.code, stdout, stderr)
			}
		})
	}
	// Erased ahead, anna@example.nl's row imported later is stored under the pseudonym, nameless.
	path := p.file("anna.csv", "customer_id,acquired_at,name\nanna@example.nl,2025-01-10,Anna de Vries\n")
	if _, stderr, code := p.run("import", "--kind", "customers", "--lang", "en", path); code != 0 || !strings.Contains(stderr, "1 record is of an erased customer: stored under their pseudonym") {
		t.Errorf("importing anna@example.nl after her erasure: exit %d\n%s", code, stderr)
	}
	// R1 purged, R2 deleted: no NPS answer is left.
	if n := p.report("2026-03-01", "2026-04-01").num("groups.0.metrics.nps.n"); n != 0 {
		t.Errorf("NPS answers after the purge: %v, want 0", n)
	}
}
