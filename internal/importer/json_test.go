package importer

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// jsonRows reads a sheet whole: its header, then "LINE: cell|cell|…" per row, or
// "LINE: error" for a row error; a stopping error ends the list as "stop: error".
func jsonRows(sh Sheet) (header []string, rows []string) {
	header, err := sh.Header()
	if err != nil {
		return nil, []string{"header: " + err.Error()}
	}
	for {
		cells, line, err := sh.Next()
		var re *RowError
		switch {
		case err == io.EOF:
			return header, rows
		case errors.As(err, &re):
			rows = append(rows, fmt.Sprintf("%d: %s", line, re.Reason))
		case err != nil:
			return header, append(rows, "stop: "+err.Error())
		default:
			rows = append(rows, fmt.Sprintf("%d: %s", line, strings.Join(cells, "|")))
		}
	}
}

func TestJSONSheet(t *testing.T) {
	tests := []struct {
		name, file string
		want       []string // columns joined by |, then the rows
		wantCols   []string // columns the reader wants (Want)
	}{{
		// developer.zendesk.com's ticket object, one {"ticket":{…}} per line as the Admin
		// Center's full JSON export writes it (support.zendesk.com/hc/en-us/articles/4408886165402).
		name: "NDJSON of Zendesk tickets: nested objects as dotted paths, tags joined, comments left out (an empty list is an empty cell), null empty",
		file: `{"ticket":{"id":4101,"created_at":"2026-03-13T13:05:00Z","via":{"channel":"email","source":{"rel":null}},"tags":["levering","urgent"],"satisfaction_rating":{"score":"good","comment":"Snel"},"comments":[{"id":1,"body":"Hallo"}],"is_public":true}}
{"ticket":{"id":4102,"created_at":"2026-03-13T14:30:00Z","via":{"channel":"web","source":{"rel":null}},"tags":[],"satisfaction_rating":null,"comments":[],"is_public":false}}
`,
		want: []string{
			"ticket.id|ticket.created_at|ticket.via.channel|ticket.via.source.rel|ticket.tags|ticket.satisfaction_rating.score|ticket.satisfaction_rating.comment|ticket.is_public|ticket.satisfaction_rating|ticket.comments",
			"1: 4101|2026-03-13T13:05:00Z|email||levering, urgent|good|Snel|true||",
			"2: 4102|2026-03-13T14:30:00Z|web|||||false||",
		},
	}, {
		// developer.zendesk.com satisfaction_ratings: {"satisfaction_ratings":[…],"next_page":…}.
		name: "an API page on one line: the rows are its list, all on line 1; the other members ignored",
		file: `{"satisfaction_ratings":[{"id":35436,"score":"good","ticket_id":4101},{"id":35437,"score":"bad","ticket_id":4102,"reason_code":5}],"next_page":null,"previous_page":null,"count":2}`,
		want: []string{"id|score|ticket_id|reason_code", "1: 35436|good|4101|", "1: 35437|bad|4102|5"},
	}, {
		name: "a list written over lines: each row on the line its object starts",
		file: "[\n  {\"id\": 1,\n   \"amount\": 12.50},\n  {\"id\": 2, \"amount\": -3e2}\n]\n",
		want: []string{"id|amount", "2: 1|12.50", "4: 2|-3e2"},
	}, {
		name: "pages one after the other, with a byte order mark",
		file: "\ufeff{\"tickets\":[{\"id\":1}]}\n{\"tickets\":[{\"id\":2}],\"count\":1}\n",
		want: []string{"id", "1: 1", "2: 2"},
	}, {
		name:     "wanted columns come after the paths met; a path met only after the first rows is left out",
		file:     strings.Repeat("{\"id\":1}\n", jsonWindow) + "{\"id\":2,\"later\":\"x\",\"rating\":{\"score\":\"good\"}}\n",
		wantCols: []string{"Rating.Score", "id"},
		want:     append(append([]string{"id|Rating.Score"}, repeatRows("%d: 1|", jsonWindow)...), "101: 2|good"),
	}, {
		name: "a value where a row belongs is a row error, and the rows after it are read",
		file: "[{\"id\":1},7,[1,2],{\"id\":2}]",
		want: []string{"id", "1: 1",
			"1: a value where a row's object ({…}) belongs: a JSON file of rows holds objects, one per line (NDJSON), or a list of them; export the file as JSON again",
			"1: a list where a row's object ({…}) belongs: a list of rows holds objects; export the file as JSON again",
			"1: 2"},
	}, {
		name: "a syntax error ends the file on its line",
		file: "{\"id\":1}\n{\"id\":2,}\n{\"id\":3}\n",
		want: []string{"id", "1: 1", "2: not valid JSON (invalid character '}' looking for beginning of object key string): the file is damaged here and nothing after it can be read; download the export again"},
	}, {
		name: "a file cut off",
		file: "{\"id\":1}\n{\"id\":2,\"x\":[1,",
		want: []string{"id", "1: 1", "2: the JSON file ends in the middle of a value: it was cut off (a download that broke off?); download the export again"},
	}, {
		name: "an empty list has no header",
		file: "[]",
		want: []string{"", "header: EOF"},
	}, {
		// A row whose first member is a list is a row, not an API page: the review found
		// {"tags":[],"id":2} dropped without an error.
		name: "NDJSON rows that begin with a list of values",
		file: "{\"tags\":[\"x\",\"y\"],\"id\":1}\n{\"tags\":[],\"id\":2}\n{\"tags\":[3],\"id\":3}\n",
		want: []string{"tags|id", "1: x, y|1", "2: |2", "3: 3|3"},
	}, {
		name: "an API page with no results, then one with a row",
		file: "{\"tickets\":[],\"count\":0}\n{\"tickets\":[{\"id\":7}],\"count\":1}\n",
		want: []string{"id", "2: 7"},
	}, {
		name: "objects nested too deep are a row error, read past without their paths",
		file: strings.Repeat(`{"a":`, jsonMaxDepth+10) + "1" + strings.Repeat("}", jsonMaxDepth+10) + "\n{\"id\":2}\n",
		want: []string{"id", "1: objects nested more than 32 deep: an export's row is a few levels deep; export the file as JSON again, or with fewer nested fields", "2: 2"},
	}, {
		name: "a field twice in a row, also in another case, is a row error",
		file: "{\"score\":9,\"Score\":0}\n{\"a\":{\"b\":1},\"a.b\":2}\n{\"score\":7}\n",
		want: []string{"score", // a refused row gives no columns
			"1: the field Score appears twice in this object (upper and lower case alike): keep one, or export the file again",
			"2: the field a.b appears twice in this object (upper and lower case alike): keep one, or export the file again",
			"3: 7"},
	}, {
		name: "a row of too many fields is a row error",
		file: "{\"id\":1}\n" + wideRow(jsonMaxColumns+1) + "\n{\"id\":3}\n",
		want: []string{"id", "1: 1", "2: more than 2000 fields: klantpuls reads rows of at most that many; export fewer fields", "3: 3"},
	}, {
		name: "first rows of more columns than a row may have together",
		file: wideRow(jsonMaxColumns) + "\n" + strings.Replace(wideRow(jsonMaxColumns), `"f`, `"g`, -1) + "\n",
		want: []string{"", "header: f.json:2: more than 2000 fields: klantpuls reads rows of at most that many; export fewer fields"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sh := newJSON(strings.NewReader(tt.file), "f.json", English)
			sh.Want(tt.wantCols)
			header, rows := jsonRows(sh)
			got := append([]string{strings.Join(header, "|")}, rows...)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// wideRow is an object of n fields f0, f1, …
func wideRow(n int) string {
	fields := make([]string, n)
	for i := range fields {
		fields[i] = fmt.Sprintf(`"f%d":%d`, i, i)
	}
	return "{" + strings.Join(fields, ",") + "}"
}

func repeatRows(format string, n int) []string {
	var out []string
	for i := 1; i <= n; i++ {
		out = append(out, fmt.Sprintf(format, i))
	}
	return out
}

// Open tells a JSON file by its content, not its name, and nothing else for one.
func TestOpenJSON(t *testing.T) {
	for _, c := range []struct {
		file string
		json bool
	}{
		{`{"ticket":{"id":1}}`, true},
		{"\ufeff \n[ {\"id\":1} ]", true},
		{"[]", true},
		{"{}", true},
		{"[Id],Naam\n1,x\n", false},
		{"{Id},Naam\n", false},
		{"id,naam\n", false},
	} {
		sh := Open(strings.NewReader(c.file), "f", "", English)
		if _, ok := sh.(jsonFile); ok != c.json {
			t.Errorf("%q read as JSON: %v, want %v", c.file, ok, c.json)
		}
	}
}

// A JSON file's number without a fractional part is the whole number it is, as the API reads a
// record's (Values.Parse; JSON Schema's "integer" counts 5.0 so): a score written 5.0 or 50e-1
// by a script is 5. A string "5.0" is text, refused as a CSV cell is, on its line; and a
// number with a fraction left (5.5) is no whole number either way.
func TestJSONWholeNumbers(t *testing.T) {
	file := "[\n" +
		`{"response_id":"R1","survey":"nps","score":5.0,"submitted_at":"2026-03-02 10:00"},` + "\n" +
		`{"response_id":"R2","survey":"nps","score":50e-1,"submitted_at":"2026-03-02 10:00"},` + "\n" +
		`{"response_id":"R3","survey":"nps","score":"5.0","submitted_at":"2026-03-02 10:00"},` + "\n" +
		`{"response_id":"R4","survey":"nps","score":5.5,"submitted_at":"2026-03-02 10:00"},` + "\n" +
		`{"response_id":"R5","survey":"nps","score":10,"submitted_at":"2026-03-02 10:00"}` + "\n]\n"
	rd := &Reader{Kind: cx.KindResponses, File: "antwoorden.json", Config: config.Default()}
	var scores []int
	_, err := rd.Read(strings.NewReader(file), func(r cx.Record) error {
		scores = append(scores, r.(*cx.Response).Score)
		return nil
	})
	var got []string
	for _, e := range rowErrors(t, err) {
		got = append(got, e.Error())
	}
	want := []string{
		`antwoorden.json:4: score: "5.0" is not a whole number: write digits only (3)`,
		`antwoorden.json:5: score: "5.5" is not a whole number: write digits only (3)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The file is refused, so nothing is handed on past its first bad row: R1 and R2 were, as 5.
	if fmt.Sprint(scores) != "[5 5]" {
		t.Errorf("scores handed on %v, want [5 5] (R1, R2)", scores)
	}
}

// FuzzJSONSheet reads arbitrary bytes as a JSON file. Whatever they are, it does not panic,
// every row is as wide as the header, a cell told a number is one, and a row error names a line
// of at least 1.
func FuzzJSONSheet(f *testing.F) {
	for _, s := range []string{
		`{"ticket":{"id":4101,"via":{"channel":"email"},"tags":["a","b"],"comments":[{"id":1}]}}` + "\n" + `{"ticket":{"id":4102}}`,
		`{"satisfaction_ratings":[{"id":1,"score":"good"},{"id":2,"score":null}],"count":2}`,
		"[\n{\"a\":1},\n2,\n[3],\n{\"a\":{\"b\":[{}]}}\n]",
		"{\"a\":1}\n{\"a\":",
		"\ufeff[]",
		`{"a":[[1],{"b":2}],"c":true,"d":false,"e":1e400}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, file string) {
		sh := newJSON(strings.NewReader(file), "f.json", English)
		header, err := sh.Header()
		if err != nil {
			return
		}
		for n := 0; ; n++ {
			cells, line, err := sh.Next()
			if err == io.EOF {
				return
			}
			var re *RowError
			switch {
			case errors.As(err, &re):
				if re.Line < 1 || re.Line != line {
					t.Fatalf("a row error on line %d (Next said %d): %v", re.Line, line, re)
				}
			case err != nil:
				t.Fatalf("a string read from memory stops with %v", err)
			case len(cells) != len(header):
				t.Fatalf("a row of %d cells, the header %d", len(cells), len(header))
			case len(sh.Numbers()) != len(cells):
				t.Fatalf("numbers of %d cells, the row %d", len(sh.Numbers()), len(cells))
			case len(sh.Types()) != len(cells):
				t.Fatalf("types of %d cells, the row %d", len(sh.Types()), len(cells))
			}
			for i, number := range sh.Numbers() {
				if number && (!json.Valid([]byte(cells[i])) || strings.HasPrefix(cells[i], `"`)) {
					t.Fatalf("cell %q told a number", cells[i])
				}
				if number != (sh.Types()[i] == JSONNumber) {
					t.Fatalf("cell %q told a number %v, of type %d", cells[i], number, sh.Types()[i])
				}
				if sh.Types()[i] == JSONBoolean && cells[i] != "true" && cells[i] != "false" {
					t.Fatalf("cell %q told a boolean", cells[i])
				}
			}
			if lines := strings.Count(file, "\n") + 1; line > lines {
				t.Fatalf("a row on line %d of a file of %d lines", line, lines)
			}
			if n > len(file)+1 {
				t.Fatal("more rows than bytes")
			}
		}
	})
}
