package pull

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/config"
)

// Services are the services klantpuls syncs, in the order a schedule runs them.
var Services = []string{"zendesk", "freshdesk"}

// Credentials are the secrets the connectors send, read from the environment by the caller
// ($KLANTPULS_ZENDESK_TOKEN, $KLANTPULS_FRESHDESK_KEY): never a flag, which ps would show.
type Credentials struct {
	ZendeskToken string
	FreshdeskKey string
}

// New makes the connector of service as [sync] configures it. since is where a stream without a
// cursor starts (zero: such a stream refuses to start).
func New(service string, a *app.App, s config.Sync, cred Credentials, since time.Time, holder string, log *slog.Logger) (*Connector, error) {
	c := &Client{}
	var streams func() ([]Stream, error)
	switch service {
	case "zendesk":
		if s.Zendesk.URL == "" {
			return nil, errNoZendeskAccount
		}
		if cred.ZendeskToken == "" {
			return nil, errNoZendeskToken
		}
		c.Service, c.User, c.Secret = "Zendesk", ZendeskUser(s.Zendesk.Email), cred.ZendeskToken
		c.Check = said(msgCheckZendesk, s.Zendesk.Email)
		streams = func() ([]Stream, error) { return Zendesk(c, a.Config, since, time.Now) }
	case "freshdesk":
		if s.Freshdesk.URL == "" {
			return nil, errNoFreshdeskAccount
		}
		if cred.FreshdeskKey == "" {
			return nil, errNoFreshdeskKey
		}
		c.Service, c.User, c.Secret = "Freshdesk", cred.FreshdeskKey, "X"
		c.Check = said(msgCheckFreshdesk)
		streams = func() ([]Stream, error) { return Freshdesk(c, a.Config, since) }
	default:
		return nil, fmt.Errorf("%q is no service klantpuls syncs; give zendesk or freshdesk", service)
	}
	u, err := BaseURL("[sync."+service+"]", accountURL(s, service))
	if err != nil {
		return nil, err
	}
	c.Base = u
	list, err := streams()
	if err != nil {
		return nil, err
	}
	return &Connector{App: a, Service: service, Streams: list, Holder: holder, Log: log}, nil
}

// accountURL is the address [sync] configures for service, "" when none.
func accountURL(s config.Sync, service string) string {
	switch service {
	case "zendesk":
		return s.Zendesk.URL
	case "freshdesk":
		return s.Freshdesk.URL
	}
	return ""
}

// Schedule syncs every service [sync] configures, every s.Every, until ctx ends. The runs are
// made one after the other by this one goroutine, so a sync never overlaps the previous one
// here; on several nodes each runs a schedule and the lease lets one sync a service at a time
// (the others log that it is held and wait for the next turn). A service whose first sync has
// not run logs that `klantpuls sync SERVICE --since DATE` starts it.
func Schedule(ctx context.Context, a *app.App, s config.Sync, cred Credentials, log *slog.Logger) {
	if s.Every <= 0 {
		return
	}
	holder := app.Holder()
	t := time.NewTicker(s.Every)
	defer t.Stop()
	for {
		for _, service := range Services {
			if accountURL(s, service) == "" {
				continue
			}
			// A connector per run: its streams keep the time their run began.
			c, err := New(service, a, s, cred, time.Time{}, holder, log)
			if err != nil {
				log.Error("sync", slog.String("service", service), slog.Any("error", err))
				continue
			}
			runScheduled(ctx, c, log)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func runScheduled(ctx context.Context, c *Connector, log *slog.Logger) {
	counts, err := c.Run(ctx)
	written := 0
	for _, n := range counts {
		written += n.Written
	}
	switch {
	case errors.Is(err, ErrHeld):
		log.Info("sync skipped: another node is syncing", slog.String("service", c.Service))
	case err != nil && ctx.Err() == nil:
		log.Error("sync", slog.String("service", c.Service), slog.Any("error", err))
	case err == nil:
		log.Info("synced", slog.String("service", c.Service), slog.Int("written", written))
	}
}
