package app

import (
	"context"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Saved mappings (store.Mappings): mapping files saved by name from the browser import. What a
// mapping may say is checked by the mapping parser (mapping.ParseSaved) before it comes here;
// app keeps them like the import history, beside the records.

// SavedSource begins the Source of a run read by a saved mapping ("mapping:winkel-orders"), in
// the history and the browser's form alike.
const SavedSource = "mapping:"

// SaveMapping stores m under its name and tells whether it replaced a mapping of that name.
func (a *App) SaveMapping(ctx context.Context, m *cx.SavedMapping) (replaced bool, err error) {
	_, err = a.mappings.Mapping(ctx, m.Name)
	switch {
	case err == nil:
		replaced = true
	case cx.ErrorCode(err) != cx.ENOTFOUND:
		return false, err
	}
	m.Actor = clean(m.Actor, 320)
	return replaced, a.mappings.SaveMapping(ctx, m)
}

// Mapping reads the saved mapping of that name (cx.ENOTFOUND, naming it, when there is none).
func (a *App) Mapping(ctx context.Context, name string) (*cx.SavedMapping, error) {
	m, err := a.mappings.Mapping(ctx, name)
	if cx.ErrorCode(err) == cx.ENOTFOUND {
		return nil, cx.Errorf(cx.ENOTFOUND, "no saved mapping %q (see the import page, or klantpuls import --list-presets)", name)
	}
	return m, err
}

// Mappings reads every saved mapping, by name.
func (a *App) Mappings(ctx context.Context) ([]cx.SavedMapping, error) {
	return a.mappings.Mappings(ctx)
}

// DeleteMapping removes the saved mapping of that name (cx.ENOTFOUND when there is none).
func (a *App) DeleteMapping(ctx context.Context, name string) error {
	return a.mappings.DeleteMapping(ctx, name)
}
