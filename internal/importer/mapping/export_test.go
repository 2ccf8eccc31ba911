package mapping

import "github.com/klantpuls/klantpuls/internal/cx"

// CanonicalColumns are the columns this package maps a kind onto, for TestCanonicalColumns,
// which compares them with the importer's from outside (the importer imports this package).
func CanonicalColumns(kind cx.Kind) (names []string, required []bool) {
	for _, t := range canonical[kind] {
		names, required = append(names, t.name), append(required, t.required)
	}
	return names, required
}
