package config

import (
	"strings"
	"testing"
	"time"
)

func TestSyncSection(t *testing.T) {
	cfg, err := Parse([]byte(`
[sync]
every = "15m"
[sync.zendesk]
subdomain = "Acme"
email = "anna@example.nl"
[sync.freshdesk]
url = "https://support.example.nl/"
`), "klantpuls.toml")
	if err != nil {
		t.Fatal(err)
	}
	want := Sync{Every: 15 * time.Minute, Zendesk: ZendeskSync{URL: "https://acme.zendesk.com", Email: "anna@example.nl"},
		Freshdesk: FreshdeskSync{URL: "https://support.example.nl"}}
	if cfg.Sync != want {
		t.Errorf("Sync = %+v, want %+v", cfg.Sync, want)
	}
	if d := Default().Sync; d != (Sync{}) {
		t.Errorf("the default syncs: %+v", d)
	}
	for _, c := range []struct{ file, want string }{
		{"[sync]\nevery = \"soon\"", `sync.every: "soon" is not a duration`},
		{"[sync]\nevery = \"10s\"", `sync.every: "10s": sync between once a minute and once a day`},
		{"[sync.zendesk]\nsubdomain = \"acme\"", "sync.zendesk.email: required with a Zendesk account"},
		{"[sync.zendesk]\nsubdomain = \"ac me\"\nemail = \"a@b.nl\"", `sync.zendesk.subdomain: "ac me" is not an account name`},
		{"[sync.zendesk]\nsubdomain = \"acme\"\nurl = \"https://acme.zendesk.com\"\nemail = \"a@b.nl\"", "sync.zendesk: give subdomain or url, not both"},
		{"[sync.freshdesk]\nurl = \"http://support.example.nl\"", "sync.freshdesk.url: \"http://support.example.nl\" is plain http"},
		{"[sync.freshdesk]\nkey = \"secret\"", "sync.freshdesk.key"},
	} {
		_, err := Parse([]byte(c.file), "klantpuls.toml")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %q", c.file, err, c.want)
		}
	}
}

func TestServiceURL(t *testing.T) {
	for _, c := range []struct{ raw, want string }{
		{"https://acme.zendesk.com", ""},
		{"https://acme.zendesk.com/", ""},
		{"http://127.0.0.1:8123", ""},
		{"http://[::1]:8123", ""},
		{"http://localhost:8123", ""},
		{"http://acme.zendesk.com", "plain http"},
		{"http://10.0.0.5", "plain http"},
		{"https://anna:pw@acme.zendesk.com", "credentials"},
		{"https://acme.zendesk.com/api/v2", "has a path"},
		{"ftp://acme.zendesk.com", "not an http(s) URL"},
		{"acme.zendesk.com", "not a URL"},
	} {
		_, err := ServiceURL("zendesk.url", c.raw)
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%s: %v, want %q", c.raw, err, c.want)
		}
	}
}
