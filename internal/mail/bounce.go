package mail

import (
	"context"
	"errors"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// ErrHeld says a message was not sent: a mail server refused its recipient for good before (a
// bounce), and the address is held back from every mail until an admin clears the hold. Sending
// it again will not help either, so IsPermanent is true of it as of the bounce itself.
var ErrHeld = &sendError{permanent: true, err: errors.New("held"),
	text: "not sent: a mail server refused the address for good before (a bounce); it is held back until an admin clears it"}

// Bounces is where the addresses a mail server refused for good are kept, by their
// cx.AddressKey, whatever mail it refused: an invitation, a digest, an alert. *app.App is one.
type Bounces interface {
	Bounced(ctx context.Context, address string) (bool, error)
	Bounce(ctx context.Context, address string, at time.Time) error
}

// SendUnlessBounced sends m by s unless m's recipient is held back after a bounce (ErrHeld),
// and records a bounce of the recipient, at at, when the mail server refuses m for good: every
// mail sent to such an address again is refused again, and each refusal costs the sender's
// reputation with the mailbox providers. A temporary refusal (a 4xx, no connection) holds
// nothing. Every sender of klantpuls sends through this, so one bounce holds the address back
// from every kind of mail.
func SendUnlessBounced(ctx context.Context, s Sender, b Bounces, m Message, at time.Time) error {
	held, err := b.Bounced(ctx, m.To)
	if err != nil {
		return err
	}
	if held {
		return ErrHeld
	}
	err = s.Send(ctx, m)
	if IsPermanent(err) && cx.AddressKey(m.To) != "" {
		// Recorded even when the caller stops meanwhile: the refusal happened.
		if berr := b.Bounce(context.WithoutCancel(ctx), m.To, at); berr != nil {
			return errors.Join(err, berr)
		}
	}
	return err
}
