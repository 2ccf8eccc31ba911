package metric

import (
	"math"
	"slices"
	"testing"
)

// The worked vectors of spec/metrics.md section 5 that are pure math. Expected values are the
// spec's, worked out by hand there; the import→report path checks them again end to end.

func near(t *testing.T, name string, got *float64, want, tol float64) {
	t.Helper()
	if got == nil {
		t.Errorf("%s = null, want %v", name, want)
		return
	}
	if math.Abs(*got-want) > tol {
		t.Errorf("%s = %v, want %v (±%v)", name, *got, want, tol)
	}
}

func TestNPS(t *testing.T) {
	tests := []struct {
		name        string
		p, pas, d   int
		want        float64
		shows       float64
		ciLo, ciHi  float64 // checked when ciHi != 0
		ciDecimals  int
		wantNoValue bool
	}{
		{name: "vector 1: P=70 passives 20 D=10", p: 70, pas: 20, d: 10, want: 60, shows: 60},
		{name: "vector 2: scores 10,9,9,7,8,3", p: 3, pas: 2, d: 1, want: 100.0 / 3, shows: 33},
		{name: "vector 3: 12.5 shows as 13", p: 3, pas: 3, d: 2, want: 12.5, shows: 13},
		{name: "vector 4: −12.5 shows as −13", p: 1, pas: 5, d: 2, want: -12.5, shows: -13},
		{name: "vector 5: no responses", wantNoValue: true},
		{name: "vector 6: interval", p: 120, pas: 50, d: 30, want: 45, shows: 45,
			ciLo: 34.75, ciHi: 55.25, ciDecimals: 2},
		{name: "vector 8: all promoters, adjusted Wald", p: 5, want: 100, shows: 100,
			ciLo: 17.5, ciHi: 100, ciDecimals: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NewNPS(tt.p, tt.pas, tt.d)
			if got.N != tt.p+tt.pas+tt.d {
				t.Errorf("n = %d", got.N)
			}
			if tt.wantNoValue {
				if got.Value != nil || got.CI95 != nil {
					t.Errorf("value %v ci %v, want null and null", got.Value, got.CI95)
				}
				return
			}
			near(t, "nps", got.Value, tt.want, 1e-9)
			if s := Round(*got.Value, 0); s != tt.shows {
				t.Errorf("shows %v, want %v", s, tt.shows)
			}
			if tt.ciHi != 0 {
				lo, hi := Round(got.CI95[0], tt.ciDecimals), Round(got.CI95[1], tt.ciDecimals)
				if lo != tt.ciLo || hi != tt.ciHi {
					t.Errorf("ci95 = %v, want [%v, %v]", *got.CI95, tt.ciLo, tt.ciHi)
				}
			}
		})
	}
}

func TestNPSClass(t *testing.T) {
	want := []int{0, 0, 0, 0, 0, 0, 0, Passive, Passive, Promoter, Promoter}
	for score, w := range want {
		if got := NPSClass(score); got != w {
			t.Errorf("NPSClass(%d) = %d, want %d", score, got, w)
		}
	}
}

func TestNPSChange(t *testing.T) {
	// vector 7: NPS 45 (n 200) against NPS 30 (P 125, passives 75, D 50): z 2.085, p 0.037.
	c, ok := NPSChange(NewNPS(120, 50, 30), NewNPS(125, 75, 50))
	if !ok {
		t.Fatal("no test")
	}
	if Round(c.Z, 3) != 2.085 || Round(c.P, 3) != 0.037 || !c.Significant {
		t.Errorf("change = %+v, want z 2.085, p 0.037, significant", c)
	}
	if _, ok := NPSChange(NewNPS(0, 0, 0), NewNPS(1, 0, 0)); ok {
		t.Error("a test against an empty period must not be made")
	}
}

func TestCSAT(t *testing.T) {
	t.Run("vector 9: 5,5,4,3,3,2,1,4,5,4 on 1–5", func(t *testing.T) {
		scores := []int{5, 5, 4, 3, 3, 2, 1, 4, 5, 4}
		pos, sum := 0, 0.0
		for _, s := range scores {
			if s >= 4 {
				pos++
			}
			sum += float64(s)
		}
		got := NewCSAT(pos, len(scores), sum)
		near(t, "csat", got.Value, 60, 1e-9)
		near(t, "mean", got.Mean, 3.6, 1e-9)
	})
	t.Run("vector 10: 35 of 50, Wilson interval", func(t *testing.T) {
		got := NewCSAT(35, 50, 0)
		near(t, "csat", got.Value, 70, 1e-9)
		if lo, hi := Round(got.CI95[0], 1), Round(got.CI95[1], 1); lo != 56.2 || hi != 80.9 {
			t.Errorf("ci95 = %v, want [56.2, 80.9]", *got.CI95)
		}
	})
	// At x = 0 Wilson's centre equals its half width, and at x = n centre + half is 1: the
	// bounds are exactly 0 and 100, as the report says them, not 5.6e-15 or 99.99999999999999.
	t.Run("none or all positive: the bound at the end is exact", func(t *testing.T) {
		for n := 1; n < 200; n++ {
			if none := NewCSAT(0, n, 0); none.CI95[0] != 0 {
				t.Fatalf("0 of %d: low %v, want 0", n, none.CI95[0])
			}
			if all := NewCSAT(n, n, 0); all.CI95[1] != 100 {
				t.Fatalf("%d of %d: high %v, want 100", n, n, all.CI95[1])
			}
		}
	})
	t.Run("empty", func(t *testing.T) {
		got := NewCSAT(0, 0, 0)
		if got.Value != nil || got.Mean != nil || got.CI95 != nil {
			t.Errorf("got %+v, want nulls", got)
		}
	})
}

func TestCES(t *testing.T) {
	// vector 11: 7,6,5,5,4,2,1 on 1–7: easy (> 4) are 7,6,5,5.
	got := NewCES(4, 7, 30)
	near(t, "ces", got.Value, 400.0/7, 1e-9)
	near(t, "mean", got.Mean, 30.0/7, 1e-9)
}

func TestSummarize(t *testing.T) {
	tests := []struct {
		name              string
		in                []float64
		mean, median, p90 float64
	}{
		{"vector 18: FRT business of #12–#15 and 0", []float64{1800, 15300, 7200, 4500, 0},
			5760, 4500, 12060}, // p90: h = 3.6 → 7200 + 0.6·8100
		{"vector 20: resolution 4 h, 10 h, 28 h", []float64{4 * 3600, 10 * 3600, 28 * 3600},
			14 * 3600, 10 * 3600, 24.4 * 3600},
		{"vector 23: 500 min over 200 calls", slices.Repeat([]float64{150}, 200), 150, 150, 150},
		{"even count: median is the mean of the middle two", []float64{4, 1, 3, 2}, 2.5, 2.5, 3.7},
		{"one value", []float64{7}, 7, 7, 7},
		{"two values", []float64{10, 0}, 5, 5, 9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Summarize(slices.Clone(tt.in))
			if got.N != len(tt.in) {
				t.Errorf("n = %d", got.N)
			}
			near(t, "mean", got.Mean, tt.mean, 1e-6)
			near(t, "median", got.Median, tt.median, 1e-6)
			near(t, "p90", got.P90, tt.p90, 1e-6)
		})
	}
	if got := Summarize(nil); got.N != 0 || got.Mean != nil || got.Median != nil || got.P90 != nil {
		t.Errorf("empty = %+v, want n 0 and nulls", got)
	}
}

// TestSummarizeMatchesSort checks selection against the sorted definition on many shapes.
func TestSummarizeMatchesSort(t *testing.T) {
	for n := 1; n < 300; n++ {
		in := make([]float64, n)
		for i := range in {
			in[i] = float64((i * 7919) % (n/3 + 1)) // many ties
		}
		sorted := slices.Clone(in)
		slices.Sort(sorted)
		got := Summarize(in)
		if *got.Median != Percentile(sorted, 0.5) || *got.P90 != Percentile(sorted, 0.9) {
			t.Fatalf("n %d: median %v p90 %v, want %v %v", n, *got.Median, *got.P90,
				Percentile(sorted, 0.5), Percentile(sorted, 0.9))
		}
	}
}

func TestFCR(t *testing.T) {
	// A solved ticket as (agent replies, reopens); unknown is a ticket with neither messages
	// nor agent_replies, which FCR does not measure (metrics.md section 2).
	type ticket struct {
		replies, reopens int
		known            bool
	}
	k := func(replies, reopens int) ticket { return ticket{replies, reopens, true} }
	unknown := ticket{}
	tests := []struct {
		name      string
		tickets   []ticket
		wantN     int
		want      float64
		wantFirst int
	}{
		{name: "vector 22", tickets: []ticket{k(1, 0), k(1, 0), k(0, 0), k(2, 0), k(2, 1), k(1, 0), k(3, 0), k(1, 0),
			k(1, 0), k(1, 1)}, wantN: 10, want: 60, wantFirst: 6},
		{name: "vector 33: agent_replies 1, empty, 2, empty", tickets: []ticket{k(1, 0), unknown, k(2, 0), unknown},
			wantN: 2, want: 50, wantFirst: 1},
		{name: "vector 34: neither messages nor agent_replies", tickets: []ticket{unknown}, wantN: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var tally FCRTally
			for _, tk := range tt.tickets {
				tally.Add(tk.replies, tk.known, tk.reopens)
			}
			got := tally.FCR()
			if got.N != tt.wantN || got.FirstContact != tt.wantFirst {
				t.Errorf("n %d first contact %d, want %d and %d", got.N, got.FirstContact, tt.wantN, tt.wantFirst)
			}
			if tt.wantN == 0 {
				if got.Value != nil {
					t.Errorf("value = %v, want null (not measured)", *got.Value)
				}
				return
			}
			near(t, "fcr", got.Value, tt.want, 1e-9)
		})
	}
}

func TestCustomers(t *testing.T) {
	t.Run("vector 24: churn", func(t *testing.T) {
		near(t, "churn", NewChurn(250, 20, 0, 0).Value, 8, 1e-9)
	})
	t.Run("vector 25: churn and retention", func(t *testing.T) {
		c := NewChurn(250, 20, 30, 5)
		near(t, "churn", c.Value, 8, 1e-9)
		if c.End != 255 {
			t.Errorf("end = %d, want 255", c.End)
		}
		near(t, "retention", NewRetention(250, c.End, 30).Value, 90, 1e-9)
	})
	t.Run("vector 26: retention", func(t *testing.T) {
		near(t, "retention", NewRetention(200, 200, 20).Value, 90, 1e-9)
	})
	t.Run("vector 27: 8% in 30 days, yearly", func(t *testing.T) {
		y := NewChurn(250, 20, 0, 0).Yearly(30)
		if y == nil || Round(*y, 2) != 63.74 {
			t.Errorf("yearly = %v, want 63.74…", y)
		}
	})
	t.Run("vector 28: CLV simple", func(t *testing.T) {
		got := NewCLV(CLVInput{Revenue: 5000, Orders: 100, Buyers: 20, Days: 365, LifespanYears: 3})
		near(t, "aov", got.AOV, 50, 1e-9)
		near(t, "frequency", got.FrequencyPerYear, 5, 1e-9)
		near(t, "simple", got.Simple, 750, 1e-9)
		if got.Predictive != nil {
			t.Errorf("predictive = %v: NewCLV leaves it to the engine's models", *got.Predictive)
		}
	})
	t.Run("vector 29: CLV historical", func(t *testing.T) {
		got := NewCLV(CLVInput{Orders: 3, Buyers: 1, Days: 365, MarginSum: (120 + 80 + 200) * 0.3})
		near(t, "historical", got.Historical, 120, 1e-9)
	})
	t.Run("lifespan from churn; none without churn", func(t *testing.T) {
		// 10% churn over a year: lifespan 1/0.1 = 10 years.
		got := NewCLV(CLVInput{Revenue: 100, Orders: 2, Buyers: 1, Days: 365, Churn: NewChurn(100, 10, 0, 0)})
		near(t, "lifespan", got.LifespanYears, 10, 1e-9)
		near(t, "simple", got.Simple, 50*2*10, 1e-9)
		got = NewCLV(CLVInput{Revenue: 100, Orders: 2, Buyers: 1, Days: 365, Churn: NewChurn(100, 0, 0, 0)})
		if got.LifespanYears != nil || got.Simple != nil || got.Predictive != nil {
			t.Errorf("zero churn gave %+v, want null lifespan and products", got)
		}
	})
	t.Run("vector 32: referral", func(t *testing.T) {
		near(t, "referral", NewReferral(15, 120).Value, 12.5, 1e-9)
	})
	t.Run("engagement", func(t *testing.T) {
		got := NewEngagement([]Weighted{{"training", 10, 1}, {"loyalty", 40, 3}}, 80)
		near(t, "engagement", got.Value, (12.5+3*50)/4, 1e-9)
		if got.Participation["training"] != 12.5 {
			t.Errorf("participation = %v", got.Participation)
		}
		// Every participation, and so the score, is a share of the 80 customers at the end.
		if got.N != 80 {
			t.Errorf("n = %d, want 80", got.N)
		}
	})
}

func TestFeedbackResponse(t *testing.T) {
	near(t, "vector 31", NewFeedbackResponse(45, 60).Value, 75, 1e-9)
}

func TestReviewScore(t *testing.T) {
	// vector 30: weights 1, 2, 2 at 100%, 50%, 100%, a fourth not applicable (left out).
	got, ok := ReviewScore([]Rating{
		{Rating: 5, Min: 1, Max: 5, Weight: 1},
		{Rating: 3, Min: 1, Max: 5, Weight: 2},
		{Rating: 5, Min: 1, Max: 5, Weight: 2},
	})
	if !ok || got != 80 {
		t.Errorf("review score = %v %v, want 80", got, ok)
	}
	got, _ = ReviewScore([]Rating{{Rating: 5, Min: 1, Max: 5, Weight: 1}, {Rating: 2, Min: 1, Max: 5, Weight: 1, Critical: true}})
	if got != 0 {
		t.Errorf("critical failure gives %v, want 0", got)
	}
	if _, ok := ReviewScore(nil); ok {
		t.Error("a review without ratings has no score")
	}
}

// TestReviewScoreKnockOutWithoutWeight: a critical criterion may weigh 0 — a knock-out that
// adds nothing to the score but zeroes it when failed (metrics.md section 4: "a critical
// criterion scoring below 0.5 makes the review score 0", whatever else was rated). Failed in a
// review where nothing with weight applied, the review still scores 0 and counts; passed
// there, the review has no score.
func TestReviewScoreKnockOutWithoutWeight(t *testing.T) {
	privacy := func(r int) Rating { return Rating{Rating: r, Min: 0, Max: 1, Weight: 0, Critical: true} }
	na := []Rating(nil) // every weighted criterion not applicable
	cases := []struct {
		name    string
		ratings []Rating
		want    float64
		ok      bool
	}{
		{"failed, nothing else rated", append(na, privacy(0)), 0, true},
		{"passed, nothing else rated", append(na, privacy(1)), 0, false},
		{"failed beside a 5 of 1–5", []Rating{privacy(0), {Rating: 5, Min: 1, Max: 5, Weight: 2}}, 0, true},
		// (4 − 1)/(5 − 1) = 0.75 at weight 2, the knock-out adding nothing: 75.
		{"passed beside a 4 of 1–5", []Rating{privacy(1), {Rating: 4, Min: 1, Max: 5, Weight: 2}}, 75, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := ReviewScore(c.ratings)
			if got != c.want || ok != c.ok {
				t.Errorf("review score = %v %v, want %v %v", got, ok, c.want, c.ok)
			}
		})
	}
}

func TestRound(t *testing.T) {
	for _, tt := range []struct{ x, want float64 }{{12.5, 13}, {-12.5, -13}, {0.5, 1}, {2.4999, 2}} {
		if got := Round(tt.x, 0); got != tt.want {
			t.Errorf("Round(%v) = %v, want %v", tt.x, got, tt.want)
		}
	}
	if got := Round(57.142857, 1); got != 57.1 {
		t.Errorf("Round(57.142857, 1) = %v", got)
	}
}

// TestSummarizeSecondsMatchesSort checks the counting selection against the sorted definition
// over sizes, spreads and heavy ties (many zero business seconds), whole and in parts; crowded,
// four in five values are a few small ones, so that the median's bucket is counted value by
// value (countLow) below a wide spread.
func TestSummarizeSecondsMatchesSort(t *testing.T) {
	var scratch SelectScratch
	for _, n := range []int{1, 2, 3, 5, 10, 100, 255, 1000, 4097, 70000} {
		for _, spread := range []uint32{1, 7, 3600, 1 << 20, 1<<32 - 1} {
			for _, crowded := range []bool{false, true} {
				in := make([]uint32, n)
				var max uint32
				for i := range in {
					v := uint32((uint64(i)*2654435761 + 12345) % (uint64(spread) + 1))
					if i%3 == 0 {
						v = 0
					}
					if crowded && i%5 != 0 {
						v = uint32(i % 7)
					}
					in[i] = v
					max = maxU32(max, v)
				}
				f := make([]float64, n)
				for i, v := range in {
					f[i] = float64(v)
				}
				slices.Sort(f)
				got := SummarizeSeconds(in, max, &scratch)
				if *got.Median != Percentile(f, 0.5) || *got.P90 != Percentile(f, 0.9) || got.N != n {
					t.Fatalf("n %d spread %d: median %v p90 %v, want %v %v", n, spread, *got.Median, *got.P90,
						Percentile(f, 0.5), Percentile(f, 0.9))
				}
				var sum float64
				for _, v := range f {
					sum += v
				}
				if *got.Mean != sum/float64(n) {
					t.Fatalf("mean %v, want %v", *got.Mean, sum/float64(n))
				}
				// In parts (chunks of a pass), one of them empty: the same figures.
				parts := [][]uint32{in[:n/3], in[n/3 : n/3], in[n/3:]}
				if p := SummarizeSecondsOf(parts, max, &scratch); p.N != n || *p.Median != *got.Median ||
					*p.P90 != *got.P90 || *p.Mean != *got.Mean {
					t.Fatalf("n %d spread %d: in parts %+v, want %+v", n, spread, p, got)
				}
			}
		}
	}
	if got := SummarizeSeconds(nil, 0, &scratch); got.N != 0 || got.Mean != nil || got.Median != nil {
		t.Errorf("empty = %+v", got)
	}
}

func maxU32(a, b uint32) uint32 {
	if a > b {
		return a
	}
	return b
}

func BenchmarkSummarizeSeconds1M(b *testing.B) {
	in := make([]uint32, 1_000_000)
	var max uint32
	for i := range in {
		in[i] = uint32((uint64(i) * 2654435761) % (7 * 24 * 3600))
		max = maxU32(max, in[i])
	}
	var scratch SelectScratch
	for range b.N {
		SummarizeSeconds(in, max, &scratch)
	}
}

// TestTransferRate: the share of solved tickets with transfers ≥ 1 among those whose transfers
// are known; an empty column is not measured (describeTransfers' worked example).
func TestTransferRate(t *testing.T) {
	known := func(n int) *int { return &n }
	tests := []struct {
		name             string
		transfers        []*int // per solved ticket; nil: the column is empty
		wantN, wantMoved int
		wantValue        *float64
	}{
		{"the worked example: 0, 2, empty, 1, 0", []*int{known(0), known(2), nil, known(1), known(0)}, 4, 2, new(50.0)},
		{"no ticket passed on", []*int{known(0), known(0), known(0)}, 3, 0, new(0.0)},
		{"an export without the column", []*int{nil, nil}, 0, 0, nil},
		{"no solved tickets", nil, 0, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var tally TransferTally
			for _, x := range tt.transfers {
				tally.Add(x != nil, x != nil && *x >= 1)
			}
			got := tally.Rate()
			if got.N != tt.wantN || got.Transferred != tt.wantMoved {
				t.Errorf("n %d transferred %d, want n %d transferred %d", got.N, got.Transferred, tt.wantN, tt.wantMoved)
			}
			switch {
			case tt.wantValue == nil && got.Value != nil:
				t.Errorf("rate %v, want null (not measured), never 0%%", *got.Value)
			case tt.wantValue != nil && (got.Value == nil || *got.Value != *tt.wantValue):
				t.Errorf("rate %v, want %v", got.Value, *tt.wantValue)
			}
		})
	}
}
