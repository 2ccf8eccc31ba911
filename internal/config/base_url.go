package config

import (
	"fmt"
	"net/url"
	"strings"
)

// BaseURL reads the public address of the dashboard (--base-url, $KLANTPULS_BASE_URL), on which
// every link klantpuls sends is built: the setup link, survey, unsubscribe, alert and digest
// links. Without a scheme and a host each such link would be broken ("klantpuls.example.nl/s/…"),
// so it is refused, naming setting; a trailing "/" is dropped, as links add their own path.
func BaseURL(setting, raw string) (string, error) {
	s := strings.TrimRight(strings.TrimSpace(raw), "/")
	u, err := url.Parse(s)
	switch {
	case err != nil || u.Host == "" || u.Opaque != "" || (u.Scheme != "http" && u.Scheme != "https"):
		return "", fmt.Errorf("%s: %q is not an address such as https://klantpuls.example.nl", setting, raw)
	case u.User != nil:
		return "", fmt.Errorf("%s: %q has credentials in it: links sent to customers would show them", setting, raw)
	case u.RawQuery != "" || u.Fragment != "":
		return "", fmt.Errorf("%s: %q has a query or fragment; give the address only", setting, raw)
	}
	return s, nil
}
