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
// sending (digests_sent's primary key), and the claim removed when sending fails so the next
// check tries again. With several nodes on one database, only the node holding the lease
// (ClaimSync, as the KPI alerts use) sends; it gives the lease up when serve stops.

// CheckInterval is how often serve looks for due digests.
const CheckInterval = 5 * time.Minute

const lease = "lease:digests"

// Store is what the runner reads and records besides the figures. *app.App is one.
type Store interface {
	Source
	DigestSchedules(ctx context.Context) ([]cx.DigestSchedule, error)
	UserByID(ctx context.Context, id int64) (*cx.User, error)
	ClaimDigest(ctx context.Context, userID int64, period string, at time.Time) (bool, error)
	UnclaimDigest(ctx context.Context, userID int64, period string) error
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
func (r *Runner) Check(ctx context.Context) (sent int, err error) {
	if r.Mail == nil {
		return 0, nil
	}
	now := r.Now().In(r.Builder.location())
	if r.Holder != "" {
		held, err := r.Store.ClaimSync(ctx, lease, r.Holder, now.UTC(), 3*CheckInterval)
		if err != nil || !held {
			return 0, err
		}
	}
	schedules, err := r.Store.DigestSchedules(ctx)
	if err != nil {
		return 0, err
	}
	for _, s := range schedules {
		period, at, due := Due(s, now)
		if !due {
			continue
		}
		done, err := r.send(ctx, s, period, at, now)
		if err != nil {
			r.Log.Warn("digest not sent", slog.Int64("user", s.UserID), slog.String("period", period), slog.Any("error", err))
		}
		if done {
			sent++
		}
	}
	return sent, nil
}

// send sends the digest of period, made as of its send time at, to the user of s unless it was
// already; done says it went.
func (r *Runner) send(ctx context.Context, s cx.DigestSchedule, period string, at, now time.Time) (done bool, err error) {
	u, err := r.Store.UserByID(ctx, s.UserID)
	if err != nil {
		return false, err
	}
	claimed, err := r.Store.ClaimDigest(ctx, s.UserID, period, now)
	if err != nil || !claimed {
		return false, err
	}
	rc := RecipientOf(u, s.Lang, Frequency(s.Frequency))
	m, err := r.Builder.Build(ctx, rc, at)
	if errors.Is(err, ErrNoScope) {
		return false, err // nothing to send this period, and nothing to retry: the claim stays
	}
	if err == nil {
		err = r.Mail.Send(ctx, m)
	}
	if err != nil && !mail.IsPermanent(err) {
		if uerr := r.Store.UnclaimDigest(context.WithoutCancel(ctx), s.UserID, period); uerr != nil {
			return false, errors.Join(err, uerr)
		}
	}
	if err != nil {
		return false, fmt.Errorf("digest %s to %s: %w", period, u.Email, err)
	}
	return true, nil
}

// Run checks every interval until ctx ends, then gives up the lease.
func (r *Runner) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	defer func() {
		if r.Holder != "" {
			_ = r.Store.ReleaseSync(context.WithoutCancel(ctx), lease, r.Holder)
		}
	}()
	for {
		if _, err := r.Check(ctx); err != nil && ctx.Err() == nil {
			r.Log.Error("checking the digests", slog.Any("error", err))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
