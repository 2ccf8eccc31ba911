package config

import (
	"net"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Sync holds the pull connectors' settings (klantpuls sync, and serve's schedule). The
// credentials are never in the file: the Zendesk API token comes from $KLANTPULS_ZENDESK_TOKEN,
// the Freshdesk API key from $KLANTPULS_FRESHDESK_KEY.
type Sync struct {
	// Every is how often serve syncs each configured service; 0 (the default) never.
	Every     time.Duration
	Zendesk   ZendeskSync
	Freshdesk FreshdeskSync
}

// ZendeskSync is a Zendesk account: its address (from subdomain, or url for a host-mapped one)
// and the e-mail address of the agent whose API token is used. URL is "" when not configured.
type ZendeskSync struct {
	URL   string
	Email string
}

// FreshdeskSync is a Freshdesk account's address, "" when not configured.
type FreshdeskSync struct {
	URL string
}

type rawSync struct {
	Every   value `toml:"every"`
	Zendesk struct {
		Subdomain value `toml:"subdomain"`
		URL       value `toml:"url"`
		Email     value `toml:"email"`
	} `toml:"zendesk"`
	Freshdesk struct {
		Domain value `toml:"domain"`
		URL    value `toml:"url"`
	} `toml:"freshdesk"`
}

var subdomain = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

func (c *checker) sync(r *rawSync) Sync {
	var s Sync
	if every := strings.TrimSpace(c.text("sync.every", r.Every, "")); every != "" {
		d, err := time.ParseDuration(every)
		switch {
		case err != nil:
			c.add(cx.Refuse(cx.EINVALID, "", "config_sync_not_a_duration", "%s: %s: %q is not a duration; write such as \"15m\" or \"1h\"", c.name, "sync.every", every))
		case d < time.Minute || d > 24*time.Hour:
			c.add(cx.Refuse(cx.EINVALID, "", "config_sync_every", "%s: %s: %q: sync between once a minute and once a day", c.name, "sync.every", every))
		}
		s.Every = d
	}
	s.Zendesk.URL = c.account("sync.zendesk", r.Zendesk.Subdomain, r.Zendesk.URL, "subdomain", ".zendesk.com")
	s.Zendesk.Email = strings.TrimSpace(c.text("sync.zendesk.email", r.Zendesk.Email, ""))
	if s.Zendesk.URL != "" && !strings.Contains(s.Zendesk.Email, "@") {
		c.add(cx.Refuse(cx.EINVALID, "", "config_zendesk_email", "%s: %s: required with a Zendesk account: the e-mail address of the agent whose API token $KLANTPULS_ZENDESK_TOKEN holds", c.name, "sync.zendesk.email"))
	}
	s.Freshdesk.URL = c.account("sync.freshdesk", r.Freshdesk.Domain, r.Freshdesk.URL, "domain", ".freshdesk.com")
	return s
}

// account reads a service's address: a name (acme → https://acme.zendesk.com) or a url.
func (c *checker) account(section string, name, raw value, nameKey, suffix string) string {
	n := strings.ToLower(strings.TrimSpace(c.text(section+"."+nameKey, name, "")))
	u := strings.TrimSpace(c.text(section+".url", raw, ""))
	switch {
	case n != "" && u != "":
		c.add(cx.Refuse(cx.EINVALID, "", "config_account_both", "%s: %s: give %s or url, not both", c.name, section, nameKey))
	case n != "":
		n = strings.TrimSuffix(n, suffix)
		if !subdomain.MatchString(n) {
			c.add(cx.Refuse(cx.EINVALID, "", "config_account_name", "%s: %s: %q is not an account name such as \"acme\" (of acme%s)", c.name, section+"."+nameKey, n, suffix))
			return ""
		}
		return "https://" + n + suffix
	case u != "":
		if _, err := ServiceURL(section+".url", u); err != nil {
			// ServiceURL's words name the key already.
			c.add(cx.Refuse(cx.EINVALID, "", "config_file_said", "%s: %v", c.name, err))
			return ""
		}
		return strings.TrimRight(u, "/")
	}
	return ""
}

// ServiceURL checks the address of a service klantpuls sends a token to: https, or plain http
// to this machine only (a test server, or a proxy on the same host), with no path, query or
// credentials in it. setting names it in errors.
func ServiceURL(setting, raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimRight(strings.TrimSpace(raw), "/"))
	switch {
	case err != nil || u.Host == "" || u.Opaque != "":
		return nil, cx.Refuse(cx.EINVALID, "", "service_url_not_a_url", "%s: %q is not a URL such as https://acme.zendesk.com", setting, raw)
	case u.User != nil:
		return nil, cx.Refuse(cx.EINVALID, "", "service_url_credentials", "%s: %q has credentials in it; give them through the environment variable", setting, raw)
	case u.Path != "" || u.RawQuery != "" || u.Fragment != "":
		return nil, cx.Refuse(cx.EINVALID, "", "service_url_path", "%s: %q has a path; give the address only, such as https://%s", setting, raw, u.Host)
	case u.Scheme == "https":
	case u.Scheme == "http" && isLoopback(u.Hostname()):
	case u.Scheme == "http":
		return nil, cx.Refuse(cx.EINVALID, "", "service_url_plain_http", "%s: %q is plain http: the token would cross the network readable; use https (plain http is for this machine only)", setting, raw)
	default:
		return nil, cx.Refuse(cx.EINVALID, "", "service_url_scheme", "%s: %q is not an http(s) URL", setting, raw)
	}
	return u, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
