package engine

import (
	"fmt"
	"strings"
	"testing"
)

// TestNamesSpellings: values compare trimmed and case-insensitively and show as first seen
// (data.md section 2), whether a spelling was seen before (remembered) or not — also past the
// number of spellings remembered.
func TestNamesSpellings(t *testing.T) {
	cases := []struct {
		name      string
		values    []string
		want      []uint16
		wantShown []string
	}{
		{"one agent in three spellings", []string{"Vera van Dijk ", "vera van dijk", " VERA VAN DIJK", "Vera van Dijk "},
			[]uint16{1, 1, 1, 1}, []string{"", "Vera van Dijk"}},
		{"no value", []string{"", "  ", "chat", ""}, []uint16{0, 0, 1, 0}, []string{"", "chat"}},
		{"two teams, the second seen again", []string{"Support", "Webshop", "webshop", "Support "},
			[]uint16{1, 2, 2, 1}, []string{"", "Support", "Webshop"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n := newNames()
			for i, v := range c.values {
				if got := n.id(v); got != c.want[i] {
					t.Errorf("id(%q) = %d, want %d", v, got, c.want[i])
				}
			}
			if strings.Join(n.shown, "|") != strings.Join(c.wantShown, "|") {
				t.Errorf("shown %q, want %q", n.shown, c.wantShown)
			}
		})
	}
	t.Run("more spellings than remembered", func(t *testing.T) {
		n := newNames()
		const distinct = maxSpellings + 500
		for i := range distinct {
			if got, want := n.id(fmt.Sprintf("agent %d", i)), uint16(i+1); got != want {
				t.Fatalf("agent %d: id %d, want %d", i, got, want)
			}
		}
		for i := range distinct {
			if got, want := n.id(fmt.Sprintf("AGENT %d ", i)), uint16(i+1); got != want {
				t.Fatalf("AGENT %d: id %d, want %d", i, got, want)
			}
		}
		if len(n.spelled) > maxSpellings {
			t.Errorf("%d spellings remembered, at most %d", len(n.spelled), maxSpellings)
		}
	})
}
