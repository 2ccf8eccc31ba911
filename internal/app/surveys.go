package app

import (
	"context"
	"slices"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// klantpuls's own surveys, their invitations, the widget's sites and unsubscribed addresses.
// The rules of a survey and an invitation are the survey package's; these keep them.

// CreateSurvey stores a new survey and sets its ID.
func (a *App) CreateSurvey(ctx context.Context, s *cx.Survey) error {
	return a.surveys.CreateSurvey(ctx, s)
}

// UpdateSurvey stores a changed survey.
func (a *App) UpdateSurvey(ctx context.Context, s *cx.Survey) error {
	return a.surveys.UpdateSurvey(ctx, s)
}

// Survey reads one survey.
func (a *App) Survey(ctx context.Context, id int64) (*cx.Survey, error) {
	return a.surveys.Survey(ctx, id)
}

// ListSurveys lists every survey.
func (a *App) ListSurveys(ctx context.Context) ([]cx.Survey, error) {
	return a.surveys.ListSurveys(ctx)
}

// CreateInvitation stores a new invitation (its ID is the caller's).
func (a *App) CreateInvitation(ctx context.Context, inv *cx.Invitation) error {
	return a.surveys.CreateInvitation(ctx, inv)
}

// UpdateInvitation stores what happened to an invitation: sent, opened, answered.
func (a *App) UpdateInvitation(ctx context.Context, inv *cx.Invitation) error {
	return a.surveys.UpdateInvitation(ctx, inv)
}

// Invitation reads one invitation.
func (a *App) Invitation(ctx context.Context, id string) (*cx.Invitation, error) {
	return a.surveys.Invitation(ctx, id)
}

// QueuedInvitations are the invitations waiting to be e-mailed that may be tried at due (not
// waiting for a retry after it), oldest first, at most limit.
func (a *App) QueuedInvitations(ctx context.Context, due time.Time, limit int) ([]cx.Invitation, error) {
	return a.surveys.QueuedInvitations(ctx, due, limit)
}

// ClaimInvitation claims a queued invitation for sending at, unless it was sent or another
// node's claim younger than lapse holds it.
func (a *App) ClaimInvitation(ctx context.Context, id string, at time.Time, lapse time.Duration) (bool, error) {
	return a.surveys.ClaimInvitation(ctx, id, at, lapse)
}

// SurveyInvited tells whether any invitation of a survey was made.
func (a *App) SurveyInvited(ctx context.Context, id int64) (bool, error) {
	return a.surveys.SurveyInvited(ctx, id)
}

// LastInvited is when an address was last sent an invitation; zero when never.
func (a *App) LastInvited(ctx context.Context, email string) (time.Time, error) {
	return a.surveys.LastInvited(ctx, email)
}

// CountInvitations counts the invitations created in [from, to) by survey and channel.
func (a *App) CountInvitations(ctx context.Context, from, to time.Time) ([]InvitationCounts, error) {
	return a.surveys.CountInvitations(ctx, from, to)
}

// Unsubscribe stops surveys to an address (once is enough; again changes nothing). The address
// of an erased customer (the unsubscribe link of an old invitation, clicked after the erasure)
// is kept as its keyed hash, as the erasure keeps their unsubscribe (unsubscribedAs).
func (a *App) Unsubscribe(ctx context.Context, email string, at time.Time) error {
	if er, ok := a.store.(store.Erasure); ok && cx.AddressKey(email) != "" {
		key, err := a.installKey(ctx, eraseKeySetting, &a.eraseKey)
		if err != nil {
			return err
		}
		// The erasure remembers their addresses among the authors they may have written as.
		erased, err := er.ErasedAuthors(ctx)
		if err != nil {
			return err
		}
		if slices.Contains(erased, erasedHash(key, cx.AddressKey(email))) || slices.Contains(erased, erasedHash(key, cx.NameKey(email))) {
			email = unsubscribedAs(key, email)
		}
	}
	return a.surveys.Unsubscribe(ctx, email, at)
}

// Unsubscribed tells whether an address asked for no more surveys (HeldBack).
func (a *App) Unsubscribed(ctx context.Context, email string) (bool, error) {
	reason, err := a.HeldBack(ctx, email)
	return reason == cx.InviteUnsubscribed, err
}

// HeldBack is why an address is held back from surveys — cx.InviteUnsubscribed, or cx.InviteBounced
// after a mail server refused it for good — or "" (heldAs).
func (a *App) HeldBack(ctx context.Context, email string) (string, error) {
	return heldAs(ctx, a, email, a.surveys.HeldBack)
}

// Bounced tells whether an address is held back after a mail server refused it for good (a
// bounce, whatever its unsubscribe): from every mail klantpuls sends, invitations, digests and
// alerts alike (mail.SendUnlessBounced), until ClearBounce (heldAs).
func (a *App) Bounced(ctx context.Context, email string) (bool, error) {
	return heldAs(ctx, a, email, a.surveys.Bounced)
}

// heldAs asks held of an address, and when it has no hold, of its keyed hashes (addressKeys),
// the first that holds.
func heldAs[T comparable](ctx context.Context, a *App, email string, held func(context.Context, string) (T, error)) (T, error) {
	var none T
	got, err := held(ctx, email)
	if err != nil || got != none || cx.AddressKey(email) == "" {
		return got, err
	}
	keys, err := a.addressKeys(ctx, email)
	if err != nil {
		return none, err
	}
	for _, k := range keys[1:] {
		if got, err = held(ctx, k); err != nil || got != none {
			break
		}
	}
	return got, err
}

// addressKeys are the rows an address's hold may be kept under: the address, and as an erasure
// keeps an erased customer's row, its keyed hash (unsubscribedAs) and the one kept before
// addresses were compared bare (unsubscribedAsBefore), when that differs. An address that is no
// address has itself only.
func (a *App) addressKeys(ctx context.Context, email string) ([]string, error) {
	if cx.AddressKey(email) == "" {
		return []string{email}, nil
	}
	key, err := a.installKey(ctx, eraseKeySetting, &a.eraseKey)
	if err != nil {
		return []string{email}, err
	}
	keys := []string{email, unsubscribedAs(key, email)}
	if before := unsubscribedAsBefore(key, email); before != keys[1] {
		keys = append(keys, before)
	}
	return keys, nil
}

// Bounce holds an address back from every mail after a mail server refused it for good — an
// invitation, a digest or an alert — until ClearBounce: every mail sent to it again would be
// refused again, and each refusal costs the sender's reputation with the mailbox providers.
func (a *App) Bounce(ctx context.Context, email string, at time.Time) error {
	return a.surveys.Bounce(ctx, email, at)
}

// Bounces are the addresses held back after a bounce, newest first, for an admin to clear.
// An erased customer's hold is kept as its keyed hash, which is no address to show: it is left
// out, and cleared when the admin enters the address (ClearBounce).
func (a *App) Bounces(ctx context.Context) ([]cx.Bounce, error) {
	all, err := a.surveys.Bounces(ctx)
	return slices.DeleteFunc(all, func(b cx.Bounce) bool { return isPseudonym(b.Address) }), err
}

// ClearBounce lets surveys go to an address held back after a bounce again (the customer
// fixed their mailbox); false when it was not held for one. An unsubscribe is never lifted.
// An erased customer's hold is cleared under every keyed hash Bounced finds one by
// (addressKeys): a customer erased by an older release, bounced again and erased again is held
// under two, and one press clears both.
func (a *App) ClearBounce(ctx context.Context, email string) (bool, error) {
	keys, err := a.addressKeys(ctx, email)
	if err != nil {
		return false, err
	}
	cleared := false
	for _, k := range keys {
		c, err := a.surveys.ClearBounce(ctx, k)
		if err != nil {
			return cleared, err
		}
		cleared = cleared || c
	}
	return cleared, nil
}

// CreateSite stores a widget site.
func (a *App) CreateSite(ctx context.Context, s *cx.Site) error { return a.surveys.CreateSite(ctx, s) }

// Site reads a widget site by its public key.
func (a *App) Site(ctx context.Context, key string) (*cx.Site, error) {
	return a.surveys.Site(ctx, key)
}

// ListSites lists the widget sites.
func (a *App) ListSites(ctx context.Context) ([]cx.Site, error) { return a.surveys.ListSites(ctx) }

// DeleteSite removes a widget site.
func (a *App) DeleteSite(ctx context.Context, key string) error {
	return a.surveys.DeleteSite(ctx, key)
}
