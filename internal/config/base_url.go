package config

import (
	"net/url"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// BaseURL reads the public address of the dashboard (--base-url, $KLANTPULS_BASE_URL), on which
// every link klantpuls sends is built: the setup link, survey, unsubscribe, alert and digest
// links. Without a scheme and a host each such link would be broken ("klantpuls.example.nl/s/…"),
// so it is refused, naming the flag, in the command's language; a trailing "/" is dropped, as
// links add their own path.
func BaseURL(raw string) (string, error) {
	s := strings.TrimRight(strings.TrimSpace(raw), "/")
	u, err := url.Parse(s)
	var why *cx.Error
	switch {
	case err != nil || u.Host == "" || u.Opaque != "" || (u.Scheme != "http" && u.Scheme != "https"):
		why = cx.Refuse(cx.EINVALID, "", "base_url_not_an_address", "%q is not an address such as https://klantpuls.example.nl", raw)
	case u.User != nil:
		why = cx.Refuse(cx.EINVALID, "", "base_url_credentials", "%q has credentials in it: links sent to customers would show them", raw)
	case u.RawQuery != "" || u.Fragment != "":
		why = cx.Refuse(cx.EINVALID, "", "base_url_query", "%q has a query or fragment; give the address only", raw)
	default:
		return s, nil
	}
	return "", cx.Refuse(cx.EINVALID, "", "flag_base_url_said", "--base-url ($KLANTPULS_BASE_URL): %v", why)
}
