package sqldb

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// Surveys, like accounts, take no part in the change sequence: each write is one statement (or
// one short transaction). Times given are kept in whole seconds, UTC, and the caller's struct is
// set to what a look-up returns. Alert rules, alerts and follow-ups are in alerts.go.
var _ store.Surveys = (*Store)(nil)

// CreateSurvey stores sv and sets sv.ID. sv.CreatedAt, now when zero, is kept in whole seconds.
func (s *Store) CreateSurvey(ctx context.Context, sv *cx.Survey) error {
	created := stamp(sv.CreatedAt)
	id, _, err := s.insert(ctx, `INSERT INTO surveys (kind, name, question_nl, question_en,
		follow_up_low_nl, follow_up_low_en, follow_up_high_nl, follow_up_high_en, active, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		sv.Kind, sv.Name, sv.QuestionNL, sv.QuestionEN, bindText(sv.FollowUpLowNL), bindText(sv.FollowUpLowEN),
		bindText(sv.FollowUpHighNL), bindText(sv.FollowUpHighEN), sv.Active, created.Unix())
	if err := s.failed(err, fmt.Sprintf("create survey %q", sv.Name), ""); err != nil {
		return err
	}
	sv.ID, sv.CreatedAt = id, created
	return nil
}

// UpdateSurvey writes every field of sv but ID and CreatedAt to the survey with sv.ID.
func (s *Store) UpdateSurvey(ctx context.Context, sv *cx.Survey) error {
	n, err := s.exec(ctx, `UPDATE surveys SET kind = $1, name = $2, question_nl = $3, question_en = $4,
		follow_up_low_nl = $5, follow_up_low_en = $6, follow_up_high_nl = $7, follow_up_high_en = $8,
		active = $9 WHERE id = $10`,
		sv.Kind, sv.Name, sv.QuestionNL, sv.QuestionEN, bindText(sv.FollowUpLowNL), bindText(sv.FollowUpLowEN),
		bindText(sv.FollowUpHighNL), bindText(sv.FollowUpHighEN), sv.Active, sv.ID)
	return changed(n, err, "update", "survey "+strconv.FormatInt(sv.ID, 10))
}

const surveyColumns = `SELECT id, kind, name, question_nl, question_en, follow_up_low_nl, follow_up_low_en,
	follow_up_high_nl, follow_up_high_en, active, created_at FROM surveys`

// Survey returns the survey with id.
func (s *Store) Survey(ctx context.Context, id int64) (*cx.Survey, error) {
	return one(ctx, s, "survey "+strconv.FormatInt(id, 10), scanSurvey, surveyColumns+" WHERE id = $1", id)
}

// ListSurveys returns every survey, oldest first.
func (s *Store) ListSurveys(ctx context.Context) ([]cx.Survey, error) {
	return list(ctx, s, "surveys", scanSurvey, surveyColumns+" ORDER BY id")
}

func scanSurvey(r *row) cx.Survey {
	return cx.Survey{ID: r.Integer(), Kind: r.Text(), Name: r.Text(), QuestionNL: r.Text(), QuestionEN: r.Text(),
		FollowUpLowNL: r.Text(), FollowUpLowEN: r.Text(), FollowUpHighNL: r.Text(), FollowUpHighEN: r.Text(),
		Active: r.Flag(), CreatedAt: r.instant()}
}

// CreateInvitation stores inv under the id the caller chose; cx.ECONFLICT when it is taken.
// inv.CreatedAt, now when zero, and the other instants are kept in whole seconds; inv.Email is
// trimmed.
func (s *Store) CreateInvitation(ctx context.Context, inv *cx.Invitation) error {
	if inv.ID == "" {
		return cx.Errorf(cx.EINVALID, "store: unable to create an invitation without an id")
	}
	email := strings.TrimSpace(inv.Email)
	created := stamp(inv.CreatedAt)
	_, err := s.exec(ctx, `INSERT INTO invitations (id, survey_id, customer_id, ticket_id, email,
		email_key, channel, lang, status, error, created_at, sent_at, opened_at, answered_at, attempts, retry_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
		inv.ID, inv.SurveyID, bindText(inv.CustomerID), bindText(inv.TicketID), bindText(email),
		bindText(cx.AddressKey(email)), inv.Channel, inv.Lang, inv.Status, bindText(inv.Error), created.Unix(),
		bindInstant(inv.SentAt), bindInstant(inv.OpenedAt), bindInstant(inv.AnsweredAt), inv.Attempts, bindInstant(inv.RetryAt))
	if err := s.failed(err, "create invitation "+inv.ID, "the id is taken"); err != nil {
		return err
	}
	inv.Email, inv.CreatedAt = email, created
	normaliseInvitation(inv)
	return nil
}

// UpdateInvitation writes every field of inv to the invitation with inv.ID. A zero CreatedAt
// keeps the stored one: it places the invitation in a period and must not move to now.
func (s *Store) UpdateInvitation(ctx context.Context, inv *cx.Invitation) error {
	email := strings.TrimSpace(inv.Email)
	n, err := s.exec(ctx, `UPDATE invitations SET survey_id = $1, customer_id = $2, ticket_id = $3,
		email = $4, email_key = $5, channel = $6, lang = $7, status = $8, error = $9,
		created_at = coalesce($10, created_at), sent_at = $11, opened_at = $12, answered_at = $13,
		attempts = $14, retry_at = $15 WHERE id = $16`,
		inv.SurveyID, bindText(inv.CustomerID), bindText(inv.TicketID), bindText(email), bindText(cx.AddressKey(email)),
		inv.Channel, inv.Lang, inv.Status, bindText(inv.Error), bindInstant(inv.CreatedAt),
		bindInstant(inv.SentAt), bindInstant(inv.OpenedAt), bindInstant(inv.AnsweredAt), inv.Attempts, bindInstant(inv.RetryAt), inv.ID)
	if err := changed(n, err, "update", "invitation "+inv.ID); err != nil {
		return err
	}
	inv.Email = email
	normaliseInvitation(inv)
	return nil
}

// normaliseInvitation sets inv's instants to what a look-up of it returns.
func normaliseInvitation(inv *cx.Invitation) {
	inv.CreatedAt, inv.SentAt = seconds(inv.CreatedAt), seconds(inv.SentAt)
	inv.OpenedAt, inv.AnsweredAt = seconds(inv.OpenedAt), seconds(inv.AnsweredAt)
	inv.RetryAt = seconds(inv.RetryAt)
}

const invitationColumns = `SELECT id, survey_id, customer_id, ticket_id, email, channel, lang, status,
	error, created_at, sent_at, opened_at, answered_at, attempts, retry_at FROM invitations`

// Invitation returns the invitation with id.
func (s *Store) Invitation(ctx context.Context, id string) (*cx.Invitation, error) {
	return one(ctx, s, "invitation "+id, scanInvitation, invitationColumns+" WHERE id = $1", id)
}

// QueuedInvitations returns up to limit queued invitations (all when limit <= 0) that may be
// tried at due (no RetryAt after it), oldest first; those created in the same second in the
// order they were created.
func (s *Store) QueuedInvitations(ctx context.Context, due time.Time, limit int) ([]cx.Invitation, error) {
	return list(ctx, s, "queued invitations", scanInvitation, invitationColumns+
		" WHERE status = $1 AND (retry_at IS NULL OR retry_at <= $2) ORDER BY created_at, "+s.d.Queued+" LIMIT $3",
		cx.InviteQueued, due.Unix(), s.noLimit(limit))
}

// ClaimInvitation claims the invitation with id for sending at: it succeeds when the invitation
// is still queued, may be tried at (no RetryAt after it), and holds no claim older than lapse,
// by the store's clock (Dialect.Clock) as leases are. One statement on one row, so of two nodes
// claiming at once one wins: SQLite has one writer, and PostgreSQL checks the conditions again
// on the row the first one changed.
func (s *Store) ClaimInvitation(ctx context.Context, id string, at time.Time, lapse time.Duration) (bool, error) {
	clock, args := s.clock(5, at)
	n, err := s.exec(ctx, `UPDATE invitations SET claimed_at = `+clock+` WHERE id = $2 AND status = $3
		AND (retry_at IS NULL OR retry_at <= $1) AND (claimed_at IS NULL OR claimed_at <= `+clock+` - $4)`,
		append([]any{at.Unix(), id, cx.InviteQueued, int64(lapse / time.Second)}, args...)...)
	if err != nil {
		return false, s.failed(err, "claim invitation "+id, "")
	}
	return n > 0, nil
}

// SurveyInvited reports whether any invitation of the survey with id was made.
func (s *Store) SurveyInvited(ctx context.Context, id int64) (bool, error) {
	found, err := one(ctx, s, "whether survey "+strconv.FormatInt(id, 10)+" has invitations", (*row).Flag,
		"SELECT EXISTS (SELECT 1 FROM invitations WHERE survey_id = $1)", id)
	if err != nil {
		return false, err
	}
	return *found, nil
}

func scanInvitation(r *row) cx.Invitation {
	return cx.Invitation{ID: r.Text(), SurveyID: r.Integer(), CustomerID: r.Text(), TicketID: r.Text(),
		Email: r.Text(), Channel: r.Text(), Lang: r.Text(), Status: r.Text(), Error: r.Text(),
		CreatedAt: r.instant(), SentAt: r.instant(), OpenedAt: r.instant(), AnsweredAt: r.instant(),
		Attempts: int(r.Integer()), RetryAt: r.instant()}
}

// LastInvited returns when email was last sent an invitation, zero when never.
func (s *Store) LastInvited(ctx context.Context, email string) (time.Time, error) {
	last, err := one(ctx, s, "when "+strings.TrimSpace(email)+" was last invited", (*row).instant,
		"SELECT max(sent_at) FROM invitations WHERE email_key = $1 AND status = $2", cx.AddressKey(email), cx.InviteSent)
	if err != nil {
		return time.Time{}, err
	}
	return *last, nil
}

// CountInvitations counts the invitations created in [from, to) per survey and channel, ordered
// by both. A group whose invitations were all held back (throttled, unsubscribed, failed) is
// there with zero counts. A web invitation is created, as sent, when its link is handed out; a
// widget invitation only when a showing is answered (showings are not stored), so its sent and
// opened are its answered.
func (s *Store) CountInvitations(ctx context.Context, from, to time.Time) ([]store.InvitationCounts, error) {
	return list(ctx, s, "invitation counts", func(r *row) store.InvitationCounts {
		return store.InvitationCounts{SurveyID: r.Integer(), Channel: r.Text(), Sent: int(r.Integer()),
			Opened: int(r.Integer()), Answered: int(r.Integer())}
	}, `SELECT survey_id, channel, count(*) FILTER (WHERE status = $1), count(opened_at), count(answered_at)
		FROM invitations WHERE created_at >= $2 AND created_at < $3
		GROUP BY survey_id, channel ORDER BY survey_id, channel`,
		cx.InviteSent, from.Unix(), to.Unix())
}

// Unsubscribe records that email wants no more surveys. Asking again keeps the first time; a
// bounce held before stays held (bounced_at), the row's reason becoming the unsubscribe, which
// no clearing lifts.
func (s *Store) Unsubscribe(ctx context.Context, email string, at time.Time) error {
	return s.hold(ctx, email, at, cx.InviteUnsubscribed, nil, `DO UPDATE SET reason = excluded.reason, at = excluded.at
		WHERE unsubscribes.reason <> excluded.reason`)
}

// Bounce holds email back from every mail after a mail server refused it for good, whatever
// its unsubscribe, which stays one; a bounce again keeps the first time.
func (s *Store) Bounce(ctx context.Context, email string, at time.Time) error {
	return s.hold(ctx, email, at, cx.InviteBounced, stamp(at).Unix(), `DO UPDATE SET bounced_at = excluded.bounced_at
		WHERE unsubscribes.bounced_at IS NULL`)
}

// hold stores that email is held back for reason, since at, and bounced since bouncedAt (nil:
// no bounce), onConflict deciding what becomes of a row the address has already.
func (s *Store) hold(ctx context.Context, email string, at time.Time, reason string, bouncedAt any, onConflict string) error {
	key := cx.AddressKey(email)
	if key == "" {
		return cx.Errorf(cx.EINVALID, "store: unable to hold back an invitation without an e-mail address (%s)", reason)
	}
	_, err := s.exec(ctx, `INSERT INTO unsubscribes (email_key, at, reason, bounced_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (email_key) `+onConflict, key, stamp(at).Unix(), reason, bouncedAt)
	return s.failed(err, "hold back "+key+" ("+reason+")", "")
}

// Unsubscribed reports whether email asked for no more surveys.
func (s *Store) Unsubscribed(ctx context.Context, email string) (bool, error) {
	reason, err := s.HeldBack(ctx, email)
	return reason == cx.InviteUnsubscribed, err
}

// HeldBack is why email is held back from surveys: cx.InviteUnsubscribed (whether it bounced
// too or not), cx.InviteBounced, or "" when it is not.
func (s *Store) HeldBack(ctx context.Context, email string) (string, error) {
	reason, err := one(ctx, s, "whether "+strings.TrimSpace(email)+" is held back", (*row).Text,
		"SELECT coalesce(max(reason), '') FROM unsubscribes WHERE email_key = $1", cx.AddressKey(email))
	if err != nil {
		return "", err
	}
	return *reason, nil
}

// Bounced reports whether a bounce holds email back, unsubscribed or not.
func (s *Store) Bounced(ctx context.Context, email string) (bool, error) {
	n, err := one(ctx, s, "whether "+strings.TrimSpace(email)+" bounced", (*row).Integer,
		"SELECT count(*) FROM unsubscribes WHERE email_key = $1 AND bounced_at IS NOT NULL", cx.AddressKey(email))
	if err != nil {
		return false, err
	}
	return *n > 0, nil
}

// ClearBounce lifts the hold of a bounce on email; false when it had none. An unsubscribe stays:
// its row loses the bounce only, a bounce's own row goes.
func (s *Store) ClearBounce(ctx context.Context, email string) (bool, error) {
	key := cx.AddressKey(email)
	var n int64
	err := s.inTx(ctx, "clear the bounce of "+strings.TrimSpace(email), func(tx execer) error {
		var err error
		n, err = rowsChanged(tx.ExecContext(ctx, s.sql("UPDATE unsubscribes SET bounced_at = NULL WHERE email_key = $1 AND bounced_at IS NOT NULL"), key))
		if err == nil {
			_, err = tx.ExecContext(ctx, s.sql("DELETE FROM unsubscribes WHERE email_key = $1 AND reason = $2"), key, cx.InviteBounced)
		}
		return err
	})
	return err == nil && n > 0, err
}

// Bounces are the addresses a bounce holds back, unsubscribed or not, newest first (and by key
// within a second), each since its first refusal.
func (s *Store) Bounces(ctx context.Context) ([]cx.Bounce, error) {
	return list(ctx, s, "addresses held back for a bounce", func(r *row) cx.Bounce {
		return cx.Bounce{Address: r.Text(), Since: r.instant()}
	}, "SELECT email_key, bounced_at FROM unsubscribes WHERE bounced_at IS NOT NULL ORDER BY bounced_at DESC, email_key")
}

// CreateSite stores site; cx.ECONFLICT when its key is taken. site.CreatedAt, now when zero, is
// kept in whole seconds.
func (s *Store) CreateSite(ctx context.Context, site *cx.Site) error {
	if site.Key == "" {
		return cx.Errorf(cx.EINVALID, "store: unable to create site %q without a key", site.Name)
	}
	origins := site.Origins
	if origins == nil {
		origins = []string{} // "[]", not "null": the column always holds an array
	}
	b, err := json.Marshal(origins)
	if err != nil {
		return fmt.Errorf("store: unable to encode the origins of site %s: %w", site.Key, err)
	}
	created := stamp(site.CreatedAt)
	_, err = s.exec(ctx, `INSERT INTO sites (key, name, survey_id, origins, created_at)
		VALUES ($1, $2, $3, `+fmt.Sprintf(s.d.OriginsValue, "$4")+`, $5)`,
		site.Key, site.Name, site.SurveyID, string(b), created.Unix())
	if err := s.failed(err, "create site "+site.Key, "the key is taken"); err != nil {
		return err
	}
	site.CreatedAt = created
	return nil
}

func (s *Store) siteColumns() string {
	return "SELECT key, name, survey_id, " + s.d.OriginsColumn + ", created_at FROM sites"
}

// Site returns the site with key.
func (s *Store) Site(ctx context.Context, key string) (*cx.Site, error) {
	return one(ctx, s, "site "+key, scanSite, s.siteColumns()+" WHERE key = $1", key)
}

// ListSites returns every site, oldest first.
func (s *Store) ListSites(ctx context.Context) ([]cx.Site, error) {
	return list(ctx, s, "sites", scanSite, s.siteColumns()+" ORDER BY created_at, "+s.d.Queued)
}

// scanSite reads a site; no origins come back as nil, the zero value.
func scanSite(r *row) cx.Site {
	site := cx.Site{Key: r.Text(), Name: r.Text(), SurveyID: r.Integer()}
	if err := json.Unmarshal([]byte(r.Text()), &site.Origins); err != nil && r.err == nil {
		r.err = fmt.Errorf("origins of site %s: %w", site.Key, err)
	}
	if len(site.Origins) == 0 {
		site.Origins = nil
	}
	site.CreatedAt = r.instant()
	return site
}

// DeleteSite removes the site with key; the widget on it stops working.
func (s *Store) DeleteSite(ctx context.Context, key string) error {
	n, err := s.exec(ctx, "DELETE FROM sites WHERE key = $1", key)
	return changed(n, err, "delete", "site "+key)
}
