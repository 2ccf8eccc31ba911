package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestHookTypeformReplayAfterTheIdsAreForgotten: Typeform signs the body alone
// (Typeform-Signature: "sha256=" and the base64 of its HMAC-SHA256,
// https://www.typeform.com/developers/webhooks/secure-your-webhooks/), no time of sending, and
// retries a failed delivery for 10 hours at most (https://www.typeform.com/developers/webhooks/,
// "Delivery retries"). Anna's response, submitted 13 March 13:03:41 UTC, is written, then deleted
// in klantpuls; 8 days later someone sends the captured delivery again, its event_id forgotten
// after 7 days. Before, the deleted response was back in the NPS. Now it is answered 200, nothing
// written, saying when it was submitted, and counted as a refusal. Six days on it was still a
// repeat of its event_id.
func TestHookTypeformReplayAfterTheIdsAreForgotten(t *testing.T) {
	c := &clock{t: time.Date(2026, 3, 13, 13, 5, 0, 0, time.UTC)}
	ts := startServer(t, func(o *Options) { o.Now = c.now })
	const secret = "tf_secret_Yq81_for_the_replay"
	conn := connectHook(t, ts, "typeform", secret)
	body := string(readFile(t, "../hooks/testdata/typeform-response.json")) // event_id 01HQ8ZK3X7
	send := func() response {
		t.Helper()
		m := hmac.New(sha256.New, []byte(secret))
		m.Write([]byte(body))
		return ts.anonymous().do("POST", HookPath(conn), "application/json", strings.NewReader(body),
			"Typeform-Signature", "sha256="+base64.StdEncoding.EncodeToString(m.Sum(nil)))
	}
	const token = "a3a12ec67a1365927098a606107fac15"
	if res := send(); res.status != 200 || !ts.stored(t, cx.KindResponses, token) {
		t.Fatalf("form_response: %d %s", res.status, res.body)
	}
	if err := ts.app.Delete(context.Background(), cx.KindResponses, token); err != nil {
		t.Fatal(err)
	}
	c.add(6 * 24 * time.Hour)
	if res := send(); res.status != 200 || !strings.Contains(res.body, `"repeat":true`) {
		t.Errorf("the same delivery 6 days on: %d %s; want 200, a repeat", res.status, res.body)
	}
	c.add(2 * 24 * time.Hour) // 13:05 UTC on 21 March, 8 days after the response
	res := send()
	if res.status != 200 || !strings.Contains(res.body, `"written":0`) || !strings.Contains(res.body, "2026-03-13T13:03:41Z, more than 7 days ago") {
		t.Errorf("the same delivery 8 days on: %d %s; want 200, nothing written, saying when it was submitted", res.status, res.body)
	}
	if ts.stored(t, cx.KindResponses, token) {
		t.Error("the replay brought the deleted response back")
	}
	if got := ts.connection(HookPath(conn)); got.Errors != 1 || !strings.Contains(got.LastError, "a replay") {
		t.Errorf("connection: %d errors, last %q; want 1, the replay", got.Errors, got.LastError)
	}
}
