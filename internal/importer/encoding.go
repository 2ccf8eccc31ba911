package importer

import (
	"bytes"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// textEncoding is how a file's characters are written.
type textEncoding int

const (
	encUTF8        textEncoding = iota
	encWindows1252              // Excel's "CSV" on Windows with Dutch settings: é as the byte E9
	encUTF16                    // Excel's "Unicode text"; with a byte order mark
	encUnknown                  // NUL bytes: UTF-16 or UTF-32 without a byte order mark
)

// detectEncoding decides a file's encoding from its first bytes (prefixSize of them, or the
// whole file when it is shorter: complete). A byte order mark decides; otherwise text that is
// valid UTF-8 is UTF-8, and any other is Windows-1252, in which every byte is a character. A
// file whose start has many NUL bytes is UTF-16 or UTF-32 without a mark, which is refused.
func detectEncoding(prefix []byte, complete bool) textEncoding {
	switch {
	case bytes.HasPrefix(prefix, []byte{0xEF, 0xBB, 0xBF}):
		return encUTF8
	case bytes.HasPrefix(prefix, []byte{0xFF, 0xFE}), bytes.HasPrefix(prefix, []byte{0xFE, 0xFF}):
		return encUTF16
	case len(prefix) >= 4 && bytes.Count(prefix, []byte{0})*4 >= len(prefix):
		return encUnknown
	}
	if !complete {
		// The prefix may end inside a character, which is not judged.
		for i := len(prefix) - 1; i >= 0 && i >= len(prefix)-utf8.UTFMax; i-- {
			if utf8.RuneStart(prefix[i]) {
				if !utf8.FullRune(prefix[i:]) {
					prefix = prefix[:i]
				}
				break
			}
		}
	}
	if utf8.Valid(prefix) {
		return encUTF8
	}
	return encWindows1252
}

// decode returns r (positioned at the file's first byte) as UTF-8 text without a byte order
// mark. For Windows-1252 it also returns the watch that notes lines written in UTF-8.
func decode(r io.Reader, enc textEncoding) (io.Reader, *utf8Watch) {
	switch enc {
	case encWindows1252:
		w := &utf8Watch{r: r, line: 1}
		return charmap.Windows1252.NewDecoder().Reader(w), w
	case encUTF16:
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Reader(r), nil
	}
	return r, nil
}

// utf8Watch passes a Windows-1252 file's bytes through and notes the lines (counted by line
// feeds, as the CSV reader counts them) on which a multi-byte UTF-8 character appears: in such
// a file that line was most likely written as UTF-8 ("é" as C3 A9 reads as "Ã©"), which only
// the file's author can mend.
type utf8Watch struct {
	r     io.Reader
	line  int
	lines []int // in order, each once
}

func (w *utf8Watch) Read(p []byte) (int, error) {
	n, err := w.r.Read(p)
	b := p[:n]
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case c == '\n':
			w.line++
		case c >= 0xC2 && c <= 0xF4:
			// A character split by the end of this read is not seen: this is a hint for the
			// user, not a guarantee.
			if r, size := utf8.DecodeRune(b[i:]); r != utf8.RuneError && size > 1 {
				if k := len(w.lines); k == 0 || w.lines[k-1] != w.line {
					w.lines = append(w.lines, w.line)
				}
				i += size - 1
			}
		}
	}
	return n, err
}

// utf8Between reports whether a line from first to last was noted, and forgets those before.
func (w *utf8Watch) utf8Between(first, last int) bool {
	for len(w.lines) > 0 && w.lines[0] < first {
		w.lines = w.lines[1:]
	}
	return len(w.lines) > 0 && w.lines[0] <= last
}
