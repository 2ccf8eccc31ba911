package hook

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// newYear is 2026-01-01 00:00:00 UTC, Unix 1767225600.
var newYear = time.Unix(1767225600, 0)

// The signature of {"text":"hallo"} sent at newYear under the secret "geheim", computed apart
// from this code with OpenSSL:
//
//	printf '1767225600.{"text":"hallo"}' | openssl dgst -sha256 -hmac geheim
const hallo = "t=1767225600,v1=2ec2a068c33ad8769cc3dbe7d61c18c3b1b286e1186ad171c16e2072346fe71d"

// TestSignedPost: with a Secret each post carries Klantpuls-Signature, the body's HMAC as
// OpenSSL computes it, over real HTTP on loopback; without one there is no such header.
func TestSignedPost(t *testing.T) {
	var got []string
	var body []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Header.Get(SignatureHeader))
		body, _ = io.ReadAll(r.Body)
	}))
	defer srv.Close()
	h := &Hook{Secret: []byte("geheim"), now: func() time.Time { return newYear }}
	if err := h.Post(context.Background(), srv.URL, map[string]string{"text": "hallo"}); err != nil {
		t.Fatal(err)
	}
	if string(body) != `{"text":"hallo"}` || got[0] != hallo {
		t.Errorf("body %s, signature %q; want %s", body, got[0], hallo)
	}
	if err := (&Hook{}).Post(context.Background(), srv.URL, map[string]string{"text": "hallo"}); err != nil || got[1] != "" {
		t.Errorf("unsigned hook: %v, header %q", err, got[1])
	}
}

func TestVerify(t *testing.T) {
	body := []byte(`{"text":"hallo"}`)
	tests := []struct {
		name, header, secret, body string
		now                        time.Time
		ok                         bool
	}{
		{"as sent", hallo, "geheim", string(body), newYear, true},
		{"4 minutes later", hallo, "geheim", string(body), newYear.Add(4 * time.Minute), true},
		{"a second v1 of a new secret", "t=1767225600,v1=00ff," + hallo[len("t=1767225600,"):], "geheim", string(body), newYear, true},
		{"6 minutes later: a replay", hallo, "geheim", string(body), newYear.Add(6 * time.Minute), false},
		{"from the future", hallo, "geheim", string(body), newYear.Add(-6 * time.Minute), false},
		{"another secret", hallo, "Geheim", string(body), newYear, false},
		{"the body changed", hallo, "geheim", `{"text":"hallo!"}`, newYear, false},
		{"the time changed", "t=1767225601" + hallo[len("t=1767225600"):], "geheim", string(body), newYear, false},
		{"no v1", "t=1767225600", "geheim", string(body), newYear, false},
		{"no t", hallo[len("t=1767225600,"):], "geheim", string(body), newYear, false},
		{"empty", "", "geheim", string(body), newYear, false},
	}
	for _, tt := range tests {
		err := Verify([]byte(tt.secret), tt.header, []byte(tt.body), tt.now, DefaultTolerance)
		if (err == nil) != tt.ok {
			t.Errorf("%s: %v, want ok %v", tt.name, err, tt.ok)
		}
	}
}

// FuzzVerify: no header crashes Verify, and a header passes only when it holds the body's own
// signature for its t (as Sign makes it).
func FuzzVerify(f *testing.F) {
	f.Add(hallo, []byte(`{"text":"hallo"}`))
	f.Add("t=1,v1=zz,v1=,t=", []byte{})
	f.Add("t=1767225600,v1=00,v1=2EC2A068", []byte(`{"text":"hallo"}`))
	f.Add("t=5,"+hallo, []byte(`{"text":"hallo"}`))
	f.Fuzz(func(t *testing.T, header string, body []byte) {
		if Verify([]byte("geheim"), header, body, newYear, DefaultTolerance) != nil {
			return
		}
		var ts string // the last t counts, as in Verify
		for _, part := range strings.Split(header, ",") {
			if v, ok := strings.CutPrefix(strings.TrimSpace(part), "t="); ok {
				ts = v
			}
		}
		sec, _ := strconv.ParseInt(ts, 10, 64)
		_, v1, _ := strings.Cut(Sign([]byte("geheim"), body, time.Unix(sec, 0)), ",v1=")
		if !strings.Contains(strings.ToLower(header), v1) {
			t.Errorf("%q passed without the body's signature %s", header, v1)
		}
	})
}
