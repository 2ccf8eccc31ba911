package importer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"slices"
)

// Sheet is a file read as rows of cells: the header, then each data row with the line it starts
// on. The reader of rows (Reader.ReadSheet) knows nothing of how the file is written, so a CSV
// file, a workbook or a preset's renamed columns all end in the same row parser.
type Sheet interface {
	// Header returns the first row; io.EOF when the file is empty.
	Header() ([]string, error)
	// Next returns the next row and its first line, and io.EOF after the last. A row that
	// cannot be read as cells is a *RowError (its cells, when known, still returned); any
	// other error stops the reading.
	Next() (cells []string, line int, err error)
	// Delimiter is the cell separator a file written back (a rejects file) should use.
	Delimiter() rune
}

// numbered is a sheet that tells which cells of the row Next returned last were written as
// numbers, not text (a JSON file: jsonSheet.Numbers).
type numbered interface{ Numbers() []bool }

// NumbersOf tells which cells of sh's last row were JSON numbers: nil for a sheet of text
// cells only (CSV, a workbook).
func NumbersOf(sh Sheet) []bool {
	if n := numbersOf(sh); n != nil {
		return n()
	}
	return nil
}

// numbersOf returns what tells the cells of sh's last row that were numbers: nil for a sheet
// of text cells only (CSV, a workbook).
func numbersOf(sh Sheet) func() []bool {
	if n, ok := sh.(numbered); ok {
		return n.Numbers
	}
	return nil
}

// typed is a sheet that tells the JSON type of each cell of the row Next returned last (a JSON
// file: jsonSheet.Types).
type typed interface{ Types() []JSONType }

// typesOf returns what tells the JSON types of sh's last row: nil for a sheet of text cells.
func typesOf(sh Sheet) func() []JSONType {
	if t, ok := sh.(typed); ok {
		return t.Types
	}
	return nil
}

// prefixSize is how much of a file is looked at before reading it: its encoding and delimiter
// are decided from this much, so a file of any size streams.
const prefixSize = 64 << 10

// csvSheet reads a delimited text file.
type csvSheet struct {
	file  string
	cr    *csv.Reader
	comma rune
	lang  Lang
	watch *utf8Watch // for a Windows-1252 file
	err   error      // the file cannot be read at all
}

// NewCSV reads r as a delimited text file: its encoding found from its start (detectEncoding)
// and converted to UTF-8, its cells separated by the delimiter its header line uses most
// (detectDelimiter). file names it in errors, which are in lang. Only a prefix is looked at before reading, so a
// file of any size streams.
func NewCSV(r io.Reader, file string, lang Lang) Sheet {
	raw := bufio.NewReaderSize(r, prefixSize)
	prefix, err := raw.Peek(prefixSize) // as much as there is, up to prefixSize
	s := &csvSheet{file: file, comma: ',', lang: lang}
	enc := detectEncoding(prefix, err != nil)
	if enc == encUnknown {
		s.err = &RowError{File: file, Line: 1, Reason: msgUTF16NoMark.in(lang)}
		return s
	}
	text, watch := decode(raw, enc)
	br := bufio.NewReaderSize(text, prefixSize)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	prefix, _ = br.Peek(prefixSize)
	s.comma = detectDelimiter(prefix)
	s.cr = csv.NewReader(br)
	s.cr.Comma = s.comma
	s.cr.FieldsPerRecord = -1 // checked per row, to report the line rather than stop
	s.cr.ReuseRecord = true
	s.watch = watch
	return s
}

// detectDelimiter picks the delimiter of a file from its header line (up to its first line
// break outside quotes): the one of , ; and tab that occurs most outside quotes. A tie, or none
// (a file of one column), is a comma, the canonical delimiter.
func detectDelimiter(prefix []byte) rune {
	var commas, semicolons, tabs int
	quoted := false
scan:
	for _, c := range prefix {
		switch {
		case c == '"':
			quoted = !quoted // a doubled quote inside a quoted cell toggles twice
		case quoted:
		case c == '\n' || c == '\r':
			break scan
		case c == ',':
			commas++
		case c == ';':
			semicolons++
		case c == '\t':
			tabs++
		}
	}
	switch {
	case semicolons > commas && semicolons > tabs:
		return ';'
	case tabs > commas && tabs > semicolons:
		return '\t'
	}
	return ','
}

func (s *csvSheet) Delimiter() rune { return s.comma }

func (s *csvSheet) Header() ([]string, error) {
	if s.err != nil {
		return nil, s.err
	}
	h, err := s.cr.Read()
	if err != nil {
		return nil, s.rowError(err)
	}
	return h, nil
}

func (s *csvSheet) Next() ([]string, int, error) {
	rec, err := s.cr.Read()
	for err == nil && emptyRow(rec) {
		// A row of empty cells (";;;", as Excel saves rows it once formatted) is a blank line,
		// passed over as a workbook's empty rows are.
		rec, err = s.cr.Read()
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, pe.StartLine, s.rowError(err)
		}
		return nil, 0, err
	}
	line, _ := s.cr.FieldPos(0)
	if last, _ := s.cr.FieldPos(len(rec) - 1); s.watch != nil && s.watch.utf8Between(line, last) {
		return slices.Clone(rec), line, &RowError{File: s.file, Line: line, Reason: msgMixedEncoding.in(s.lang)}
	}
	return rec, line, nil
}

// rowError turns a line that is not CSV into a row error on its line; other errors (io.EOF,
// a failed read) pass.
func (s *csvSheet) rowError(err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return err
	}
	return &RowError{File: s.file, Line: pe.StartLine, Reason: csvReason(pe, s.lang)}
}

// emptyRow tells whether every cell of a row is empty.
func emptyRow(rec []string) bool {
	for _, c := range rec {
		if c != "" {
			return false
		}
	}
	return true
}
