package ingest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// CheckBody reads a JSON body once for what encoding/json lets through without a word: text
// that is not valid UTF-8 and a lone UTF-16 surrogate escape (both would become U+FFFD), and a
// member given twice in one object (the last would win). Each problem points where it is
// (RFC 6901). A body that is not JSON at all gets no problems here: the decoding that reads it
// explains it (splitBody for records). Read checks every body with it; the web server also
// checks its other JSON bodies (users, tokens) with it.
func CheckBody(body []byte) []Field {
	b := bodyCheck{dec: json.NewDecoder(bytes.NewReader(body)), body: body}
	if err := b.value(""); err != nil {
		return nil
	}
	if _, err := b.dec.Token(); err != io.EOF {
		return nil // something after the value
	}
	return b.problems
}

type bodyCheck struct {
	dec      *json.Decoder
	body     []byte
	problems []Field
}

// token returns the next token and the bytes it came from (with the separators before it,
// which are ASCII and so change no verdict on the text).
func (b *bodyCheck) token() (json.Token, []byte, error) {
	start := b.dec.InputOffset()
	tok, err := b.dec.Token()
	return tok, b.body[start:b.dec.InputOffset()], err
}

func (b *bodyCheck) value(ptr string) error {
	tok, raw, err := b.token()
	if err != nil {
		return err
	}
	switch tok {
	case json.Delim('{'):
		return b.object(ptr)
	case json.Delim('['):
		for i := 0; b.dec.More(); i++ {
			if err := b.value(ptr + "/" + strconv.Itoa(i)); err != nil {
				return err
			}
		}
		_, _, err = b.token()
		return err
	}
	if _, ok := tok.(string); ok && !exactText(raw) {
		b.problems = append(b.problems, Field{Pointer: ptr,
			Detail: "not valid UTF-8 text (send UTF-8; a \\u escape of half a surrogate pair is not text)"})
	}
	return nil
}

func (b *bodyCheck) object(ptr string) error {
	seen := map[string]bool{}
	for b.dec.More() {
		tok, raw, err := b.token()
		if err != nil {
			return err
		}
		name, _ := tok.(string)
		switch {
		case !exactText(raw):
			b.problems = append(b.problems, Field{Pointer: ptr, Detail: "a member name is not valid UTF-8 text"})
		case seen[name]:
			b.problems = append(b.problems, Field{Pointer: ptr, Detail: fmt.Sprintf("duplicate member %q", name)})
		}
		seen[name] = true
		if err := b.value(ptr + "/" + PointerEscape(name)); err != nil {
			return err
		}
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
