package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// CheckBody reads a JSON body once for what encoding/json lets through without a word: text
// that is not valid UTF-8 and a lone UTF-16 surrogate escape (both would become U+FFFD), and a
// member given twice in one object (the last would win). Each problem points where it is
// (RFC 6901). A body nested deeper than MaxDepth is refused at the first value too deep, and
// read no further. A body that is not JSON at all gets no problems here: the decoding that
// reads it explains it (splitBody for records). Read and Patch check every body with it, the
// webhooks every delivery (after its signature), the web server its other JSON bodies (users,
// tokens).
func CheckBody(body []byte) []Field { return CheckBodyIn(English, body) }

// CheckBodyIn is CheckBody with its problems said in l.
func CheckBodyIn(l Lang, body []byte) []Field {
	b := bodyCheck{dec: json.NewDecoder(bytes.NewReader(body)), body: body, lang: l}
	err := b.value()
	switch {
	case errors.Is(err, errTooDeep):
		return b.problems
	case err != nil:
		return nil
	}
	if _, err := b.dec.Token(); err != io.EOF {
		return nil // something after the value
	}
	return b.problems
}

// MaxDepth is how deeply a body's objects and arrays may nest. A record is flat (its fields,
// one "attrs" object of values), a batch one array of them, a webhook delivery a few levels
// more (klantpuls's format, a tool's payload): 64 is far above any of them. Without a bound a
// body of a few kilobytes of "[" would cost the server memory and stack by the square of its
// depth (encoding/json's Decoder.Token, which this check reads with, has no depth limit).
const MaxDepth = 64

// errTooDeep stops the check at the first value nested deeper than MaxDepth.
var errTooDeep = errors.New("nested too deeply")

type bodyCheck struct {
	dec      *json.Decoder
	body     []byte
	lang     Lang
	problems []Field
	// path is where the value being read is: an array's index or an object's member name per
	// level. The pointer is written from it only for a problem, so reading costs nothing per level.
	path []step
}

// step is one level of a JSON pointer: a member name, or an array index when name is "".
type step struct {
	name  string
	index int
}

// pointer is the RFC 6901 pointer of the value being read.
func (b *bodyCheck) pointer() string {
	var s strings.Builder
	for _, st := range b.path {
		s.WriteByte('/')
		if st.name == "" && st.index >= 0 {
			s.WriteString(strconv.Itoa(st.index))
		} else {
			s.WriteString(PointerEscape(st.name))
		}
	}
	return s.String()
}

func (b *bodyCheck) problem(detail string) {
	b.problems = append(b.problems, Field{Pointer: b.pointer(), Detail: detail})
}

// token returns the next token and the bytes it came from (with the separators before it,
// which are ASCII and so change no verdict on the text).
func (b *bodyCheck) token() (json.Token, []byte, error) {
	start := b.dec.InputOffset()
	tok, err := b.dec.Token()
	return tok, b.body[start:b.dec.InputOffset()], err
}

// value reads the value at b.path.
func (b *bodyCheck) value() error {
	tok, raw, err := b.token()
	if err != nil {
		return err
	}
	if tok == json.Delim('{') || tok == json.Delim('[') {
		// The levels of path are the containers around this one.
		if len(b.path) >= MaxDepth {
			b.problem(msgTooDeep.In(b.lang, MaxDepth))
			return errTooDeep
		}
	}
	switch tok {
	case json.Delim('{'):
		return b.object()
	case json.Delim('['):
		b.path = append(b.path, step{index: 0})
		for i := 0; b.dec.More(); i++ {
			b.path[len(b.path)-1].index = i
			if err := b.value(); err != nil {
				return err
			}
		}
		b.path = b.path[:len(b.path)-1]
		_, _, err = b.token()
		return err
	}
	if _, ok := tok.(string); ok && !exactText(raw) {
		b.problem(msgNotUTF8.In(b.lang))
	}
	return nil
}

// object reads the members of the object at b.path, its "{" read.
func (b *bodyCheck) object() error {
	seen := map[string]bool{}
	for b.dec.More() {
		tok, raw, err := b.token()
		if err != nil {
			return err
		}
		name, _ := tok.(string)
		switch {
		case !exactText(raw):
			b.problem(msgNameNotUTF8.In(b.lang))
		case seen[name]:
			b.problem(msgDuplicate.In(b.lang, name))
		}
		seen[name] = true
		b.path = append(b.path, step{name: name, index: -1})
		if err := b.value(); err != nil {
			return err
		}
		b.path = b.path[:len(b.path)-1]
	}
	_, _, err := b.token()
	return err
}

// exactText reports whether a string literal decodes to exactly the text it spells: valid
// UTF-8, and every \u escape of a surrogate one half of a pair.
func exactText(lit []byte) bool {
	if !utf8.Valid(lit) {
		return false
	}
	for i := 0; i < len(lit); i++ {
		if lit[i] != '\\' {
			continue
		}
		if i+1 < len(lit) && lit[i+1] != 'u' {
			i++ // a one-letter escape, perhaps of a backslash
			continue
		}
		r := hex4(lit, i+2)
		switch {
		case !utf16.IsSurrogate(r):
			i += 5
		case r < 0xDC00 && i+11 < len(lit) && lit[i+6] == '\\' && lit[i+7] == 'u' &&
			utf16.DecodeRune(r, hex4(lit, i+8)) != utf8.RuneError:
			i += 11 // a high half and its low half
		default:
			return false
		}
	}
	return true
}

// hex4 reads the four hexadecimal digits at lit[i:] (the decoder has checked them); -1 when
// the literal ends before.
func hex4(lit []byte, i int) rune {
	if i+4 > len(lit) {
		return -1
	}
	n, err := strconv.ParseUint(string(lit[i:i+4]), 16, 32)
	if err != nil {
		return -1
	}
	return rune(n)
}
