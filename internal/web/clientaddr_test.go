package web

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestOriginOf(t *testing.T) {
	s := &Server{opts: Options{TrustedProxies: []netip.Prefix{
		netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8")}}}
	tests := []struct {
		name, peer string
		xff        []string
		proto      string
		tls        bool
		want       origin
	}{
		{"no proxy", "203.0.113.7:51000", nil, "", false, origin{"203.0.113.7", false}},
		{"a client's own headers are ignored", "203.0.113.7:51000", []string{"198.51.100.1"}, "https", false, origin{"203.0.113.7", false}},
		{"TLS to this server", "203.0.113.7:51000", nil, "", true, origin{"203.0.113.7", true}},
		{"behind the proxy", "127.0.0.1:40000", []string{"198.51.100.10"}, "https", false, origin{"198.51.100.10", true}},
		{"the proxy over plain HTTP", "127.0.0.1:40000", []string{"198.51.100.10"}, "http", false, origin{"198.51.100.10", false}},
		{"a made-up hop left of the client", "127.0.0.1:40000", []string{"1.2.3.4, 198.51.100.10"}, "", false, origin{"198.51.100.10", false}},
		{"two trusted proxies", "127.0.0.1:40000", []string{"198.51.100.10, 10.1.2.3"}, "", false, origin{"198.51.100.10", false}},
		{"one header per proxy", "127.0.0.1:40000", []string{"1.2.3.4", "198.51.100.10", "10.1.2.3"}, "", false, origin{"198.51.100.10", false}},
		{"a hop with a port", "127.0.0.1:40000", []string{"198.51.100.10:4711"}, "", false, origin{"198.51.100.10", false}},
		{"IPv6 client", "[fd00::1]:443", []string{"[2001:db8::7]:443"}, "", false, origin{"2001:db8::7", false}},
		{"IPv4-mapped client", "127.0.0.1:40000", []string{"::ffff:198.51.100.10"}, "", false, origin{"198.51.100.10", false}},
		{"no header: the proxy itself", "127.0.0.1:40000", nil, "", false, origin{"127.0.0.1", false}},
		{"only trusted hops: the left-most", "127.0.0.1:40000", []string{"10.0.0.9, 10.0.0.8"}, "", false, origin{"10.0.0.9", false}},
		{"garbage from the proxy: the proxy", "127.0.0.1:40000", []string{"unknown"}, "", false, origin{"127.0.0.1", false}},
		{"garbage left of the client", "127.0.0.1:40000", []string{"<script>, 198.51.100.10"}, "", false, origin{"198.51.100.10", false}},
		{"the nearest proxy's scheme", "127.0.0.1:40000", []string{"198.51.100.10"}, "https, http", false, origin{"198.51.100.10", false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tt.peer
			for _, h := range tt.xff {
				r.Header.Add("X-Forwarded-For", h)
			}
			if tt.proto != "" {
				r.Header.Set("X-Forwarded-Proto", tt.proto)
			}
			if !tt.tls {
				r.TLS = nil
			} else {
				r.TLS = &tls.ConnectionState{}
			}
			if got := s.originOf(r); got != tt.want {
				t.Errorf("originOf = %+v, want %+v", got, tt.want)
			}
			if got := clientAddr(s.withOrigin(r)); got != tt.want.addr {
				t.Errorf("clientAddr = %q, want %q", got, tt.want.addr)
			}
		})
	}
}

// TestHSTS: Strict-Transport-Security on every answer to a request that came over HTTPS (TLS
// to the server itself, or a trusted proxy's X-Forwarded-Proto), never over plain HTTP.
func TestHSTS(t *testing.T) {
	c := newClock()
	plain := startServer(t, behindProxy(c)) // trusts its loopback peer as the proxy
	open := startServer(t)                  // trusts nobody
	tlsServer := httptest.NewTLSServer(open.srv.Handler())
	defer tlsServer.Close()

	get := func(client *http.Client, url string, header ...string) http.Header {
		t.Helper()
		req, _ := http.NewRequest("GET", url, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.Header
	}
	const want = "max-age=31536000; includeSubDomains"
	tests := []struct {
		name   string
		header http.Header
		want   string
	}{
		{"TLS to the server", get(tlsServer.Client(), tlsServer.URL+"/login"), want},
		{"TLS, an API answer", get(tlsServer.Client(), tlsServer.URL+"/api/v1/me"), want},
		{"the trusted proxy says https", get(http.DefaultClient, plain.url+"/login", "X-Forwarded-Proto", "https"), want},
		{"the trusted proxy says http", get(http.DefaultClient, plain.url+"/login", "X-Forwarded-Proto", "http"), ""},
		{"plain HTTP", get(http.DefaultClient, open.url+"/login"), ""},
		{"plain HTTP claiming https, no trusted proxy", get(http.DefaultClient, open.url+"/login", "X-Forwarded-Proto", "https"), ""},
	}
	for _, tt := range tests {
		if got := tt.header.Get("Strict-Transport-Security"); got != tt.want {
			t.Errorf("%s: Strict-Transport-Security %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestClientNetwork: the limits per address key on an IPv4 address, or on the /64 of an IPv6
// one, which a single client holds whole.
func TestClientNetwork(t *testing.T) {
	for _, tt := range []struct{ name, peer, want string }{
		{"IPv4", "203.0.113.7:51000", "203.0.113.7"},
		{"IPv6: its /64", "[2001:db8:1:2::7]:443", "2001:db8:1:2::/64"},
		{"another address of the same /64", "[2001:db8:1:2:ffff:1:2:3]:443", "2001:db8:1:2::/64"},
		{"the next /64", "[2001:db8:1:3::7]:443", "2001:db8:1:3::/64"},
		{"IPv4 mapped in IPv6", "[::ffff:203.0.113.7]:443", "203.0.113.7"},
		{"with a zone", "[fe80::1%eth0]:443", "fe80::/64"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tt.peer
			if got := clientNetwork(r); got != tt.want {
				t.Errorf("clientNetwork(%s) = %q, want %q", tt.peer, got, tt.want)
			}
		})
	}
}
