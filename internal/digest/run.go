package digest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/mail"
)

// Inside serve the digests are checked every CheckInterval: each schedule whose send time has
// passed gets the digest of its period, once — the period is claimed in the store before
// sending (digests_sent's primary key) and marked sent after, with what became of it in the
// same write (Outcome), and the claim removed when sending fails so the next check tries
// again. With several nodes on one database, only the node holding the lease (ClaimSync, as
// the KPI alerts use) sends; it gives the lease up when serve stops. A node that dies between its claim and the e-mail leaves the claim unmarked: it
// lapses after claimLapse, and the node that took the lease over sends the digest.

// CheckInterval is how often serve looks for due digests.
const CheckInterval = 5 * time.Minute

const (
	lease    = "lease:digests"
	leaseFor = 3 * CheckInterval
	// claimLapse is the lease's time: a send (the figures, then the mail server, each of
	// whose commands mail.DefaultTimeout bounds) takes well under it, and the node that takes
	// the lease over from a dead one finds the dead one's claim lapsed.
	claimLapse = leaseFor
)

// Store is what the runner reads and records besides the figures. *app.App is one.
type Store interface {
	Source
	mail.Bounces // a digest is not mailed to an address held back after a bounce
	DigestSchedules(ctx context.Context) ([]cx.DigestSchedule, error)
	UserByID(ctx context.Context, id int64) (*cx.User, error)
	ClaimDigest(ctx context.Context, userID int64, period string, at time.Time, lapse time.Duration) (bool, error)
	MarkDigestSent(ctx context.Context, userID int64, period, reason string) error
	UnclaimDigest(ctx context.Context, userID int64, period string, at time.Time) error
	ClaimSync(ctx context.Context, name, holder string, now time.Time, lease time.Duration) (bool, error)
	ReleaseSync(ctx context.Context, name, holder string) error
}

// Runner sends the due digests.
type Runner struct {
	Store   Store
	Builder *Builder
	Mail    mail.Sender
	Holder  string // this node's name for the lease; "" for a single node without one
	Now     func() time.Time
	Log     *slog.Logger
}

// Check sends every digest due now and not sent yet; it does nothing when another node holds
// the lease. A digest that fails is logged and tried again at the next check.
func (r *Runner) Check(ctx context.Context) (sent int, err error) { return r.check(ctx, ctx) }

// check is Check under work that begins no digest once stop has ended.
func (r *Runner) check(stop, ctx context.Context) (sent int, err error) {
	if r.Mail == nil {
		return 0, nil
	}
	now := r.Now().In(r.Builder.location())
	if r.Holder != "" {
		held, err := r.Store.ClaimSync(ctx, lease, r.Holder, now.UTC(), leaseFor)
		if err != nil || !held {
			return 0, err
		}
	}
	schedules, err := r.Store.DigestSchedules(ctx)
	if err != nil {
		return 0, err
	}
	for _, s := range schedules {
		if stop.Err() != nil {
			break
		}
		period, at, due := Due(s, now)
		if !due {
			continue
		}
		done, err := r.send(ctx, s, period, at, now)
		if err != nil {
			msg := "digest not sent"
			if done {
				msg = "digest sent, not recorded"
			}
			r.Log.Warn(msg, slog.Int64("user", s.UserID), slog.String("period", period), slog.Any("error", err))
		}
		if done {
			sent++
		}
	}
	return sent, nil
}

// send sends the digest of period, made as of its send time at, to the user of s unless it was
// already; done says it went, recorded or not (err says which).
func (r *Runner) send(ctx context.Context, s cx.DigestSchedule, period string, at, now time.Time) (done bool, err error) {
	u, err := r.Store.UserByID(ctx, s.UserID)
	if err != nil {
		return false, err
	}
	claimed, err := r.Store.ClaimDigest(ctx, s.UserID, period, now, claimLapse)
	if err != nil || !claimed {
		return false, err
	}
	rc := RecipientOf(u, s.Lang, Frequency(s.Frequency))
	m, err := r.Builder.Build(ctx, rc, at)
	if err == nil {
		err = mail.SendUnlessBounced(ctx, r.Mail, r.Store, m, now.UTC())
	}
	// Recorded even when serve stops meanwhile: a digest that went must not go again once
	// the claim lapses.
	settle := context.WithoutCancel(ctx)
	reason, settled := Outcome(err)
	if !settled {
		if uerr := r.Store.UnclaimDigest(settle, s.UserID, period, now); uerr != nil {
			err = errors.Join(err, uerr)
		}
		return false, fmt.Errorf("digest %s to %s: %w", period, u.Email, err)
	}
	// The period and its outcome are one write, and nothing is said of the outcome before it:
	// a period not recorded is not settled, its claim lapses and it is tried again — a digest
	// that went goes twice, rather than a period settled without what became of it.
	if merr := r.Store.MarkDigestSent(settle, s.UserID, period, reason); merr != nil {
		what := "went"
		if reason != "" {
			what = "went to nobody (" + reason + ")"
		}
		// With the mail server's reply, which says why the digest went to nobody and is kept
		// nowhere else; a hold's reason says all there is of it.
		cause := merr
		if err != nil && reason != cx.DigestBounceHeld {
			cause = errors.Join(merr, err)
		}
		return err == nil, fmt.Errorf("digest %s %s but is not recorded; it is tried again once its claim lapses: %w", period, what, cause)
	}
	switch {
	case reason == cx.DigestBounceHeld:
		// Said once: the period is settled, so no later check comes here for it. The user's id
		// says whose, as the other lines of the runner do; the address is the user's record's.
		r.Log.Warn("digest held back: a mail server refused the user's address for good before; an admin clears the hold on the surveys page",
			slog.Int64("user", s.UserID), slog.String("period", period))
		return false, nil
	case errors.Is(err, ErrNoScope):
		return false, err
	case reason == cx.DigestRefused:
		return false, fmt.Errorf("digest %s to %s: %s: %w", period, u.Email, mail.RefusedSaid, err)
	case err != nil:
		return false, fmt.Errorf("digest %s to %s: %w", period, u.Email, err)
	}
	return true, nil
}

// Outcome is what a send's error means for its period: settled, with why it went to nobody
// ("" when it went), or left for the next check to try again (settled false: the mail server
// unreachable, a 4xx, the engine not loaded yet). Sent, nothing to send for the user, or refused
// for good — a bounce now, held back after one, or the message refused (RFC 5321: a 5yz is not
// repeated as is) — is nothing to retry.
func Outcome(err error) (reason string, settled bool) {
	switch {
	case err == nil:
		return "", true
	case errors.Is(err, ErrNoScope):
		return cx.DigestNoAgent, true
	case errors.Is(err, mail.ErrHeld): // permanent too: asked before IsPermanent
		return cx.DigestBounceHeld, true
	case mail.IsBounce(err):
		return cx.DigestBounced, true
	case mail.IsPermanent(err):
		return cx.DigestRefused, true
	}
	return "", false
}

// Run checks every interval until ctx ends, then gives up the lease. A check runs under work,
// which may end later than ctx (serve's grace): the digest under way at a stop is sent and
// recorded, and no other is begun.
func (r *Runner) Run(ctx, work context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	defer func() {
		if r.Holder != "" {
			_ = r.Store.ReleaseSync(context.WithoutCancel(work), lease, r.Holder)
		}
	}()
	for ctx.Err() == nil { // a tick ready at the stop begins no round (as alert.Service.Run)
		if _, err := r.check(ctx, work); err != nil && work.Err() == nil {
			r.Log.Error("checking the digests", slog.Any("error", err))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
