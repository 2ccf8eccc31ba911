package config

import (
	"strings"
	"testing"
)

// FuzzParseProxies: $KLANTPULS_TRUSTED_PROXIES never panics; a list read holds masked ranges
// that read back as themselves, a list refused names where it came from.
func FuzzParseProxies(f *testing.F) {
	for _, s := range []string{"10.0.0.0/8, 127.0.0.1", "::1 fd00::/8", "10.0.0.5/8", "::ffff:10.0.0.0/104", "fe80::1%eth0",
		"unknown", "", ",,", "192.168.1.1/33", "::ffff:0:0/95"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, list string) {
		ps, err := ParseProxies(list)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "--trusted-proxies ($KLANTPULS_TRUSTED_PROXIES): ") {
				t.Fatalf("ParseProxies(%q): %q does not say where", list, err)
			}
			return
		}
		for _, p := range ps {
			if !p.IsValid() || p != p.Masked() {
				t.Fatalf("ParseProxies(%q) holds %v", list, p)
			}
			if again, err := ParseProxy(p.String()); err != nil || again != p {
				t.Errorf("ParseProxies(%q) holds %v, which reads back as %v, %v", list, p, again, err)
			}
		}
	})
}
