package nearjson

import (
	"fmt"
	"strings"
	"testing"
)

func TestNear(t *testing.T) {
	for _, c := range []struct {
		got, want float64
		ok        bool
	}{
		{292, 292, true},
		{293, 292, false},                  // a count off by one
		{571.9999999999999, 572, true},     // a mean whole on one side only
		{13.702653219480695, 13.42, false}, // an interval moved
		{1 + 1e-12, 1, true},
		{1 + 1e-8, 1, false},
		{0, 0, true},
		{1e-300, 0, false},
	} {
		if got := Near(c.got, c.want); got != c.ok {
			t.Errorf("Near(%v, %v) = %v; want %v", c.got, c.want, got, c.ok)
		}
	}
}

// TestSame names each difference by its path, and finds none between equal documents.
func TestSame(t *testing.T) {
	want := DecodeText(t, `{"groups":[{"key":null,"metrics":{"nps":{"n":292,"value":13.4},"clv":null}}]}`)
	rec := &recorder{TB: t}
	Same(rec, "", DecodeText(t, `{"groups":[{"key":null,"metrics":{"nps":{"n":292,"value":13.400000000000001},"clv":null}}]}`), want)
	if len(rec.errs) != 0 {
		t.Errorf("equal documents: %v", rec.errs)
	}
	Same(rec, "", DecodeText(t, `{"groups":[{"key":"x","metrics":{"nps":{"n":293,"value":13.4},"clv":{}}}]}`), want)
	got := strings.Join(rec.errs, "\n")
	for _, path := range []string{".groups[0].key", ".groups[0].metrics.nps.n", ".groups[0].metrics.clv"} {
		if !strings.Contains(got, path+":") {
			t.Errorf("no difference at %s in:\n%s", path, got)
		}
	}
}

// recorder keeps the errors a comparison reports instead of failing the test.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, strings.TrimSpace(fmt.Sprintf(format, args...)))
}

func (r *recorder) Helper() {}
