package main

import (
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
		return e.refused(msgNoClickHouse)
	}
	r, err := a.RebuildClickHouse(e.ctx, dsn, "rebuild:"+app.Holder(), a.Log)
	if err != nil {
		return err
	}
	if r.LeftToNode {
		e.say(e.stdout, msgClickHouseLeft)
		return nil
	}
	n, secs := r.Shipped.Total(), r.Took.Seconds()
	e.say(e.stdout, msgClickHouseRebuilt, e.count(countChanges, int(n)), e.number(secs, 1), e.number(float64(n)/max(secs, 1e-9), 0))
	return nil
}
