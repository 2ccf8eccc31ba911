package store

import (
	"context"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// AttrKeys finds records by an attribute: a tool that names a record by an id klantpuls keeps
// as an attribute (Shopify's order id; klantpuls keys the order by its name).
type AttrKeys interface {
	// KeysWithAttr returns the keys of the records of kind whose attribute name is value,
	// sorted; none is an empty list, not an error.
	KeysWithAttr(ctx context.Context, kind cx.Kind, name, value string) ([]string, error)
}
