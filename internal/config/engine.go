package config

import (
	"github.com/klantpuls/klantpuls/internal/clickhouse"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// Engine kinds: the in-memory engine answers reports, or ClickHouse's report engine (issue 18)
// from the records the shipper keeps current there.
const (
	EngineMemory     = "memory"
	EngineClickHouse = "clickhouse"
)

// Engine is [engine]: which engine answers reports, and the ClickHouse database the shipper
// keeps current when ClickHouse is set ($KLANTPULS_CLICKHOUSE replaces it at serve).
type Engine struct {
	Kind       string // EngineMemory or EngineClickHouse
	ClickHouse string // clickhouse://HOST:PORT/DATABASE[?cluster=NAME], "" = no shipping
}

type rawEngine struct {
	Kind       value `toml:"kind"`
	ClickHouse value `toml:"clickhouse"`
}

func (c *checker) engine(r *rawEngine) Engine {
	e := Engine{Kind: EngineMemory, ClickHouse: c.text("engine.clickhouse", r.ClickHouse, "")}
	switch kind := c.text("engine.kind", r.Kind, EngineMemory); kind {
	case EngineMemory:
	case EngineClickHouse:
		// Reports from ClickHouse (issue 18): the database is engine.clickhouse, or
		// $KLANTPULS_CLICKHOUSE / serve --clickhouse, which replace it (app.AnswerFromClickHouse
		// refuses the kind without one).
		e.Kind = EngineClickHouse
	default:
		c.add(cx.Refuse(cx.EINVALID, "", "config_not_an_engine", "%s: %s: %q is not an engine; there are %q and %q", c.name, "engine.kind", kind, EngineMemory, EngineClickHouse))
	}
	if e.ClickHouse != "" {
		if _, err := clickhouse.ParseDSN(e.ClickHouse); err != nil {
			c.said("engine.clickhouse", err)
		}
	}
	return e
}

// CheckClickHouse checks the ClickHouse address of --clickhouse ($KLANTPULS_CLICKHOUSE), "" for
// none; the mistake names the flag, in the command's language (engine.clickhouse of the file is
// said by the file's checker).
func CheckClickHouse(dsn string) error {
	if dsn == "" {
		return nil
	}
	if _, err := clickhouse.ParseDSN(dsn); err != nil {
		return cx.Refuse(cx.EINVALID, "", "flag_clickhouse_said", "--clickhouse ($KLANTPULS_CLICKHOUSE): %v", err)
	}
	return nil
}
