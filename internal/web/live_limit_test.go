package web

import (
	"context"
	"net/http"
	"testing"
	"time"
)

// TestLiveStreamsAreCappedPerAccount: an account holds at most streamsPerAccount live streams at
// once, its sessions and tokens together — the next is refused 429 with a Retry-After, without
// a stream — while another account still opens one; a stream closed frees its place.
func TestLiveStreamsAreCappedPerAccount(t *testing.T) {
	ts := startServer(t, func(o *Options) { o.RatePerSecond, o.Burst = 1e6, 1e6 }) // rate limits are tested apart
	open := func(token string) (*http.Response, context.CancelFunc) {
		t.Helper()
		ctx, cancel := context.WithCancel(context.Background())
		req, _ := http.NewRequestWithContext(ctx, "GET", ts.url+"/api/v1/live", nil)
		req.Header.Set("Authorization", "Bearer "+ts.tokens[token])
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return res, func() { cancel(); res.Body.Close() }
	}
	var closes []context.CancelFunc
	defer func() {
		for _, c := range closes {
			c()
		}
	}()
	for i := range streamsPerAccount {
		token := "adminRead" // the admin's two tokens share the account's streams
		if i%2 == 1 {
			token = "adminWrite"
		}
		res, done := open(token)
		closes = append(closes, done)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("stream %d: %d, want 200", i+1, res.StatusCode)
		}
	}
	res, done := open("adminRead")
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") != "30" ||
		res.Header.Get("Content-Type") == "text/event-stream" {
		t.Errorf("stream %d of one account: %d, Retry-After %q, %s; want 429 after 30 s and no stream",
			streamsPerAccount+1, res.StatusCode, res.Header.Get("Retry-After"), res.Header.Get("Content-Type"))
	}
	done()
	other, done := open("managerWrite")
	if other.StatusCode != http.StatusOK {
		t.Errorf("another account's stream: %d, want 200", other.StatusCode)
	}
	done()
	closes[0]()
	closes = closes[1:]
	// The handler counts the stream closed when it notices: at its next write at the latest,
	// and a request's context ends with its connection at once.
	var again *http.Response
	for range 50 {
		res, done := open("adminWrite")
		if again = res; res.StatusCode == http.StatusOK {
			closes = append(closes, done)
			break
		}
		done()
		time.Sleep(20 * time.Millisecond)
	}
	if again.StatusCode != http.StatusOK {
		t.Errorf("after one of the account's streams closed: %d, want 200", again.StatusCode)
	}
}
