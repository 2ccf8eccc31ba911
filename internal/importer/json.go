package importer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
)

// jsonSheet reads a JSON export as rows, streaming (encoding/json's Decoder, token by token,
// so a file of any size is never held whole). Each top-level value gives rows:
//
//   - an object is one row (each line of an NDJSON file, such as Zendesk's full JSON export:
//     {"ticket":{…}});
//   - an object whose first member is a list holds its rows in that list, the other members
//     ignored (a page of an API: {"satisfaction_ratings":[…],"next_page":null,"count":3});
//   - a list holds its rows.
//
// A row's columns are the dotted paths of its values (ticket.via.channel); a string is kept as
// written, a number as its JSON text (Numbers tells it was one, Types each cell's JSON type), true
// and false as such, null as an empty cell; a list of such values is one cell, joined by ", "
// (tags), and a list of objects is left out (a ticket's comments). The header is every path of the first rows (jsonWindow of them),
// in the order met, then the columns the reader wants (Want); a path met only later is left out. A
// row's line is the line its object starts on: in an API page written on one line, every row is on
// line 1, and an error's cell value and the rejects file tell the rows apart.
type jsonSheet struct {
	file  string
	lang  Lang
	dec   *json.Decoder
	lines *lineCounter

	header  []string
	at      map[string]int // path → column
	types   []JSONType     // of the row Next returned last: each cell's JSON type (a joined list is Untyped)
	window  []jsonItem     // rows read ahead for the header, handed out first
	started bool
	done    bool // the end of the file, or an error that ends it, was met

	stack     []jsonFrame // where the decoder is: the lists holding rows
	want      []string
	tops      int       // top-level values begun
	first     *jsonItem // a wrapper's first row, read to tell the wrapper from a row (object)
	emptyPage bool      // the wrapper just read had an empty list and is read to its end
}

// jsonItem is one row read: its cells by path and the line its object starts on; or a row
// error (a value where an object belongs, a syntax error that ends the file), or an error that
// stops the reading (the file cannot be read).
type jsonItem struct {
	paths []string
	cells []string
	types []JSONType // per cell: its JSON type
	line  int
	err   *RowError
	fatal error
	seen  map[string]bool // the row's paths, lower case
}

// jsonFrame is a list the decoder is inside whose elements are rows.
type jsonFrame struct{ top bool }

// jsonWindow is how many rows are read ahead to find the columns.
const jsonWindow = 100

// Bounds on what a file can make the reader hold: objects nested deeper than jsonMaxDepth (a
// path is built per level) and more than jsonMaxColumns paths in a row or in the header (each
// row is as wide as the header) are row errors, so a small hostile file cannot take gigabytes
// or the stack. Real exports nest a few levels and have some hundred columns.
const (
	jsonMaxDepth   = 32
	jsonMaxColumns = 2000
)

// isJSON tells a JSON file from a text table by its first bytes (after a byte order mark): an
// object starting with a member name, or a list starting with an object or ending at once.
func isJSON(prefix []byte) bool {
	p := bytes.TrimLeft(bytes.TrimPrefix(prefix, []byte("\ufeff")), " \t\r\n")
	if len(p) == 0 || p[0] != '{' && p[0] != '[' {
		return false
	}
	rest := bytes.TrimLeft(p[1:], " \t\r\n")
	return len(rest) > 0 && (p[0] == '{' && (rest[0] == '"' || rest[0] == '}') || p[0] == '[' && (rest[0] == '{' || rest[0] == ']'))
}

// NewJSON reads r as a JSON export (see jsonSheet); file names it in errors, which are in lang.
func NewJSON(r io.Reader, file string, lang Lang) Sheet { return newJSON(r, file, lang) }

func newJSON(r io.Reader, file string, lang Lang) *jsonSheet {
	br := bufio.NewReaderSize(r, prefixSize)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	lc := &lineCounter{r: br}
	dec := json.NewDecoder(lc)
	dec.UseNumber()
	return &jsonSheet{file: file, lang: lang, dec: dec, lines: lc, at: map[string]int{}}
}

// Want adds columns the reader looks for, so that a path no row of the first ones has (a
// rating only later tickets carry) is still a column. Call it before Header.
func (s *jsonSheet) Want(columns []string) { s.want = append(s.want, columns...) }

func (s *jsonSheet) Delimiter() rune { return ',' }

func (s *jsonSheet) Header() ([]string, error) {
	if s.started {
		return s.header, nil
	}
	s.started = true
	for len(s.window) < jsonWindow {
		it, ok := s.read()
		if !ok {
			break
		}
		s.window = append(s.window, it)
	}
	if len(s.window) == 1 && (s.window[0].err != nil || s.window[0].fatal != nil) {
		if s.window[0].fatal != nil {
			return nil, s.window[0].fatal
		}
		return nil, s.window[0].err // the file's start is no JSON of rows
	}
	for _, it := range s.window {
		for _, p := range it.paths {
			s.column(p)
		}
		if len(s.header) > jsonMaxColumns {
			return nil, &RowError{File: s.file, Line: it.line, Reason: msgJSONWide.in(s.lang, jsonMaxColumns)}
		}
	}
	for _, w := range s.want {
		if w != "" {
			s.column(w)
		}
	}
	if len(s.header) == 0 && len(s.window) == 0 {
		return nil, io.EOF
	}
	return s.header, nil
}

func (s *jsonSheet) column(path string) {
	key := strings.ToLower(path)
	if _, ok := s.at[key]; !ok {
		s.at[key] = len(s.header)
		s.header = append(s.header, path)
	}
}

func (s *jsonSheet) Next() ([]string, int, error) {
	if !s.started {
		if _, err := s.Header(); err != nil {
			return nil, 0, err
		}
	}
	s.types = nil
	var it jsonItem
	if len(s.window) > 0 {
		it, s.window = s.window[0], s.window[1:]
	} else {
		var ok bool
		if it, ok = s.read(); !ok {
			return nil, 0, io.EOF
		}
	}
	line := it.line
	switch {
	case it.fatal != nil:
		return nil, line, it.fatal
	case it.err != nil:
		return nil, line, it.err
	}
	row := make([]string, len(s.header))
	s.types = make([]JSONType, len(s.header))
	for i, p := range it.paths {
		if at, ok := s.at[strings.ToLower(p)]; ok {
			row[at], s.types[at] = it.cells[i], it.types[i]
		}
	}
	return row, line, nil
}

// Numbers tells which cells of the row Next returned last were JSON numbers (5.0), not strings.
// They are read off Types, for a mapping, which is told no other type.
func (s *jsonSheet) Numbers() []bool {
	if s.types == nil {
		return nil
	}
	numbers := make([]bool, len(s.types))
	for i, t := range s.types {
		numbers[i] = t == JSONNumber
	}
	return numbers
}

// Types tells the JSON type of each cell of the row Next returned last, for the row readers to
// hold a canonical file to the API's rule (row_types.go): true or 123 is no channel.
func (s *jsonSheet) Types() []JSONType { return s.types }

// read returns the next row of the file, or an item holding the error that stops it; false at
// the end.
func (s *jsonSheet) read() (jsonItem, bool) {
	if s.done {
		return jsonItem{}, false
	}
	for {
		if len(s.stack) > 0 && !s.dec.More() { // the end of a list of rows
			wrapped := !s.stack[len(s.stack)-1].top
			s.stack = s.stack[:len(s.stack)-1]
			if _, err := s.dec.Token(); err != nil {
				return s.broken(err), true
			}
			if wrapped { // the wrapper's other members, then its }
				if err := s.skipOpen(); err != nil {
					return s.broken(err), true
				}
			}
			continue
		}
		tok, err := s.dec.Token()
		if err == io.EOF && len(s.stack) == 0 {
			s.done = true
			return jsonItem{}, false
		}
		if err != nil {
			return s.broken(err), true
		}
		line := s.lines.lineAt(s.dec.InputOffset() - 1)
		if len(s.stack) == 0 {
			s.tops++
		}
		switch tok {
		case json.Delim('['):
			if len(s.stack) > 0 { // a list in a list of rows
				if err := s.skipOpen(); err != nil {
					return s.broken(err), true
				}
				return s.notObject(line, msgJSONList), true
			}
			s.stack = append(s.stack, jsonFrame{top: true})
			continue
		case json.Delim('{'):
			it, wrapper, err := s.object(line)
			switch {
			case err != nil:
				return s.broken(err), true
			case wrapper && s.emptyPage: // its list was empty and the page is read to its end
				s.emptyPage = false
				continue
			case wrapper:
				s.stack = append(s.stack, jsonFrame{})
				if first := s.first; first != nil {
					s.first = nil
					return *first, true
				}
				continue
			}
			if it.err != nil { // too deep or too wide: the row is an error on its line
				return jsonItem{line: line, err: it.err}, true
			}
			return it, true
		}
		return s.notObject(line, msgJSONScalar), true
	}
}

// object reads an object whose { is read: a row, or (at the top, its first member a list) the
// wrapper of a list of rows, read up to that list's [.
func (s *jsonSheet) object(line int) (it jsonItem, wrapper bool, err error) {
	it.line = line
	top := len(s.stack) == 0
	for first := true; s.dec.More(); first = false {
		key, tok, err := s.member()
		if err != nil {
			return it, false, err
		}
		if top && first && tok == json.Delim('[') {
			// A page's list holds objects; a row's first member may be a list of values
			// ({"tags":["a"],"id":1} in an NDJSON file). An empty list is a page only as the
			// file's first value (an API page with no results), else a row's empty list.
			next, err := s.dec.Token()
			switch {
			case err != nil:
				return it, false, err
			case next == json.Delim('{'):
				row, _, err := s.object(s.lines.lineAt(s.dec.InputOffset() - 1))
				if err != nil {
					return it, false, err
				}
				if row.err != nil {
					row = jsonItem{line: row.line, err: row.err}
				}
				s.first = &row
				return it, true, nil
			case next == json.Delim(']') && s.tops == 1:
				s.emptyPage = true
				return it, true, s.skipOpen() // the page's other members and its }
			}
			if err := s.listFrom(key, &it, next); err != nil {
				return it, false, err
			}
			continue
		}
		if err := s.value(key, tok, &it, 1); err != nil {
			return it, false, err
		}
	}
	_, err = s.dec.Token() // }
	return it, false, err
}

// member reads an object's member name and the first token of its value.
func (s *jsonSheet) member() (string, json.Token, error) {
	k, err := s.dec.Token()
	if err != nil {
		return "", nil, err
	}
	key, _ := k.(string) // the decoder gives a member name as a string
	tok, err := s.dec.Token()
	return key, tok, err
}

// value puts a value, its first token read, into the row under path, depth objects down.
func (s *jsonSheet) value(path string, tok json.Token, it *jsonItem, depth int) error {
	switch t := tok.(type) {
	case json.Delim:
		if t == '[' {
			return s.list(path, it)
		}
		if depth >= jsonMaxDepth { // skipped without building paths; the row is refused
			s.refuse(it, msgJSONDeep.in(s.lang, jsonMaxDepth))
			return s.skipOpen()
		}
		for s.dec.More() { // an object: its members under path.name
			key, tok, err := s.member()
			if err != nil {
				return err
			}
			if err := s.value(path+"."+key, tok, it, depth+1); err != nil {
				return err
			}
		}
		_, err := s.dec.Token()
		return err
	default:
		s.cell(it, path, scalar(t), tokenType(t))
	}
	return nil
}

// cell adds a value to the row, up to jsonMaxColumns of them. A path met twice in a row, also
// differing only in case ({"score":9,"Score":0}), is refused as a CSV column given twice is:
// which one the export meant cannot be known.
func (s *jsonSheet) cell(it *jsonItem, path, value string, typ JSONType) {
	if len(it.paths) >= jsonMaxColumns {
		s.refuse(it, msgJSONWide.in(s.lang, jsonMaxColumns))
		return
	}
	key := strings.ToLower(path)
	if it.seen == nil {
		it.seen = map[string]bool{}
	}
	if it.seen[key] {
		s.refuse(it, msgJSONTwice.in(s.lang, path))
		return
	}
	it.seen[key] = true
	it.paths, it.cells, it.types = append(it.paths, path), append(it.cells, value), append(it.types, typ)
}

// refuse makes the row an error (its first reason kept); its values are read on but not kept.
func (s *jsonSheet) refuse(it *jsonItem, reason string) {
	if it.err == nil {
		it.err = &RowError{File: s.file, Line: it.line, Reason: reason}
	}
}

// list puts a list whose [ is read into the row: its values joined, or nothing when it holds
// objects or lists.
func (s *jsonSheet) list(path string, it *jsonItem) error {
	tok, err := s.dec.Token() // the first value, or ] of an empty list
	if err != nil {
		return err
	}
	return s.listFrom(path, it, tok)
}

// listFrom is list with the list's first token read: a value, or its ] when it is empty.
func (s *jsonSheet) listFrom(path string, it *jsonItem, tok json.Token) error {
	var parts []string
	nested := false
	if tok != json.Delim(']') {
		for {
			switch tok {
			case json.Delim('{'), json.Delim('['):
				nested = true
				if err := s.skipOpen(); err != nil {
					return err
				}
			case nil:
			default:
				parts = append(parts, scalar(tok))
			}
			if !s.dec.More() {
				break
			}
			var err error
			if tok, err = s.dec.Token(); err != nil {
				return err
			}
		}
		if _, err := s.dec.Token(); err != nil { // ]
			return err
		}
	}
	if !nested {
		s.cell(it, path, strings.Join(parts, ", "), Untyped)
	}
	return nil
}

// scalar writes a JSON string, number, boolean or null as a cell.
func scalar(tok json.Token) string {
	switch t := tok.(type) {
	case string:
		return t
	case json.Number:
		return t.String()
	case bool:
		if t {
			return "true"
		}
		return "false"
	}
	return ""
}

// tokenType is the JSON type of a scalar token; Untyped for null.
func tokenType(tok json.Token) JSONType {
	switch tok.(type) {
	case string:
		return JSONString
	case json.Number:
		return JSONNumber
	case bool:
		return JSONBoolean
	}
	return Untyped
}

// skipOpen reads past the end of the object or list the decoder is in.
func (s *jsonSheet) skipOpen() error {
	for depth := 1; depth > 0; {
		tok, err := s.dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
	return nil
}

// notObject is an item for a value where a row's object belongs.
func (s *jsonSheet) notObject(line int, m Message) jsonItem {
	return jsonItem{line: line, err: &RowError{File: s.file, Line: line, Reason: m.in(s.lang)}}
}

// broken is the item of an error that ends the reading: a syntax error or a file cut off is a
// row error on its line (nothing after it can be read); a failing read stops the import.
func (s *jsonSheet) broken(err error) jsonItem {
	s.done = true
	var se *json.SyntaxError
	line := s.lines.lineAt(s.dec.InputOffset())
	switch {
	case errors.As(err, &se):
		line = s.lines.lineAt(se.Offset)
		if se.Error() == "unexpected end of JSON input" {
			return jsonItem{line: line, err: &RowError{File: s.file, Line: line, Reason: msgJSONCut.in(s.lang)}}
		}
		return jsonItem{line: line, err: &RowError{File: s.file, Line: line, Reason: msgJSONSyntax.in(s.lang, se.Error())}}
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return jsonItem{line: line, err: &RowError{File: s.file, Line: line, Reason: msgJSONCut.in(s.lang)}}
	}
	return jsonItem{line: line, fatal: err}
}
