package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// ValidateDigestSchedule checks a schedule and names the field at fault (DigestScheduleField
// tells which): the one validator of a schedule, whether it comes from the settings form, the
// command line or the API.
func ValidateDigestSchedule(d *cx.DigestSchedule) error {
	fail := func(field, format string, args ...any) error {
		return &scheduleError{field, cx.Errorf(cx.EINVALID, format, args...)}
	}
	switch fs := cx.DigestFrequencies; {
	case !slices.Contains(fs, d.Frequency):
		return fail("frequency", "frequency: %q is not %s or %s", d.Frequency, strings.Join(fs[:len(fs)-1], ", "), fs[len(fs)-1])
	case d.Weekday < time.Sunday || d.Weekday > time.Saturday:
		return fail("weekday", "weekday: %d is not 0 (Sunday) to 6 (Saturday)", d.Weekday)
	case d.Hour < 0 || d.Hour > 23:
		return fail("hour", "hour: %d is not 0 to 23", d.Hour)
	case d.Minute < 0 || d.Minute > 59:
		return fail("minute", "minute: %d is not 0 to 59", d.Minute)
	case d.Lang != "nl" && d.Lang != "en":
		return fail("lang", "lang: %q is not nl or en", d.Lang)
	}
	return nil
}

// scheduleError is a schedule's field ValidateDigestSchedule refused, with the cx.EINVALID
// error that says why.
type scheduleError struct {
	field string
	err   error
}

func (e *scheduleError) Error() string { return e.err.Error() }
func (e *scheduleError) Unwrap() error { return e.err }

// DigestScheduleField is the field of a schedule that ValidateDigestSchedule refused in err
// (frequency, weekday, hour, minute or lang), "" when err is no such refusal: a form names it in
// its own language.
func DigestScheduleField(err error) string {
	if e := (*scheduleError)(nil); errors.As(err, &e) {
		return e.field
	}
	return ""
}

// SetDigestSchedule validates and stores a user's digest schedule with its line in the audit
// trail, as by the actor of e (e.Action and Subject are filled in here): both or neither.
func (a *App) SetDigestSchedule(ctx context.Context, d *cx.DigestSchedule, e cx.AuditEntry) error {
	if err := ValidateDigestSchedule(d); err != nil {
		return err
	}
	u, err := a.accounts.UserByID(ctx, d.UserID)
	if err != nil {
		return err
	}
	return a.Audited(ctx, func(ctx context.Context) ([]cx.AuditEntry, error) {
		if err := a.accounts.SetDigestSchedule(ctx, d); err != nil {
			return nil, err
		}
		e.Action, e.Subject = cx.AuditDigestChange, u.Email
		e.Words = scheduleWords(d)
		if e.At.IsZero() {
			e.At = d.UpdatedAt
		}
		return []cx.AuditEntry{e}, nil
	})
}

// scheduleWords say a schedule in the audit trail: "weekly Friday 16:30 en", "daily 07:30 en",
// "none" in English; a weekday only for a weekly digest, a time and language only for one that
// is sent. The frequency and weekday are words of the pages (cx.Word).
func scheduleWords(d *cx.DigestSchedule) []cx.AuditPhrase {
	if d.Frequency == cx.DigestNone {
		return []cx.AuditPhrase{cx.Phrase("digest_none")}
	}
	at := fmt.Sprintf("%02d:%02d", d.Hour, d.Minute)
	if d.Frequency == cx.DigestWeekly {
		return []cx.AuditPhrase{cx.Phrase("digest_on", cx.Word("digest_"+d.Frequency), cx.Word("weekday_"+strings.ToLower(d.Weekday.String()[:3])), at, d.Lang)}
	}
	return []cx.AuditPhrase{cx.Phrase("digest", cx.Word("digest_"+d.Frequency), at, d.Lang)}
}

// DigestSchedule returns a user's digest schedule; cx.ENOTFOUND when they have none.
func (a *App) DigestSchedule(ctx context.Context, userID int64) (*cx.DigestSchedule, error) {
	return a.accounts.DigestSchedule(ctx, userID)
}

// DigestSchedules returns every schedule that sends something.
func (a *App) DigestSchedules(ctx context.Context) ([]cx.DigestSchedule, error) {
	return a.accounts.DigestSchedules(ctx)
}

// ClaimDigest records that a user's digest of period goes out now; false when it already did,
// or another node's claim younger than lapse holds it.
func (a *App) ClaimDigest(ctx context.Context, userID int64, period string, at time.Time, lapse time.Duration) (bool, error) {
	return a.accounts.ClaimDigest(ctx, userID, period, at, lapse)
}

// MarkDigestSent ends a claim whose digest went (reason "") or is not to be tried again, reason
// saying why it went to nobody (cx.DigestBounced, …).
func (a *App) MarkDigestSent(ctx context.Context, userID int64, period, reason string) error {
	return a.accounts.MarkDigestSent(ctx, userID, period, reason)
}

// DigestsListed is how many of a user's last periods their digest page lists: a quarter of
// weekly digests, twelve days of daily ones, a year of monthly ones.
const DigestsListed = 12

// DigestsSent lists a user's last settled periods, newest first: sent, or why not.
func (a *App) DigestsSent(ctx context.Context, userID int64) ([]cx.DigestSend, error) {
	return a.accounts.DigestsSent(ctx, userID, DigestsListed)
}

// UnclaimDigest forgets the claim made at at whose sending failed, so it is tried again.
func (a *App) UnclaimDigest(ctx context.Context, userID int64, period string, at time.Time) error {
	return a.accounts.UnclaimDigest(ctx, userID, period, at)
}
