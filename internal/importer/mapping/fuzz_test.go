package mapping

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// FuzzParse reads arbitrary mapping files. Whatever the bytes, Parse does not panic; a file it
// refuses gets an error that names the file; a map it takes yields at least one kind, has 1 or
// 2 header rows, and starts on a header of the columns it names without panicking.
func FuzzParse(f *testing.F) {
	for _, text := range []string{minimal, surveyMonkey, durations, shopifyLike, fuzzMap,
		"title = \"T\"\n[kinds.tickets]\nrepeats = \"merge\"\nearliest = [\"created_at\"]\n[kinds.tickets.fields]\nticket_id = { column = \"Id\" }\ncreated_at = { column = \"C\", optional = true }\n"} {
		f.Add(text)
	}
	for _, m := range Presets() { // every preset a seed, so a new one is fuzzed too
		data, err := presetFiles.ReadFile("presets/" + m.Name + ".toml")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
	quoted := regexp.MustCompile(`"([^"\\]*)"`)
	f.Fuzz(func(t *testing.T, text string) {
		m, err := Parse("fuzz.toml", []byte(text))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.toml") {
				t.Fatalf("the error does not name the file: %v", err)
			}
			return
		}
		if len(m.kinds) == 0 || m.HeaderRows < 1 || m.HeaderRows > 2 {
			t.Fatalf("a map with %d kinds and %d header rows", len(m.kinds), m.HeaderRows)
		}
		// A header of every quoted string of the file, and a row of the same strings.
		var names []string
		for _, q := range quoted.FindAllStringSubmatch(text, -1) {
			names = append(names, q[1])
		}
		header := [][]string{names, make([]string, len(names))}[:m.HeaderRows]
		e, errs := m.Start(header, Options{File: "f.csv"})
		if errs != nil {
			return
		}
		if _, errs := e.Row(m.HeaderRows+1, names); errs == nil {
			e.Flush()
		}
	})
}

// fuzzMap uses most rules at once; FuzzMapRow checks each against the cells it is given.
const fuzzMap = `
title = "fuzz"
[kinds.tickets.fields]
ticket_id = { column = "Id" }
created_at = { column = "Created" }
channel = { column = "Via", values = { "Mail" = "email" } }
agent = { join = ["First", "Last"] }
first_reply_at = { column = "Reply", unit = "minutes", after = "created_at" }
wait_seconds = { column = "Wait", unit = "hh:mm:ss" }
[kinds.responses]
when_filled = ["score"]
[kinds.responses.fields]
response_id = { column = "Id" }
survey = { value = "nps" }
score = { column = "Score", scale = [1, 5], to = [0, 10] }
submitted_at = { column = "Created" }
[kinds.orders.fields]
order_id = { column = "Id" }
customer_id = { column = "Email" }
ordered_at = { column = "Created" }
amount = { column = "Total", minus = "Refund" }
`

var fuzzHeader = []string{"Id", "Created", "Via", "First", "Last", "Reply", "Wait", "Score", "Email", "Total", "Refund"}

// FuzzMapRow maps arbitrary rows (cells separated by |). The engine does not panic; a refused
// row has errors naming the file, its line and a source column; a mapped row's cells are what
// the rules say, checked here without the engine's own readers where the input allows.
func FuzzMapRow(f *testing.F) {
	f.Add("T1|2026-03-13T14:05:00+01:00|Mail|Piet|Jansen|35|01:02:03|4|a@example.nl|64.85|10.00")
	f.Add("T2|2026-03-13 14:05| mail |||1.5|||b@example.nl|1,5|")
	f.Add("T3|2026-03-29 02:30|Chat|Anna||0|0:00:00|1||12|13")
	f.Add("|x|||||99:99:99|6|||")
	m, err := Parse("fuzz.toml", []byte(fuzzMap))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, line string) {
		cells := strings.Split(line, "|")
		for len(cells) < len(fuzzHeader) {
			cells = append(cells, "")
		}
		cells = cells[:len(fuzzHeader)]
		e, errs := m.Start([][]string{fuzzHeader}, Options{File: "fuzz.csv", Account: amsterdam})
		if errs != nil {
			t.Fatal(errs)
		}
		recs, errs := e.Row(2, cells)
		if errs != nil {
			for _, re := range errs {
				if re.File != "fuzz.csv" || re.Line != 2 || re.Column != "" && !slices.Contains(fuzzHeader, re.Column) {
					t.Fatalf("an error that names no source column of line 2: %v", re)
				}
			}
			return
		}
		byKind := map[cx.Kind][]string{}
		for _, o := range e.Outputs() {
			for _, r := range recs {
				if r.Kind == o.Kind {
					if len(r.Cells) != len(o.Header) {
						t.Fatalf("%s: %d cells, header %d", o.Kind, len(r.Cells), len(o.Header))
					}
					byKind[o.Kind] = r.Cells
				}
			}
		}
		checkFuzzRow(t, cells, byKind)
	})
}

var plainNumber = regexp.MustCompile(`^\d{1,6}(\.\d{1,3})?$`)

func checkFuzzRow(t *testing.T, cells []string, got map[cx.Kind][]string) {
	in := func(col string) string { return strings.TrimSpace(cells[slices.Index(fuzzHeader, col)]) }
	tk, ok := got[cx.KindTickets]
	if !ok {
		t.Fatal("no ticket")
	}
	// ticket_id, created_at, channel, agent, first_reply_at, wait_seconds
	if tk[0] != in("Id") {
		t.Errorf("ticket_id %q from %q", tk[0], in("Id"))
	}
	if created, err := time.Parse(time.RFC3339, in("Created")); err == nil {
		if c, _ := time.Parse(time.RFC3339, tk[1]); !c.Equal(created) {
			t.Errorf("created_at %q from %q", tk[1], in("Created"))
		}
		if plainNumber.MatchString(in("Reply")) {
			minutes, _ := strconv.ParseFloat(in("Reply"), 64)
			r, _ := time.Parse(time.RFC3339, tk[4])
			if want := created.Add(time.Duration(math.Round(minutes*60)) * time.Second); !r.Equal(want) {
				t.Errorf("first_reply_at %q, want %v (%q minutes after %q)", tk[4], want, in("Reply"), in("Created"))
			}
		}
	}
	if want := in("Via"); strings.EqualFold(want, "mail") && tk[2] != "email" || !strings.EqualFold(want, "mail") && tk[2] != want {
		t.Errorf("channel %q from %q", tk[2], want)
	}
	if want := strings.TrimSpace(in("First") + " " + in("Last")); tk[3] != want {
		t.Errorf("agent %q from %q and %q", tk[3], in("First"), in("Last"))
	}
	var h, mi, s int
	if n, _ := fmtSscanf(in("Wait"), &h, &mi, &s); n == 3 && tk[5] != strconv.Itoa(h*3600+mi*60+s) {
		t.Errorf("wait_seconds %q from %q", tk[5], in("Wait"))
	}
	// A response exactly when there is a score; 1..5 onto 0..10 is 2.5 points a step.
	resp, ok := got[cx.KindResponses]
	if ok != (in("Score") != "") {
		t.Errorf("a response %v for score %q", ok, in("Score"))
	}
	if score, err := strconv.Atoi(in("Score")); ok && err == nil && resp[2] != strconv.Itoa(int(math.Round(float64(score-1)*2.5))) {
		t.Errorf("score %q from %q", resp[2], in("Score"))
	}
	// The amount is the total less the refund.
	if ord := got[cx.KindOrders]; plainNumber.MatchString(in("Total")) && (in("Refund") == "" || plainNumber.MatchString(in("Refund"))) {
		total, _ := strconv.ParseFloat(in("Total"), 64)
		refund, _ := strconv.ParseFloat(in("Refund"), 64)
		if a, _ := strconv.ParseFloat(ord[3], 64); math.Abs(a-(total-refund)) > 1e-9 {
			t.Errorf("amount %q from %q less %q", ord[3], in("Total"), in("Refund"))
		}
	}
}

// fmtSscanf reads h:mm:ss with two-digit minutes and seconds, as the hh:mm:ss unit documents.
func fmtSscanf(s string, h, m, sec *int) (int, error) {
	parts := strings.Split(s, ":")
	if len(parts) != 3 || len(parts[1]) != 2 || len(parts[2]) != 2 || parts[0] == "" || len(parts[0]) > 6 {
		return 0, nil
	}
	n := 0
	for i, p := range []*int{h, m, sec} {
		v, err := strconv.Atoi(parts[i])
		if err != nil || v < 0 || strings.ContainsAny(parts[i], "+-") {
			return n, err
		}
		*p = v
		n++
	}
	return n, nil
}
