package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/digest"
	"github.com/klantpuls/klantpuls/internal/importer"
	"github.com/klantpuls/klantpuls/internal/mail"
	"github.com/klantpuls/klantpuls/internal/web"
)

type digestCmd struct {
	Schedule digestScheduleCmd `cmd:"" help:"Set when a user gets their e-mail digest: --daily, --weekly DAY, --monthly (on the 1st) or --none, at a local time."`
	Send     digestSendCmd     `cmd:"" help:"Send a user's digest of the last full period now, through the [mail] server (not recorded as the scheduled one)."`
}

type digestScheduleCmd struct {
	Email   string `arg:"" help:"The user's e-mail address."`
	At      string `arg:"" optional:"" default:"08:00" help:"Local time of day in the account time zone, HH:MM (default 08:00)."`
	Daily   bool   `help:"Every day, covering the day before." xor:"freq"`
	Weekly  string `help:"Every week on DAY (mon, tue, wed, thu, fri, sat, sun, or the day's full name; in Dutch ma … zo, maandag … zondag), covering the last full week." xor:"freq" placeholder:"DAY"`
	Monthly bool   `help:"On the first of every month, covering the month before." xor:"freq"`
	None    bool   `help:"No digest." xor:"freq"`
	Lang    string `enum:",nl,en" default:"" help:"Language of the digest: nl or en (default: the user's schedule's, else nl)."`
}

// weekday reads a day by its name in English or Dutch (the pages' words, web.WeekdayName) or
// its short form (dayShort: fri, vr), in any case, whatever the command's language; nothing
// else, so a typo ("monkey") is refused rather than read by its first letters.
func weekday(s string) (time.Weekday, bool) {
	name := strings.ToLower(strings.TrimSpace(s))
	for d := time.Sunday; d <= time.Saturday; d++ {
		for _, l := range []importer.Lang{importer.English, importer.Dutch} {
			if name == strings.ToLower(web.WeekdayName(string(l), d)) || name == dayShort(l, d) {
				return d, true
			}
		}
	}
	return 0, false
}

// dayShort is the short form of d in l, as calendars write it: English's first three letters
// (mon), Dutch's first two (ma).
func dayShort(l importer.Lang, d time.Weekday) string {
	n := 3
	if l == importer.Dutch {
		n = 2
	}
	return strings.ToLower(web.WeekdayName(string(l), d))[:n]
}

// dayShorts lists the short forms of the days in l, Monday first: for a refusal.
func dayShorts(l importer.Lang) string {
	days := make([]string, 7)
	for i := range days {
		days[i] = dayShort(l, time.Weekday((i+1)%7))
	}
	return strings.Join(days, ", ")
}

// Run stores the schedule and records the change in the audit log.
func (c *digestScheduleCmd) Run(e *env) error {
	s := cx.DigestSchedule{Lang: c.Lang, Weekday: time.Monday}
	switch {
	case c.Daily:
		s.Frequency = string(digest.Daily)
	case c.Weekly != "":
		day, ok := weekday(c.Weekly)
		if !ok {
			return e.refused(msgDigestNotADay, c.Weekly, dayShorts(e.lang))
		}
		s.Frequency, s.Weekday = string(digest.Weekly), day
	case c.Monthly:
		s.Frequency = string(digest.Monthly)
	case c.None:
		s.Frequency = string(digest.None)
	default:
		return e.refused(msgDigestChooseOne)
	}
	at, err := time.Parse("15:04", strings.TrimSpace(c.At))
	if err != nil {
		return e.refused(msgDigestNotATime, c.At)
	}
	s.Hour, s.Minute = at.Hour(), at.Minute()
	a, u, err := e.openUser(c.Email)
	if err != nil {
		return err
	}
	defer a.Close()
	s.UserID, s.UpdatedAt = u.ID, time.Now()
	if s.Lang == "" {
		// Without --lang the language stays: setting a new time must not turn an English
		// reader's digest Dutch.
		s.Lang = "nl"
		if old, err := a.DigestSchedule(e.ctx, u.ID); err == nil {
			s.Lang = old.Lang
		} else if cx.ErrorCode(err) != cx.ENOTFOUND {
			return err
		}
	}
	if err := a.SetDigestSchedule(e.ctx, &s, app.CommandLine(cx.AuditDigestChange, "")); err != nil {
		return err
	}
	e.say(e.stdout, msgDigestFor, u.Email, describeSchedule(s, a.Config.Timezone.String(), e.lang))
	return nil
}

// describeSchedule says s in l, its time in the account's zone.
func describeSchedule(s cx.DigestSchedule, zone string, l importer.Lang) string {
	at := fmt.Sprintf("%02d:%02d", s.Hour, s.Minute)
	switch s.Frequency {
	case cx.DigestNone:
		return msgDigestNone.In(l)
	case cx.DigestWeekly:
		return msgDigestWeekly.In(l, web.WeekdayName(string(l), s.Weekday), at, zone, s.Lang)
	case cx.DigestMonthly:
		return msgDigestMonthly.In(l, at, zone, s.Lang)
	}
	return msgDigestDaily.In(l, at, zone, s.Lang)
}

type digestSendCmd struct {
	Email   string `arg:"" help:"The user's e-mail address."`
	Period  string `enum:",daily,weekly,monthly" default:"" help:"daily, weekly or monthly (default: the user's schedule, else weekly)."`
	Lang    string `enum:",nl,en" default:"" help:"nl or en (default: the user's schedule, else nl)."`
	BaseURL string `env:"KLANTPULS_BASE_URL" required:"" help:"Public URL of the dashboard, for the links in the digest." placeholder:"URL"`
}

// Run builds the digest with the figures as they are now and sends it.
func (c *digestSendCmd) Run(e *env) error {
	base, err := config.BaseURL(c.BaseURL)
	if err != nil {
		return usageError{err}
	}
	c.BaseURL = base
	a, u, err := e.openUser(c.Email)
	if err != nil {
		return err
	}
	defer a.Close()
	every, lang := digest.Weekly, "nl"
	if s, err := a.DigestSchedule(e.ctx, u.ID); err == nil {
		lang = s.Lang
		if s.Frequency != "none" {
			every = digest.Frequency(s.Frequency)
		}
	} else if cx.ErrorCode(err) != cx.ENOTFOUND {
		return err
	}
	if c.Period != "" {
		every = digest.Frequency(c.Period)
	}
	if c.Lang != "" {
		lang = c.Lang
	}
	sender, err := mailSender(a)
	if err != nil {
		return err
	}
	if sender == nil {
		return errors.New(msgDigestNoMail.In(e.lang))
	}
	started, err := e.startEngine(a)
	if err != nil {
		return err
	}
	defer e.keepEngineFile(a, started)
	key, err := a.DigestKey(e.ctx)
	if err != nil {
		return err
	}
	b := newDigestBuilder(a, strings.TrimRight(c.BaseURL, "/"), key)
	m, err := b.Build(e.ctx, digest.RecipientOf(u, lang, every), time.Now())
	if err != nil {
		return err
	}
	// As the scheduled digests are sent: not to an address held back after a bounce, and a
	// bounce holds it back from every mail; a refusal of the message holds nothing. This
	// command is how an admin tries a new [mail] setup, so a refusal for good says what it means
	// for the address before the server's reply.
	if err := mail.SendUnlessBounced(e.ctx, sender, a, m, time.Now().UTC()); err != nil {
		if errors.Is(err, mail.ErrHeld) {
			return errors.New(msgDigestTo.In(e.lang, u.Email) + ": " + msgMailHeld.In(e.lang))
		}
		if said := mailRefusal(err, e.lang); said != "" {
			return fmt.Errorf("%s: %s: %w", msgDigestTo.In(e.lang, u.Email), said, err)
		}
		return fmt.Errorf("%s: %w", msgDigestTo.In(e.lang, u.Email), err)
	}
	// In the language of whoever runs it: --lang is the digest's.
	e.say(e.stdout, msgDigestSent, m.Subject, u.Email)
	e.sayRescoreDue(a)
	return nil
}

// mailRefusal is what err, a send the mail server refused for good, means for its recipient
// (mail.RefusalSaid) in lang, to say before the server's reply; "" for any other error.
func mailRefusal(err error, lang importer.Lang) string {
	said := mail.RefusalSaid(err)
	for _, m := range []importer.Message{msgMailBounced, msgMailRefused} {
		if said != "" && m.EN == said {
			return m.In(lang)
		}
	}
	return said
}
