package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
)

// Provider returns a goose provider of the migrations in the folder "migrations" of fsys, one set
// per dialect, with no logger and no part in goose's global state, which both stores share.
func Provider(db *sql.DB, dialect goose.Dialect, fsys fs.FS, opts ...goose.ProviderOption) (*goose.Provider, error) {
	dir, err := fs.Sub(fsys, "migrations")
	if err != nil {
		return nil, err
	}
	opts = append(opts, goose.WithLogger(goose.NopLogger()), goose.WithDisableGlobalRegistry(true))
	return goose.NewProvider(dialect, db, dir, opts...)
}

// Migrate applies the migrations of fsys that db has not had yet.
func Migrate(ctx context.Context, db *sql.DB, dialect goose.Dialect, fsys fs.FS, opts ...goose.ProviderOption) error {
	p, err := Provider(db, dialect, fsys, opts...)
	if err == nil {
		_, err = p.Up(ctx)
	}
	if err != nil {
		return fmt.Errorf("store: unable to migrate: %w", err)
	}
	return nil
}
