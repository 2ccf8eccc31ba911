// Package config reads the klantpuls configuration file (data.md section 3): the account time
// zone, business hours, survey scales, CLV settings, quality-review criteria and engagement
// weights. Parse turns the TOML into a typed Config and reports every mistake in the file at
// once, each naming its key, so a manager fixes the file in one go rather than one error a run.
package config

import (
	"errors"
	"io/fs"
	"os"
	"sync"
	"time"

	// Embedded so that a static binary on a machine without /usr/share/zoneinfo still knows
	// Europe/Amsterdam and every zone a team may name.
	_ "time/tzdata"

	"github.com/klantpuls/klantpuls/internal/calendar"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/theme"
)

// DefaultTimezone is the account time zone when the file names none.
const DefaultTimezone = "Europe/Amsterdam"

// Config is the configuration with every default filled in: code that reads it never has to
// know which settings the file left out.
type Config struct {
	Timezone    *time.Location // account time zone: report periods and local timestamps
	Money       cx.Money       // account currency and exchange rates: every amount is in it
	Hours       Hours
	CSAT        Scale
	CES         Scale
	CLV         CLV
	Criteria    []Criterion // quality-review (IQS) criteria, in file order
	Engagement  []Weight    // engagement weights, sorted by kind
	Mail        Mail        // [mail]: the SMTP server survey invitations and alerts go out through
	Invitations Invitations // [invitations]
	Server      Server      // [server]
	Sync        Sync        // [sync]: the pull connectors
	// Themes is the taxonomy comments and mentions are matched against: the built-in one,
	// extended or replaced by [themes].
	Themes *theme.Taxonomy
	Digest Digest // [digest]: benchmarks of the e-mail digests
	Engine Engine // [engine]: the report engine, and the ClickHouse database to ship to
}

// Mail is the SMTP server and sender. Without a host no e-mail is sent (invitations stay
// queued; alerts go by webhook only). The password may come from $KLANTPULS_MAIL_PASSWORD
// instead of the file.
type Mail struct {
	Host     string
	Port     int
	Username string
	Password string
	From     string
	TLS      string // starttls (default), tls, opportunistic or none
}

// Invitations are the rules for asking customers: nobody is asked more than once in
// ThrottleDays; an answer link stays valid for LinkDays.
type Invitations struct {
	ThrottleDays int
	LinkDays     int
}

// Hours are the business hours: Default for tickets whose team has none of its own.
type Hours struct {
	Default calendar.Hours
	Teams   map[string]calendar.Hours // keyed by cx.NameKey(team)
}

// Scale is a survey's answer scale. PositiveMin is CSAT's threshold (a score ≥ PositiveMin is
// positive); CES has none because it counts a score easy above the scale's midpoint
// (metrics.md section 1). Direction is CES's: "easy" (high = easy) or "effort" (high = hard);
// a CES scale always has one, a CSAT scale never.
type Scale struct {
	Min, Max    int
	PositiveMin int
	Direction   string
}

// CSATScale is the install's CSAT scale as metric judges an answer on it: an answer naming no
// scale of its own is on this one (metric.ScaleOf).
func (s Scale) CSATScale() metric.CSATScale {
	return metric.CSATScale{Min: s.Min, Max: s.Max, PositiveMin: s.PositiveMin}
}

// Critical is the range of raw scores a team follows up on this scale: its two least
// satisfied points — CSAT's bottom two (1–2 on 1–5), CES's two hardest (1–2 on 1–7 "easy",
// 6–7 on 1–7 "effort") — but never one that metrics.md section 1 counts satisfied, or
// Opvolging and the churn risk would chase an answer the CSAT or CES figure counts as a success:
// a CSAT score from PositiveMin is positive (1–3 positive from 2: only 1 is critical), a CES
// score above the middle (min + max)/2, after the direction, easy (1–2: only 1, or 2 with
// "effort"). When every score is positive (0–1 positive from 0) the range is empty: hi < lo.
// CSAT's rule is metric.CSATScale.Critical, the one an answer on a scale of its own (Zendesk's
// good-bad, Freshdesk's) is judged by too. NPS's are its detractors (metric.NPSClass).
func (s Scale) Critical() (lo, hi int) {
	// Twice the middle, so a half stays whole; >> 1 halves it rounding down, negatives too.
	twiceMid := s.Min + s.Max
	switch s.Direction {
	case "": // CSAT
		return s.CSATScale().Critical()
	case DirectionEffort: // raw x is easy when min + max − x is above the middle: x below it
		return max(s.Max-1, (twiceMid+1)>>1), s.Max
	}
	return s.Min, min(s.Min+1, twiceMid>>1)
}

// CES directions.
const (
	DirectionEasy   = "easy"
	DirectionEffort = "effort"
)

// CLV holds the customer-lifetime-value settings. LifespanYears 0 means: derive the lifespan
// from churn (metrics.md section 3).
type CLV struct {
	DefaultGrossMargin float64 // for orders without a gross_margin, a fraction 0..1
	LifespanYears      float64
	// HorizonMonths is the horizon of the predictive CLV (default 12); DiscountRateMonthly
	// discounts its month m by (1+d)^m (default 0).
	HorizonMonths       int
	DiscountRateMonthly float64
}

// Criterion is one quality-review criterion: ratings run Min..Max, and a critical criterion
// scoring below half zeroes the whole review (metrics.md section 4).
type Criterion struct {
	Name     string
	Weight   float64
	Min, Max int
	Critical bool
}

// Weight is the weight of one event kind in the engagement score.
type Weight struct {
	Kind   string
	Weight float64
}

// amsterdam is loaded once so that every default Config shares one *time.Location.
var amsterdam = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation(DefaultTimezone)
	if err != nil {
		// time/tzdata is linked in, so only a broken build gets here.
		panic("config: " + err.Error())
	}
	return loc
})

// Default is the configuration klantpuls uses without a file.
func Default() *Config {
	tz := amsterdam()
	return &Config{
		Timezone:    tz,
		Money:       cx.Money{Currency: cx.DefaultCurrency, Rates: map[string]float64{}},
		Hours:       Hours{Default: calendar.OfficeHours(tz), Teams: map[string]calendar.Hours{}},
		CSAT:        Scale{Min: 1, Max: 5, PositiveMin: 4},
		CES:         Scale{Min: 1, Max: 7, Direction: DirectionEasy},
		CLV:         CLV{DefaultGrossMargin: 1, LifespanYears: 0, HorizonMonths: 12},
		Mail:        Mail{Port: 587, TLS: "starttls"},
		Invitations: Invitations{ThrottleDays: 30, LinkDays: 30},
		Themes:      theme.Builtin(),
		Digest:      Digest{Benchmarks: DefaultBenchmarks()},
		Engine:      Engine{Kind: EngineMemory},
	}
}

// Load reads and parses the configuration file at path. A file that does not exist is a
// cx.ENOTFOUND error, so a caller can tell "no config" from "bad config".
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, cx.Refuse(cx.ENOTFOUND, "", "config_not_found", "%s: configuration file not found", path)
	}
	if err != nil {
		// The system's words of why, in English: it has no others.
		return nil, cx.Refuse(cx.EINVALID, "", "config_unreadable", "%s: %v", path, err)
	}
	return Parse(data, path)
}

// Parse reads a configuration file's contents; name (usually its path) starts every message.
// All mistakes come back together as one cx.EINVALID error per line (errors.Join).
func Parse(data []byte, name string) (*Config, error) {
	f, err := decodeFile(data, name)
	if err != nil {
		return nil, err
	}
	c := &checker{name: name}
	cfg := &Config{
		Timezone: c.timezone("timezone", f.raw.Timezone, amsterdam()),
	}
	cfg.Money = c.money(f.raw.Currency, f.raw.ExchangeRates)
	cfg.Hours = c.allHours(&f.raw.Hours, cfg.Timezone)
	cfg.CSAT = c.csat(f.raw.Surveys.CSAT)
	cfg.CES = c.ces(f.raw.Surveys.CES)
	if f.raw.Surveys.NPS.set {
		c.add(cx.Refuse(cx.EINVALID, "", "config_nps_settings", "%s: %s: NPS always runs 0..10 (metrics.md section 1) and takes no settings; remove this section", c.name, "surveys.nps"))
	}
	cfg.CLV = c.clv(&f.raw.CLV)
	cfg.Criteria = c.criteria(f.raw.Scorecards.Criteria)
	cfg.Engagement = c.engagement(f.raw.Engagement)
	cfg.Mail = c.mail(&f.raw.Mail)
	cfg.Invitations = c.invitations(&f.raw.Invitations)
	cfg.Server = c.server(&f.raw.Server)
	cfg.Sync = c.sync(&f.raw.Sync)
	cfg.Themes = c.themes(&f.raw.Themes)
	cfg.Digest = c.digest(&f.raw.Digest)
	cfg.Engine = c.engine(&f.raw.Engine)
	c.unknownKeys(f.meta)
	if len(c.errs) > 0 {
		return nil, errors.Join(c.errs...)
	}
	return cfg, nil
}

// TeamHours returns the business hours of team, compared trimmed and case-insensitively, or
// the default hours when the team has none of its own.
func (c *Config) TeamHours(team string) calendar.Hours {
	if h, ok := c.Hours.Teams[cx.NameKey(team)]; ok {
		return h
	}
	return c.Hours.Default
}

// Criterion finds a quality-review criterion by name, trimmed and case-insensitively, as a
// review row's criterion column names it.
func (c *Config) Criterion(name string) (Criterion, bool) {
	if i := c.CriterionPlace(name); i > 0 {
		return c.Criteria[i-1], true
	}
	return Criterion{}, false
}

// CriterionPlace is the place of a criterion in [[scorecards.criteria]], counted from 1 as a
// person counts the tables in the file (and as its messages name them); 0 when the file does
// not name it.
func (c *Config) CriterionPlace(name string) int {
	key := cx.NameKey(name)
	for i, cr := range c.Criteria {
		if cx.NameKey(cr.Name) == key {
			return i + 1
		}
	}
	return 0
}

// CriterionOrDefault finds a criterion by name; one the config does not name counts on a 1–5
// scale with weight 1, not critical, so reviews can be imported before anyone configures them.
func (c *Config) CriterionOrDefault(name string) (cr Criterion, configured bool) {
	if cr, ok := c.Criterion(name); ok {
		return cr, true
	}
	return Criterion{Name: name, Weight: 1, Min: 1, Max: 5}, false
}
