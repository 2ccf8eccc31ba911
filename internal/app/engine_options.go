package app

import (
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// engineOptions are the settings of the configuration the engine reads, as its own typed
// values: the engine does not know the configuration file.
func engineOptions(cfg *config.Config) engine.Options {
	o := engine.Options{
		Timezone:            cfg.Timezone,
		Hours:               cfg.Hours.Default,
		TeamHours:           cfg.Hours.Teams,
		CSAT:                cfg.CSAT.CSATScale(),
		CES:                 cesScale(cfg),
		DefaultGrossMargin:  cfg.CLV.DefaultGrossMargin,
		LifespanYears:       cfg.CLV.LifespanYears,
		HorizonMonths:       cfg.CLV.HorizonMonths,
		DiscountRateMonthly: cfg.CLV.DiscountRateMonthly,
		Themes:              cfg.Themes,
		// A criterion the file does not name still counts, on the scale config gives it.
		Criterion: func(name string) metric.Rating {
			c, _ := cfg.CriterionOrDefault(name)
			return metric.Rating{Min: c.Min, Max: c.Max, Weight: c.Weight, Critical: c.Critical}
		},
	}
	for _, w := range cfg.Engagement {
		o.Engagement = append(o.Engagement, metric.Weighted{Kind: w.Kind, Weight: w.Weight})
	}
	return o
}

// cesScale is the install's CES scale as the engine reads an answer on it.
func cesScale(cfg *config.Config) engine.CESScale {
	return engine.CESScale{Min: cfg.CES.Min, Max: cfg.CES.Max, HighIsEffort: cfg.CES.Direction == config.DirectionEffort}
}

// CESScale is the install's CES scale, whose Easy judges an answer as the CES figure counts it
// (metrics.md section 1: after the direction, above the middle): the survey's follow-up
// question asks by the same rule.
func (a *App) CESScale() engine.CESScale { return cesScale(a.Config) }
