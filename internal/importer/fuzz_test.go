package importer

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math/big"
	"slices"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// FuzzRead reads arbitrary files of every kind (k picks it). Whatever the bytes, the reader
// does not panic; a bad file gives row errors that name a line of the file; a good file's
// records are valid — written back as a file of their own, they read back the same — and
// their keys are distinct.
func FuzzRead(f *testing.F) {
	for i, k := range cx.Kinds {
		rows := goodRows[k]
		f.Add(uint8(i), rows[0]+"\n"+rows[1]+"\n")
		f.Add(uint8(i), "\xef\xbb\xbf"+strings.ToUpper(rows[0])+",extra\r\n"+rows[1]+",x\r\n\n")
		first, rest, _ := strings.Cut(rows[1], ",")
		f.Add(uint8(i), rows[0]+"\n"+`27" `+first+","+rest+"\n")
		f.Add(uint8(i), rows[0]+"\n\""+first+"\n\"\","+rest+"\n")
	}
	f.Add(uint8(1), "order_id,customer_id,ordered_at,amount,gross_margin\nO1,C1,2026-03-01T10:00:00+01:00,1.7e308,0.3\nO2,C1,2026-03-01 10:00,1e12,1\n")
	f.Add(uint8(1), "order_id,customer_id,ordered_at,amount,refund_of,currency\nR1,C1,2026-03-01 10:00,-20,O1,usd\nR2,C1,2026-03-01 10:00,-1e13,R2,EUR\nO2,C1,2026-03-01 10:00,5,,XX\n")
	f.Add(uint8(2), "ticket_id,created_at,solved_at,wait_seconds,reopens,complaint,direction\nT1,2026-03-29 02:30,2026-03-01 10:00,1e9,3,ja,outbound\n")
	f.Add(uint8(4), "response_id,survey,score,submitted_at,scale\nR1,csat,103,2026-03-01 10:00,Freshdesk\nR2,csat,1,2026-03-01 10:00,good-bad\nR3,nps,9,2026-03-01 10:00,0-10\nR4,csat,2,2026-03-01 10:00,1-3\n")
	f.Add(uint8(6), "review_id,reviewed_at,agent,criterion,rating\nQ1,2026-03-01 10:00,Anna,Toon,\nQ1,2026-03-01 10:00,Anna, toon ,5\n")
	// Files as Excel with Dutch settings writes them: semicolons, Windows-1252, decimal commas,
	// day-first dates; and Excel's "Unicode text" (UTF-16 with tabs).
	f.Add(uint8(1), "order_id;customer_id;ordered_at;amount;gross_margin\r\nO1;C1;13-03-2026 14:05;37,53;0,3\r\nO2;C1;13/03/2026 14:05:00;1.234,56;\r\nO3;C1;2026-03-13 2:05 PM;1,234;\r\n")
	f.Add(uint8(0), "customer_id;acquired_at;name\r\nC1;13-3-2026;Caf\xe9 Zo\xeb \x80\r\nC2;3/13/2026 2:05:00 PM;Caf\xc3\xa9\r\n")
	f.Add(uint8(2), "ticket_id;created_at;solved_at;wait_seconds\nT1;29-03-2026 02:30;29-03-2026 04:00;1,5\nT2;2026-03-13 14:05:00 +0200;2026-03-13 14:05 UTC;1.234.567\n")
	f.Add(uint8(4), "\xff\xfer\x00e\x00s\x00p\x00o\x00n\x00s\x00e\x00_\x00i\x00d\x00\t\x00s\x00u\x00r\x00v\x00e\x00y\x00\n\x00")
	f.Add(uint8(7), "event_id\tcustomer_id\tkind\tat\nE1\tC1\t=cmd\t7/4/2026 9:00 AM\n")
	cfg := config.Default()
	f.Fuzz(func(t *testing.T, k uint8, file string) {
		kind := cx.Kinds[int(k)%len(cx.Kinds)]
		recs, err := readWith(cfg, kind, file)
		if err != nil {
			checkRowErrors(t, err, file)
			return
		}
		keys := map[string]bool{}
		for _, rec := range recs {
			if rec.RecordKind() != kind {
				t.Fatalf("a %s file gave a %s record", kind, rec.RecordKind())
			}
			if keys[rec.Key()] {
				t.Fatalf("key %q accepted twice", rec.Key())
			}
			keys[rec.Key()] = true
			again := rewrite(t, cfg, rec)
			if a, b := jsonOf(t, rec), jsonOf(t, again); a != b {
				t.Fatalf("a record read back differs:\n%s\n%s", a, b)
			}
		}
	})
}

func readWith(cfg *config.Config, kind cx.Kind, file string) ([]cx.Record, error) {
	rd := &Reader{Kind: kind, File: "in.csv", Config: cfg}
	var recs []cx.Record
	_, err := rd.Read(strings.NewReader(file), func(r cx.Record) error {
		recs = append(recs, r)
		return nil
	})
	return recs, err
}

// checkRowErrors asserts err is a list of row errors, each naming a line of the file and a
// reason.
func checkRowErrors(t *testing.T, err error, file string) {
	t.Helper()
	var errs *Errors
	if !errors.As(err, &errs) {
		t.Fatalf("an error that names no line: %v", err)
	}
	lines := strings.Count(file, "\n") + 1
	if len(errs.List) == 0 || errs.Total < len(errs.List) {
		t.Fatalf("row errors without a row: %+v", errs)
	}
	for _, e := range errs.List {
		if e.File != "in.csv" || e.Line < 1 || e.Line > lines || e.Reason == "" {
			t.Fatalf("row error %+v does not name a line of a %d-line file", e, lines)
		}
	}
}

// rewrite writes a record as a file of its kind (the columns its JSON names, attributes as
// extra columns), reads it back, and returns the one record it holds.
func rewrite(t *testing.T, cfg *config.Config, rec cx.Record) cx.Record {
	t.Helper()
	var members map[string]any
	dec := json.NewDecoder(strings.NewReader(jsonOf(t, rec)))
	dec.UseNumber() // numbers as JSON writes them: whole numbers stay whole
	if err := dec.Decode(&members); err != nil {
		t.Fatal(err)
	}
	cells := map[string]string{}
	for name, v := range members {
		if name == "attrs" {
			for k, a := range v.(map[string]any) {
				cells[k] = a.(string)
			}
			continue
		}
		cells[name] = fmt.Sprint(v)
	}
	names := slices.Sorted(maps.Keys(cells))
	var b bytes.Buffer
	// The header in quotes: a name with semicolons or tabs would otherwise make them the
	// delimiter (detectDelimiter counts them outside quotes), as in any file.
	for i, n := range names {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"` + strings.ReplaceAll(n, `"`, `""`) + `"`)
	}
	b.WriteString("\n")
	w := csv.NewWriter(&b)
	row := make([]string, len(names))
	for i, n := range names {
		row[i] = cells[n]
	}
	w.Write(row)
	w.Flush()
	recs, err := readWith(cfg, rec.RecordKind(), b.String())
	if err != nil || len(recs) != 1 {
		t.Fatalf("a record accepted once is refused when written back (%v):\n%s", err, b.String())
	}
	return recs[0]
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("an accepted record cannot be written as JSON: %v", err)
	}
	return string(b)
}

// FuzzWholeNumber reads arbitrary JSON numbers as whole numbers and checks each verdict
// against exact rational arithmetic (math/big): taken, the number is an integer of that value;
// refused, it has a fractional part or lies outside an int's range. Exponents of more than
// four digits are left to TestWholeNumber (big.Rat would spend the fuzzer's memory on 1e99999).
func FuzzWholeNumber(f *testing.F) {
	for _, s := range []string{"5", "5.0", "-5.00", "50e-1", "0.5e1", "5.5", "1e400", "9223372036854775807", "-0.0e-3", "1.25e2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !json.Valid([]byte(s)) || s == "" || s[0] != '-' && (s[0] < '0' || s[0] > '9') || strings.ContainsAny(s, " \t\r\n") {
			return // not a JSON number as ingest gives it (trimmed)
		}
		n, ok := wholeNumber(s)
		if _, exp, has := strings.Cut(strings.ToLower(s), "e"); has && len(strings.TrimLeft(exp, "+-")) > 4 {
			return
		}
		r, exact := new(big.Rat).SetString(s)
		if !exact {
			t.Fatalf("%q: big.Rat cannot read it", s)
		}
		fits := r.IsInt() && r.Num().IsInt64()
		switch {
		case ok && (!fits || r.Num().Int64() != int64(n)):
			t.Fatalf("%q read as %d; it is %s", s, n, r.RatString())
		case !ok && fits:
			t.Fatalf("%q refused; it is the whole number %s", s, r.RatString())
		}
	})
}
