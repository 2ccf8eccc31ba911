package mapping_test

import (
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer"
	"github.com/klantpuls/klantpuls/internal/importer/mapping"
)

// The canonical columns this package maps onto are the canonical importer's, name for name
// and in its order, with the same required ones.
func TestCanonicalColumns(t *testing.T) {
	for _, kind := range cx.Kinds {
		cols := importer.Columns(kind)
		names, required := mapping.CanonicalColumns(kind)
		if len(cols) != len(names) {
			t.Errorf("%s: %d columns, the importer has %d", kind, len(names), len(cols))
			continue
		}
		for i, c := range cols {
			if names[i] != c.Name || required[i] != (c.Required || c.Key) {
				t.Errorf("%s column %d: %s (required %v), the importer has %s (required %v)", kind, i, names[i], required[i], c.Name, c.Required || c.Key)
			}
		}
	}
}
