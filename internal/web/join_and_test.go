package web

import "testing"

// TestJoinAnd: kinds are listed as a sentence lists them, the last after the language's and,
// for the connections page ("bestellingen en klanten") and a hook's refusal alike.
func TestJoinAnd(t *testing.T) {
	for _, tc := range []struct {
		name  string
		names []string
		and   string
		want  string
	}{
		{"none", nil, "and", ""},
		{"one", []string{"orders"}, "and", "orders"},
		{"two, in Dutch", []string{"bestellingen", "klanten"}, "en", "bestellingen en klanten"},
		{"three", []string{"orders", "tickets", "customers"}, "and", "orders, tickets and customers"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := joinAnd(tc.names, tc.and); got != tc.want {
				t.Errorf("joinAnd(%q, %q) = %q, want %q", tc.names, tc.and, got, tc.want)
			}
		})
	}
}
