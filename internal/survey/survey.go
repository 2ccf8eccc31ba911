// Package survey asks customers klantpuls's own NPS, CSAT and CES questions and records their
// answers: invitations by e-mail with one-click answer links (signed, with expiry), the hosted
// survey page, and the web-site widget. Every answer becomes a response through app, the one
// write path, so reports, dashboards and alerts see it like any other.
package survey

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/mail"
)

// Invitations is where the service keeps its surveys' invitations and reads the surveys and
// held-back addresses (unsubscribed, bounced) they need; *app.App is one. Answers themselves are records, written
// through App.Ingest.
type Invitations interface {
	Survey(ctx context.Context, id int64) (*cx.Survey, error)
	CreateInvitation(ctx context.Context, inv *cx.Invitation) error
	UpdateInvitation(ctx context.Context, inv *cx.Invitation) error
	Invitation(ctx context.Context, id string) (*cx.Invitation, error)
	QueuedInvitations(ctx context.Context, due time.Time, limit int) ([]cx.Invitation, error)
	ClaimInvitation(ctx context.Context, id string, at time.Time, lapse time.Duration) (bool, error)
	SurveyInvited(ctx context.Context, id int64) (bool, error)
	LastInvited(ctx context.Context, email string) (time.Time, error)
	HeldBack(ctx context.Context, email string) (string, error)
	mail.Bouncer // an invitation's bounce holds the address back from every mail
}

// Service asks and records.
type Service struct {
	App         *app.App
	Invitations Invitations
	Signer      *auth.Signer
	Mail        mail.Sender   // nil: e-mail is not configured; invitations wait in the queue
	BaseURL     string        // where links point, "https://klantpuls.example.nl"
	Holder      string        // this node's name for the sender's lease (app.Holder); "" for a single node
	Lease       time.Duration // how long the sender's lease lasts unrenewed; 0: a minute
	Now         func() time.Time
	Log         *slog.Logger
}

func (s *Service) cfg() config.Invitations { return s.App.Config.Invitations }

// Scale is the answer scale of a survey kind: NPS 0–10, CSAT and CES from the config.
func (s *Service) Scale(kind string) (lo, hi int) {
	switch kind {
	case cx.SurveyCSAT:
		return s.App.Config.CSAT.Min, s.App.Config.CSAT.Max
	case cx.SurveyCES:
		return s.App.Config.CES.Min, s.App.Config.CES.Max
	}
	return 0, 10
}

// ValidateSurvey checks a survey an admin made or edited.
func ValidateSurvey(sv *cx.Survey) error {
	switch sv.Kind {
	case cx.SurveyNPS, cx.SurveyCSAT, cx.SurveyCES:
	default:
		return cx.Refuse(cx.EINVALID, "kind", "survey_bad_kind", "%q is not nps, csat or ces", sv.Kind)
	}
	for _, text := range []*string{&sv.Name, &sv.QuestionNL, &sv.QuestionEN, &sv.FollowUpLowNL,
		&sv.FollowUpLowEN, &sv.FollowUpHighNL, &sv.FollowUpHighEN} {
		*text = oneLine(*text)
	}
	if sv.Name == "" {
		return cx.Refuse(cx.EINVALID, "name", "survey_need_name", "give the survey a name")
	}
	if strings.TrimSpace(sv.QuestionNL) == "" || strings.TrimSpace(sv.QuestionEN) == "" {
		return cx.Refuse(cx.EINVALID, "question", "survey_need_question", "the question is needed in Dutch and in English")
	}
	return nil
}

// oneLine is a survey's text as the form's one-line input shows it: a line break, tab or other
// control character posted into it (a paste, a script) is a space, runs of them one, for the
// question is the invitation's Subject, where a line break would start a header of its own.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(c rune) bool { return unicode.IsSpace(c) || unicode.IsControl(c) }), " ")
}

// Request is what an invitation is made from.
type Request struct {
	SurveyID   int64
	CustomerID string
	TicketID   string
	Email      string // else the customer's (or the ticket's customer's) address
	Lang       string // nl (default) or en
	Channel    string // email (default) or web: a link the caller passes on itself
}

// Prepare checks a request and returns its invitation, not yet stored; a request it refuses
// names the field at fault (Refusal tells which). A caller with several requests prepares
// them all before it makes any, so a refused one leaves none made.
func (s *Service) Prepare(ctx context.Context, req Request) (*cx.Invitation, error) {
	sv, err := s.Invitations.Survey(ctx, req.SurveyID)
	if cx.ErrorCode(err) == cx.ENOTFOUND {
		return nil, refuse(cx.ENOTFOUND, "survey_id", "invite_no_survey", "no survey %d", req.SurveyID)
	}
	if err != nil {
		return nil, err
	}
	if !sv.Active {
		return nil, refuse(cx.EINVALID, "survey_id", "invite_survey_off", "survey %d is not active", sv.ID)
	}
	inv := &cx.Invitation{ID: newID(), SurveyID: sv.ID, CustomerID: strings.TrimSpace(req.CustomerID),
		TicketID: strings.TrimSpace(req.TicketID), Email: strings.TrimSpace(req.Email), Lang: Lang(req.Lang),
		Channel: req.Channel, CreatedAt: s.Now().UTC()}
	if inv.Channel == "" {
		inv.Channel = "email"
	}
	if inv.Channel != "email" && inv.Channel != "web" {
		return nil, refuse(cx.EINVALID, "channel", "invite_bad_channel", "%q is not email or web", req.Channel)
	}
	if err := s.fillFromRecords(ctx, inv); err != nil {
		return nil, err
	}
	return inv, nil
}

// Make stores a prepared invitation. An e-mail invitation is queued for sending, unless the
// address unsubscribed, bounced (until an admin clears it) or was asked less than throttle_days
// ago: then it is recorded as such
// and not sent, so the response rate stays honest. A web invitation is handed out as a link
// now, unless its address is known to have unsubscribed: the unsubscribe page promises no
// more surveys, by any way.
func (s *Service) Make(ctx context.Context, inv *cx.Invitation) error {
	inv.Status = cx.InviteQueued
	if inv.Channel == "web" {
		inv.Status, inv.SentAt = cx.InviteSent, inv.CreatedAt
	}
	if inv.Email != "" {
		if err := s.screen(ctx, inv); err != nil {
			return err
		}
	}
	return s.Invitations.CreateInvitation(ctx, inv)
}

// Handed reports whether inv is a web invitation whose link the caller passes on.
func Handed(inv *cx.Invitation) bool { return inv.Channel == "web" && inv.Status == cx.InviteSent }

// refusal is the field of a Request that Prepare refused, and why, with the coded error.
type refusal struct {
	field, reason string
	err           error
	notAddress    bool // the address is no e-mail address (ErrNotAnAddress)
}

// ErrNotAnAddress is what errors.Is finds in Prepare's refusal of an address that is no
// e-mail address, given or the customer's, as the sender reads one (mail.Address).
var ErrNotAnAddress = errors.New("not an e-mail address")

func (e *refusal) Is(target error) bool { return target == ErrNotAnAddress && e.notAddress }

// refuse refuses field for the reason format says with args, in English; the API says it in
// Dutch by key (cx.Refuse).
func refuse(code, field, key, format string, args ...any) error {
	return &refusal{field: field, reason: fmt.Sprintf(format, args...), err: cx.Refuse(code, field, key, format, args...)}
}

func (e *refusal) Error() string { return e.err.Error() }
func (e *refusal) Unwrap() error { return e.err }

// Refusal is the field of a Request that Prepare refused in err (survey_id, channel or
// email) and why; ok is false when err is no such refusal.
func Refusal(err error) (field, reason string, ok bool) {
	var e *refusal
	if errors.As(err, &e) {
		return e.field, e.reason, true
	}
	return "", "", false
}

// fillFromRecords takes the customer from the ticket, and the address from the customer. An
// address that is no e-mail address is refused: the sender could not write its message and
// would record a bounce, as if a mail server had refused a real address.
func (s *Service) fillFromRecords(ctx context.Context, inv *cx.Invitation) error {
	given := inv.Email != ""
	// A ticket or customer named but not stored (a typo, or one not imported yet) is why no
	// address is known, and is said so rather than "none known for customer".
	var notStored error
	if inv.TicketID != "" && inv.CustomerID == "" {
		rec, err := s.App.Record(ctx, cx.KindTickets, inv.TicketID)
		if err == nil {
			inv.CustomerID = rec.(*cx.Ticket).CustomerID
		} else if cx.ErrorCode(err) == cx.ENOTFOUND {
			notStored = refuse(cx.EINVALID, "ticket_id", "invite_no_ticket", "no ticket %q is stored, and no address given", inv.TicketID)
		}
	}
	if inv.CustomerID != "" {
		// Anna@Example.NL asked is the anna@example.nl a preset stored, as everywhere.
		id, err := s.App.StoredCustomerID(ctx, inv.CustomerID)
		if err != nil {
			return err
		}
		inv.CustomerID = id
	}
	if inv.Email == "" && inv.CustomerID != "" {
		rec, err := s.App.Record(ctx, cx.KindCustomers, inv.CustomerID)
		if err == nil {
			inv.Email = rec.(*cx.Customer).Email
		} else if cx.ErrorCode(err) == cx.ENOTFOUND {
			notStored = refuse(cx.EINVALID, "customer_id", "invite_no_customer", "no customer %q is stored, and no address given", inv.CustomerID)
		}
	}
	// The Shopify preset keys a customer by their address and fills no email, and the
	// Freshdesk and Chatwoot presets give a ticket or answer the address as its customer with
	// no customer record at all: the id is the address.
	if a, err := cx.ParseAddress(inv.CustomerID); inv.Email == "" && err == nil && a.Address == inv.CustomerID {
		inv.Email = inv.CustomerID
	}
	if inv.Channel == "email" && inv.Email == "" {
		if notStored != nil {
			return notStored
		}
		if inv.CustomerID != "" {
			return refuse(cx.EINVALID, "email", "invite_no_address_of", "no address given, and none known for customer %q", inv.CustomerID)
		}
		return refuse(cx.EINVALID, "email", "invite_no_address", "no address given, and no customer to take one from")
	}
	if _, err := mail.Address(inv.Email); inv.Email != "" && err != nil {
		err := refuse(cx.EINVALID, "email", "invite_bad_address", "%q is not an e-mail address", inv.Email)
		if !given {
			err = refuse(cx.EINVALID, "email", "invite_bad_address_of", "the address of customer %q, %q, is not an e-mail address", inv.CustomerID, inv.Email)
		}
		err.(*refusal).notAddress = true
		return err
	}
	return nil
}

// screen marks an invitation unsubscribed when its address asked for no more surveys; an e-mail
// invitation held back when a mail server refused the address for good before (a bounce, until
// an admin clears it), and throttled when the address was asked less than throttle_days ago
// (a web link is asked for now by the caller, who passes it on; no mail server refuses it).
func (s *Service) screen(ctx context.Context, inv *cx.Invitation) error {
	reason, err := s.Invitations.HeldBack(ctx, inv.Email)
	if err != nil {
		return err
	}
	switch {
	case reason == cx.InviteUnsubscribed:
		inv.Status, inv.SentAt = cx.InviteUnsubscribed, time.Time{}
		return nil
	case reason == cx.InviteBounced && inv.Channel == "email":
		inv.Status = cx.InviteBounceHeld
		return nil
	}
	if days := s.cfg().ThrottleDays; days > 0 && inv.Channel == "email" {
		last, err := s.Invitations.LastInvited(ctx, inv.Email)
		if err != nil {
			return err
		}
		if !last.IsZero() && inv.CreatedAt.Sub(last) < time.Duration(days)*24*time.Hour {
			inv.Status = cx.InviteThrottled
		}
	}
	return nil
}

// KindChangeRefused reports whether a survey's kind may no longer change to kind: once any
// invitation was made, its links ask the question on the old kind's scale, and an answer to
// them must not be counted on the new one (an NPS 4, a detractor, as a CSAT 4, satisfied).
func (s *Service) KindChangeRefused(ctx context.Context, sv *cx.Survey, kind string) (bool, error) {
	if kind == sv.Kind {
		return false, nil
	}
	return s.Invitations.SurveyInvited(ctx, sv.ID)
}

// Lang is the language of an invitation or a widget's showing for the tag a shop, browser or
// caller gives: "en" or "nl".
func Lang(l string) string {
	// A language tag as a shop or browser writes it (BCP 47: "EN", "en-GB", "en_US"): its
	// primary language, in any case, is what counts.
	primary, _, _ := strings.Cut(strings.TrimSpace(l), "-")
	primary, _, _ = strings.Cut(primary, "_")
	if strings.EqualFold(primary, "en") {
		return "en"
	}
	return "nl"
}

// newID is a random invitation id: unguessable, although the links are signed anyway.
func newID() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Tokens in links: "a" answers an invitation with a score, "s" opens its survey page, "u"
// unsubscribes an address; "w" is one showing of the widget (WidgetToken), which Open refuses.
func (s *Service) expiry() time.Time {
	return s.Now().Add(time.Duration(s.cfg().LinkDays) * 24 * time.Hour)
}

// AnswerLink is the one-click link of a score in an e-mail.
func (s *Service) AnswerLink(inv *cx.Invitation, score int) string {
	return s.BaseURL + "/a/" + s.Signer.Sign(fmt.Sprintf("a:%s:%d", inv.ID, score), s.expiry())
}

// PageLink is the link to the hosted survey page of an invitation.
func (s *Service) PageLink(inv *cx.Invitation) string {
	return s.BaseURL + "/s/" + s.Signer.Sign("s:"+inv.ID, s.expiry())
}

// UnsubscribeLink stops surveys to an address; it stays valid a year. It names lang, the
// invitation's, so its page speaks the e-mail's language whatever the customer's browser
// prefers (Link.Lang); the address has no language of its own.
func (s *Service) UnsubscribeLink(email, lang string) string {
	return s.BaseURL + "/u/" + s.Signer.Sign("u:"+cx.AddressKey(email)+":"+lang, s.Now().Add(365*24*time.Hour))
}

// Link is what a verified token says.
type Link struct {
	Kind       string // a, s or u
	Invitation *cx.Invitation
	Score      int
	Email      string
	Lang       string // an unsubscribe link's: its invitation's language; "" in a link made before links named it
}

// Open verifies a token from a link and finds what it names. A forged, altered or expired
// token, or one naming nothing, is refused and changes nothing.
func (s *Service) Open(ctx context.Context, token string) (*Link, error) {
	payload, err := s.Signer.Verify(token, s.Now())
	if err != nil {
		return nil, cx.Errorf(cx.ENOTFOUND, "%v", err)
	}
	parts := strings.Split(payload, ":")
	l := &Link{Kind: parts[0]}
	switch {
	case l.Kind == "u" && len(parts) == 2:
		l.Email = parts[1]
		return l, nil
	case l.Kind == "u" && len(parts) == 3 && (parts[2] == "nl" || parts[2] == "en"):
		l.Email, l.Lang = parts[1], parts[2]
		return l, nil
	case l.Kind == "a" && len(parts) == 3:
		if l.Score, err = strconv.Atoi(parts[2]); err != nil {
			return nil, cx.Errorf(cx.ENOTFOUND, "%v", auth.ErrBadToken)
		}
	case l.Kind == "s" && len(parts) == 2:
	default:
		return nil, cx.Errorf(cx.ENOTFOUND, "%v", auth.ErrBadToken)
	}
	if l.Invitation, err = s.Invitations.Invitation(ctx, parts[1]); err != nil {
		return nil, err
	}
	return l, nil
}

// Opened records that the invitation's page or link was visited (once, the first time).
func (s *Service) Opened(ctx context.Context, inv *cx.Invitation) error {
	if !inv.OpenedAt.IsZero() {
		return nil
	}
	inv.OpenedAt = s.Now().UTC()
	return s.Invitations.UpdateInvitation(ctx, inv)
}

// WidgetTokenLife is how long a widget showing's token is valid: a day, as a showing is
// answered on the page it is shown on, not days later like an e-mail (link_days). The
// server's count of a token's answers is kept as long, in memory (web's widget limits).
const WidgetTokenLife = 24 * time.Hour

// WidgetToken is the token of one showing of the widget. Showing the widget writes nothing —
// a GET must not change data, and a script could fetch showings by the thousand — so the
// token carries what the invitation will be: a fresh id, the survey and the language.
// OpenWidget reads it back; Widget stores the invitation on the first answer.
func (s *Service) WidgetToken(sv *cx.Survey, lang string) string {
	return s.Signer.Sign(fmt.Sprintf("w:%s:%d:%s", newID(), sv.ID, lang), s.Now().Add(WidgetTokenLife))
}

// OpenWidget verifies a widget token and returns its invitation: the stored one once the
// showing was answered, else a new one not yet stored (zero CreatedAt). Tokens of the e-mail
// links and the hosted page are refused here, as widget tokens are refused there (Open).
func (s *Service) OpenWidget(ctx context.Context, token string) (*cx.Invitation, error) {
	payload, err := s.Signer.Verify(token, s.Now())
	if err != nil {
		return nil, cx.Errorf(cx.ENOTFOUND, "%v", err)
	}
	parts := strings.Split(payload, ":")
	if len(parts) != 4 || parts[0] != "w" {
		return nil, cx.Errorf(cx.ENOTFOUND, "%v", auth.ErrBadToken)
	}
	surveyID, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil {
		return nil, cx.Errorf(cx.ENOTFOUND, "%v", auth.ErrBadToken)
	}
	inv, err := s.Invitations.Invitation(ctx, parts[1])
	switch {
	case cx.ErrorCode(err) == cx.ENOTFOUND:
		return &cx.Invitation{ID: parts[1], SurveyID: surveyID, Channel: ViaWidget, Lang: Lang(parts[3]), Status: cx.InviteSent}, nil
	case err != nil:
		return nil, err
	case inv.Channel != ViaWidget || inv.SurveyID != surveyID:
		return nil, cx.Errorf(cx.ENOTFOUND, "%v", auth.ErrBadToken)
	}
	return inv, nil
}

// Widget stores the invitation of a showing on its first answer: answered counts as shown
// and sent. Two first answers of one showing at once (a double click) make it once.
func (s *Service) Widget(ctx context.Context, inv *cx.Invitation) error {
	if !inv.CreatedAt.IsZero() {
		return nil
	}
	now := s.Now().UTC()
	inv.CreatedAt, inv.SentAt = now, now
	err := s.Invitations.CreateInvitation(ctx, inv)
	if cx.ErrorCode(err) != cx.ECONFLICT {
		return err
	}
	stored, err := s.Invitations.Invitation(ctx, inv.ID)
	if err != nil {
		return err
	}
	*inv = *stored
	return nil
}

// NewSigner loads the signing key of links (app.SigningKey: made once, kept in the settings,
// so links in e-mails stay valid across restarts and on every node).
func NewSigner(ctx context.Context, a *app.App) (*auth.Signer, error) {
	key, err := a.SigningKey(ctx)
	if err != nil {
		return nil, err
	}
	return auth.NewSigner(key)
}
