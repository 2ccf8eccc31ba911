package mapping

import (
	"regexp"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// A saved mapping is a mapping file kept by name in the database (cx.SavedMapping): made in the
// browser's column-by-column form, perhaps edited there, and read again for later files of the
// same source, in the browser or with `klantpuls import --mapping NAME`. Its text comes from a
// form, so it is untrusted: bounded in size, and checked whole by Parse before it is kept.

// MaxSavedSize is the largest mapping text saved: a map of every column of every kind, with
// value lists, is a few kilobytes.
const MaxSavedSize = 64 << 10

// savedName is a saved mapping's name: as a preset's, lower-case letters, digits and dashes,
// so it is written on a command line without quotes and in a URL without escapes.
var savedName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

// CheckName refuses a name a saved mapping cannot have: one not of lower-case letters, digits
// and dashes, or a preset's, which --preset already names. Its error is worded in a reader's
// language by cells.Reason.
func CheckName(name string) error {
	if !savedName.MatchString(name) {
		return msgSavedName.Err(name)
	}
	if _, err := Preset(name); err == nil {
		return msgPresetsName.Err(name, name)
	}
	return nil
}

// ParseSaved reads a saved mapping's text: its name checked, its size bounded, then Parse.
func ParseSaved(name, text string) (*Map, error) {
	if err := CheckName(name); err != nil {
		return nil, err
	}
	return ParseBounded(name, text)
}

// ParseBounded is Parse of a text from a form, refused unread when longer than MaxSavedSize.
func ParseBounded(name, text string) (*Map, error) {
	if len(text) > MaxSavedSize {
		return nil, msgTooBig.ErrAt(name, len(text)>>10, MaxSavedSize>>10)
	}
	return Parse(name, []byte(text))
}

// Kinds are the kinds of record the map yields, in the order of cx.Kinds.
func (m *Map) Kinds() []cx.Kind {
	out := make([]cx.Kind, len(m.kinds))
	for i, km := range m.kinds {
		out[i] = km.kind
	}
	return out
}
