package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/calendar"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/theme"
)

// example is the configuration file of data.md section 3, verbatim.
const example = `timezone = "Europe/Amsterdam"          # account time zone: periods, local timestamps

[hours.default]                        # business hours used when a team has none of its own
timezone = "Europe/Amsterdam"          # default: the account time zone
mon = ["09:00-17:00"]                  # one or more intervals a day; none = closed
tue = ["09:00-17:00"]
wed = ["09:00-17:00"]
thu = ["09:00-17:00"]
fri = ["09:00-17:00"]
sat = []
sun = []
holidays = "nl"                        # built-in calendar: "nl", "be", or "none"
closed = ["2026-12-24"]                # extra closed dates (always closed)
open = []                              # built-in holidays on which this team works anyway

[hours.team."Support BE"]              # same keys, for tickets whose team is "Support BE"
timezone = "Europe/Brussels"           # (team names match case-insensitively; a missing day = closed)
# ...

[surveys.csat]                          # scale and thresholds per survey kind
min = 1
max = 5
positive_min = 4                       # default: the scale's top two points

[surveys.ces]
min = 1
max = 7
direction = "easy"                     # "easy": high = easy (default); "effort": high = hard

[clv]
default_gross_margin = 1.0             # for orders without gross_margin
lifespan_years = 0                     # 0 = derive from churn (metrics.md)
horizon_months = 12                    # predictive CLV: months ahead
discount_rate_monthly = 0              # predictive CLV: month m counts 1/(1+d)^m

[[scorecards.criteria]]                # quality review (IQS) criteria
name = "Oplossing"
weight = 2
min = 1
max = 5
critical = false

[engagement]                           # weights of event kinds in the engagement score
loyalty_program = 1
training = 1
`

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func nineToFive(loc *time.Location) calendar.Hours { return calendar.OfficeHours(loc) }

// sameHours compares schedules with their zones by name: two loads of one zone are distinct
// values.
func sameHours(t *testing.T, what string, got, want calendar.Hours) {
	t.Helper()
	if got.Location.String() != want.Location.String() {
		t.Errorf("%s: zone %v, want %v", what, got.Location, want.Location)
	}
	got.Location, want.Location = nil, nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %+v\nwant %+v", what, got, want)
	}
}

// sameConfig compares everything but the zones, which sameHours and the caller check by name.
func sameConfig(t *testing.T, got, want *Config) {
	t.Helper()
	if got.Timezone.String() != want.Timezone.String() {
		t.Errorf("timezone %v, want %v", got.Timezone, want.Timezone)
	}
	sameHours(t, "hours.default", got.Hours.Default, want.Hours.Default)
	if len(got.Hours.Teams) != len(want.Hours.Teams) {
		t.Errorf("teams %v, want %v", got.Hours.Teams, want.Hours.Teams)
	}
	for k, w := range want.Hours.Teams {
		sameHours(t, "team "+k, got.Hours.Teams[k], w)
	}
	g, w := *got, *want
	g.Timezone, w.Timezone, g.Hours, w.Hours = nil, nil, Hours{}, Hours{}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("config:\n got %+v\nwant %+v", g, w)
	}
}

func TestParseExample(t *testing.T) {
	got, err := Parse([]byte(example), "klantpuls.toml")
	if err != nil {
		t.Fatal(err)
	}
	ams, bru := zone(t, "Europe/Amsterdam"), zone(t, "Europe/Brussels")
	def := nineToFive(ams)
	def.Closed = []calendar.Date{{Year: 2026, Month: time.December, Day: 24}}
	want := &Config{
		Timezone: ams,
		Hours: Hours{Default: def, Teams: map[string]calendar.Hours{
			// Only a zone is given, and a missing day is closed: open no day at all.
			"support be": {Location: bru, Holidays: "nl"},
		}},
		CSAT:       Scale{Min: 1, Max: 5, PositiveMin: 4},
		CES:        Scale{Min: 1, Max: 7, Direction: "easy"},
		CLV:        CLV{DefaultGrossMargin: 1, LifespanYears: 0, HorizonMonths: 12},
		Money:      euro,
		Criteria:   []Criterion{{Name: "Oplossing", Weight: 2, Min: 1, Max: 5, Critical: false}},
		Engagement: []Weight{{Kind: "loyalty_program", Weight: 1}, {Kind: "training", Weight: 1}},
		// Not in data.md's example: the defaults.
		Mail:        Mail{Port: 587, TLS: "starttls"},
		Invitations: Invitations{ThrottleDays: 30, LinkDays: 30},
		Themes:      theme.Builtin(),
		Digest:      Digest{Benchmarks: map[string]float64{"csat": 80}},
		Engine:      Engine{Kind: EngineMemory},
	}
	sameConfig(t, got, want)
}

// euro is the account's money without a file: euros, no rates.
var euro = cx.Money{Currency: "EUR", Rates: map[string]float64{}}

func TestDefault(t *testing.T) {
	want := &Config{
		Timezone:    zone(t, "Europe/Amsterdam"),
		Hours:       Hours{Default: nineToFive(zone(t, "Europe/Amsterdam")), Teams: map[string]calendar.Hours{}},
		CSAT:        Scale{Min: 1, Max: 5, PositiveMin: 4},
		CES:         Scale{Min: 1, Max: 7, Direction: "easy"},
		CLV:         CLV{DefaultGrossMargin: 1, HorizonMonths: 12},
		Money:       euro,
		Criteria:    nil,
		Engagement:  nil,
		Mail:        Mail{Port: 587, TLS: "starttls"},
		Invitations: Invitations{ThrottleDays: 30, LinkDays: 30},
		Themes:      theme.Builtin(),
		Digest:      Digest{Benchmarks: map[string]float64{"csat": 80}},
		Engine:      Engine{Kind: EngineMemory},
	}
	t.Run("Default", func(t *testing.T) { sameConfig(t, Default(), want) })
	for name, file := range map[string]string{
		"empty file":           "",
		"only comments":        "# nothing set yet\n",
		"empty sections":       "[surveys.csat]\n[surveys.ces]\n[clv]\n[engagement]\n",
		"account zone as-is":   `timezone = "Europe/Amsterdam"`,
		"defaults spelled out": "[surveys.csat]\nmin = 1\nmax = 5\n[surveys.ces]\ndirection = \"easy\"\n",
	} {
		t.Run(name, func(t *testing.T) {
			got, err := Parse([]byte(file), "klantpuls.toml")
			if err != nil {
				t.Fatal(err)
			}
			sameConfig(t, got, want)
		})
	}
	t.Run("Amsterdam is one value", func(t *testing.T) {
		got, err := Parse([]byte(`timezone = "Europe/Amsterdam"`), "klantpuls.toml")
		if err != nil {
			t.Fatal(err)
		}
		if got.Timezone != Default().Timezone || got.Hours.Default.Location != got.Timezone {
			t.Error("Europe/Amsterdam loaded more than once")
		}
	})
}

func TestParseFillsDefaults(t *testing.T) {
	ams, bru := zone(t, "Europe/Amsterdam"), zone(t, "Europe/Brussels")
	mon := func(loc *time.Location, iv ...calendar.Interval) calendar.Hours {
		h := calendar.Hours{Location: loc, Holidays: "nl"}
		h.Week[time.Monday] = iv
		return h
	}
	nine, one, five := 9*3600, 13*3600, 17*3600
	// office is docs/configuration.md's default week: 09:00-17:00 Monday to Friday.
	office := func(loc *time.Location) calendar.Hours {
		h := calendar.Hours{Location: loc, Holidays: "nl"}
		for d := time.Monday; d <= time.Friday; d++ {
			h.Week[d] = []calendar.Interval{{Start: nine, End: five}}
		}
		return h
	}
	tests := []struct {
		name  string
		file  string
		check func(t *testing.T, c *Config)
	}{
		{"hours.default takes the account zone, nl holidays, closed days it leaves out once it names one",
			"timezone = \"Europe/Brussels\"\n[hours.default]\nmon = [\"09:00-17:00\"]\n",
			func(t *testing.T, c *Config) {
				sameHours(t, "default", c.Hours.Default, mon(bru, calendar.Interval{Start: nine, End: five}))
			}},
		// docs/configuration.md lists closed = [...] as "extra days off" beside the default
		// week: a table holding only that must not close the week (every business-hours
		// figure would read 0 s and every SLA be met).
		{"hours.default with only an extra day off keeps office hours",
			"[hours.default]\nclosed = [\"2026-12-24\"]\n",
			func(t *testing.T, c *Config) {
				want := office(ams)
				want.Closed = []calendar.Date{{Year: 2026, Month: time.December, Day: 24}}
				sameHours(t, "default", c.Hours.Default, want)
			}},
		// A four-day week: Friday left out is closed, as in a team's table.
		{"hours.default naming Monday to Thursday closes Friday", "[hours.default]\nmon = [\"09:00-17:00\"]\ntue = [\"09:00-17:00\"]\nwed = [\"09:00-17:00\"]\nthu = [\"09:00-17:00\"]\n",
			func(t *testing.T, c *Config) {
				want := office(ams)
				want.Week[time.Friday] = nil
				sameHours(t, "default", c.Hours.Default, want)
			}},
		{"hours.default with only its holidays keeps office hours", "[hours.default]\nholidays = \"none\"\n",
			func(t *testing.T, c *Config) {
				want := office(ams)
				want.Holidays = "none"
				sameHours(t, "default", c.Hours.Default, want)
			}},
		{"a team takes the account zone, not that of hours.default",
			"[hours.default]\ntimezone = \"Europe/London\"\n[hours.team.Kassa]\nmon = [\"09:00-17:00\"]\n",
			func(t *testing.T, c *Config) {
				sameHours(t, "team", c.Hours.Teams["kassa"], mon(ams, calendar.Interval{Start: nine, End: five}))
			}},
		{"intervals come sorted; touching ones are fine",
			"[hours.default]\nmon = [\"13:00-17:00\", \"09:00-13:00\"]\n",
			func(t *testing.T, c *Config) {
				sameHours(t, "default", c.Hours.Default, mon(ams,
					calendar.Interval{Start: nine, End: one}, calendar.Interval{Start: one, End: five}))
			}},
		{"24:00 ends the day", "[hours.default]\nmon = [\"20:00-24:00\"]\n",
			func(t *testing.T, c *Config) {
				sameHours(t, "default", c.Hours.Default, mon(ams, calendar.Interval{Start: 20 * 3600, End: 86400}))
			}},
		{"holidays in capitals", "[hours.default]\nholidays = \"BE\"\n",
			func(t *testing.T, c *Config) {
				if got := c.Hours.Default.Holidays; got != "be" {
					t.Errorf("holidays %q, want be", got)
				}
			}},
		{"csat positive_min is the top two points of 1..10", "[surveys.csat]\nmax = 10\n",
			func(t *testing.T, c *Config) {
				if got, want := c.CSAT, (Scale{Min: 1, Max: 10, PositiveMin: 9}); got != want {
					t.Errorf("got %+v, want %+v", got, want)
				}
			}},
		{"the account's currency and its rates: 1 USD = 0.92 EUR", "currency = \"eur\"\n[exchange_rates]\nUSD = 0.92\ngbp = 1.17\n",
			func(t *testing.T, c *Config) {
				want := cx.Money{Currency: "EUR", Rates: map[string]float64{"USD": 0.92, "GBP": 1.17}}
				if !reflect.DeepEqual(c.Money, want) {
					t.Errorf("got %+v, want %+v", c.Money, want)
				}
			}},
		{"ces direction effort keeps the scale 1..7", "[surveys.ces]\ndirection = \"effort\"\n",
			func(t *testing.T, c *Config) {
				if got, want := c.CES, (Scale{Min: 1, Max: 7, Direction: "effort"}); got != want {
					t.Errorf("got %+v, want %+v", got, want)
				}
			}},
		{"a criterion weighs 1 on 1..5 unless told", "[[scorecards.criteria]]\nname = \" Empathie \"\ncritical = true\n",
			func(t *testing.T, c *Config) {
				want := []Criterion{{Name: "Empathie", Weight: 1, Min: 1, Max: 5, Critical: true}}
				if !reflect.DeepEqual(c.Criteria, want) {
					t.Errorf("got %+v, want %+v", c.Criteria, want)
				}
			}},
		{"clv and engagement take fractions", "[clv]\ndefault_gross_margin = 0.35\nlifespan_years = 2.5\n[engagement]\nwebinar = 0.5\napp_login = 2\n",
			func(t *testing.T, c *Config) {
				if got, want := c.CLV, (CLV{DefaultGrossMargin: 0.35, LifespanYears: 2.5, HorizonMonths: 12}); got != want {
					t.Errorf("clv %+v, want %+v", got, want)
				}
				want := []Weight{{Kind: "app_login", Weight: 2}, {Kind: "webinar", Weight: 0.5}}
				if !reflect.DeepEqual(c.Engagement, want) {
					t.Errorf("engagement %+v, want %+v", c.Engagement, want)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse([]byte(tt.file), "klantpuls.toml")
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		file string
		want string // the whole line, after "klantpuls.toml: "
	}{
		{"syntax error names its line", "timezone = \"Europe/Amsterdam\"\n[hours.default]\nmon = [09:00-17:00]\n",
			`line 3: invalid datetime: "09:00-17:00"`},
		{"key given twice", "[hours.default]\nmon = []\nmon = []\n",
			`line 3: Key 'hours.default.mon' has already been defined`},
		{"backwards interval", "[hours.default]\nmon = [\"17:00-09:00\"]\n",
			`hours.default.mon: interval "17:00-09:00": the start must come before the end`},
		{"not an interval", "[hours.default]\ntue = [\"9-5\"]\n",
			`hours.default.tue: interval "9-5": `},
		{"overlapping intervals", "[hours.default]\nwed = [\"09:00-13:00\", \"12:00-17:00\"]\n",
			`hours.default.wed: intervals "09:00-13:00" and "12:00-17:00" overlap`},
		{"a day that is not a list", "[hours.default]\nthu = \"09:00-17:00\"\n",
			`hours.default.thu: want a list like ["09:00-17:00"], not "09:00-17:00"`},
		{"misspelt day", "[hours.default]\nsatuday = [\"10:00-14:00\"]\n",
			`unknown key "hours.default.satuday"`},
		{"misspelt section is one mistake", "[hours.defualt]\nmon = []\ntue = []\n",
			`unknown key "hours.defualt"`},
		{"key in capitals", "[hours.default]\nMon = [\"09:00-17:00\"]\n",
			`unknown key "hours.default.Mon" (keys are written in lower case)`},
		{"unknown account zone", `timezone = "Europe/Amsterdm"`,
			`timezone: unknown time zone "Europe/Amsterdm"`},
		{"empty account zone", `timezone = ""`,
			`timezone: "" is not a time zone name like "Europe/Amsterdam"`},
		{"unknown team zone", "[hours.team.\"Support BE\"]\ntimezone = \"Europe/Brussel\"\n",
			`hours.team."Support BE".timezone: unknown time zone "Europe/Brussel"`},
		{"team interval", "[hours.team.\"Support BE\"]\nfri = [\"08:00-25:00\"]\n",
			`hours.team."Support BE".fri: interval "08:00-25:00": "25:00" is not a time of day`},
		{"team without a name", "[hours.team.\" \"]\nmon = []\n",
			`hours.team." ": a team needs a name`},
		{"benchmark of no KPI", "[digest.benchmarks]\ncsatt = 80\n",
			`digest.benchmarks.csatt: not a KPI with a direction (one of nps, csat, ces, first_response, resolution, fcr, …)`},
		{"benchmark above 100%", "[digest.benchmarks]\ncsat = 180\n",
			`digest.benchmarks.csat: 180 is outside 0..100`},
		{"benchmark NPS below −100", "[digest.benchmarks]\nnps = -120\n",
			`digest.benchmarks.nps: -120 is outside -100..100`},
		// A benchmark is in a target's unit and set against the figures as a target is: NaN or
		// an infinity would be met by every figure or by none.
		{"benchmark nan", "[digest.benchmarks]\ncsat = nan\n",
			`digest.benchmarks.csat: NaN is not a usable number`},
		{"benchmark inf", "[digest.benchmarks]\nfirst_response = inf\n",
			`digest.benchmarks.first_response: +Inf is not a usable number`},
		{"benchmark -inf", "[digest.benchmarks]\nnps = -inf\n",
			`digest.benchmarks.nps: -Inf is not a usable number`},
		{"a currency that is no code", "currency = \"euro\"\n",
			`currency: "euro" is not a currency code: write the three letters of ISO 4217, such as "EUR"`},
		{"a rate of nothing", "[exchange_rates]\nUSD = 0\n",
			`exchange_rates.USD: 0 is not a rate: write what 1 USD is in EUR, a number above 0 and at most 1e+06`},
		{"a rate of the account's own currency", "currency = \"USD\"\n[exchange_rates]\nusd = 1\n",
			`exchange_rates.usd: USD is the account's currency itself: remove the rate`},
		{"a rate by a name", "[exchange_rates]\ndollar = 0.92\n",
			`exchange_rates.dollar: "dollar" is not a currency code: name each rate by the three letters of ISO 4217, such as USD`},
		{"a rate given twice", "[exchange_rates]\nUSD = 0.92\nusd = 0.93\n",
			`exchange_rates.usd: USD has a rate already (codes match in any case)`},
		{"a rate as text", "[exchange_rates]\nUSD = \"0.92\"\n",
			`exchange_rates.USD: want a number, not "0.92"`},
		{"zone not a string", "timezone = 1\n",
			`timezone: want a time zone name like "Europe/Amsterdam", not 1`},
		{"event kind without a name", "[engagement]\n\"\" = 1\n",
			`engagement."": an event kind needs a name`},
		{"same team twice", "[hours.team.\"Support BE\"]\n[hours.team.\" support be\"]\n",
			`hours.team."Support BE": the same team as " support be"`},
		{"unknown holidays", "[hours.default]\nholidays = \"de\"\n",
			`hours.default.holidays: "de" is not one of "nl", "be", "none"`},
		{"closed date not YYYY-MM-DD", "[hours.default]\nclosed = [\"24-12-2026\"]\n",
			`hours.default.closed: "24-12-2026" is not a date YYYY-MM-DD`},
		{"open date that does not exist", "[hours.team.Kassa]\nopen = [\"2026-02-30\"]\n",
			`hours.team.Kassa.open: "2026-02-30" is not a date YYYY-MM-DD`},
		{"unquoted date", "[hours.default]\nclosed = [2026-12-24]\n",
			`hours.default.closed: want strings like "2026-12-24", not the unquoted date or time 2026-12-24T00:00:00`},
		{"csat min above max", "[surveys.csat]\nmin = 5\nmax = 1\n",
			`surveys.csat: min 5 must be below max 1`},
		{"csat positive_min outside the scale", "[surveys.csat]\npositive_min = 7\n",
			`surveys.csat.positive_min: 7 is outside the scale 1..5`},
		{"csat min not a number", "[surveys.csat]\nmin = \"one\"\n",
			`surveys.csat.min: want a whole number, not "one"`},
		{"ces min equal to max", "[surveys.ces]\nmin = 4\nmax = 4\n",
			`surveys.ces: min 4 must be below max 4`},
		{"ces direction", "[surveys.ces]\ndirection = \"hard\"\n",
			`surveys.ces.direction: "hard" is not one of "easy", "effort"`},
		{"ces has no positive_min", "[surveys.ces]\npositive_min = 5\n",
			`unknown key "surveys.ces.positive_min"`},
		{"nps takes no settings", "[surveys.nps]\nmin = 1\nmax = 10\n",
			`surveys.nps: NPS always runs 0..10`},
		{"unknown survey", "[surveys.ces2]\nmin = 1\n",
			`unknown key "surveys.ces2"`},
		{"gross margin above 1", "[clv]\ndefault_gross_margin = 1.5\n",
			`clv.default_gross_margin: 1.5 is outside 0..1`},
		{"gross margin as a percentage", "[clv]\ndefault_gross_margin = 40\n",
			`clv.default_gross_margin: 40 is outside 0..1`},
		{"gross margin nan", "[clv]\ndefault_gross_margin = nan\n",
			`clv.default_gross_margin: NaN is not a usable number`},
		{"negative lifespan", "[clv]\nlifespan_years = -1\n",
			`clv.lifespan_years: -1 is below zero`},
		{"criterion without a name", "[[scorecards.criteria]]\nname = \"Oplossing\"\n[[scorecards.criteria]]\nweight = 1\n",
			`scorecards.criteria[2].name: a criterion needs a name`},
		{"criterion name not a string", "[[scorecards.criteria]]\nname = 7\n",
			`scorecards.criteria[1].name: want a string, not 7`},
		{"interval inside another", "[hours.default]\nmon = [\"09:00-17:00\", \"10:00-11:00\"]\n",
			`hours.default.mon: intervals "09:00-17:00" and "10:00-11:00" overlap`},
		{"criterion with a blank name", "[[scorecards.criteria]]\nname = \"  \"\n",
			`scorecards.criteria[1].name: a criterion needs a name`},
		{"criterion named twice", "[[scorecards.criteria]]\nname = \"Oplossing\"\n[[scorecards.criteria]]\nname = \" oplossing\"\n",
			`scorecards.criteria[2].name: "oplossing" is already criterion 1`},
		{"criterion max not above min", "[[scorecards.criteria]]\nname = \"Toon\"\nmin = 3\nmax = 3\n",
			`scorecards.criteria[1]: min 3 must be below max 3`},
		{"criterion negative weight", "[[scorecards.criteria]]\nname = \"Toon\"\n[[scorecards.criteria]]\nname = \"Kennis\"\nweight = -1\n",
			`scorecards.criteria[2].weight: weight -1 is below zero`},
		{"criterion critical not a bool", "[[scorecards.criteria]]\nname = \"Toon\"\ncritical = \"yes\"\n",
			`scorecards.criteria[1].critical: want true or false, not "yes"`},
		{"engagement negative weight", "[engagement]\ntraining = -1\n",
			`engagement.training: weight -1 is below zero`},
		{"engagement weight not a number", "[engagement]\n\"loyalty program\" = \"high\"\n",
			`engagement."loyalty program": want a number, not "high"`},
		{"a table where a value belongs", "[surveys.csat.min]\nvalue = 1\n",
			`surveys.csat.min: want a whole number, not a table`},
		{"a value where a table belongs", "hours = 5\n",
			`line 1: hours: want a table here, like [hours]`},
		{"one table for the criteria", "[scorecards.criteria]\nname = \"Toon\"\n",
			`line 1: scorecards.criteria: write each criterion as a table of its own, [[scorecards.criteria]]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.file), "klantpuls.toml")
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if got := cx.ErrorCode(err); got != cx.EINVALID {
				t.Errorf("code %q, want %q", got, cx.EINVALID)
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != 1 {
				t.Errorf("%d messages, want 1:\n%v", len(lines), err)
			}
			if want := "klantpuls.toml: " + tt.want; !strings.HasPrefix(lines[0], want) {
				t.Errorf("got  %s\nwant %s…", lines[0], want)
			}
		})
	}
}

func TestParseReportsEveryMistake(t *testing.T) {
	file := `timezone = "Europe/Amsterdm"
[hours.default]
mon = ["17:00-09:00"]
satuday = []
sundy = []
[surveys.csat]
min = 5
max = 1
[engagement]
training = -1
`
	_, err := Parse([]byte(file), "klantpuls.toml")
	if err == nil {
		t.Fatal("no error")
	}
	want := []string{
		`klantpuls.toml: timezone: unknown time zone "Europe/Amsterdm"`,
		`klantpuls.toml: hours.default.mon: interval "17:00-09:00": the start must come before the end`,
		`klantpuls.toml: surveys.csat: min 5 must be below max 1`,
		`klantpuls.toml: engagement.training: weight -1 is below zero`,
		`klantpuls.toml: unknown key "hours.default.satuday"`,
		`klantpuls.toml: unknown key "hours.default.sundy"`,
	}
	got := strings.Split(err.Error(), "\n")
	if len(got) != len(want) {
		t.Fatalf("got %d messages, want %d:\n%v", len(got), len(want), err)
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("message %d:\n got %s\nwant %s…", i+1, got[i], want[i])
		}
	}
}

func TestParseOverlapsAgainstWhatStaysOpen(t *testing.T) {
	// 10:00-11:00 is dropped as an overlap; 11:30-13:00 still overlaps 09:00-12:00.
	file := "[hours.default]\nmon = [\"09:00-12:00\", \"10:00-11:00\", \"11:30-13:00\"]\n"
	_, err := Parse([]byte(file), "klantpuls.toml")
	want := `klantpuls.toml: hours.default.mon: intervals "09:00-12:00" and "10:00-11:00" overlap
klantpuls.toml: hours.default.mon: intervals "09:00-12:00" and "11:30-13:00" overlap`
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
}

func TestTeamHours(t *testing.T) {
	c, err := Parse([]byte(example), "klantpuls.toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ team, zone string }{
		{"Support BE", "Europe/Brussels"},
		{" support be ", "Europe/Brussels"},
		{"SUPPORT BE", "Europe/Brussels"},
		{"Support NL", "Europe/Amsterdam"}, // no hours of its own: the default
		{"", "Europe/Amsterdam"},
	} {
		t.Run(tt.team, func(t *testing.T) {
			if got := c.TeamHours(tt.team).Location.String(); got != tt.zone {
				t.Errorf("zone %s, want %s", got, tt.zone)
			}
		})
	}
}

func TestCriterion(t *testing.T) {
	c, err := Parse([]byte(example), "klantpuls.toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Oplossing", " oplossing ", "OPLOSSING"} {
		if got, ok := c.Criterion(name); !ok || got.Name != "Oplossing" || got.Weight != 2 {
			t.Errorf("Criterion(%q) = %+v, %v", name, got, ok)
		}
	}
	if got, ok := c.Criterion("Empathie"); ok {
		t.Errorf("Criterion(Empathie) = %+v, want none", got)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "klantpuls.toml")
	if err := os.WriteFile(path, []byte(example), 0o644); err != nil {
		t.Fatal(err)
	}
	if c, err := Load(path); err != nil || len(c.Criteria) != 1 {
		t.Errorf("Load = %+v, %v", c, err)
	}

	bad := filepath.Join(dir, "bad.toml")
	if err := os.WriteFile(bad, []byte("[clv]\nlifespan_years = -1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(bad); err == nil || !strings.HasPrefix(err.Error(), bad+": clv.lifespan_years: ") {
		t.Errorf("Load(bad) error %v, want one naming the file and the key", err)
	}

	_, err := Load(filepath.Join(dir, "missing.toml"))
	if got := cx.ErrorCode(err); got != cx.ENOTFOUND {
		t.Errorf("missing file: code %q (%v), want %q", got, err, cx.ENOTFOUND)
	}
}

func TestMailAndInvitations(t *testing.T) {
	got, err := Parse([]byte(`
[mail]
host = "smtp.example.nl"
port = 2525
username = "kp"
from = "Klantenservice <service@example.nl>"
tls = "none"
[invitations]
throttle_days = 14
link_days = 7
`), "k.toml")
	if err != nil {
		t.Fatal(err)
	}
	if want := (Mail{Host: "smtp.example.nl", Port: 2525, Username: "kp", From: "Klantenservice <service@example.nl>", TLS: "none"}); got.Mail != want {
		t.Errorf("mail %+v", got.Mail)
	}
	if got.Invitations != (Invitations{ThrottleDays: 14, LinkDays: 7}) {
		t.Errorf("invitations %+v", got.Invitations)
	}
	for file, want := range map[string]string{
		"[mail]\nhost = \"smtp.example.nl\"\n":      "k.toml: mail.from: required with a mail host",
		"[mail]\nhost = \"x\"\nfrom = \"nobody\"\n": `k.toml: mail.from: "nobody" is not an e-mail address`,
		"[mail]\nport = 70000\n":                    "k.toml: mail.port: 70000 is not a port",
		"[mail]\ntls = \"ssl3\"\n":                  "k.toml: mail.tls:",
		"[invitations]\nthrottle_days = -1\n":       "k.toml: invitations.throttle_days: -1 is below zero",
		"[invitations]\nlink_days = 0\n":            "k.toml: invitations.link_days: 0",
		"[invitations]\nthrotle_days = 3\n":         `k.toml: unknown key "invitations.throtle_days"`,
	} {
		_, err := Parse([]byte(file), "k.toml")
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", file, err, want)
		}
	}
}
