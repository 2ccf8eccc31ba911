package mail

import (
	"context"
	"strings"
	"testing"
)

// An inline image needs a Content-ID without angle brackets (Send adds them) and a type; one
// without is refused before any connection, as a permanent failure naming it.
func TestInlineRefused(t *testing.T) {
	sender, err := NewSMTP(Config{Host: "127.0.0.1", Port: 1, TLS: TLSNone, From: "klantpuls <noreply@example.com>"})
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []Inline{
		{ContentID: "<nps@klantpuls>", Type: "image/png"},
		{ContentID: "nps@klantpuls"},
		{ContentID: "", Type: "image/png"},
		{ContentID: "a b", Type: "image/png"},
	} {
		err := sender.Send(context.Background(), Message{To: "a@example.nl", Subject: "s", Text: "t", HTML: "<p>h</p>", Inline: []Inline{in}})
		if err == nil || !IsPermanent(err) || !strings.Contains(err.Error(), "inline") {
			t.Errorf("%+v: %v, want a permanent error about the inline image", in, err)
		}
	}
}
