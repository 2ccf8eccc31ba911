package auth

import (
	"bytes"
	"testing"
)

// FuzzDecodePHC: a stored password hash, perhaps damaged or edited in the database, never
// panics the sign-in; one read has parameters within the limits (so checking a password
// against it costs at most what the limits allow) and reads back from its own encoding.
func FuzzDecodePHC(f *testing.F) {
	good, err := HashPassword("correct horse battery staple")
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{good, "", "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
		"$argon2id$v=19$m=4294967295,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA", "$argon2i$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
		"$argon2id$v=19$t=3,m=65536,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA", "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA",
		"$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, salt, key, ok := decodePHC(s)
		if !ok {
			return
		}
		if p.memory > maxArgonMemory || p.time < 1 || p.time > maxArgonTime || p.threads < 1 || p.memory < 8*uint32(p.threads) ||
			len(salt) < minArgonSalt || len(key) < minArgonKey || len(key) > maxArgonKey {
			t.Fatalf("decodePHC(%q) = %+v, salt %d, key %d bytes: past the limits", s, p, len(salt), len(key))
		}
		p2, salt2, key2, ok := decodePHC(encodePHC(p, salt, key))
		if !ok || p2 != p || !bytes.Equal(salt2, salt) || !bytes.Equal(key2, key) {
			t.Errorf("decodePHC(%q) = %+v, which reads back as %+v, %v", s, p, p2, ok)
		}
	})
}
