package demo

import (
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// BenchmarkGenerateStandard measures a full Standard year, messages included; `klantpuls demo`
// waits for this before it can load anything.
func BenchmarkGenerateStandard(b *testing.B) {
	b.ReportAllocs()
	records := 0
	for b.Loop() {
		err := Generate(Options{Seed: 1}, func(_ cx.Kind, batch []cx.Record) error {
			records += len(batch)
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
}
