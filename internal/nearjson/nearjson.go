// Package nearjson compares figures as their JSON has them, for tests of two ways to one
// answer (the in-memory engine and ClickHouse): the same fields, arrays and texts; a number
// whole on both sides (a count) exactly, any other to 1e-9 relative, as issue 18 asks of the
// ClickHouse engine.
package nearjson

import (
	"encoding/json"
	"fmt"
	"math"
	"testing"
)

// Decode is v as JSON decodes it (maps, slices, float64, strings, bools, nil).
func Decode(t testing.TB, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return DecodeText(t, string(b))
}

// DecodeText decodes a JSON document.
func DecodeText(t testing.TB, doc string) any {
	t.Helper()
	var out any
	if err := json.Unmarshal([]byte(doc), &out); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, doc)
	}
	return out
}

// Same reports every difference of got from want (decoded JSON) as an error of t, each named
// by where and its path (".groups[0].metrics.nps.n").
func Same(t testing.TB, where string, got, want any) {
	t.Helper()
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok || len(g) != len(w) {
			t.Errorf("%s: %v; want %v", where, got, want)
			return
		}
		for k, wv := range w {
			Same(t, where+"."+k, g[k], wv)
		}
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			t.Errorf("%s: %v; want %v", where, got, want)
			return
		}
		for i := range w {
			Same(t, fmt.Sprintf("%s[%d]", where, i), g[i], w[i])
		}
	case float64:
		g, ok := got.(float64)
		if !ok || !Near(g, w) {
			t.Errorf("%s: %v; want %v", where, got, want)
		}
	default:
		if got != want {
			t.Errorf("%s: %v; want %v", where, got, want)
		}
	}
}

// Near reports whether got is want: exactly when both are whole (counts must match; a mean
// that is whole on one side only, 572 and 571.9999999999999, is compared as the rest), else
// to 1e-9 relative.
func Near(got, want float64) bool {
	if want == math.Trunc(want) && got == math.Trunc(got) && math.Abs(want) < 1e12 {
		return got == want
	}
	return math.Abs(got-want) <= 1e-9*math.Abs(want)
}
