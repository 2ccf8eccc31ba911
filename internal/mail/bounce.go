package mail

import (
	"context"
	"errors"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// ErrHeld says a message was not sent: a mail server refused its recipient for good before (a
// bounce), and the address is held back from every mail until an admin clears the hold. Sending
// it again will not help either, so IsPermanent is true of it as of the bounce itself; IsBounce
// is not: nothing was refused now.
var ErrHeld = &sendError{refusal: permanent, err: errors.New("held"),
	text: "not sent: a mail server refused the address for good before (a bounce); it is held back until an admin clears it"}

// Bouncer records that a mail server refused an address for good, by its cx.AddressKey,
// whatever mail it refused: an invitation, a digest, an alert. *app.App is one.
type Bouncer interface {
	Bounce(ctx context.Context, address string, at time.Time) error
}

// Bounces is a Bouncer that also tells whether an address is held back after a bounce.
type Bounces interface {
	Bouncer
	Bounced(ctx context.Context, address string) (bool, error)
}

// SendUnlessBounced sends m by s unless m's recipient is held back after a bounce (ErrHeld),
// as SendNotingBounce: the digests and alerts. Every sender of klantpuls sends through the one
// or the other, so one bounce holds the address back from every kind of mail.
func SendUnlessBounced(ctx context.Context, s Sender, b Bounces, m Message, at time.Time) error {
	held, err := b.Bounced(ctx, m.To)
	if err != nil {
		return err
	}
	if held {
		return ErrHeld
	}
	return SendNotingBounce(ctx, s, b, m, at)
}

// SendNotingBounce sends m by s and records a bounce of the recipient, at at, when the mail
// server refuses the recipient's address for good (IsBounce): every mail sent to such an address
// again is refused again, and each refusal costs the sender's reputation with the mailbox
// providers. A temporary refusal (a 4xx, no connection) holds nothing, and neither does a
// permanent one of this message (a relay not allowed, the sender's SPF, the content): it would
// hold every address the message went to for a fault of the sender's settings. For a sender that has just asked whether the address
// is held (the invitations' screen, HeldBack, which a bounce holds too); others ask with
// SendUnlessBounced.
func SendNotingBounce(ctx context.Context, s Sender, b Bouncer, m Message, at time.Time) error {
	err := s.Send(ctx, m)
	if IsBounce(err) && cx.AddressKey(m.To) != "" {
		// Recorded even when the caller stops meanwhile: the refusal happened.
		if berr := b.Bounce(context.WithoutCancel(ctx), m.To, at); berr != nil {
			return errors.Join(err, berr)
		}
	}
	return err
}
