package importer

import (
	"bytes"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// With Rejects a file's good rows are handed on and each bad one is written once, whatever
// its problems, with the input's delimiter; a later row of a refused key is not a duplicate.
func TestReadWithRejects(t *testing.T) {
	var out bytes.Buffer
	rej := NewRejectsCSV(&out)
	rd := &Reader{Kind: cx.KindTickets, File: "in.csv", Config: config.Default(), Rejects: rej}
	var got []string
	rows, err := rd.Read(strings.NewReader("ticket_id\tcreated_at\treopens\n"+
		"T1\tgisteren\t-1\n"+ // two problems, one row; -1 is a number, no formula
		"T1\t2026-03-02 10:00\t1\n"+ // the first good T1
		"T2\t+1 dag\t\n"+ // a time that a spreadsheet would take for a formula
		"T1\t2026-03-02 11:00\t\n"), // a duplicate of line 3
		func(r cx.Record) error { got = append(got, r.Key()); return nil })
	if err != nil || rows != 4 || strings.Join(got, ",") != "T1" {
		t.Fatalf("%d rows, records %v, %v", rows, got, err)
	}
	if err := rej.Flush(); err != nil {
		t.Fatal(err)
	}
	// The reasons hold quotes, so their cells are quoted and the quotes doubled.
	want := "\ufeffticket_id\tcreated_at\treopens\tfout\n" +
		"T1\tgisteren\t-1\t\"in.csv:2: created_at: \"\"gisteren\"\" is not a timestamp: write 2026-03-13 17:30, 13-03-2026 17:30 or 2026-03-13T17:30:00+01:00; in.csv:2: reopens: -1 is negative: a value of 0 or more is taken\"\n" +
		"T2\t'+1 dag\t\t\"in.csv:4: created_at: \"\"+1 dag\"\" is not a timestamp: write 2026-03-13 17:30, 13-03-2026 17:30 or 2026-03-13T17:30:00+01:00\"\n" +
		"T1\t2026-03-02 11:00\t\t\"in.csv:5: ticket_id: duplicate key \"\"T1\"\" (first at line 3): keep one row per key, or import the later one in a file of its own to replace it\"\n"
	if out.String() != want || rej.Count != 3 {
		t.Errorf("rejects (%d):\n%s\nwant:\n%s", rej.Count, out.String(), want)
	}
}
