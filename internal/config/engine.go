package config

import (
	"strings"

	"github.com/klantpuls/klantpuls/internal/clickhouse"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// Engine kinds: the in-memory engine answers reports; ClickHouse's report engine (issue 18)
// is not complete yet, so only its shipper runs.
const (
	EngineMemory     = "memory"
	EngineClickHouse = "clickhouse"
)

// Engine is [engine]: which engine answers reports, and the ClickHouse database the shipper
// keeps current when ClickHouse is set ($KLANTPULS_CLICKHOUSE replaces it at serve).
type Engine struct {
	Kind       string // EngineMemory
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
		// Refused until every part of a report has parity with the in-memory engine (issue 18).
		c.fail("engine.kind", `"clickhouse" is not available yet: the ClickHouse report engine answers only part of a report `+
			`(%s; not yet %s) beside its shipper; `+
			`leave kind out (or "memory") and set engine.clickhouse to ship the records into ClickHouse`, strings.Join(clickhouse.Built(), ", "), strings.Join(clickhouse.ToCome(), ", "))
	default:
		c.fail("engine.kind", "%q is not an engine; the one there is: %q", kind, EngineMemory)
	}
	if e.ClickHouse != "" {
		if _, err := clickhouse.ParseDSN(e.ClickHouse); err != nil {
			c.fail("engine.clickhouse", "%v", err)
		}
	}
	return e
}

// CheckClickHouse checks a ClickHouse address ("" is none); where names its source in the
// error (engine.clickhouse, $KLANTPULS_CLICKHOUSE).
func CheckClickHouse(dsn, where string) error {
	if dsn == "" {
		return nil
	}
	if _, err := clickhouse.ParseDSN(dsn); err != nil {
		return cx.Errorf(cx.EINVALID, "%s: %v", where, err)
	}
	return nil
}
