package clickhouse

import (
	"context"
	"fmt"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Settings of the shipped data that live beside it, such as what the derived columns were
// computed under (the business hours): a key's last written value counts, as a position's does.

// Setting returns the value last written under key ("" when none).
func (db *DB) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := db.conn.QueryRow(ctx, "SELECT argMax(value, written) FROM "+db.name+".settings WHERE key = ?", key).Scan(&v)
	if err != nil {
		return "", fmt.Errorf("clickhouse: unable to read the setting %s: %w", key, err)
	}
	return v, nil
}

// SetSetting writes value under key.
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	batch, err := db.conn.PrepareBatch(ctx, "INSERT INTO "+db.name+".settings (key, value, written)")
	if err == nil {
		defer batch.Close()
		if err = batch.Append(key, value, db.stamp()); err == nil {
			err = batch.Send()
		}
	}
	if err != nil {
		return fmt.Errorf("clickhouse: unable to write the setting %s: %w", key, err)
	}
	return nil
}

// Rebuild empties the table of kind and sets its position back to 0, so that the shipper's
// next pass ships every record of the kind again: what a change of the settings its derived
// columns were computed under needs. The table is dropped and made again (18.16 has no
// TRUNCATE for MergeTree tables).
func (db *DB) Rebuild(ctx context.Context, kind cx.Kind) error {
	t, ok := tableOf(kind)
	if !ok {
		return fmt.Errorf("clickhouse: no table for kind %q", kind)
	}
	if err := db.unsettle(ctx, kind); err != nil { // its rows are shipped again, in any order
		return err
	}
	if err := db.dropCopies(ctx, kind); err != nil {
		return err
	}
	stmts := []string{"DROP TABLE IF EXISTS " + db.name + "." + string(kind), db.createTable(t)}
	if err := db.execSchema(ctx, stmts, "rebuild "+string(kind)); err != nil {
		return err
	}
	return db.SetPosition(ctx, kind, 0)
}

// ThroughSetting is the setting where the shipper writes what its last whole pass read up to
// and left the positions at (app: passedThrough).
const ThroughSetting = "shipped-through"

// PositionsKey is the positions of every kind as one string (shipped).
func (db *DB) PositionsKey(ctx context.Context) (string, error) {
	key, _, err := db.shipped(ctx)
	return key, err
}

// StoreSetting is the setting that holds the identity of the store whose changes the database
// holds (app.DatabaseID): the positions count that store's changes. A store restored from a
// backup gets a new identity, and its change numbers go back, so positions of the old one say
// nothing of it.
const StoreSetting = "store"

// Positions is the position of every kind shipped (kinds with none left out).
func (db *DB) Positions(ctx context.Context) (map[cx.Kind]uint64, error) {
	_, at, err := db.shipped(ctx)
	return at, err
}

// Reset empties the database for a rebuild from the store: it is dropped, on every node of its
// cluster, and made again with no records, positions or settings, so that the shipper ships
// every change again. A report reading meanwhile fails on a missing table, as during
// `klantpuls clickhouse rebuild`.
func (db *DB) Reset(ctx context.Context) error {
	if err := db.execSchema(ctx, []string{"DROP DATABASE IF EXISTS " + db.name}, "drop the database"); err != nil {
		return err
	}
	return db.createSchema(ctx)
}
