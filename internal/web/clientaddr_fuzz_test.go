package web

import (
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
)

// FuzzOriginOf: X-Forwarded-For and X-Forwarded-Proto, which anyone can send, never panic the
// server; behind a trusted proxy the client is the peer or an address of the chain, without
// zone, as an address per-address limits can key on.
func FuzzOriginOf(f *testing.F) {
	for _, s := range [][2]string{{"198.51.100.10", "https"}, {"1.2.3.4, 198.51.100.10", ""}, {"198.51.100.10:4711", "http"},
		{"[2001:db8::7]:443", ""}, {"::ffff:198.51.100.10", ""}, {"unknown", ""}, {"<script>, 198.51.100.10", "https, http"},
		{"fe80::1%eth0", ""}, {"10.0.0.9, 10.0.0.8", ""}, {",,, ", ""}} {
		f.Add(s[0], s[1])
	}
	s := &Server{opts: Options{TrustedProxies: []netip.Prefix{
		netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8")}}}
	f.Fuzz(func(t *testing.T, xff, proto string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = "127.0.0.1:40000"
		r.Header.Set("X-Forwarded-For", xff)
		r.Header.Set("X-Forwarded-Proto", proto)
		o := s.originOf(r)
		if o.addr == "127.0.0.1" {
			return
		}
		ip, err := netip.ParseAddr(o.addr)
		if err != nil || ip.Zone() != "" || ip.Is4In6() || ip.String() != o.addr {
			t.Fatalf("X-Forwarded-For %q gives the client %q: no plain address", xff, o.addr)
		}
		found := false
		for _, hop := range forwardedFor([]string{xff}) {
			if h, ok := parseHop(hop); ok && h == ip {
				found = true
			}
		}
		if !found {
			t.Errorf("X-Forwarded-For %q gives the client %q, which it does not name", xff, o.addr)
		}
		if o.https && !strings.Contains(strings.ToLower(proto), "https") {
			t.Errorf("X-Forwarded-Proto %q taken for HTTPS", proto)
		}
	})
}
