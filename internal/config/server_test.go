package config

import (
	"net/netip"
	"reflect"
	"strings"
	"testing"
)

func TestTrustedProxies(t *testing.T) {
	got, err := Parse([]byte(`
[server]
trusted_proxies = ["127.0.0.1/32", "10.0.0.0/8", "::1", "192.168.1.10", "::ffff:172.16.0.0/108"]
`), "k.toml")
	if err != nil {
		t.Fatal(err)
	}
	want := []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("10.0.0.0/8"),
		netip.MustParsePrefix("::1/128"), netip.MustParsePrefix("192.168.1.10/32"), netip.MustParsePrefix("172.16.0.0/12")}
	if !reflect.DeepEqual(got.Server.TrustedProxies, want) {
		t.Errorf("trusted proxies %v, want %v", got.Server.TrustedProxies, want)
	}
	if d := Default(); len(d.Server.TrustedProxies) != 0 {
		t.Errorf("by default %v, want none: forwarded headers are believed from nobody", d.Server.TrustedProxies)
	}
	for file, want := range map[string]string{
		"[server]\ntrusted_proxies = \"10.0.0.0/8\"\n":    `k.toml: server.trusted_proxies: want a list like ["127.0.0.1/32", "10.0.0.0/8"]`,
		"[server]\ntrusted_proxies = [\"proxy.lan\"]\n":   `k.toml: server.trusted_proxies: "proxy.lan" is not an IP address or CIDR range`,
		"[server]\ntrusted_proxies = [\"10.0.0.5/8\"]\n":  `k.toml: server.trusted_proxies: "10.0.0.5/8" has bits set past its length; did you mean "10.0.0.0/8"?`,
		"[server]\ntrusted_proxies = [\"10.0.0.0/33\"]\n": `k.toml: server.trusted_proxies: "10.0.0.0/33" is not`,
		"[server]\ntrusted_proxy = [\"10.0.0.1\"]\n":      `k.toml: unknown key "server.trusted_proxy"`,
	} {
		_, err := Parse([]byte(file), "k.toml")
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", file, err, want)
		}
	}
}

func TestParseProxies(t *testing.T) {
	got, err := ParseProxies(" 127.0.0.1/32,10.0.0.0/8  fd00::/8")
	want := []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8")}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("ParseProxies = %v, %v; want %v", got, err, want)
	}
	if _, err := ParseProxies("10.0.0.0/8, nginx"); err == nil ||
		err.Error() != `--trusted-proxies ($KLANTPULS_TRUSTED_PROXIES): "nginx" is not an IP address or CIDR range like "10.0.0.0/8"` {
		t.Errorf("a name in the list: %v", err)
	}
}
