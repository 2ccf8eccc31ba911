package store

import (
	"context"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Mappings keeps the mapping files saved by name (cx.SavedMapping). The store checks only that
// a mapping has a name, a text and who saved it; what a mapping file may say is the mapping
// parser's to check, before it is saved.
type Mappings interface {
	// SaveMapping stores m under its name, replacing one of that name; a zero m.Saved is now.
	SaveMapping(ctx context.Context, m *cx.SavedMapping) error
	// Mapping reads the mapping of that name; cx.ENOTFOUND when there is none.
	Mapping(ctx context.Context, name string) (*cx.SavedMapping, error)
	// Mappings reads every saved mapping, by name.
	Mappings(ctx context.Context) ([]cx.SavedMapping, error)
	// DeleteMapping removes the mapping of that name; cx.ENOTFOUND when there is none.
	DeleteMapping(ctx context.Context, name string) error
}
