package main

import (
	"context"
	"log/slog"
	"os"
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
// password may come from $KLANTPULS_MAIL_PASSWORD), and the background senders, which stop
// with ctx.
func startLoop(ctx context.Context, a *app.App, base string, log *slog.Logger) (*survey.Service, error) {
	signer, err := survey.NewSigner(ctx, a)
	if err != nil {
		return nil, err
	}
	sender, err := mailSender(a)
	if err != nil {
		return nil, err
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
	go surveys.Run(ctx, 5*time.Second)
	go alerts.RunCourse(ctx, alert.CourseInterval)
	digests, err := newDigests(ctx, a, base, sender, log)
	if err != nil {
		return nil, err
	}
	go digests.Run(ctx, digest.CheckInterval)
	go alerts.Run(ctx, 30*time.Second, func(ctx context.Context, id string) (*cx.Response, error) {
		rec, err := a.Record(ctx, cx.KindResponses, id)
		if err != nil {
			return nil, err
		}
		return rec.(*cx.Response), nil
	})
	return surveys, nil
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
