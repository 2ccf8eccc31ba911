package importer

import "github.com/klantpuls/klantpuls/internal/cx"

// Column is a known column of an import file, as docs/import.md lists it.
type Column struct {
	Name     string
	Required bool
	Key      bool // the row's id (a review's key is review_id and criterion)
}

// Columns returns the known columns of a kind, the key first, in the order kinds.go gives them;
// nil for an unknown kind. Any other column of a file is kept as an attribute.
func Columns(kind cx.Kind) []Column {
	spec, ok := kinds[kind]
	if !ok {
		return nil
	}
	out := make([]Column, len(spec.columns))
	for i, c := range spec.columns {
		out[i] = Column{Name: c.name, Required: c.required,
			Key: i == 0 || kind == cx.KindReviews && c.name == "criterion"}
	}
	return out
}
