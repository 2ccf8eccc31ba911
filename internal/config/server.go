package config

import (
	"net/netip"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Server holds settings of `klantpuls serve`.
type Server struct {
	// TrustedProxies are the reverse proxies in front of the server (addresses or CIDR
	// ranges). Only a request from one of them is believed about its client's address
	// (X-Forwarded-For) and scheme (X-Forwarded-Proto); without any, those headers are
	// ignored, as anyone can send them. $KLANTPULS_TRUSTED_PROXIES replaces the list.
	TrustedProxies []netip.Prefix
}

func (c *checker) server(r *rawServer) Server {
	var s Server
	for _, entry := range c.texts("server.trusted_proxies", r.TrustedProxies, `"127.0.0.1/32", "10.0.0.0/8"`) {
		p, err := ParseProxy(entry)
		if err != nil {
			c.said("server.trusted_proxies", err)
			continue
		}
		s.TrustedProxies = append(s.TrustedProxies, p)
	}
	return s
}

// ParseProxy reads one trusted proxy: an address ("10.0.0.5", "::1") or a CIDR range
// ("10.0.0.0/8"). A range with bits set past its length ("10.0.0.5/8") is refused, as it
// usually means a typo.
func ParseProxy(entry string) (netip.Prefix, error) {
	s := strings.TrimSpace(entry)
	if !strings.Contains(s, "/") {
		addr, err := netip.ParseAddr(s)
		if err != nil || addr.Zone() != "" {
			return netip.Prefix{}, notAProxy(entry)
		}
		addr = addr.Unmap()
		return netip.PrefixFrom(addr, addr.BitLen()), nil
	}
	p, err := netip.ParsePrefix(s)
	switch {
	case err != nil:
		return netip.Prefix{}, notAProxy(entry)
	case p != p.Masked():
		return netip.Prefix{}, cx.Refuse(cx.EINVALID, "", "proxy_bits_past_length", "%q has bits set past its length; did you mean %q?", entry, p.Masked().String())
	}
	if p.Addr().Is4In6() && p.Bits() >= 96 {
		p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
	}
	return p, nil
}

// notAProxy says entry is neither an address nor a range, as both ways of writing one are
// refused.
func notAProxy(entry string) error {
	return cx.Refuse(cx.EINVALID, "", "proxy_not_an_address", "%q is not an IP address or CIDR range like \"10.0.0.0/8\"", entry)
}

// ParseProxies reads a list of trusted proxies separated by commas or spaces, as
// --trusted-proxies ($KLANTPULS_TRUSTED_PROXIES) gives them; a mistake names the flag, in the
// command's language.
func ParseProxies(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, entry := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		p, err := ParseProxy(entry)
		if err != nil {
			return nil, cx.Refuse(cx.EINVALID, "", "flag_trusted_proxies_said", "--trusted-proxies ($KLANTPULS_TRUSTED_PROXIES): %v", err)
		}
		out = append(out, p)
	}
	return out, nil
}
