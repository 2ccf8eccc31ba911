package config

import (
	"maps"
	"slices"

	"github.com/BurntSushi/toml"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// Digest is [digest]: what the e-mail digests set each KPI against besides its target.
type Digest struct {
	// Benchmarks are the figures counted as good, keyed by metric and in the unit a target is
	// typed in (a percentage, hours for a duration). Default: CSAT 80%, the figure the articles
	// the digests follow cite as good.
	Benchmarks map[string]float64
}

// DefaultBenchmarks are the benchmarks without a [digest.benchmarks] section.
func DefaultBenchmarks() map[string]float64 { return map[string]float64{"csat": 80} }

type rawDigest struct {
	Benchmarks map[string]value `toml:"benchmarks"`
}

// digest reads [digest.benchmarks]: each key a metric with a direction, each value a number in
// its range (percentages 0..100, an NPS −100..100, durations and amounts not below zero). A
// section given replaces the defaults, so a benchmark can be removed.
func (c *checker) digest(r *rawDigest) Digest {
	if r.Benchmarks == nil {
		return Digest{Benchmarks: DefaultBenchmarks()}
	}
	d := Digest{Benchmarks: map[string]float64{}}
	for _, key := range slices.Sorted(maps.Keys(r.Benchmarks)) {
		name := toml.Key{"digest", "benchmarks", key}.String()
		m, ok := metric.Lookup(key)
		if !ok || m.Direction == metric.NoDirection {
			c.add(cx.Refuse(cx.EINVALID, "", "config_benchmark_kpi", "%s: %s: not a KPI with a direction (one of nps, csat, ces, first_response, resolution, fcr, …)", c.name, name))
			continue
		}
		x := c.number(name, r.Benchmarks[key], 0)
		lo, hi := 0.0, 1e9
		switch m.Format {
		case metric.FormatPercent:
			hi = 100
		case metric.FormatInteger:
			lo, hi = -100, 100
		}
		if x < lo || x > hi {
			c.add(cx.Refuse(cx.EINVALID, "", "config_benchmark_range", "%s: %s: %v is outside %v..%v", c.name, name, x, lo, hi))
			continue
		}
		d.Benchmarks[key] = x
	}
	return d
}
