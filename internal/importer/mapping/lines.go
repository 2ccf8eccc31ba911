package mapping

import (
	"strconv"
	"strings"
)

// The toml package decodes a file without telling where a key was written, yet a mistake's
// message should send its author to the line. keyLines reads that from the text itself: it is
// only asked about a file toml has decoded, so it follows valid TOML and needs no checks of
// its own; on anything else it stops early, and a key it did not see has no line.

// keyLines maps each key the file writes (and each table it opens, directly or as the parent
// of one it names) to the offset of its first mention.
type keyLines struct {
	text string
	i    int
	at   map[string]int // key segments joined by keySep → byte offset
}

const keySep = "\x00"

// lineOf is the line (from 1) of key in text: the line that writes it or, for a key the file
// leaves out, the line of the nearest table around it that it writes; 0 when there is none.
// key is dotted as a mistake names it, perhaps with an index ("time_formats[0]").
func lineOf(text, key string) int {
	k := &keyLines{text: text, at: map[string]int{}}
	k.document()
	segs := splitKey(key)
	for n := len(segs); n > 0; n-- {
		if off, ok := k.at[strings.Join(segs[:n], keySep)]; ok {
			return 1 + strings.Count(text[:off], "\n")
		}
	}
	return 0
}

// splitKey splits a dotted key into its segments, a quoted segment unquoted, an index dropped.
func splitKey(key string) []string {
	if i := strings.IndexByte(key, '['); i >= 0 && strings.HasSuffix(key, "]") {
		key = key[:i]
	}
	k := &keyLines{text: key}
	return k.key()
}

func (k *keyLines) document() {
	var table []string
	for k.i < len(k.text) {
		start := k.i
		k.blank(true)
		switch {
		case k.i >= len(k.text):
		case k.text[k.i] == '[':
			for k.i < len(k.text) && k.text[k.i] == '[' {
				k.i++
			}
			at := k.i
			table = k.key()
			k.mark(table, at)
			k.skipLine()
		default:
			at := k.i
			key := k.key()
			if len(key) == 0 || k.i >= len(k.text) || k.text[k.i] != '=' {
				k.skipLine()
				break
			}
			k.i++
			full := append(append([]string{}, table...), key...)
			k.mark(full, at)
			k.value(full)
		}
		if k.i == start { // not TOML: stop rather than loop
			return
		}
	}
}

// mark records key and its parents at offset at, unless an earlier line named them.
func (k *keyLines) mark(key []string, at int) {
	for n := 1; n <= len(key); n++ {
		name := strings.Join(key[:n], keySep)
		if _, ok := k.at[name]; !ok {
			k.at[name] = at
		}
	}
}

// key reads a dotted key: bare, "basic" or 'literal' segments, with blanks around the dots.
func (k *keyLines) key() []string {
	var segs []string
	for {
		k.blank(false)
		if k.i >= len(k.text) {
			return segs
		}
		switch c := k.text[k.i]; {
		case c == '"' || c == '\'':
			raw := k.quoted(c)
			if s, err := strconv.Unquote(raw); c == '"' && err == nil {
				raw = s
			} else if len(raw) >= 2 {
				raw = raw[1 : len(raw)-1]
			}
			segs = append(segs, raw)
		default:
			start := k.i
			for k.i < len(k.text) && isBare(k.text[k.i]) {
				k.i++
			}
			if k.i == start {
				return segs
			}
			segs = append(segs, k.text[start:k.i])
		}
		k.blank(false)
		if k.i >= len(k.text) || k.text[k.i] != '.' {
			return segs
		}
		k.i++
	}
}

func isBare(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// value skips a value; the keys of an inline table in it are marked under key.
func (k *keyLines) value(key []string) {
	k.blank(false)
	if k.i >= len(k.text) {
		return
	}
	switch c := k.text[k.i]; c {
	case '"', '\'':
		k.quoted(c)
	case '[':
		k.items(']', func() { k.value(key) })
	case '{':
		k.items('}', func() {
			at := k.i
			if sub := k.key(); len(sub) > 0 && k.i < len(k.text) && k.text[k.i] == '=' {
				k.i++
				full := append(append([]string{}, key...), sub...)
				k.mark(full, at)
				k.value(full)
			}
		})
	default: // a number, boolean, date or time: up to what ends a value
		for k.i < len(k.text) && strings.IndexByte(",]}\n#", k.text[k.i]) < 0 {
			k.i++
		}
	}
}

// items skips the items of a list or an inline table, each read by item, up to end.
func (k *keyLines) items(end byte, item func()) {
	k.i++
	for k.i < len(k.text) && k.text[k.i] != end {
		start := k.i
		k.blank(true)
		if k.i < len(k.text) && k.text[k.i] != end {
			item()
		}
		k.blank(true)
		if k.i < len(k.text) && k.text[k.i] == ',' {
			k.i++
		}
		if k.i == start { // not TOML: stop rather than loop
			return
		}
	}
	k.i++
}

// quoted reads a string starting with q (one or three of them) and returns it as written.
func (k *keyLines) quoted(q byte) string {
	start := k.i
	delim := string(q)
	if strings.HasPrefix(k.text[k.i:], strings.Repeat(delim, 3)) {
		delim = strings.Repeat(delim, 3)
	}
	k.i += len(delim)
	for k.i < len(k.text) {
		switch {
		case q == '"' && k.text[k.i] == '\\':
			k.i += 2
		case strings.HasPrefix(k.text[k.i:], delim):
			k.i += len(delim)
			// """a""""" ends with the content's own quotes: up to two more belong to it.
			for n := 0; len(delim) == 3 && n < 2 && k.i < len(k.text) && k.text[k.i] == q; n++ {
				k.i++
			}
			return k.text[start:k.i]
		default:
			k.i++
		}
	}
	k.i = len(k.text)
	return k.text[start:]
}

// blank skips spaces and tabs, and with lines also line ends and comments.
func (k *keyLines) blank(lines bool) {
	for k.i < len(k.text) {
		switch k.text[k.i] {
		case ' ', '\t':
			k.i++
		case '\r', '\n':
			if !lines {
				return
			}
			k.i++
		case '#':
			if !lines {
				return
			}
			k.skipLine()
		default:
			return
		}
	}
}

func (k *keyLines) skipLine() {
	if n := strings.IndexByte(k.text[k.i:], '\n'); n >= 0 {
		k.i += n + 1
	} else {
		k.i = len(k.text)
	}
}
