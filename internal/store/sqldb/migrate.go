package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"path"

	"github.com/pressly/goose/v3"

	"github.com/klantpuls/klantpuls/internal/store"
)

// Migrations are one dialect's set: the SQL files in the folder "migrations" of SQL, and those
// written in Go (a rule of the code applied to the rows there: AddressKeys), whose versions
// are among the files'.
type Migrations struct {
	SQL fs.FS
	Go  []*goose.Migration
}

// Provider returns a goose provider of m, with no logger and no part in goose's global state,
// which both stores share.
func Provider(db *sql.DB, dialect goose.Dialect, m Migrations, opts ...goose.ProviderOption) (*goose.Provider, error) {
	dir, err := fs.Sub(m.SQL, "migrations")
	if err != nil {
		return nil, err
	}
	opts = append(opts, goose.WithLogger(goose.NopLogger()), goose.WithDisableGlobalRegistry(true), goose.WithGoMigrations(m.Go...))
	return goose.NewProvider(dialect, db, dir, opts...)
}

// Migrate applies the migrations of m that db has not had yet. A database that has had them
// all is left as it is without a goose provider, which parses every file before it can tell:
// each command of the command line opens the database, and in a race-detector build the parse
// alone cost some 0.17 s of CPU an open (the web tests' profile: 32 s over ~190 databases):
// goose's scanner takes a 4 MiB buffer a line from a pool the race detector empties at random.
//
// It returns the versions before and after and how many migrations it applied.
func Migrate(ctx context.Context, db *sql.DB, dialect goose.Dialect, m Migrations, opts ...goose.ProviderOption) (store.Migration, error) {
	done, at, err := migrated(ctx, db, m)
	var newer *NewerSchemaError
	did := store.Migration{From: at, To: at}
	switch {
	case errors.As(err, &newer):
		return store.Migration{}, err
	case err == nil && done:
	default:
		if did, err = up(ctx, db, dialect, m, at, opts...); err != nil {
			return store.Migration{}, fmt.Errorf("store: unable to migrate: %w", err)
		}
	}
	mark := "?"
	if dialect == goose.DialectPostgres {
		mark = "$"
	}
	if err := backfill(ctx, db, mark); err != nil {
		return store.Migration{}, fmt.Errorf("store: unable to write the keys of names stored before this version: %w", err)
	}
	return did, nil
}

// up applies with goose what db, at version at, lacks of m. Another node may have migrated
// between that look and goose's lock: then this one applied nothing, and says the version
// goose found as both before and after.
func up(ctx context.Context, db *sql.DB, dialect goose.Dialect, m Migrations, at int64, opts ...goose.ProviderOption) (store.Migration, error) {
	p, err := Provider(db, dialect, m, opts...)
	if err != nil {
		return store.Migration{}, err
	}
	results, err := p.Up(ctx)
	if err != nil {
		return store.Migration{}, err
	}
	to, err := p.GetDBVersion(ctx)
	if err != nil {
		return store.Migration{}, err
	}
	if len(results) == 0 {
		at = to
	}
	return store.Migration{From: at, To: to, Applied: len(results)}, nil
}

// CheckSchema tells whether this klantpuls knows db's schema: a *NewerSchemaError when a newer
// one migrated it. It writes nothing, so a restore asks it of a backup before putting it in
// place (opening it would be too late: the database it replaced is gone).
func CheckSchema(ctx context.Context, db *sql.DB, m Migrations) error {
	_, _, err := migrated(ctx, db, m)
	var newer *NewerSchemaError
	if errors.As(err, &newer) {
		return err
	}
	return nil
}

// migrated tells whether db records every migration of m as applied in goose's table (a
// goose provider writes a row per applied version and deletes it when the version goes down),
// and the newest version applied. Any doubt — no table yet, a file name goose would refuse —
// leaves the answer to goose.
func migrated(ctx context.Context, db *sql.DB, m Migrations) (bool, int64, error) {
	files, err := fs.ReadDir(m.SQL, "migrations")
	if err != nil {
		return false, 0, err
	}
	rows, err := db.QueryContext(ctx, "SELECT version_id FROM "+goose.DefaultTablename+" WHERE is_applied")
	if err != nil {
		return false, 0, err
	}
	defer rows.Close()
	applied := map[int64]bool{}
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return false, 0, err
		}
		applied[v] = true
	}
	if err := rows.Err(); err != nil {
		return false, 0, err
	}
	known, all := int64(0), true
	for _, f := range files {
		if f.IsDir() || path.Ext(f.Name()) != ".sql" {
			continue
		}
		v, err := goose.NumericComponent(f.Name()) // goose's own reading of a file's version
		if err != nil {
			return false, 0, fmt.Errorf("store: migration %s: %w", f.Name(), err)
		}
		known = max(known, v)
		all = all && applied[v]
	}
	for _, g := range m.Go {
		known = max(known, g.Version)
		all = all && applied[g.Version]
	}
	// The newest unknown version is the release to run at least; a map's order would name any.
	at := int64(0)
	for v := range applied {
		at = max(at, v)
	}
	if at > known {
		return false, at, &NewerSchemaError{Schema: at, Known: known}
	}
	return all, at, nil
}

// NewerSchemaError is a database a newer klantpuls has migrated: this one does not know its
// tables (a binary rolled back, a backup of a newer installation restored) and would write
// what the newer one then misreads, so it refuses to open it rather than go on without a word.
type NewerSchemaError struct {
	Schema, Known int64
}

func (e *NewerSchemaError) Error() string {
	return fmt.Sprintf("store: the database was brought to schema version %d by a newer klantpuls; this one knows up to %d: run that version or a later one", e.Schema, e.Known)
}
