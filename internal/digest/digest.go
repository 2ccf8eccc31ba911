// Package digest builds the periodic e-mail of issue 15 point 1: for one recipient, made for
// their role (the company for a manager, their team for one with a team, their own figures for
// an agent), in their language, the headline KPIs of the last full day, week or month against
// the previous equal period, their target and a benchmark, the period's drivers and emerging
// themes, three charts embedded as PNG by Content-ID, a plain-text part, a link to the same
// view in the dashboard and an unsubscribe link. Schedules (schedule.go) say when it is due.
package digest

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/mail"
)

// Frequency is how often a digest comes: one per day, week or month, or none.
type Frequency string

const (
	None    Frequency = cx.DigestNone
	Daily   Frequency = cx.DigestDaily
	Weekly  Frequency = cx.DigestWeekly
	Monthly Frequency = cx.DigestMonthly
)

// Recipient is who a digest is for and what it covers.
type Recipient struct {
	UserID int64
	Email  string
	Role   string // cx.RoleAdmin, cx.RoleManager or cx.RoleAgent
	Team   string // the user's team: a manager or admin with one gets that team's figures
	Agent  string // the agent an agent user is linked to: they get their own figures only
	Lang   string // "nl" or "en"
	Every  Frequency
}

// RecipientOf is user u as the recipient of a digest every period, in lang.
func RecipientOf(u *cx.User, lang string, every Frequency) Recipient {
	return Recipient{UserID: u.ID, Email: u.Email, Role: u.Role, Team: u.Team, Agent: u.Agent, Lang: lang, Every: every}
}

// Source is what a digest reads: the engine and the dashboard's settings (targets). *app.App
// is one.
type Source interface {
	Engine() *engine.Engine
	Settings(ctx context.Context) (map[string]string, error)
}

// Builder builds digests for one account.
type Builder struct {
	Source   Source
	Location *time.Location // the account time zone: periods start at local midnight
	BaseURL  string         // the dashboard, e.g. https://klantpuls.example.nl
	Currency string
	// Benchmarks are the figures the digest sets each KPI against besides its target, keyed by
	// metric and in the unit its target is typed in (config [digest]; CSAT 80).
	Benchmarks map[string]float64
	Secret     []byte // signs unsubscribe links (token.go)
	// SLA is a team's first-response target in seconds under the dashboard's settings, which
	// the drivers read (web.SLATarget); nil leaves drivers and emerging themes out.
	SLA func(settings map[string]string, team string) int64
}

// ErrNoScope says a recipient has nothing to receive: an agent user not linked to an agent.
var ErrNoScope = errors.New("digest: an agent user without a linked agent has no figures of their own")

// filter is the engine filter of the recipient's role: never the whole company for an agent.
func (r Recipient) filter() (map[engine.Dim]string, error) {
	switch {
	case r.Role == cx.RoleAgent && r.Agent == "":
		return nil, ErrNoScope
	case r.Role == cx.RoleAgent:
		return map[engine.Dim]string{engine.ByAgent: r.Agent}, nil
	case r.Team != "":
		return map[engine.Dim]string{engine.ByTeam: r.Team}, nil
	}
	return nil, nil
}

// Build makes the digest of r for the last full period before now.
func (b *Builder) Build(ctx context.Context, r Recipient, now time.Time) (mail.Message, error) {
	if r.Every == None || r.Every == "" {
		return mail.Message{}, fmt.Errorf("digest: %s has no digest frequency", r.Email)
	}
	filter, err := r.filter()
	if err != nil {
		return mail.Message{}, err
	}
	e := b.Source.Engine()
	if e == nil {
		return mail.Message{}, errors.New("digest: the engine is not loaded yet")
	}
	settings, err := b.Source.Settings(ctx)
	if err != nil {
		return mail.Message{}, err
	}
	v, err := b.view(e, r, filter, settings, now.In(b.location()))
	if err != nil {
		return mail.Message{}, err
	}
	return b.compose(v)
}

func (b *Builder) location() *time.Location {
	if b.Location == nil {
		return time.UTC
	}
	return b.Location
}
