package hooks

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/hook"
)

// The shared set of signature schemes. A source's file picks one and fills in its header
// names, encoding and signed content; only a scheme no file can describe is new Go here.
const (
	// schemeHMAC: an HMAC-SHA256, under the connection's secret, of the body (or of a timestamp
	// and the body), hex or base64, in a header, perhaps behind a prefix such as "sha256=".
	// Shopify, WooCommerce, Typeform, Zendesk, Chatwoot and Trengo sign so.
	schemeHMAC = "hmac-sha256"
	// schemeSecret: the tool does not sign; the secret itself comes in a header or the URL's
	// query, set by whoever made the webhook (Freshdesk's automation rules).
	schemeSecret = "secret"
	// schemeKlantpuls: klantpuls's own signature (internal/hook): Klantpuls-Signature:
	// t=<unix>,v1=<hex HMAC-SHA256 of "t.body">, several v1 while a secret is changed.
	schemeKlantpuls = "klantpuls"
)

// scheme is how one source's deliveries are verified.
type scheme struct {
	kind      string
	header    string         // the header carrying the signature (or the secret)
	encoding  string         // hex or base64
	prefix    string         // before the encoded signature ("sha256=")
	signed    string         // body, timestamp+body or timestamp.body
	timestamp string         // the header carrying when it was sent
	timeForm  string         // unix or rfc3339
	tolerance time.Duration  // how far from now that time may be
	query     string         // schemeSecret: the URL's query parameter carrying the secret
	split     string         // the header holds "<timestamp><split><signature>" (Trengo's ";")
	ping      *regexp.Regexp // an unsigned body the tool sends to test the URL (WooCommerce's)
}

// isPing tells a tool's unsigned test delivery: no signature header and a body of the form the
// source's file gives. It is let through and writes nothing (Read ignores it), because the tool
// refuses to save the webhook unless its ping is answered 200.
func (sc *scheme) isPing(d *Delivery) bool {
	return sc.mayBePing(d.Header) && sc.ping.Match(d.Body)
}

// mayBePing tells a request that can be nothing but a ping: the source has one, and the request
// carries no signature, without which any other is refused.
func (sc *scheme) mayBePing(h http.Header) bool {
	return sc.ping != nil && h.Get(sc.header) == ""
}

func signatureError(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrSignature, fmt.Sprintf(format, args...))
}

func (sc *scheme) verify(d *Delivery, secret []byte, now time.Time) error {
	if sc.isPing(d) {
		return nil
	}
	switch sc.kind {
	case schemeSecret:
		return sc.verifySecret(d, secret)
	case schemeKlantpuls:
		v := d.Header.Get(hook.SignatureHeader)
		if v == "" {
			return signatureError("no %s header", hook.SignatureHeader)
		}
		if err := hook.Verify(secret, v, d.Body, now, sc.tolerance); err != nil {
			return signatureError("%s", strings.TrimPrefix(err.Error(), "hook: signature: "))
		}
		return nil
	}
	return sc.verifyHMAC(d, secret, now)
}

func (sc *scheme) verifyHMAC(d *Delivery, secret []byte, now time.Time) error {
	got, err := sc.signature(d)
	if err != nil {
		return err
	}
	m := hmac.New(sha256.New, secret)
	if sc.signed != "body" {
		ts := sc.timestampOf(d)
		if ts == "" {
			return signatureError("no timestamp in %s", sc.timestampWhere())
		}
		if err := sc.fresh(ts, now); err != nil {
			return err
		}
		m.Write([]byte(ts))
		if sc.signed == "timestamp.body" {
			m.Write([]byte("."))
		}
	}
	m.Write(d.Body)
	if !hmac.Equal(got, m.Sum(nil)) {
		return signatureError("%s does not match the body under the connection's secret (is the secret the one the tool shows?)", sc.header)
	}
	return nil
}

// signature is the bytes of an HMAC signature header: after the timestamp's split, if the
// scheme has one, and the prefix, decoded. Its error says how the header does not read so.
func (sc *scheme) signature(d *Delivery) ([]byte, error) {
	v := strings.TrimSpace(d.Header.Get(sc.header))
	if v == "" {
		return nil, signatureError("no %s header", sc.header)
	}
	if sc.split != "" {
		if _, after, ok := strings.Cut(v, sc.split); ok {
			v = after
		} else {
			return nil, signatureError("%s is not <timestamp>%s<signature>", sc.header, sc.split)
		}
	}
	if !strings.HasPrefix(v, sc.prefix) {
		return nil, signatureError("%s does not start with %q", sc.header, sc.prefix)
	}
	sig, err := sc.decode(strings.TrimPrefix(v, sc.prefix))
	if err != nil {
		return nil, signatureError("%s is not %s: %v", sc.header, sc.encoding, err)
	}
	return sig, nil
}

// timestampOf is the time a delivery says it was sent, as written: in its own header, or before
// the signature in the signature's header; "" when it has none.
func (sc *scheme) timestampOf(d *Delivery) string {
	if sc.split != "" {
		ts, _, _ := strings.Cut(d.Header.Get(sc.header), sc.split)
		return strings.TrimSpace(ts)
	}
	if sc.timestamp != "" {
		return strings.TrimSpace(d.Header.Get(sc.timestamp))
	}
	return ""
}

func (sc *scheme) timestampWhere() string {
	if sc.split != "" {
		return sc.header
	}
	return "the " + sc.timestamp + " header"
}

// sentAt is the time a delivery says it was sent, in RFC 3339, for a payload that carries no
// time of its own (Trengo's); "" when the delivery has none or it does not read.
func (sc *scheme) sentAt(d *Delivery) string {
	if t, err := sc.parseTime(sc.timestampOf(d)); err == nil {
		return t.UTC().Format(time.RFC3339)
	}
	return ""
}

// spelled is an HMAC signature header as the scheme writes it: the timestamp trimmed, then the
// split, the prefix and the signature's bytes encoded again (hex in lowercase), so every
// spelling verifyHMAC accepts of one signature is one string. False for a header that does
// not read so (a delivery not verified).
func (sc *scheme) spelled(d *Delivery) (string, bool) {
	if sc.kind != schemeHMAC {
		return "", false
	}
	sig, err := sc.signature(d)
	if err != nil {
		return "", false
	}
	ts := ""
	if sc.split != "" {
		ts = sc.timestampOf(d) + sc.split
	}
	if sc.encoding == "hex" {
		return ts + sc.prefix + hex.EncodeToString(sig), true
	}
	return ts + sc.prefix + base64.StdEncoding.EncodeToString(sig), true
}

func (sc *scheme) decode(s string) ([]byte, error) {
	if sc.encoding == "hex" {
		return hex.DecodeString(s)
	}
	return base64.StdEncoding.DecodeString(s)
}

// fresh refuses a signed time further than the tolerance from now: a replayed delivery.
func (sc *scheme) fresh(ts string, now time.Time) error {
	at, err := sc.parseTime(ts)
	if err != nil {
		return signatureError("the timestamp in %s: %v", sc.timestampWhere(), err)
	}
	if now.Sub(at).Abs() > sc.tolerance {
		return signatureError("the timestamp %s is more than %s from now (a replay, or clocks apart)", ts, sc.tolerance)
	}
	return nil
}

func (sc *scheme) parseTime(ts string) (time.Time, error) {
	if sc.timeForm == "rfc3339" {
		t, err := time.Parse(time.RFC3339, ts)
		if err != nil {
			return t, fmt.Errorf("%q is no RFC 3339 time", ts)
		}
		return t, nil
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is no Unix time", ts)
	}
	return time.Unix(sec, 0), nil
}

// verifySecret compares the secret sent with the connection's in constant time: both are
// hashed first, so neither the comparison's time nor its length tells anything of the secret.
func (sc *scheme) verifySecret(d *Delivery, secret []byte) error {
	sent := ""
	if sc.header != "" {
		sent = d.Header.Get(sc.header)
	}
	if sent == "" && sc.query != "" {
		sent = d.Query.Get(sc.query)
	}
	if sent == "" {
		return signatureError("no secret: send it in the %s header or as ?%s= in the URL", sc.header, sc.query)
	}
	a, b := sha256.Sum256([]byte(sent)), sha256.Sum256(secret)
	if !hmac.Equal(a[:], b[:]) {
		return signatureError("the secret sent is not the connection's")
	}
	return nil
}
