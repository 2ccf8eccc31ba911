package web

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// origin is where a request comes from, as far as the server can know: the client's address
// and whether the client reached us over HTTPS.
type origin struct {
	addr  string
	https bool
}

type originKey struct{}

// withOrigin works out the request's origin once, for every handler and the log line.
func (s *Server) withOrigin(r *http.Request) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), originKey{}, s.originOf(r)))
}

// clientAddr is the client's address without its port: the direct peer's, or, when the peer
// is a trusted proxy, the one X-Forwarded-For gives (originOf). Logging and the audit log
// show it; the limits per address key on its network (clientNetwork).
func clientAddr(r *http.Request) string {
	if o, ok := r.Context().Value(originKey{}).(origin); ok {
		return o.addr
	}
	return peerHost(r)
}

// clientNetwork is what every per-address limit keys on: the client's IPv4 address, or the
// /64 of its IPv6 address. One IPv6 client holds a whole /64 (the least a network is given,
// 2^64 addresses), so keyed on the full address it would get a fresh bucket per request.
func clientNetwork(r *http.Request) string {
	addr := clientAddr(r)
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return addr
	}
	if ip = ip.Unmap().WithZone(""); ip.Is4() {
		return ip.String()
	}
	network, _ := ip.Prefix(64)
	return network.String()
}

// overHTTPS tells whether the client reached us over HTTPS: TLS to this server, or a trusted
// proxy saying so in X-Forwarded-Proto.
func overHTTPS(r *http.Request) bool {
	if o, ok := r.Context().Value(originKey{}).(origin); ok {
		return o.https
	}
	return r.TLS != nil
}

func peerHost(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// originOf believes the forwarding headers only from a trusted proxy, as anyone can send them:
// a client that sets X-Forwarded-For itself must not choose the address its failed sign-ins
// count against. Behind trusted proxies the client is the right-most address of the chain
// (X-Forwarded-For, then the peer) that is not a trusted proxy: each proxy appends the address
// it was reached from, so everything left of the first untrusted hop may be made up.
func (s *Server) originOf(r *http.Request) origin {
	peer := peerHost(r)
	o := origin{addr: peer, https: r.TLS != nil}
	ip, err := netip.ParseAddr(peer)
	if err != nil || !s.trusted(ip.Unmap()) {
		return o
	}
	if proto := lastField(r.Header.Values("X-Forwarded-Proto")); proto != "" {
		o.https = o.https || strings.EqualFold(proto, "https")
	}
	chain := forwardedFor(r.Header.Values("X-Forwarded-For"))
	for i := len(chain) - 1; i >= 0; i-- {
		hop, ok := parseHop(chain[i])
		if !ok {
			// Not an address ("unknown", garbage): nothing to its left can be trusted, and the
			// hop that handed it on is the best we know.
			return o
		}
		o.addr = hop.String()
		if !s.trusted(hop) {
			return o
		}
	}
	return o // every hop a trusted proxy: the left-most one
}

func (s *Server) trusted(ip netip.Addr) bool {
	for _, p := range s.opts.TrustedProxies {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// forwardedFor splits X-Forwarded-For headers (a proxy may add a header or extend the last)
// into their hops, left to right.
func forwardedFor(headers []string) []string {
	var hops []string
	for _, h := range headers {
		for _, hop := range strings.Split(h, ",") {
			if hop = strings.TrimSpace(hop); hop != "" {
				hops = append(hops, hop)
			}
		}
	}
	return hops
}

// parseHop reads one hop: an address, possibly with a port ("203.0.113.7:4711",
// "[2001:db8::1]:443").
func parseHop(hop string) (netip.Addr, bool) {
	if ip, err := netip.ParseAddr(hop); err == nil {
		return ip.Unmap().WithZone(""), true
	}
	if ap, err := netip.ParseAddrPort(hop); err == nil {
		return ap.Addr().Unmap().WithZone(""), true
	}
	return netip.Addr{}, false
}

// lastField is the right-most comma-separated value of headers: what the nearest proxy said.
func lastField(headers []string) string {
	if len(headers) == 0 {
		return ""
	}
	fields := strings.Split(headers[len(headers)-1], ",")
	return strings.TrimSpace(fields[len(fields)-1])
}
