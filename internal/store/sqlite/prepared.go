package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store/sqldb"
)

// prepared are the statements of a small write — one record from the API or a webhook delivery
// — prepared once on the write connection. database/sql prepares nothing by itself, and the
// pure-Go SQLite parsed each of them anew in every transaction: half of a one-record write's
// time (BenchmarkHookDeliveries). A transaction runs them through sql.Tx.StmtContext, which
// reuses what the connection prepared (and prepares it again on a new connection).
type prepared map[string]*sql.Stmt

// prepare prepares the statements on db. It must run before any transaction is open: with one
// connection, preparing waits for it.
func prepare(ctx context.Context, db *sql.DB) (prepared, error) {
	queries := []string{readSeq, writeSeq}
	for _, kind := range cx.Kinds {
		t, err := sqldb.TableFor(kind)
		if err != nil {
			return nil, err
		}
		queries = append(queries, lastRowSQL(t), countNewSQL(t), upsertSQL(t, 1))
	}
	for _, q := range sqldb.DeliveryStatements {
		queries = append(queries, dialect.SQL(q))
	}
	p := prepared{}
	for _, q := range queries {
		stmt, err := db.PrepareContext(ctx, q)
		if err != nil {
			p.close()
			return nil, fmt.Errorf("store: unable to prepare %.60q: %w", q, err)
		}
		p[q] = stmt
	}
	return p, nil
}

func (p prepared) close() error {
	var errs []error
	for _, stmt := range p {
		errs = append(errs, stmt.Close())
	}
	return errors.Join(errs...)
}

// The statements of every write transaction, with the kind's table where they read one.
const (
	readSeq  = "SELECT seq FROM meta"
	writeSeq = "UPDATE meta SET seq = ?"
)

func lastRowSQL(t *sqldb.Table) string {
	return "SELECT coalesce(max(rowid), 0) FROM " + string(t.Kind)
}

func countNewSQL(t *sqldb.Table) string {
	return "SELECT count(*) FROM " + string(t.Kind) + " WHERE rowid > ?"
}

// stmt is query as tx runs it: prepared once when it is among p, else prepared now.
func (p prepared) exec(ctx context.Context, tx *sql.Tx, query string, args ...any) (sql.Result, error) {
	if stmt := p[query]; stmt != nil {
		return tx.StmtContext(ctx, stmt).ExecContext(ctx, args...)
	}
	return tx.ExecContext(ctx, query, args...)
}

func (p prepared) queryRow(ctx context.Context, tx *sql.Tx, query string, args ...any) *sql.Row {
	if stmt := p[query]; stmt != nil {
		return tx.StmtContext(ctx, stmt).QueryRowContext(ctx, args...)
	}
	return tx.QueryRowContext(ctx, query, args...)
}
