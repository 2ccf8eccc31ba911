package config

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/calendar"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// FuzzParse reads arbitrary configuration files. Whatever the bytes, Parse does not panic; a
// refused file gets invalid-input errors that each start with the file's name; an accepted one
// holds only what the rest of klantpuls can use: calendars that build and count, scales that
// run upwards and fit the engine's columns, and finite fractions, lifespans and weights.
func FuzzParse(f *testing.F) {
	f.Add([]byte(example))
	f.Add([]byte(""))
	f.Add([]byte("[clv]\nhorizon_months = 0\ndiscount_rate_monthly = -0.5\n"))
	f.Add([]byte("[digest.benchmarks]\ncsat = nan\nnps = -101\nfirst_response = 4\ntickets = 3\nnope = 1\n"))
	f.Add([]byte("[digest.benchmarks]\ncsat = +inf\nnps = -inf\nresolution = inf\nfcr = 1e309\n"))
	f.Add([]byte("timezone = \"Europe/Brussels\"\n[hours.team.\"Support BE\"]\nmon = [\"08:00-12:00\", \"12:00-17:00\"]\nholidays = \"be\"\nclosed = [\"2026-02-29\"]\n"))
	f.Add([]byte("[surveys.csat]\nmin = 0\nmax = 10\npositive_min = 9\n[surveys.ces]\ndirection = \"effort\"\n"))
	f.Add([]byte("[clv]\nlifespan_years = 1e300\ndefault_gross_margin = nan\n[engagement]\n\"\" = 1\ntraining = inf\n"))
	f.Add([]byte("[[scorecards.criteria]]\nname = \" Toon \"\n[[scorecards.criteria]]\nname = \"toon\"\nmin = 5\nmax = 1\n"))
	f.Add([]byte("scorecards = 3\n[hours.default]\nmon = [\"17:00-09:00\"]\ntimezone = \"Mars/Olympus\"\n"))
	f.Add([]byte("[mail]\nhost = \"smtp.example.com\"\nport = 70000\n[invitations]\nthrottle_days = -1\n"))
	f.Add([]byte("currency = \"usd\"\n[exchange_rates]\nEUR = 1.09\ngbp = 1e7\nUSD = 1\n\"\" = 2\nJPY = -1\n"))
	f.Add([]byte("[themes]\nbuiltin = false\n[[themes.theme]]\nkey = \"a\"\nlabel_nl = \"A\"\nnl = [\"de\", \"--\", \"geld terug\"]\n[[themes.theme]]\nkey = \"a\"\n"))
	f.Add([]byte("[engine]\nkind = \"clickhouse\"\nclickhouse = \"clickhouse://h:9000/kp-x\"\n"))
	f.Add([]byte("[engine]\nkind = \"memory\"\nclickhouse = \"clickhouse://u:p@[::1]/kp\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse(data, "f.toml")
		if err != nil {
			checkConfigErrors(t, err)
			return
		}
		checkUsable(t, cfg)
	})
}

func checkConfigErrors(t *testing.T, err error) {
	t.Helper()
	errs := []error{err}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		errs = joined.Unwrap()
	}
	for _, e := range errs {
		if !strings.HasPrefix(e.Error(), "f.toml: ") || cx.ErrorCode(e) != cx.EINVALID {
			t.Fatalf("an error that does not name the file as bad input: %q (%s)", e, cx.ErrorCode(e))
		}
	}
}

// checkUsable asserts what the engine, the importer and the metrics take for granted.
func checkUsable(t *testing.T, cfg *Config) {
	t.Helper()
	if cfg.Timezone == nil {
		t.Fatal("no time zone")
	}
	if cfg.Themes == nil || len(cfg.Themes.Themes()) > 32 {
		t.Fatal("no usable taxonomy of themes")
	}
	hours := []calendar.Hours{cfg.Hours.Default}
	for _, h := range cfg.Hours.Teams {
		hours = append(hours, h)
	}
	// A week around New Year, where years and holidays meet.
	a := time.Date(2026, 12, 28, 0, 0, 0, 0, time.UTC).Unix()
	b := a + 7*86400
	for _, h := range hours {
		c, err := calendar.New(h)
		if err != nil {
			t.Fatalf("accepted hours do not build a calendar: %v", err)
		}
		if n := c.BusinessSeconds(a, b); n < 0 || n > b-a {
			t.Fatalf("%d business seconds in a week", n)
		}
	}
	// Survey scores live in int8 columns and review ratings in int16 ones (notApplicable is
	// −32768): a scale outside them would be clamped without a word.
	for _, s := range []Scale{cfg.CSAT, cfg.CES} {
		if s.Min >= s.Max || s.Min < math.MinInt8 || s.Max > math.MaxInt8 {
			t.Fatalf("survey scale %d..%d", s.Min, s.Max)
		}
	}
	// Money: a currency code, and rates that keep a converted amount finite (config.MaxRate).
	if code, ok := cx.CurrencyCode(cfg.Money.Currency); !ok || code != cfg.Money.Currency {
		t.Fatalf("account currency %q", cfg.Money.Currency)
	}
	for code, rate := range cfg.Money.Rates {
		if c, ok := cx.CurrencyCode(code); !ok || c != code || code == cfg.Money.Currency || !(rate > 0 && rate <= MaxRate) {
			t.Fatalf("rate %s = %v", code, rate)
		}
	}
	if p := cfg.CSAT.PositiveMin; p < cfg.CSAT.Min || p > cfg.CSAT.Max {
		t.Fatalf("CSAT positive_min %d outside %d..%d", p, cfg.CSAT.Min, cfg.CSAT.Max)
	}
	if d := cfg.CES.Direction; d != DirectionEasy && d != DirectionEffort {
		t.Fatalf("CES direction %q", d)
	}
	if m := cfg.CLV.DefaultGrossMargin; !(m >= 0 && m <= 1) {
		t.Fatalf("default gross margin %v", m)
	}
	if l := cfg.CLV.LifespanYears; !(l >= 0 && l <= MaxLifespanYears) {
		t.Fatalf("lifespan %v years", l)
	}
	if h := cfg.CLV.HorizonMonths; h < 1 || h > MaxHorizonMonths {
		t.Fatalf("horizon %d months", h)
	}
	if d := cfg.CLV.DiscountRateMonthly; !(d >= 0 && d <= 1) {
		t.Fatalf("discount rate %v a month", d)
	}
	for k, b := range cfg.Digest.Benchmarks {
		if m, ok := metric.Lookup(k); !ok || m.Direction == metric.NoDirection || !(b >= -100 && b <= 1e9) {
			t.Fatalf("digest benchmark %s = %v", k, b)
		}
	}
	seen := map[string]bool{}
	for _, c := range cfg.Criteria {
		k := cx.NameKey(c.Name)
		if k == "" || seen[k] || c.Min >= c.Max || c.Min <= math.MinInt16 || c.Max > math.MaxInt16 || !finiteWeight(c.Weight) {
			t.Fatalf("criterion %+v", c)
		}
		seen[k] = true
	}
	for _, w := range cfg.Engagement {
		if strings.TrimSpace(w.Kind) == "" || !finiteWeight(w.Weight) {
			t.Fatalf("engagement weight %+v", w)
		}
	}
	// Days become a time.Duration: they must not overflow it (292 years) into the past.
	for _, days := range []int{cfg.Invitations.LinkDays, cfg.Invitations.ThrottleDays} {
		if d := time.Duration(days) * 24 * time.Hour; days < 0 || d/(24*time.Hour) != time.Duration(days) {
			t.Fatalf("%d days is no duration", days)
		}
	}
}

func finiteWeight(w float64) bool { return w >= 0 && w <= MaxWeight }
