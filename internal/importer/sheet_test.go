package importer

import (
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

func TestDetectDelimiter(t *testing.T) {
	tests := []struct {
		name, header string
		want         rune
	}{
		{"commas", "ticket_id,created_at,channel\nT1;x", ','},
		{"semicolons (Excel with Dutch settings)", "ticket_id;created_at;channel\r\nT1,x,y,z", ';'},
		{"tabs", "ticket_id\tcreated_at\n", '\t'},
		{"semicolons inside quotes do not count", `"a;b;c",d,e` + "\n", ','},
		{"a doubled quote keeps the cell quoted", `"a "";"" b";c;d` + "\n", ';'},
		{"a quoted line break is part of the header", "\"a\nb\";c;d\n", ';'},
		{"a tie is a comma", "a,b;c;d,e\n", ','},
		{"a tie of ; and tab is a comma", "a;b\tc\n", ','},
		{"one column is a comma", "ticket_id\nT1;T2;T3\n", ','},
		{"an empty file", "", ','},
		{"a header without a line break", "a;b", ';'},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := detectDelimiter([]byte(tt.header)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// A file's delimiter is found for every file: the same tickets read alike whether separated
// by commas, semicolons or tabs, with a BOM or without, and a comma inside a cell of a
// semicolon file is text.
func TestReadAnyDelimiter(t *testing.T) {
	for name, file := range map[string]string{
		"commas":                 "ticket_id,created_at,category\nT1,2026-03-02 10:00,\"levering, laat\"\n",
		"semicolons":             "ticket_id;created_at;category\nT1;2026-03-02 10:00;levering, laat\n",
		"semicolons with a BOM":  "\xef\xbb\xbfticket_id;created_at;category\r\nT1;2026-03-02 10:00;levering, laat\r\n",
		"tabs":                   "ticket_id\tcreated_at\tcategory\nT1\t2026-03-02 10:00\tlevering, laat\n",
		"quoted semicolon cells": "\"ticket_id\";\"created_at\";\"category\"\n\"T1\";\"2026-03-02 10:00\";\"levering, laat\"\n",
	} {
		t.Run(name, func(t *testing.T) {
			got, err := read(cx.KindTickets, file)
			if err != nil || len(got) != 1 {
				t.Fatalf("got %d records, %v; want one", len(got), err)
			}
			tk := got[0].(*cx.Ticket)
			if tk.ID != "T1" || tk.Category != "levering, laat" || tk.CreatedAt.Format("2006-01-02T15:04Z07:00") != "2026-03-02T09:00Z" {
				t.Errorf("read as %+v", tk)
			}
		})
	}
	// Each file is looked at on its own: a comma file after a semicolon file.
	if _, err := read(cx.KindTickets, "ticket_id,created_at\nT1,2026-03-02 10:00\n"); err != nil {
		t.Error(err)
	}
	_, err := read(cx.KindTickets, "ticket_id;created_at\nT1;2026-03-02 10:00;x\n")
	if err == nil || !strings.Contains(err.Error(), "in.csv:2: the row has 3 cells, the header 2") {
		t.Errorf("a semicolon row with a cell too many: %v", err)
	}
}

// TestEmptyRowsPassedOver: rows of empty cells — Excel saves a row it once formatted as ";;" —
// are blank lines, passed over as a workbook's empty rows are; the file's one ticket is read,
// and a bad row after them is still named by its own line (5).
func TestEmptyRowsPassedOver(t *testing.T) {
	got, err := read(cx.KindTickets, "ticket_id;created_at;category\r\nT1;2026-03-02 10:00;levering\r\n;;\r\n;;\r\n")
	if err != nil || len(got) != 1 || got[0].(*cx.Ticket).ID != "T1" {
		t.Fatalf("got %d records, %v; want T1 alone", len(got), err)
	}
	_, err = read(cx.KindTickets, "ticket_id;created_at;category\nT1;2026-03-02 10:00;x\n;;\n;;\nT2;gisteren;x\n")
	if err == nil || !strings.Contains(err.Error(), "in.csv:5:") {
		t.Errorf("a bad row after empty ones: %v, want it named on line 5", err)
	}
}
