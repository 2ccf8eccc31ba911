package bench

import (
	"testing"
	"time"
)

// BenchmarkOverview measures the server time of the overview page — every tile, the period it
// compares with and the sparklines — on the 1M tickets and 1M responses of setup, for a month
// (daily points) and a year (monthly points), with the clock in the data's last month. It
// reports the engine passes a page takes as well (one: the whole page is one query).
func BenchmarkOverview(b *testing.B) {
	setup(b)
	loc := loaded.Config.Timezone
	get := dashboard(b, loaded, time.Date(2025, 12, 15, 12, 0, 0, 0, loc))
	for _, period := range []string{"month", "year"} {
		b.Run(period, func(b *testing.B) {
			page := "/?period=" + period
			get(b, page) // the first load warms the engine's scratch memory
			passes := loaded.Engine().Passes()
			b.ResetTimer()
			for range b.N {
				get(b, page)
			}
			b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N), "ms/page")
			b.ReportMetric(float64(loaded.Engine().Passes()-passes)/float64(b.N), "engine-passes/page")
		})
	}
}
