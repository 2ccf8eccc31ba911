package mapping

import (
	"embed"
	"errors"
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
)

// Parse reads a mapping file. name is how messages call it (the file name, or a preset's).
// Every mistake is an error naming the file, the TOML key and what to write instead; a key the
// format does not have is a mistake too, so a misspelt rule never silently does nothing.
func Parse(name string, data []byte) (*Map, error) {
	var f fileMap
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("%s:%d: %s (the file is not TOML; see docs/mapping.md)", name, pe.Position.Line, pe.Message)
		}
		return nil, fmt.Errorf("%s: %v", name, strings.TrimPrefix(err.Error(), "toml: "))
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		return nil, unknownKey(name, keys[0])
	}
	return f.build(name)
}

// unknownKey words a key the format does not have, with the keys its table takes.
func unknownKey(name string, key toml.Key) error {
	depth := len(key) - 1
	switch {
	case depth == 1 && key[0] == "recognise":
		return mistake(name, key.String(), "unknown key; [recognise] takes columns = [\"…\"]")
	case depth == 1 && key[0] == "kinds":
		depth = 0 // a kind that is not a table: kinds.tickets = 1
	case depth == 3 && key[2] != "fields":
		depth = 2
	}
	if known, ok := keysAt[depth]; ok {
		return mistake(name, key.String(), "unknown key; this table takes %s", known)
	}
	return mistake(name, key.String(), "unknown key; see docs/mapping.md for the keys of a mapping file")
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
