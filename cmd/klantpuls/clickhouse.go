package main

import (
	"errors"
	"fmt"

	"github.com/klantpuls/klantpuls/internal/app"
)

// clickhouseCmd is what an operator does to the ClickHouse database the serve nodes ship to
// (issue 18; README, Production layout).
type clickhouseCmd struct {
	Rebuild clickhouseRebuildCmd `cmd:"" help:"Drop the ClickHouse database (on every node of its cluster) and ship every record of the store into it again."`
}

type clickhouseRebuildCmd struct {
	// The config file's [engine] clickhouse, replaced by this when given (as serve's).
	ClickHouse string `name:"clickhouse" env:"KLANTPULS_CLICKHOUSE" help:"The ClickHouse database to rebuild (clickhouse://HOST:PORT/DATABASE[?cluster=NAME]; replaces [engine] clickhouse of the config)." placeholder:"DSN"`
}

// Run rebuilds ClickHouse from the store. A serve node that holds the lease of shipping ships
// everything again itself; otherwise this process does, and tells how fast.
func (c *clickhouseRebuildCmd) Run(e *env) error {
	a, err := e.openStored()
	if err != nil {
		return err
	}
	defer a.Close()
	dsn, err := (&serveCmd{ClickHouse: c.ClickHouse}).clickHouse(a.Config)
	if err != nil {
		return err
	}
	if dsn == "" {
		return usageError{errors.New("no ClickHouse to rebuild: give --clickhouse (or $KLANTPULS_CLICKHOUSE) or set [engine] clickhouse in the config file; nothing was dropped")}
	}
	r, err := a.RebuildClickHouse(e.ctx, dsn, "rebuild:"+app.Holder(), a.Log)
	if err != nil {
		return err
	}
	if r.LeftToNode {
		fmt.Fprintln(e.stdout, "ClickHouse dropped; the serve node that ships (it holds the lease) ships every record again: its log tells how far it is.")
		return nil
	}
	n, secs := r.Shipped.Total(), r.Took.Seconds()
	fmt.Fprintf(e.stdout, "ClickHouse rebuilt: %d changes shipped in %.1f s (%.0f a second).\n", n, secs, float64(n)/max(secs, 1e-9))
	return nil
}
