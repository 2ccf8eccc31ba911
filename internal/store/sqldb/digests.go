package sqldb

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// SetDigestSchedule stores a user's digest schedule, replacing the one they had.
func (s *Store) SetDigestSchedule(ctx context.Context, d *cx.DigestSchedule) error {
	at := stamp(d.UpdatedAt)
	_, err := s.exec(ctx, `INSERT INTO digest_schedules (user_id, frequency, weekday, hour, minute, lang, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (user_id) DO UPDATE SET frequency = excluded.frequency, weekday = excluded.weekday,
			hour = excluded.hour, minute = excluded.minute, lang = excluded.lang, updated_at = excluded.updated_at`,
		d.UserID, d.Frequency, int(d.Weekday), d.Hour, d.Minute, d.Lang, at.Unix())
	if err != nil {
		return fmt.Errorf("store: unable to set the digest schedule of user %d: %w", d.UserID, err)
	}
	d.UpdatedAt = at
	return nil
}

const digestColumns = "SELECT user_id, frequency, weekday, hour, minute, lang, updated_at FROM digest_schedules"

// DigestSchedule returns the digest schedule of user id; cx.ENOTFOUND when they never set one.
func (s *Store) DigestSchedule(ctx context.Context, id int64) (*cx.DigestSchedule, error) {
	return one(ctx, s, "digest schedule of user "+strconv.FormatInt(id, 10), scanDigest, digestColumns+" WHERE user_id = $1", id)
}

// DigestSchedules returns every digest schedule other than "none", by user.
func (s *Store) DigestSchedules(ctx context.Context) ([]cx.DigestSchedule, error) {
	return list(ctx, s, "digest schedules", scanDigest, digestColumns+" WHERE frequency <> 'none' ORDER BY user_id")
}

func scanDigest(r *row) cx.DigestSchedule {
	return cx.DigestSchedule{UserID: r.Integer(), Frequency: r.Text(), Weekday: time.Weekday(r.Integer()),
		Hour: int(r.Integer()), Minute: int(r.Integer()), Lang: r.Text(), UpdatedAt: r.instant()}
}

// ClaimDigest records that user id's digest of period is being sent; false when it was already
// (by this node or another), or another's claim younger than lapse holds it: the primary key
// decides, so it goes out once. A claim older than lapse whose digest was not marked sent
// (MarkDigestSent) is of a node that died while sending, and is taken over. Its age is reckoned
// by the store's clock, as leases are (Dialect.Clock).
func (s *Store) ClaimDigest(ctx context.Context, id int64, period string, at time.Time, lapse time.Duration) (bool, error) {
	clock, args := s.clock(5, at)
	n, err := s.exec(ctx, `INSERT INTO digests_sent (user_id, period, sent_at, claimed_at) VALUES ($1, $2, $3, `+clock+`)
		ON CONFLICT (user_id, period) DO UPDATE SET sent_at = excluded.sent_at, claimed_at = excluded.claimed_at
		WHERE digests_sent.claimed_at IS NOT NULL AND digests_sent.claimed_at <= `+clock+` - $4`,
		append([]any{id, period, stamp(at).Unix(), int64(lapse / time.Second)}, args...)...)
	if err != nil {
		return false, fmt.Errorf("store: unable to record the digest %s of user %d: %w", period, id, err)
	}
	return n == 1, nil
}

// MarkDigestSent ends the claim of user id's digest of period: it went (reason "") or is not to
// be tried again (reason says why it went to nobody), and no other node takes it over. The
// reason is written in the one statement that settles the period, so no period is settled
// without it.
func (s *Store) MarkDigestSent(ctx context.Context, id int64, period, reason string) error {
	_, err := s.exec(ctx, "UPDATE digests_sent SET claimed_at = NULL, reason = $3 WHERE user_id = $1 AND period = $2",
		id, period, bindText(reason))
	if err != nil {
		return fmt.Errorf("store: unable to record the digest %s of user %d as sent: %w", period, id, err)
	}
	return nil
}

// DigestsSent lists user id's settled periods, the newest first, at most limit; a claim whose
// digest is still being sent is not among them.
func (s *Store) DigestsSent(ctx context.Context, id int64, limit int) ([]cx.DigestSend, error) {
	return list(ctx, s, "the digests sent to user "+strconv.FormatInt(id, 10), func(r *row) cx.DigestSend {
		return cx.DigestSend{Period: r.Text(), At: r.instant(), Reason: r.Text()}
	}, `SELECT period, sent_at, reason FROM digests_sent WHERE user_id = $1 AND claimed_at IS NULL
		ORDER BY sent_at DESC, period DESC LIMIT $2`, id, limit)
}

// UnclaimDigest removes the claim made at at whose sending failed, so the next check sends it
// again. Only that claim: one another node took over after it lapsed (its own time) stays,
// or the slow node's failure would let a third send what the second is sending.
func (s *Store) UnclaimDigest(ctx context.Context, id int64, period string, at time.Time) error {
	_, err := s.exec(ctx, "DELETE FROM digests_sent WHERE user_id = $1 AND period = $2 AND sent_at = $3 AND claimed_at IS NOT NULL",
		id, period, stamp(at).Unix())
	if err != nil {
		return fmt.Errorf("store: unable to remove the digest %s of user %d: %w", period, id, err)
	}
	return nil
}
