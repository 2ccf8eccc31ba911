package mapping

import (
	"embed"
	"errors"
	"fmt"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"

	"github.com/klantpuls/klantpuls/internal/importer/cells"
)

// Parse reads a mapping file. name is how messages call it (the file name, or a preset's).
// Every mistake is an error naming the file, the line, the TOML key and what to write instead,
// worded in a reader's language by cells.Reason; a key the format does not have is a mistake
// too, so a misspelt rule never silently does nothing.
func Parse(name string, data []byte) (*Map, error) {
	m, err := parse(name, data)
	var fm *fileMistake
	if errors.As(err, &fm) {
		return nil, fm.at(name, string(data))
	}
	return m, err
}

func parse(name string, data []byte) (*Map, error) {
	var f fileMap
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		return nil, notDecoded(name, string(data), err)
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		return nil, unknownKey(keys[0])
	}
	return f.build(name)
}

// wrongType picks the line, the key and the two kinds of value out of the toml package's
// message for a value whose kind does not fit the key, which otherwise names Go's types.
var wrongType = regexp.MustCompile(`^toml: line (\d+) \(last key ("(?:[^"\\]|\\.)*")\): (?:incompatible types: TOML value has type (.+); destination has type (\w+)|type mismatch for \S+: expected (\w+) but found (.+))$`)

// keyTwice is the toml package's message for a key written twice, as a mapping's author most
// often does it: a field mapped twice.
var keyTwice = regexp.MustCompile(`^Key '(.+)' has already been defined\.$`)

// notDecoded words an error of toml.Decode: the file is not TOML, a key is written twice, or a
// value is of a kind its key does not take.
func notDecoded(name, text string, err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		if m := keyTwice.FindStringSubmatch(pe.Message); m != nil {
			return &fileMistake{key: m[1], line: pe.Position.Line, m: msgKeyTwice, args: []any{lineOf(text, m[1])}}
		}
		return &fileMistake{line: pe.Position.Line, m: msgNotTOML, args: []any{pe.Message}}
	}
	m := wrongType.FindStringSubmatch(err.Error())
	if m == nil {
		return fmt.Errorf("%s: %v", name, strings.TrimPrefix(err.Error(), "toml: "))
	}
	line, _ := strconv.Atoi(m[1])
	key, _ := strconv.Unquote(m[2])
	written, takes := valueWords[m[3]+m[6]], takesWords[m[4]+m[5]]
	if written.EN == "" || takes.EN == "" {
		return fmt.Errorf("%s:%d: %s: %v", name, line, key, m[0][len("toml: "):])
	}
	return &fileMistake{key: key, line: line, m: msgWrongType, args: []any{cells.Message(takes), cells.Message(written)}}
}

// unknownKey words a key the format does not have, with the keys its table takes.
func unknownKey(key toml.Key) error {
	depth := len(key) - 1
	switch {
	case depth == 1 && key[0] == "recognise":
		return mistake(key.String(), msgUnknownRecognise)
	case depth == 1 && key[0] == "kinds":
		depth = 0 // a kind that is not a table: kinds.tickets = 1
	case depth == 3 && key[2] != "fields":
		depth = 2
	}
	if known, ok := keysAt[depth]; ok {
		return mistake(key.String(), msgUnknownKey, known)
	}
	return mistake(key.String(), msgUnknownAnywhere)
}

//go:embed presets/*.toml
var presetFiles embed.FS

// Presets returns the embedded mapping files, parsed, by name. A preset that does not parse
// is a bug of the build: TestPresetsParse catches it, and here it panics at first use.
// They are parsed once: a page lists them and each upload is recognised by them, and a Map is
// never changed after Parse (an Engine keeps its own state), so every caller shares them.
func Presets() []*Map { return slices.Clone(presets()) }

var presets = sync.OnceValue(func() []*Map {
	entries, err := presetFiles.ReadDir("presets")
	if err != nil {
		panic(err)
	}
	var maps []*Map
	for _, e := range entries {
		data, err := presetFiles.ReadFile(path.Join("presets", e.Name()))
		if err != nil {
			panic(err)
		}
		m, err := Parse(strings.TrimSuffix(e.Name(), ".toml"), data)
		if err != nil {
			panic(err)
		}
		maps = append(maps, m)
	}
	sort.Slice(maps, func(i, j int) bool { return maps[i].Name < maps[j].Name })
	return maps
})

// Preset returns the embedded mapping of that name (zendesk-tickets, shopify-orders, …). Its
// error is worded in a reader's language by cells.Reason.
func Preset(name string) (*Map, error) {
	var names []string
	for _, m := range presets() {
		if m.Name == name {
			return m, nil
		}
		names = append(names, m.Name)
	}
	return nil, msgNoPreset.Err(name, strings.Join(names, ", "))
}

// Recognises tells whether a file's first header row holds every column the map recognises
// its source by (trimmed, case-insensitively). A map that names none recognises nothing.
func (m *Map) Recognises(header []string) bool {
	if len(m.Recognise) == 0 {
		return false
	}
	for _, want := range m.Recognise {
		if find(header, want) < 0 {
			return false
		}
	}
	return true
}

// Recognised returns the presets that recognise a file's first header row (normally one or
// none: TestPresetsParse keeps the presets' own headers apart), then those of saved (mappings
// saved in the browser import) that do; ofPresets is how many of found are presets. The command
// line and the browser both ask here, so they agree on what a file looks like.
func Recognised(header []string, saved ...*Map) (found []*Map, ofPresets int) {
	for _, m := range presets() {
		if m.Recognises(header) {
			found = append(found, m)
		}
	}
	ofPresets = len(found)
	for _, m := range saved {
		if m.Recognises(header) {
			found = append(found, m)
		}
	}
	return found, ofPresets
}

// find is the position of the column of that name, -1 when absent, -2 when twice.
func find(header []string, name string) int {
	at := -1
	for i, h := range header {
		if strings.EqualFold(strings.TrimSpace(h), strings.TrimSpace(name)) {
			if at >= 0 {
				return -2
			}
			at = i
		}
	}
	return at
}
