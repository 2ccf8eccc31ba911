package main

import (
	"fmt"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/demo"
)

type demoCmd struct {
	Seed uint64 `default:"1" help:"Seed of the generator: the same seed gives the same data."`
}

// Run fills the database with a year (November 2025 to October 2026) of a Dutch web shop and
// its service team, in one transaction. Running it again with the same seed changes nothing.
func (c *demoCmd) Run(e *env) error {
	a, err := e.open()
	if err != nil {
		return err
	}
	defer a.Close()
	start := time.Now()
	counts := map[cx.Kind]int{}
	res, err := a.Bulk(e.ctx, func(put func(cx.Record) error) error {
		return demo.Generate(demo.Options{Seed: c.Seed, Location: a.Config.Timezone}, func(kind cx.Kind, batch []cx.Record) error {
			counts[kind] += len(batch)
			for _, r := range batch {
				if err := put(r); err != nil {
					return err
				}
			}
			return nil
		})
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "demo: %s written in %.1f s (%d rows changed)\n", describe(counts), time.Since(start).Seconds(), res.Written)
	fmt.Fprintf(e.stderr, "try: klantpuls --db %s report --from 2026-01-01 --to 2026-04-01 --by team\n", e.globals.DB)
	return nil
}

func describe(counts map[cx.Kind]int) string {
	s := ""
	for _, k := range cx.Kinds {
		if s != "" {
			s += ", "
		}
		s += fmt.Sprintf("%d %s", counts[k], k)
	}
	return s
}
