package importer

import (
	"io"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
)

func TestDetectEncoding(t *testing.T) {
	tests := []struct {
		name     string
		prefix   string
		complete bool
		want     textEncoding
	}{
		{"ASCII", "customer_id,acquired_at\n", true, encUTF8},
		{"UTF-8 é", "C1,Café\n", true, encUTF8},
		{"UTF-8 with BOM", "\xef\xbb\xbfa,b\n", true, encUTF8},
		{"Windows-1252 é (E9)", "C1,Caf\xe9\n", true, encWindows1252},
		{"Windows-1252 € (80) and ë (EB)", "\x80 5;Zo\xeb\n", true, encWindows1252},
		{"UTF-16 little-endian with BOM", "\xff\xfea\x00", true, encUTF16},
		{"UTF-16 big-endian with BOM", "\xfe\xff\x00a", true, encUTF16},
		{"UTF-16 without BOM", "a\x00,\x00b\x00\n\x00", true, encUnknown},
		// The first 64 KiB may end inside "é" (C3 A9): the cut character is not judged.
		{"a prefix cut inside a character", "Caf\xc3", false, encUTF8},
		{"the same bytes as a whole file", "Caf\xc3", true, encWindows1252},
		{"a cut 3-byte character", "prijs \xe2\x82", false, encUTF8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := detectEncoding([]byte(tt.prefix), tt.complete); got != tt.want {
				t.Errorf("got %d, want %d", got, tt.want)
			}
		})
	}
}

// utf16LE writes s as Excel's "Unicode text" does: UTF-16 little-endian after a byte order
// mark (encoded here by the standard library, not by the code under test).
func utf16LE(s string) string {
	b := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return string(b)
}

// Files as Excel saves them on Dutch Windows are read and converted to UTF-8.
func TestReadEncodings(t *testing.T) {
	const want = "Café Zoë € 5"
	for name, file := range map[string]string{
		"UTF-8":                     "customer_id,acquired_at,name\nC1,2026-03-02 10:00,Café Zoë € 5\n",
		"Windows-1252, semicolons":  "customer_id;acquired_at;name\r\nC1;2026-03-02 10:00;Caf\xe9 Zo\xeb \x80 5\r\n",
		"UTF-16 LE with BOM, tabs":  utf16LE("customer_id\tacquired_at\tname\r\nC1\t2026-03-02 10:00\tCafé Zoë € 5\r\n"),
		"UTF-16 BE with BOM":        "\xfe\xff" + beBody("customer_id,acquired_at,name\nC1,2026-03-02 10:00,Café Zoë € 5\n"),
		"UTF-8 with BOM, semicolon": "\xef\xbb\xbfcustomer_id;acquired_at;name\nC1;2026-03-02 10:00;Café Zoë € 5\n",
	} {
		t.Run(name, func(t *testing.T) {
			got, err := read(cx.KindCustomers, file)
			if err != nil || len(got) != 1 {
				t.Fatalf("got %d records, %v", len(got), err)
			}
			if c := got[0].(*cx.Customer); c.Name != want || c.ID != "C1" {
				t.Errorf("name %q, id %q; want %q", c.Name, c.ID, want)
			}
		})
	}
}

func beBody(s string) string {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u>>8), byte(u))
	}
	return string(b)
}

// The encoding is decided from the first 64 KiB; a later line that contradicts it is a row
// error on that line saying what to do, not a file of garbled names.
func TestEncodingContradictedLater(t *testing.T) {
	filler := func(enc string) string {
		var b strings.Builder
		for i := 0; b.Len() < prefixSize+1000; i++ {
			b.WriteString("C" + strconv.Itoa(i) + ",2026-03-02 10:00,Jansen" + enc + "\n")
		}
		return b.String()
	}
	// The start is UTF-8 (ë as C3 AB); line 2 of the rest has Windows-1252's é.
	utf8Start := "customer_id,acquired_at,name\n" + filler("\xc3\xab") + "X1,2026-03-02 10:00,Caf\xe9\n"
	line := strings.Count(utf8Start, "\n")
	_, err := read(cx.KindCustomers, utf8Start)
	if list := rowErrors(t, err); len(list) != 1 || list[0].Line != line || !strings.Contains(list[0].Reason, `save the file as "CSV UTF-8"`) {
		t.Errorf("UTF-8 start, a Windows-1252 line %d: %v", line, list)
	}
	// The start is Windows-1252 (ë as EB); a later line has UTF-8's é.
	ansiStart := "customer_id,acquired_at,name\n" + filler("\xeb") + "X1,2026-03-02 10:00,\"Caf\xc3\xa9\n2\"\n"
	line = strings.Count(ansiStart, "\n") - 1
	_, err = read(cx.KindCustomers, ansiStart)
	if list := rowErrors(t, err); len(list) != 1 || list[0].Line != line || !strings.Contains(list[0].Reason, `save the whole file as "CSV UTF-8"`) {
		t.Errorf("Windows-1252 start, a UTF-8 line %d: %v", line, list)
	}
	_, err = read(cx.KindCustomers, "a\x00b\x00c\x00\n\x00")
	if list := rowErrors(t, err); len(list) != 1 || list[0].Line != 1 || !strings.Contains(list[0].Reason, `save it as "CSV UTF-8"`) {
		t.Errorf("UTF-16 without a mark: %v", list)
	}
}

// A file streams: its first record is handed on after little more than the prefix that
// decides its encoding and delimiter has been read, whatever its size.
func TestReadStreams(t *testing.T) {
	src := &rowSource{header: "ticket_id;created_at\n", rows: 500_000} // about 15 MB
	rd := &Reader{Kind: cx.KindTickets, File: "big.csv", Config: config.Default()}
	var atFirst int64
	rows, err := rd.Read(src, func(r cx.Record) error {
		if atFirst == 0 {
			atFirst = src.read
		}
		return nil
	})
	if err != nil || rows != src.rows {
		t.Fatalf("%d rows, %v", rows, err)
	}
	if atFirst > 3*prefixSize {
		t.Errorf("%d bytes read before the first record, want at most %d", atFirst, 3*prefixSize)
	}
}

// rowSource makes a CSV file of n ticket rows as it is read.
type rowSource struct {
	header string
	rows   int
	next   int
	buf    []byte
	read   int64
}

func (s *rowSource) Read(p []byte) (int, error) {
	if len(s.buf) == 0 {
		switch {
		case s.header != "":
			s.buf, s.header = []byte(s.header), ""
		case s.next < s.rows:
			s.buf = []byte("T" + strconv.Itoa(s.next) + ";2026-03-02 10:00\n")
			s.next++
		default:
			return 0, io.EOF
		}
	}
	n := copy(p, s.buf)
	s.buf = s.buf[n:]
	s.read += int64(n)
	return n, nil
}
