package survey

import (
	"bytes"
	"cmp"
	"context"
	"embed"
	"html/template"
	"log/slog"
	"sync"
	textTemplate "text/template"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/mail"
)

//go:embed mail/*.tmpl
var mailFiles embed.FS

var (
	htmlMail = template.Must(template.ParseFS(mailFiles, "mail/invitation.html.tmpl"))
	textMail = textTemplate.Must(textTemplate.ParseFS(mailFiles, "mail/invitation.txt.tmpl"))
)

// mailWords are the fixed words of an invitation e-mail.
var mailWords = map[string]map[string]string{
	"nl": {"click": "Klik op uw antwoord:", "why": "U krijgt deze e-mail van klantpuls namens ons klantenserviceteam.",
		"unsubscribe": "Geen enquêtes meer ontvangen", "browser": "Open de enquête in uw browser"},
	"en": {"click": "Click your answer:", "why": "You receive this e-mail from klantpuls on behalf of our customer service team.",
		"unsubscribe": "No more surveys", "browser": "Open the survey in your browser"},
}

type scoreLink struct {
	Score int
	URL   string
}

type mailData struct {
	Lang                                                  string // the invitation's: a screen reader reads the mail in its voice
	Question, Low, High, Click, Why, Unsubscribe, Browser string
	Scores                                                []scoreLink
	LoScore, HiScore                                      int
	PageURL, UnsubscribeURL                               string
}

// Message renders the invitation e-mail: the question, a link per score, and an unsubscribe
// link (also as a List-Unsubscribe header, so mail programs offer it).
func (s *Service) Message(sv *cx.Survey, inv *cx.Invitation) (mail.Message, error) {
	w := mailWords[inv.Lang]
	lo, hi := s.Scale(sv.Kind)
	d := mailData{Lang: inv.Lang, Question: Question(sv, inv.Lang), Click: w["click"], Why: w["why"], Unsubscribe: w["unsubscribe"],
		Browser: w["browser"], PageURL: s.PageLink(inv), UnsubscribeURL: s.UnsubscribeLink(inv.Email, inv.Lang)}
	d.Low, d.High = s.Ends(sv.Kind, inv.Lang)
	d.LoScore, d.HiScore = lo, hi
	for score := lo; score <= hi; score++ {
		d.Scores = append(d.Scores, scoreLink{Score: score, URL: s.AnswerLink(inv, score)})
	}
	var h, t bytes.Buffer
	if err := htmlMail.Execute(&h, d); err != nil {
		return mail.Message{}, err
	}
	if err := textMail.Execute(&t, d); err != nil {
		return mail.Message{}, err
	}
	return mail.Message{To: inv.Email, Subject: d.Question, Text: t.String(), HTML: h.String(),
		Headers: map[string]string{
			// RFC 8058: the mail program's unsubscribe POSTs the link. Without the second
			// header it GETs it, which by design only shows a button, and the customer who
			// thinks they left keeps getting surveys.
			"List-Unsubscribe":      "<" + d.UnsubscribeURL + ">",
			"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		}}, nil
}

// With several nodes on one database every node runs the sender. Only the node holding the
// lease (ClaimSync, as the digests and the KPI alerts use) sends, so the invitations of one
// address go out one after the other and the re-screen of the second sees the first sent
// (throttle_days); it renews the lease before each invitation, and while one is sent (a slow mail
// server may take longer than the lease: mail.DefaultTimeout bounds each SMTP command, not the
// exchange), and gives it up when serve stops. The lease is judged by the database's clock
// (store.Syncs), so a node whose clock runs ahead does not find it lapsed.
// Each invitation is also claimed before it is screened and sent (ClaimInvitation), so a node
// that took over a lapsed lease while the old holder still sends does not send it again, nor
// screen one already sent. A claim lapses after claimLapse: the node that made it died while
// sending, and another sends it.
const (
	lease      = "lease:invitations"
	leaseFor   = time.Minute      // Service.Lease's default
	claimLapse = 10 * time.Minute // well over a send: mail.DefaultTimeout bounds each SMTP command
)

// SendQueued sends the queued e-mail invitations whose turn it is, at most limit; nothing when
// another node holds the lease. Each is screened again (a batch may ask one address twice; the
// first sent throttles the second), and one whose survey was switched off since is not sent. A
// refusal of the address is a bounce, which holds the address back (mail.SendNotingBounce); a
// refusal of the message for good fails it at once; a temporary refusal is tried again later
// (retryAfter), maxAttempts times in all. Neither holds the address.
func (s *Service) SendQueued(ctx context.Context, limit int) (sent int, err error) {
	return s.sendQueued(ctx, ctx, limit)
}

// sendQueued is SendQueued under ctx that begins no invitation once stop has ended.
func (s *Service) sendQueued(stop, ctx context.Context, limit int) (sent int, err error) {
	if s.Mail == nil {
		return 0, nil
	}
	queued, err := s.Invitations.QueuedInvitations(ctx, s.Now(), limit)
	if err != nil {
		return 0, err
	}
	for i := range queued {
		if stop.Err() != nil {
			return sent, nil
		}
		inv := &queued[i]
		if held, err := s.holdLease(ctx); err != nil || !held {
			return sent, err
		}
		now := s.Now().UTC()
		claimed, err := s.Invitations.ClaimInvitation(ctx, inv.ID, now, claimLapse)
		if err != nil {
			return sent, err
		}
		if !claimed {
			continue // sent or being sent by another node since the list was read
		}
		sv, err := s.Invitations.Survey(ctx, inv.SurveyID)
		switch {
		case cx.ErrorCode(err) == cx.ENOTFOUND:
			inv.Status, inv.Error = cx.InviteFailed, err.Error()
		case err != nil:
			return sent, err
		case !sv.Active:
			inv.Status = cx.InviteSurveyOff
		default:
			if err := s.screen(ctx, inv); err != nil {
				return sent, err
			}
		}
		if inv.Status == cx.InviteQueued {
			s.sendHolding(ctx, sv, inv)
			if inv.Status == cx.InviteSent {
				sent++
			}
		}
		// Recorded even when serve stops meanwhile: an e-mail that went must not be sent again
		// once the claim lapses. A bounce held its address back first (send): should the
		// invitation's update fail, its claim lapses and the re-screen finds the hold.
		if err := s.Invitations.UpdateInvitation(context.WithoutCancel(ctx), inv); err != nil {
			return sent, err
		}
	}
	return sent, nil
}

// holdLease takes or renews the sender's lease; true without a Holder (a single node).
func (s *Service) holdLease(ctx context.Context) (bool, error) {
	if s.Holder == "" {
		return true, nil
	}
	return s.App.ClaimSync(ctx, lease, s.Holder, s.Now().UTC(), s.lease())
}

func (s *Service) lease() time.Duration { return cmp.Or(s.Lease, leaseFor) }

// sendHolding is send while the lease is renewed every quarter of it.
func (s *Service) sendHolding(ctx context.Context, sv *cx.Survey, inv *cx.Invitation) {
	if s.Holder == "" {
		s.send(ctx, sv, inv)
		return
	}
	sent := make(chan struct{})
	var renewing sync.WaitGroup
	renewing.Go(func() {
		t := time.NewTicker(s.lease() / 4)
		defer t.Stop()
		for {
			select {
			case <-sent:
				return
			case <-t.C:
				if held, err := s.holdLease(ctx); (err != nil || !held) && ctx.Err() == nil {
					s.Log.Warn("the invitations' lease was not renewed while sending", slog.String("invitation", inv.ID),
						slog.Bool("held", held), slog.Any("error", err))
				}
			}
		}
	})
	s.send(ctx, sv, inv)
	close(sent)
	renewing.Wait()
}

// maxAttempts is how often an invitation is tried while the mail server refuses it for the
// time being (mail.IsPermanent false: a 4xx reply, no connection) before it counts as failed.
const maxAttempts = 5

// retryAfter is the wait after the nth failed try: 30 minutes, doubling each time, so the five
// tries span 7½ hours (30 m + 1 h + 2 h + 4 h). RFC 5321 section 4.5.4.1: a sender should wait
// at least 30 minutes before trying a temporarily refused message again.
func retryAfter(n int) time.Duration { return 30 * time.Minute << (n - 1) }

func (s *Service) send(ctx context.Context, sv *cx.Survey, inv *cx.Invitation) {
	m, err := s.Message(sv, inv)
	if err == nil {
		// Screened just now (screen: HeldBack, which holds a bounced address back too).
		err = mail.SendNotingBounce(ctx, s.Mail, s.Invitations, m, s.Now().UTC())
	}
	switch {
	case err == nil:
		inv.Status, inv.SentAt, inv.Error = cx.InviteSent, s.Now().UTC(), ""
	case mail.IsBounce(err): // the address is held back now (SendNotingBounce)
		inv.Status, inv.Error = cx.InviteBounced, err.Error()
	case mail.IsPermanent(err):
		// Refused for good, but not the address (a relay not allowed, the sender's SPF, the
		// content): failed at once, as RFC 5321 section 4.2.1 says a 5yz is not to be
		// repeated as is, with the server's reply, which says what to set right. Attempts
		// counts temporary failures only, as for a bounce.
		inv.Status, inv.Error = cx.InviteFailed, err.Error()
	default:
		inv.Attempts++
		inv.Error = err.Error()
		if inv.Attempts >= maxAttempts {
			inv.Status = cx.InviteFailed
		} else {
			inv.RetryAt = s.Now().UTC().Add(retryAfter(inv.Attempts))
		}
	}
	if err != nil {
		s.Log.Warn("invitation not sent", slog.String("invitation", inv.ID), slog.String("status", inv.Status),
			slog.Int("attempts", inv.Attempts), slog.Any("error", err))
	}
}

// Run sends queued invitations every interval until ctx ends, then gives up the lease. A round
// runs under work, which may end later than ctx (serve's grace): the invitation under way at a
// stop is sent and recorded, and no other is begun.
func (s *Service) Run(ctx, work context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	defer func() {
		if s.Holder != "" {
			_ = s.App.ReleaseSync(context.WithoutCancel(work), lease, s.Holder)
		}
	}()
	for ctx.Err() == nil { // a tick ready at the stop begins no round (as alert.Service.Run)
		if _, err := s.sendQueued(ctx, work, 100); err != nil && work.Err() == nil {
			s.Log.Error("sending invitations", slog.Any("error", err))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
