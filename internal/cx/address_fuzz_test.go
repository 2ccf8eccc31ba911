package cx

import (
	"net/mail"
	"testing"
)

// FuzzAddressKey: AddressKey reads any text without failing, and an address has one key
// however it is written: the key of the address alone is the key of the same address with a
// name before it — what an unsubscribe given under one writing and an invitation under another
// rely on.
func FuzzAddressKey(f *testing.F) {
	for _, s := range []string{"jan@example.nl", "Jan de Vries <JAN@Example.NL>", `"Jan" <jan@example.nl>`,
		"jan.example.nl", "a@example.nl, b@example.nl", "06-12345678", "", " ", "erased-0a1b", "<@>", `"a b"@x.nl`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		key := AddressKey(s)
		a, err := mail.ParseAddress(s)
		if err != nil {
			return
		}
		named := (&mail.Address{Name: "Klant", Address: a.Address}).String()
		if _, err := mail.ParseAddress(named); err != nil {
			return
		}
		if got := AddressKey(named); got != key {
			t.Fatalf("%q has key %q, written %q it has %q", s, key, named, got)
		}
	})
}
