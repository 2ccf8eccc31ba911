package hooks

import (
	"errors"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"
)

// A signature case: a delivery as the tool sends it, with a signature computed independently
// of this package (the command that made it is written beside it), and what Verify says.
type verifyCase struct {
	name    string
	source  string
	body    string // a file under testdata
	header  map[string]string
	query   string
	secret  string
	now     time.Time
	wantErr string // "" accepts; else a part of the refusal
}

func delivery(t *testing.T, c verifyCase) *Delivery {
	t.Helper()
	body, err := os.ReadFile("testdata/" + c.body)
	if err != nil {
		t.Fatal(err)
	}
	h := http.Header{}
	for k, v := range c.header {
		h.Set(k, v)
	}
	q, _ := url.ParseQuery(c.query)
	return &Delivery{Header: h, Query: q, Body: body}
}

// klantpulsSig: printf '%s' "1767225600.$(cat testdata/klantpuls.json)" | openssl dgst -sha256 -hmac 'whsec-test' -hex
const klantpulsSig = "t=1767225600,v1=e05a503123cb2f83dda452b44d65955eaa2ec69cf766681c927b297d458fafcf"

var verifyCases = []verifyCase{
	{name: "klantpuls signed", source: "klantpuls", body: "klantpuls.json", secret: "whsec-test",
		header: map[string]string{"Klantpuls-Signature": klantpulsSig}, now: time.Unix(1767225600+60, 0)},
	{name: "klantpuls another secret", source: "klantpuls", body: "klantpuls.json", secret: "whsec-other",
		header: map[string]string{"Klantpuls-Signature": klantpulsSig}, now: time.Unix(1767225600, 0), wantErr: "does not match"},
	{name: "klantpuls replayed after 6 minutes", source: "klantpuls", body: "klantpuls.json", secret: "whsec-test",
		header: map[string]string{"Klantpuls-Signature": klantpulsSig}, now: time.Unix(1767225600+360, 0), wantErr: "too old"},
	{name: "klantpuls unsigned", source: "klantpuls", body: "klantpuls.json", secret: "whsec-test",
		now: time.Unix(1767225600, 0), wantErr: "no Klantpuls-Signature header"},

	// printf '%s' "$(cat testdata/shopify-order.json)" | openssl dgst -sha256 -hmac 'shpss_5f3c0e2b7d' -binary | base64
	{name: "shopify signed", source: "shopify", body: "shopify-order.json", secret: "shpss_5f3c0e2b7d",
		header: map[string]string{"X-Shopify-Hmac-Sha256": "ytNivZ0AiRTijI2MWNGIS8oeqj6VC9fwVjNlpVaNXHQ="}},
	{name: "shopify signature of another body", source: "shopify", body: "shopify-redact.json", secret: "shpss_5f3c0e2b7d",
		header: map[string]string{"X-Shopify-Hmac-Sha256": "ytNivZ0AiRTijI2MWNGIS8oeqj6VC9fwVjNlpVaNXHQ="}, wantErr: "does not match"},
	// The same HMAC written in hex, as other tools send it: it reads as base64 of other bytes.
	{name: "shopify signature in hex", source: "shopify", body: "shopify-order.json", secret: "shpss_5f3c0e2b7d",
		header: map[string]string{"X-Shopify-Hmac-Sha256": "cad362bd9d00891"}, wantErr: "not base64"},

	// printf '%s' "$(cat testdata/woocommerce-order.json)" | openssl dgst -sha256 -hmac 'wc_whsec_7Kx2pQ' -binary | base64
	{name: "woocommerce signed", source: "woocommerce", body: "woocommerce-order.json", secret: "wc_whsec_7Kx2pQ",
		header: map[string]string{"X-WC-Webhook-Signature": "iS9MiYrndL4vlGxxmEGTaCYlKGL1tfQ2ySk9XQwRgNs="}},
	{name: "woocommerce deletion signed", source: "woocommerce", body: "woocommerce-deleted.json", secret: "wc_whsec_7Kx2pQ",
		header: map[string]string{"X-WC-Webhook-Signature": "+f4m+DaQ60Zlbdt01cz9kClKjFBoUxLfuggyEAqNUAE="}},
	{name: "woocommerce ping unsigned", source: "woocommerce", body: "woocommerce-ping.txt", secret: "wc_whsec_7Kx2pQ"},
	{name: "woocommerce order unsigned", source: "woocommerce", body: "woocommerce-order.json", secret: "wc_whsec_7Kx2pQ",
		wantErr: "no X-WC-Webhook-Signature header"},

	// openssl dgst -sha256 -hmac 'tf_secret_Yq81' -binary < testdata/typeform-response.json | base64
	{name: "typeform signed", source: "typeform", body: "typeform-response.json", secret: "tf_secret_Yq81",
		header: map[string]string{"Typeform-Signature": "sha256=vN6GKy+PKvrhsf6k+AHL/vylFY7TAxq0M343EQqKkhQ="}},
	{name: "typeform without its prefix", source: "typeform", body: "typeform-response.json", secret: "tf_secret_Yq81",
		header: map[string]string{"Typeform-Signature": "vN6GKy+PKvrhsf6k+AHL/vylFY7TAxq0M343EQqKkhQ="}, wantErr: `does not start with "sha256="`},

	// printf '%s' "1773415800.$(cat testdata/chatwoot-message.json)" | openssl dgst -sha256 -hmac 'cw_9sQ2mX' -hex
	{name: "chatwoot signed", source: "chatwoot", body: "chatwoot-message.json", secret: "cw_9sQ2mX", now: time.Unix(1773415800+120, 0),
		header: map[string]string{"X-Chatwoot-Timestamp": "1773415800", "X-Chatwoot-Signature": "sha256=f588e1a2805f4b2c8aee41af60bd8db36ac80da1b61fa5983ab5e387bf279735"}},
	{name: "chatwoot conversation signed", source: "chatwoot", body: "chatwoot-conversation-created.json", secret: "cw_9sQ2mX", now: time.Unix(1773415800, 0),
		header: map[string]string{"X-Chatwoot-Timestamp": "1773415800", "X-Chatwoot-Signature": "sha256=615b656b01e3656b8c8da2e9d0a04cb69cfff274470db6dff47bc8d172517f79"}},
	{name: "chatwoot replayed after 6 minutes", source: "chatwoot", body: "chatwoot-message.json", secret: "cw_9sQ2mX", now: time.Unix(1773415800+360, 0),
		header: map[string]string{"X-Chatwoot-Timestamp": "1773415800", "X-Chatwoot-Signature": "sha256=f588e1a2805f4b2c8aee41af60bd8db36ac80da1b61fa5983ab5e387bf279735"}, wantErr: "more than 5m0s from now"},
	// A fresh timestamp put on an old signature: the time is signed too.
	{name: "chatwoot timestamp swapped", source: "chatwoot", body: "chatwoot-message.json", secret: "cw_9sQ2mX", now: time.Unix(1773416800, 0),
		header: map[string]string{"X-Chatwoot-Timestamp": "1773416800", "X-Chatwoot-Signature": "sha256=f588e1a2805f4b2c8aee41af60bd8db36ac80da1b61fa5983ab5e387bf279735"}, wantErr: "does not match"},
	{name: "chatwoot before signing (4.11.1)", source: "chatwoot", body: "chatwoot-message.json", secret: "cw_9sQ2mX", now: time.Unix(1773415800, 0),
		wantErr: "no X-Chatwoot-Signature header"},

	// The secret is the one of Zendesk's own verification example:
	// printf '%s' "2026-03-13T13:05:02Z$(cat testdata/zendesk-created.json)" |
	//   openssl dgst -sha256 -hmac 'dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==' -binary | base64
	{name: "zendesk signed", source: "zendesk", body: "zendesk-created.json", secret: "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==",
		now:    time.Date(2026, 3, 13, 13, 30, 0, 0, time.UTC),
		header: map[string]string{"X-Zendesk-Webhook-Signature-Timestamp": "2026-03-13T13:05:02Z", "X-Zendesk-Webhook-Signature": "bpE+l76Hq+wOndsfqF7wPQz93aA40Fa+agP4AVyNmPw="}},
	{name: "zendesk event signed", source: "zendesk", body: "zendesk-deleted.json", secret: "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==",
		now:    time.Date(2026, 3, 13, 13, 5, 0, 0, time.UTC),
		header: map[string]string{"X-Zendesk-Webhook-Signature-Timestamp": "2026-03-13T13:05:02Z", "X-Zendesk-Webhook-Signature": "nl11SeGxXb1dfSd4AmTySUiNftnR9dli7J0Pu/aKVyw="}},
	{name: "zendesk two hours late", source: "zendesk", body: "zendesk-created.json", secret: "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==",
		now:    time.Date(2026, 3, 13, 15, 5, 3, 0, time.UTC),
		header: map[string]string{"X-Zendesk-Webhook-Signature-Timestamp": "2026-03-13T13:05:02Z", "X-Zendesk-Webhook-Signature": "bpE+l76Hq+wOndsfqF7wPQz93aA40Fa+agP4AVyNmPw="}, wantErr: "more than 1h0m0s from now"},
	{name: "zendesk without its timestamp", source: "zendesk", body: "zendesk-created.json", secret: "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==",
		now:    time.Date(2026, 3, 13, 13, 5, 3, 0, time.UTC),
		header: map[string]string{"X-Zendesk-Webhook-Signature": "bpE+l76Hq+wOndsfqF7wPQz93aA40Fa+agP4AVyNmPw="}, wantErr: "no timestamp in the X-Zendesk-Webhook-Signature-Timestamp header"},

	// printf '%s' "1773406800.$(cat testdata/trengo-inbound.txt)" | openssl dgst -sha256 -hmac 'trengo_sign_3Fa9' -hex
	{name: "trengo signed", source: "trengo", body: "trengo-inbound.txt", secret: "trengo_sign_3Fa9", now: time.Unix(1773406800+30, 0),
		header: map[string]string{"Trengo-Signature": "1773406800;4b84cce5b7834d80d51f6d1e250ffa3f8a50113a4a50748b14bb110c8607766e"}},
	{name: "trengo assignment signed", source: "trengo", body: "trengo-assigned.txt", secret: "trengo_sign_3Fa9", now: time.Unix(1773406800, 0),
		header: map[string]string{"Trengo-Signature": "1773406800;3c56eeb6aad6d4add7f0eed5c657928c1897a29698cd53d4a7b234865ccc38bc"}},
	{name: "trengo another timestamp", source: "trengo", body: "trengo-inbound.txt", secret: "trengo_sign_3Fa9", now: time.Unix(1773406800, 0),
		header: map[string]string{"Trengo-Signature": "1773406801;4b84cce5b7834d80d51f6d1e250ffa3f8a50113a4a50748b14bb110c8607766e"}, wantErr: "does not match"},
	{name: "trengo without its timestamp", source: "trengo", body: "trengo-inbound.txt", secret: "trengo_sign_3Fa9", now: time.Unix(1773406800, 0),
		header: map[string]string{"Trengo-Signature": "4b84cce5b7834d80d51f6d1e250ffa3f8a50113a4a50748b14bb110c8607766e"}, wantErr: "is not <timestamp>;<signature>"},

	// Freshdesk does not sign: the secret itself, in a header the rule sets or in the URL.
	{name: "freshdesk secret in a header", source: "freshdesk", body: "freshdesk-created.json", secret: "fd-Qm2x8Lr4",
		header: map[string]string{"X-Klantpuls-Secret": "fd-Qm2x8Lr4"}},
	{name: "freshdesk secret in the URL", source: "freshdesk", body: "freshdesk-created.json", secret: "fd-Qm2x8Lr4",
		query: "secret=fd-Qm2x8Lr4"},
	{name: "freshdesk wrong secret", source: "freshdesk", body: "freshdesk-created.json", secret: "fd-Qm2x8Lr4",
		header: map[string]string{"X-Klantpuls-Secret": "fd-Qm2x8Lr5"}, wantErr: "is not the connection's"},
	{name: "freshdesk a prefix of the secret", source: "freshdesk", body: "freshdesk-created.json", secret: "fd-Qm2x8Lr4",
		query: "secret=fd-Qm2x8", wantErr: "is not the connection's"},
	{name: "freshdesk no secret", source: "freshdesk", body: "freshdesk-created.json", secret: "fd-Qm2x8Lr4",
		wantErr: "no secret"},
}

func TestVerify(t *testing.T) {
	for _, c := range verifyCases {
		t.Run(c.name, func(t *testing.T) {
			s, ok := Lookup(c.source)
			if !ok {
				t.Fatalf("no source %q", c.source)
			}
			err := s.Verify(delivery(t, c), []byte(c.secret), c.now)
			switch {
			case c.wantErr == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
				t.Fatalf("got %v, want a refusal saying %q", err, c.wantErr)
			case err != nil && !errors.Is(err, ErrSignature):
				t.Fatalf("%v does not wrap ErrSignature", err)
			}
		})
	}
}

// A changed byte of the body, another secret, or no secret is refused by every source, from the
// accepted signed cases of each (an unsigned ping writes nothing and is let through).
func TestVerifyRefusesTampering(t *testing.T) {
	for _, c := range verifyCases {
		if c.wantErr != "" || len(c.header) == 0 && c.query == "" {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			s, _ := Lookup(c.source)
			d := delivery(t, c)
			d.Body = append(d.Body, ' ')
			if err := s.Verify(d, []byte(c.secret), c.now); !errors.Is(err, ErrSignature) && s.scheme.kind != schemeSecret {
				t.Errorf("a changed body: %v", err)
			}
			if err := s.Verify(delivery(t, c), nil, c.now); !errors.Is(err, ErrSignature) {
				t.Errorf("no secret: %v", err)
			}
			if err := s.Verify(delivery(t, c), []byte(c.secret+"x"), c.now); !errors.Is(err, ErrSignature) {
				t.Errorf("another secret: %v", err)
			}
		})
	}
}

func TestSourcesLoad(t *testing.T) {
	var names []string
	for _, s := range Sources() {
		names = append(names, s.Name)
		if s.Title == "" || len(s.Docs()) == 0 || len(s.Kinds) == 0 {
			t.Errorf("%s: a source needs a title, its documentation and the kinds it writes", s.Name)
		}
	}
	if got := strings.Join(names, " "); !strings.Contains(got, "klantpuls") {
		t.Errorf("sources %q lack klantpuls", got)
	}
}
