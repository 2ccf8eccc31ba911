package cx

import "testing"

// An id that is an e-mail address is keyed as its address is (lower case, bare); any other id,
// or text with an @ that is no address, is as it is.
func TestCustomerKey(t *testing.T) {
	for _, c := range []struct{ id, want string }{
		{"Anna@Example.NL", "anna@example.nl"},
		{"anna@example.nl", "anna@example.nl"},
		{"Jan de Vries <Jan@Example.NL>", "jan@example.nl"},
		{"C-1042", "C-1042"},
		{"Klant@", "Klant@"},
		{"@Twitter", "@Twitter"},
	} {
		if got := CustomerKey(c.id); got != c.want {
			t.Errorf("CustomerKey(%q) = %q, want %q", c.id, got, c.want)
		}
	}
}
