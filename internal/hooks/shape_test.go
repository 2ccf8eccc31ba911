package hooks

import (
	"strings"
	"testing"
)

func TestShapingRefuses(t *testing.T) {
	for _, c := range []struct {
		sh      shaping
		payload map[string]any
		want    string
	}{
		{shaping{sums: map[string][]string{"paid": {"total"}}}, map[string]any{"total": "1e999999"}, `total: "1e999999" is no amount`},
		{shaping{sums: map[string][]string{"paid": {"refunds[].total"}}}, map[string]any{"refunds": []any{map[string]any{"total": "x"}}}, `refunds.0.total: "x" is no amount`},
		{shaping{unix: []string{"created_at"}}, map[string]any{"created_at": "NaN"}, `created_at: "NaN" is no time in Unix seconds`},
		{shaping{unix: []string{"created_at"}}, map[string]any{"created_at": "-5"}, `is no time in Unix seconds`},
	} {
		if err := c.sh.apply(c.payload); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: got %v, want %q", c.payload, err, c.want)
		}
	}
}

// Money adds up exactly: 0.1 + 0.2 is 0.3, not 0.30000000000000004.
func TestSumsExactly(t *testing.T) {
	p := map[string]any{"a": "0.1", "l": []any{map[string]any{"b": "0.2"}, map[string]any{"b": "-1.05"}}}
	if err := (shaping{sums: map[string][]string{"s": {"a", "l[].b"}}}).apply(p); err != nil || p["s"] != "-0.75" {
		t.Errorf("got %v, %v; want -0.75", p["s"], err)
	}
}
