package main

import (
	"context"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/klantpuls/klantpuls/internal/alert"
	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/digest"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/hook"
	"github.com/klantpuls/klantpuls/internal/mail"
	"github.com/klantpuls/klantpuls/internal/survey"
	"github.com/klantpuls/klantpuls/internal/web"
)

// startLoop wires surveys and alerts: the signing key, the mail server from [mail] (the
// password may come from $KLANTPULS_MAIL_PASSWORD), and the background senders, which begin
// no round once ctx ends. The senders' stop (senders.stop) waits for them before the store
// closes.
func startLoop(ctx context.Context, a *app.App, base string, grace time.Duration, log *slog.Logger) (*survey.Service, *senders, error) {
	signer, err := survey.NewSigner(ctx, a)
	if err != nil {
		return nil, nil, err
	}
	sender, err := mailSender(a)
	if err != nil {
		return nil, nil, err
	}
	if sender == nil {
		log.Warn("no mail server configured ([mail] host): survey invitations wait in the queue, alerts go by webhook only")
	}
	// Invitations are sent by the node holding their lease, each claimed before it goes.
	surveys := &survey.Service{App: a, Invitations: a, Signer: signer, Mail: sender, BaseURL: base, Holder: app.Holder(), Now: time.Now, Log: log}
	// Rules on a KPI's course are judged by the node holding their lease (app.Holder names it).
	alerts := alert.New(alert.Service{Rules: a, Mail: sender, Hook: &hook.Hook{Secret: []byte(os.Getenv("KLANTPULS_WEBHOOK_SECRET"))}, BaseURL: base, Themes: a.Config.Themes, Now: time.Now, Log: log,
		Course: engineOnUse{a, "KPI alert rules"}, Location: a.Config.Timezone, Currency: a.Config.Money.Currency, Holder: app.Holder()})
	a.OnCommit(alerts.Observe)
	digests, err := newDigests(ctx, a, base, sender, log)
	if err != nil {
		return nil, nil, err
	}
	answer := func(ctx context.Context, id string) (*cx.Response, error) {
		rec, err := a.Record(ctx, cx.KindResponses, id)
		if err != nil {
			return nil, err
		}
		return rec.(*cx.Response), nil
	}
	bg := startSenders(ctx, grace, log,
		func(ctx, work context.Context) { surveys.Run(ctx, work, 5*time.Second) },
		func(ctx, work context.Context) { alerts.RunCourse(ctx, work, alert.CourseInterval) },
		func(ctx, work context.Context) { digests.Run(ctx, work, digest.CheckInterval) },
		func(ctx, work context.Context) { alerts.Run(ctx, work, 30*time.Second, answer) })
	return surveys, bg, nil
}

// senders are serve's background senders of invitations, digests and alerts. When serve stops
// (SIGTERM) they begin no new round, and a round under way — an e-mail in the middle of its SMTP
// exchange, which ending it would cut off (gone, yet recorded as failed and sent again) — has
// the grace from then on to finish and record what went; then its work is ended all the same.
// The store closes after all have returned (stop).
type senders struct {
	stopAll  context.CancelFunc // ends the loops, as SIGTERM does
	endWork  context.CancelFunc // ends the rounds' work
	returned chan struct{}      // closed when every loop has returned
}

// startSenders starts each loop, which stops with its first context and works under its second.
func startSenders(ctx context.Context, grace time.Duration, log *slog.Logger, loops ...func(ctx, work context.Context)) *senders {
	s := &senders{returned: make(chan struct{})}
	ctx, s.stopAll = context.WithCancel(ctx)
	work, endWork := context.WithCancel(context.WithoutCancel(ctx))
	s.endWork = endWork
	var wg sync.WaitGroup
	for _, loop := range loops {
		wg.Go(func() { loop(ctx, work) })
	}
	go func() {
		wg.Wait()
		close(s.returned)
	}()
	go func() {
		<-ctx.Done()
		select {
		case <-s.returned:
		case <-time.After(grace):
			log.Warn("a background sender still under way after the grace period: its work is ended",
				slog.Duration("grace", grace))
			endWork()
		}
	}()
	return s
}

// stop ends the loops, if SIGTERM has not, and waits for them: a round under way for at most
// the grace.
func (s *senders) stop() {
	s.stopAll()
	<-s.returned
	s.endWork()
}

// newDigests wires the e-mail digests: the figures and benchmarks of the account, the key of the
// unsubscribe links, and the node's name for the lease (app.Holder), as the KPI alerts.
func newDigests(ctx context.Context, a *app.App, base string, sender mail.Sender, log *slog.Logger) (*digest.Runner, error) {
	key, err := a.DigestKey(ctx)
	if err != nil {
		return nil, err
	}
	return &digest.Runner{Store: a, Builder: newDigestBuilder(a, base, key), Mail: sender, Holder: app.Holder(), Now: time.Now, Log: log}, nil
}

// mailSender is the SMTP server of [mail] (the password may come from $KLANTPULS_MAIL_PASSWORD);
// nil without a host.
func mailSender(a *app.App) (mail.Sender, error) {
	m := a.Config.Mail
	if m.Host == "" {
		return nil, nil
	}
	password := m.Password
	if p := os.Getenv("KLANTPULS_MAIL_PASSWORD"); p != "" {
		password = p
	}
	smtp, err := mail.NewSMTP(mail.Config{Host: m.Host, Port: m.Port, Username: m.Username, Password: password,
		From: m.From, TLS: m.TLS})
	if err != nil {
		return nil, err
	}
	return smtp, nil
}

func newDigestBuilder(a *app.App, base string, key []byte) *digest.Builder {
	return &digest.Builder{Source: engineOnUse{a, "e-mail digests"}, Location: a.Config.Timezone, BaseURL: base, Currency: a.Config.Money.Currency,
		Benchmarks: a.Config.Digest.Benchmarks, Secret: key, SLA: web.SLATarget}
}

// engineOnUse is the App as the digests and the KPI alert rules read it: they ask the engine
// itself, and in ClickHouse mode (app.DeferEngine) it is loaded on their first use rather than
// found missing — a digest would not be sent, a rule not judged. A load that fails is logged
// and reads as no engine, which each of them already reports.
type engineOnUse struct {
	*app.App
	feature string
}

func (s engineOnUse) Engine() *engine.Engine {
	e, err := s.EngineFor(context.Background(), s.feature)
	if err != nil {
		log := s.Log
		if log == nil {
			log = slog.Default()
		}
		log.Warn("the engine did not load", slog.String("for", s.feature), slog.Any("error", err))
		return nil
	}
	return e
}
