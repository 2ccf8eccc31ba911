package config

import (
	"strings"
	"testing"
)

func TestEngine(t *testing.T) {
	for _, tt := range []struct {
		name, file string
		want       Engine
		errs       []string // parts of the error; none = valid
	}{
		{"no section", "", Engine{Kind: EngineMemory}, nil},
		{"memory spelled out", "[engine]\nkind = \"memory\"\n", Engine{Kind: EngineMemory}, nil},
		{"shipping to ClickHouse", "[engine]\nclickhouse = \"clickhouse://10.0.0.7:9000/klantpuls\"\n",
			Engine{Kind: EngineMemory, ClickHouse: "clickhouse://10.0.0.7:9000/klantpuls"}, nil},
		{"reports from ClickHouse", "[engine]\nkind = \"clickhouse\"\nclickhouse = \"clickhouse://h/kp\"\n",
			Engine{Kind: EngineClickHouse, ClickHouse: "clickhouse://h/kp"}, nil},
		{"ClickHouse, its address from the environment", "[engine]\nkind = \"clickhouse\"\n", Engine{Kind: EngineClickHouse}, nil},
		{"an unknown kind", "[engine]\nkind = \"duckdb\"\n", Engine{}, []string{`engine.kind: "duckdb" is not an engine; there are "memory" and "clickhouse"`}},
		{"an HTTP address", "[engine]\nclickhouse = \"http://h:8123/kp\"\n", Engine{}, []string{"engine.clickhouse: not a ClickHouse address"}},
		{"no database", "[engine]\nclickhouse = \"clickhouse://h:9000\"\n", Engine{}, []string{"engine.clickhouse: the address names no database"}},
		{"a number", "[engine]\nclickhouse = 9000\n", Engine{}, []string{"engine.clickhouse: want a string"}},
		{"an unknown key", "[engine]\nshards = 3\n", Engine{}, []string{`unknown key "engine.shards"`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Parse([]byte(tt.file), "klantpuls.toml")
			if len(tt.errs) == 0 {
				if err != nil || cfg.Engine != tt.want {
					t.Fatalf("engine %+v, %v; want %+v", cfg.Engine, err, tt.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("accepted: %+v", cfg.Engine)
			}
			for _, part := range tt.errs {
				if !strings.Contains(err.Error(), part) || !strings.HasPrefix(err.Error(), "klantpuls.toml: ") {
					t.Errorf("error %q lacks %q", err, part)
				}
			}
		})
	}
}

func TestCheckClickHouse(t *testing.T) {
	if err := CheckClickHouse(""); err != nil {
		t.Errorf("none: %v", err)
	}
	err := CheckClickHouse("clickhouse://h:99999/kp")
	if err == nil || !strings.HasPrefix(err.Error(), "--clickhouse ($KLANTPULS_CLICKHOUSE): port") {
		t.Errorf("bad port: %v", err)
	}
}
