package hooks

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"
	"time"
)

// FuzzSignedTimestamp: the time a tool signs with its body (Chatwoot's X-Chatwoot-Timestamp,
// Trengo's "<timestamp>;" before its signature) is anything a sender likes, signed correctly
// under the secret: it never panics the receiver, a delivery accepted says a time that reads
// and lies within the source's tolerance of now, and one refused is a signature error naming
// the timestamp.
func FuzzSignedTimestamp(f *testing.F) {
	now := time.Unix(1767225600, 0)
	for _, ts := range []string{"1767225600", "1767225660", "1767225000", "", " 1767225600 ", "-1", "9223372036854775807",
		"2026-01-01T00:00:00Z", "1767225600;x", "1e9", "+1767225600"} {
		f.Add(ts, []byte(`{"id":1}`))
	}
	f.Fuzz(func(t *testing.T, ts string, body []byte) {
		for _, s := range Sources() {
			sc := s.scheme
			if sc.kind != schemeHMAC || sc.signed == "body" {
				continue
			}
			m := hmac.New(sha256.New, []byte("whsec-fuzz"))
			m.Write([]byte(strings.TrimSpace(ts)))
			if sc.signed == "timestamp.body" {
				m.Write([]byte("."))
			}
			m.Write(body)
			sig := base64.StdEncoding.EncodeToString(m.Sum(nil))
			if sc.encoding == "hex" {
				sig = hex.EncodeToString(m.Sum(nil))
			}
			h := http.Header{}
			if sc.split != "" {
				h.Set(sc.header, ts+sc.split+sc.prefix+sig)
			} else {
				h.Set(sc.header, sc.prefix+sig)
				h.Set(sc.timestamp, ts)
			}
			d := &Delivery{Header: h, Body: body}
			err := s.Verify(d, []byte("whsec-fuzz"), now)
			if err != nil {
				// A timestamp holding the split makes the header itself unreadable, which it names.
				split := sc.split != "" && strings.Contains(ts, sc.split)
				if !isSignature(err) || !split && !strings.Contains(err.Error(), "timestamp") {
					t.Errorf("%s, timestamp %q: %v is no signature error naming the timestamp", s.Name, ts, err)
				}
				continue
			}
			at, perr := sc.parseTime(sc.timestampOf(d))
			if perr != nil || now.Sub(at).Abs() > sc.tolerance {
				t.Errorf("%s accepted the timestamp %q (%v, %v), %s from now", s.Name, ts, at, perr, now.Sub(at))
			}
			if sent := sc.sentAt(d); sent != at.UTC().Format(time.RFC3339) {
				t.Errorf("%s, timestamp %q: sent at %q, want %s", s.Name, ts, sent, at.UTC().Format(time.RFC3339))
			}
		}
	})
}
