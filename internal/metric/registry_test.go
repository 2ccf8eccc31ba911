package metric

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
)

// registrySet fills every metric from the worked vectors of metrics.md section 5, so the
// expected headlines below are the spec's hand-worked numbers.
func registrySet() *Set {
	frt := Summarize([]float64{1800, 15300, 7200, 4500, 0})                                  // vector 18: mean 5760, median 4500
	res := Summarize([]float64{4 * 3600, 10 * 3600, 28 * 3600})                              // vector 20: mean 14 h, median 10 h
	nps := NewNPS(3, 3, 2)                                                                   // vector 3: 12.5, n 8
	csat := NewCSAT(35, 50, 180)                                                             // vector 10: 70.0
	ces := NewCES(4, 7, 30)                                                                  // vector 11: 57.14…
	fcr := NewFCR(6, 10)                                                                     // vector 22: 60.0
	transfers := NewTransfers(2, 4)                                                          // describeTransfers' example: 50.0
	churn := NewChurn(250, 20, 30, 5)                                                        // vector 25: 8.0, E 255
	ret := NewRetention(250, churn.End, 30)                                                  // vector 25: 90.0
	clv := NewCLV(CLVInput{Revenue: 250, Orders: 5, Buyers: 1, Days: 365, LifespanYears: 3}) // vector 28: 750
	iqs := NewIQS(160, 2)
	eng := NewEngagement([]Weighted{{Kind: "training", Active: 10, Weight: 1}}, 80)
	fb := NewFeedbackResponse(45, 60) // vector 31: 75.0
	ref := NewReferral(15, 120)       // vector 32: 12.5
	tickets := NewTickets(500, 480, map[string]int{"email": 500})
	wait := Summarize([]float64{150, 150})
	sent := NewSentiment(120, 60, 20) // data.md section 4: net 50.0, n 200
	return &Set{NPS: &nps, CSAT: &csat, CES: &ces,
		FirstResponse:       &FirstResponse{Unanswered: new(2), Calendar: frt, Business: frt},
		ReplyTime:           &ServiceTime{Calendar: res, Business: res},
		Resolution:          &ServiceTime{Calendar: res, Business: res},
		FirstResolution:     &ServiceTime{Calendar: res, Business: res},
		ComplaintResolution: &ComplaintResolution{Calendar: res, Business: res},
		FCR:                 &fcr, Transfers: &transfers, WaitTime: &wait, HandleTime: &wait, Tickets: &tickets, Churn: &churn,
		Retention: &ret, CLV: &clv, IQS: &iqs, Engagement: &eng, FeedbackResponse: &fb, Referral: &ref,
		Sentiment: &sent}
}

func TestRegistryCoversTheReport(t *testing.T) {
	var keys []string
	st := reflect.TypeFor[Set]()
	for i := range st.NumField() {
		tag, _, _ := strings.Cut(st.Field(i).Tag.Get("json"), ",")
		keys = append(keys, tag)
	}
	seen := map[string]bool{}
	for _, d := range All() {
		if seen[d.Key] {
			t.Errorf("%s is described twice", d.Key)
		}
		seen[d.Key] = true
	}
	for _, k := range keys {
		if !seen[k] {
			t.Errorf("metric %s of the report has no descriptor", k)
		}
	}
	if len(All()) != len(keys) {
		t.Errorf("%d descriptors for %d metrics", len(All()), len(keys))
	}
}

func TestDescriptorsAreComplete(t *testing.T) {
	units := map[Unit]bool{UnitScore: true, UnitPercent: true, UnitSeconds: true, UnitEuro: true, UnitPoints: true, UnitCount: true}
	formats := map[Format]bool{FormatInteger: true, FormatPercent: true, FormatDuration: true, FormatMoney: true,
		FormatDecimal: true, FormatCount: true}
	dims := map[string]bool{DimChannel: true, DimTeam: true, DimAgent: true, DimSegment: true, DimCategory: true}
	for _, d := range All() {
		t.Run(d.Key, func(t *testing.T) {
			for name, text := range map[string]string{"Label.NL": d.Label.NL, "Label.EN": d.Label.EN,
				"Explain.NL": d.Explain.NL, "Explain.EN": d.Explain.EN, "Definition": d.Doc.Definition,
				"Formula": d.Doc.Formula, "Attribution": d.Doc.Attribution} {
				if strings.TrimSpace(text) == "" || strings.Contains(text, "\n") {
					t.Errorf("%s is empty or not one line: %q", name, text)
				}
			}
			if len(d.Doc.EdgeCases) == 0 {
				t.Error("no edge cases")
			}
			if !units[d.Unit] || !formats[d.Format] {
				t.Errorf("unit %q format %q", d.Unit, d.Format)
			}
			if len(d.SplitBy) == 0 {
				t.Error("splits by nothing")
			}
			for _, s := range d.SplitBy {
				if !dims[s] {
					t.Errorf("splits by %q, which is no --by dimension", s)
				}
			}
		})
	}
}

// The headline of every metric, worked out by hand from the vectors registrySet uses. A
// duration's headline is its mean in business time: 5760 s for vector 18, not the median 4500.
func TestHeadlines(t *testing.T) {
	want := map[string]struct {
		value float64
		n     int
	}{
		"nps": {12.5, 8}, "csat": {70, 50}, "ces": {400.0 / 7, 7},
		"first_response": {5760, 5}, "reply_time": {14 * 3600, 3}, "resolution": {14 * 3600, 3},
		"first_resolution": {14 * 3600, 3}, "complaint_resolution": {14 * 3600, 3}, "fcr": {60, 10}, "transfers": {50, 4},
		"wait_time": {150, 2}, "handle_time": {150, 2}, "tickets": {500, 0}, "churn": {8, 250},
		"retention": {90, 250}, "clv": {750, 1}, "engagement": {12.5, 80}, "referral": {12.5, 120},
		"iqs": {80, 2}, "feedback_response": {75, 60}, "sentiment": {50, 200},
	}
	s := registrySet()
	// Vector 10: CSAT 35 of 50, Wilson [56.2, 80.9].
	if d, _ := Lookup("csat"); Round(d.Interval(s)[0], 1) != 56.2 || Round(d.Interval(s)[1], 1) != 80.9 {
		t.Errorf("csat interval %v, want [56.2, 80.9]", d.Interval(s))
	}
	for _, d := range All() {
		f, ok := d.Read(s)
		w := want[d.Key]
		if !ok || f.Value == nil || math.Abs(*f.Value-w.value) > 1e-9 || f.N != w.n {
			t.Errorf("%s: headline %v n %d (in set %v), want %v n %d", d.Key, f.Value, f.N, ok, w.value, w.n)
		}
		if ci := d.Interval(s); (ci != nil) != (d.Key == "nps" || d.Key == "csat") {
			t.Errorf("%s: interval %v", d.Key, ci)
		}
		if _, ok := d.Read(&Set{}); ok || d.In(&Set{}) || d.Interval(&Set{}) != nil {
			t.Errorf("%s: read from a set without it", d.Key)
		}
	}
}

// Read follows the same paths the CSV and the OpenAPI document name: what it returns is the
// figure at Headline.Field of the report JSON.
func TestHeadlineMatchesJSONPath(t *testing.T) {
	b, err := json.Marshal(registrySet())
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	at := func(key, path string) any {
		var v any = doc[key]
		for part := range strings.SplitSeq(path, ".") {
			v = v.(map[string]any)[part]
		}
		return v
	}
	s := registrySet()
	for _, d := range All() {
		f, _ := d.Read(s)
		if got := at(d.Key, d.Headline.Field); got != *f.Value {
			t.Errorf("%s.%s is %v in the JSON, Read says %v", d.Key, d.Headline.Field, got, *f.Value)
		}
		if d.Headline.N != "" && at(d.Key, d.Headline.N) != float64(f.N) {
			t.Errorf("%s.%s is %v in the JSON, Read says %d", d.Key, d.Headline.N, at(d.Key, d.Headline.N), f.N)
		}
	}
}

func TestDescriptorChange(t *testing.T) {
	a, b := &Set{}, &Set{}
	// Vector 7: NPS 45 (120, 50, 30) against 30 (125, 75, 50): z = 2.085, p = 0.037.
	npsA, npsB := NewNPS(120, 50, 30), NewNPS(125, 75, 50)
	a.NPS, b.NPS = &npsA, &npsB
	// CSAT 35 of 50 against 20 of 50: pooled p 0.55, se √(0.55·0.45·(2/50)) = 0.0995,
	// z = 0.30/0.0995 = 3.015.
	csatA, csatB := NewCSAT(35, 50, 0), NewCSAT(20, 50, 0)
	a.CSAT, b.CSAT = &csatA, &csatB
	cesA, cesB := NewCES(7, 7, 0), NewCES(0, 7, 0)
	a.CES, b.CES = &cesA, &cesB
	for _, tt := range []struct {
		key    string
		z      float64
		tested bool
	}{{"nps", 2.085, true}, {"csat", 3.015, true}, {"ces", 0, false}, {"churn", 0, false}} {
		d, _ := Lookup(tt.key)
		c, ok := d.Change(a, b)
		if ok != tt.tested {
			t.Errorf("%s: tested %v, want %v", tt.key, ok, tt.tested)
			continue
		}
		if ok && (math.Abs(c.Z-tt.z) > 0.001 || !c.Significant) {
			t.Errorf("%s: z %.4f significant %v, want z %.3f significant", tt.key, c.Z, c.Significant, tt.z)
		}
	}
}

func TestDirection(t *testing.T) {
	for _, tt := range []struct {
		d    Direction
		diff float64
		good bool
	}{{HigherIsBetter, 1, true}, {HigherIsBetter, -1, false}, {LowerIsBetter, -60, true},
		{LowerIsBetter, 60, false}, {NoDirection, 5, false}, {HigherIsBetter, 0, false}} {
		if got := tt.d.Good(tt.diff); got != tt.good {
			t.Errorf("%v by %v: good %v, want %v", tt.d, tt.diff, got, tt.good)
		}
	}
}

func TestResolveRefusesBadDescriptors(t *testing.T) {
	for _, d := range []*Descriptor{
		{Key: "no_such_metric", Headline: Headline{Field: "value"}},
		{Key: "nps", Headline: Headline{Field: "promoters", N: "ci95"}},
		{Key: "csat", Headline: Headline{Field: "value"}, Test: ProportionTest, Proportion: [2]string{"positive", "mean"}},
		{Key: "first_response", Headline: Headline{Field: "business.average"}},
		{Key: "ces", Headline: Headline{Field: "value"}, Test: NPSTest},
		{Key: "csat", Headline: Headline{Field: "value", Interval: "mean"}},
	} {
		if err := d.resolve(); err == nil {
			t.Errorf("%+v resolves", d)
		}
	}
}
