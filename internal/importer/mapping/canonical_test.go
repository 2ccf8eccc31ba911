package mapping

import (
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer"
)

// The canonical columns this package maps onto are the canonical importer's, name for name
// and in its order, with the same required ones.
func TestCanonicalColumns(t *testing.T) {
	for _, kind := range cx.Kinds {
		cols := importer.Columns(kind)
		if len(cols) != len(canonical[kind]) {
			t.Errorf("%s: %d columns, the importer has %d", kind, len(canonical[kind]), len(cols))
			continue
		}
		for i, c := range cols {
			if got := canonical[kind][i]; got.name != c.Name || got.required != (c.Required || c.Key) {
				t.Errorf("%s column %d: %s (required %v), the importer has %s (required %v)", kind, i, got.name, got.required, c.Name, c.Required || c.Key)
			}
		}
	}
}
