package metric

import (
	"fmt"
	"reflect"
	"strings"
)

// Descriptor is everything klantpuls says about one KPI besides its math: what it is called,
// what its headline figure is and how it is shown, which way is good, how a change is tested
// and which --by dimensions split it. The report table, the CSV, the dashboard tiles, the
// OpenAPI document and docs/metrics.md all read it, so a metric is described once.
type Descriptor struct {
	// Key names the metric as the report JSON does (a json tag of Set).
	Key string
	// Label is the metric's name; Explain says in one line what it measures.
	Label, Explain Words
	Unit           Unit
	Format         Format
	Headline       Headline
	Direction      Direction
	Test           ChangeTest
	// Proportion names the successes and the count of a metric tested as a proportion
	// (Test == ProportionTest): CSAT's positive answers of n.
	Proportion [2]string
	// SplitBy lists the --by dimensions that split the metric; a group of any other dimension
	// leaves it out (churn by channel has no meaning).
	SplitBy []string
	// Doc is the English text of docs/metrics.md.
	Doc Doc

	// Reflection paths into Set, worked out once (see resolve).
	set, value, n, interval, success, count []int
}

// Words is a text in Dutch and in English.
type Words struct{ NL, EN string }

// In returns the text in language "nl" or "en" (Dutch for anything else: Dutch users first).
func (w Words) In(lang string) string {
	if lang == "en" {
		return w.EN
	}
	return w.NL
}

// Unit is what a metric's headline figure counts.
type Unit string

const (
	UnitScore   Unit = "score"   // a Net Promoter Score, −100..100
	UnitPercent Unit = "percent" // a share, 0..100
	UnitSeconds Unit = "seconds" // a duration
	UnitEuro    Unit = "euro"    // an amount of money
	UnitPoints  Unit = "points"  // a quality score, 0..100
	UnitCount   Unit = "count"   // a number of things (tickets)
)

// Format is how a headline figure is shown (metrics.md section 0: NPS as an integer,
// percentages with one decimal, durations as 1 u 05 m), rounded half away from zero.
type Format string

const (
	FormatInteger  Format = "integer"  // 13
	FormatPercent  Format = "percent"  // 57,1%
	FormatDuration Format = "duration" // 1 u 05 m
	FormatMoney    Format = "money"    // € 51,44
	FormatDecimal  Format = "decimal"  // 80,0
	FormatCount    Format = "count"    // 500 (a whole number, as counted)
)

// Headline names the one figure of a metric that stands for it wherever a single number is
// shown — the tile, the table's value column, the CSV's headline row — the count it rests on,
// and its 95% interval. All are paths into the metric's JSON ("business.mean", "business.n",
// "ci95"); N is "" for a metric without one count (tickets), Interval "" for one
// without an interval.
type Headline struct {
	Field, N, Interval string
}

// Direction says which way a change is good, so the dashboard can colour it.
type Direction int8

const (
	NoDirection    Direction = 0 // neither (ticket volume)
	HigherIsBetter Direction = 1
	LowerIsBetter  Direction = -1
)

func (d Direction) String() string {
	switch d {
	case HigherIsBetter:
		return "higher is better"
	case LowerIsBetter:
		return "lower is better"
	}
	return "no direction"
}

// Good tells whether a change by diff is an improvement; false for no change or no direction.
func (d Direction) Good(diff float64) bool {
	return d != NoDirection && diff != 0 && (diff > 0) == (d == HigherIsBetter)
}

// Test is the significance test that decides whether a change between two periods is real.
type ChangeTest string

const (
	NoTest         ChangeTest = ""               // no test: a change is never called significant
	NPSTest        ChangeTest = "nps-z"          // NPSChange, metrics.md section 1
	ProportionTest ChangeTest = "two-proportion" // ProportionChange on Proportion
)

func (t ChangeTest) String() string { return t.Name().EN }

// Name names the test in both languages, for the footnotes of digests and the texts of alerts.
func (t ChangeTest) Name() Words {
	switch t {
	case NPSTest:
		return Words{"z-toets voor de NPS", "NPS z-test"}
	case ProportionTest:
		return Words{"gepoolde z-toets voor twee proporties", "pooled two-proportion z-test"}
	}
	return Words{"geen toets", "none"}
}

// Dimensions of --by.
const (
	DimChannel  = "channel"
	DimTeam     = "team"
	DimAgent    = "agent"
	DimSegment  = "segment"
	DimCategory = "category"
)

// Doc is a metric's entry in docs/metrics.md: plain English for the people who read the figures.
type Doc struct {
	Definition  string   // what it is
	Formula     string   // how it is computed, in words
	Attribution string   // the instant that puts a record in a period
	EdgeCases   []string // what happens at the edges: no data, missing columns, changed answers
	Example     string   // a small worked case, counted by hand; "" for none
}

// Figure is one number read from a metric: a value (nil: no data) and the count it rests on.
type Figure struct {
	Value *float64
	N     int
}

// registry is every KPI of the report, in the order the report table shows them: surveys,
// service, customers, quality, feedback. Adding a metric adds its math, its engine part, a
// field of Set and one descriptor here.
var registry = []*Descriptor{
	describeNPS, describeCSAT, describeCES,
	describeFirstResponse, describeReplyTime, describeResolution, describeFirstResolution,
	describeComplaintResolution, describeFCR, describeTransfers, describeWaitTime, describeHandleTime, describeTickets,
	describeChurn, describeRetention, describeCLV, describeEngagement, describeReferral,
	describeIQS, describeFeedbackResponse, describeSentiment,
}

// All returns the descriptors in the order the report table shows them.
func All() []*Descriptor { return registry }

// Lookup returns the descriptor of a key of the report JSON.
func Lookup(key string) (*Descriptor, bool) {
	for _, d := range registry {
		if d.Key == key {
			return d, true
		}
	}
	return nil, false
}

// In tells whether the set holds the metric; a group of a dimension that does not split it
// (churn by channel), or a query that left its part out, does not.
func (d *Descriptor) In(s *Set) bool {
	return !reflect.ValueOf(s).Elem().FieldByIndex(d.set).IsNil()
}

// Read returns the headline figure; ok is false when the set does not hold the metric.
func (d *Descriptor) Read(s *Set) (f Figure, ok bool) {
	m := reflect.ValueOf(s).Elem().FieldByIndex(d.set)
	if m.IsNil() {
		return f, false
	}
	m = m.Elem()
	switch v := m.FieldByIndex(d.value); v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			x := v.Elem().Float()
			f.Value = &x
		}
	case reflect.Int:
		x := float64(v.Int())
		f.Value = &x
	}
	if d.n != nil {
		f.N = int(m.FieldByIndex(d.n).Int())
	}
	return f, true
}

// Interval returns the headline's 95% interval, nil when the metric has none or it is empty.
func (d *Descriptor) Interval(s *Set) *Interval {
	if d.interval == nil || !d.In(s) {
		return nil
	}
	ci, _ := reflect.ValueOf(s).Elem().FieldByIndex(d.set).Elem().FieldByIndex(d.interval).Interface().(*Interval)
	return ci
}

// Change tests whether the headline moved significantly from prev to cur; ok is false when the
// metric has no test or the test cannot be made (no data on a side, no variance).
func (d *Descriptor) Change(cur, prev *Set) (c Change, ok bool) {
	if !d.In(cur) || !d.In(prev) {
		return c, false
	}
	switch d.Test {
	case NPSTest:
		return NPSChange(*cur.NPS, *prev.NPS)
	case ProportionTest:
		xa, na := d.counts(cur)
		xb, nb := d.counts(prev)
		return ProportionChange(xa, na, xb, nb)
	}
	return c, false
}

func (d *Descriptor) counts(s *Set) (x, n int) {
	m := reflect.ValueOf(s).Elem().FieldByIndex(d.set).Elem()
	return int(m.FieldByIndex(d.success).Int()), int(m.FieldByIndex(d.count).Int())
}

// Splits tells whether a --by dimension splits the metric.
func (d *Descriptor) Splits(dim string) bool {
	for _, s := range d.SplitBy {
		if s == dim {
			return true
		}
	}
	return false
}

// resolve works out the reflection paths of a descriptor and checks it against Set, so that a
// descriptor naming a field that does not exist stops the program at start, not a page later.
func (d *Descriptor) resolve() error {
	setType := reflect.TypeFor[Set]()
	f, ok := fieldByJSON(setType, d.Key)
	if !ok {
		return fmt.Errorf("metric %q: Set has no field with that json name", d.Key)
	}
	d.set = f.Index
	mt := f.Type.Elem()
	var err error
	path := func(p string, kinds ...reflect.Kind) []int {
		idx, e := jsonPath(mt, p, kinds...)
		if e != nil && err == nil {
			err = fmt.Errorf("metric %q: %w", d.Key, e)
		}
		return idx
	}
	d.value = path(d.Headline.Field, reflect.Pointer, reflect.Int)
	if d.Headline.N != "" {
		d.n = path(d.Headline.N, reflect.Int)
	}
	if d.Headline.Interval != "" {
		d.interval = path(d.Headline.Interval, reflect.Pointer)
		if d.interval != nil && mt.FieldByIndex(d.interval).Type != reflect.TypeFor[*Interval]() {
			err = fmt.Errorf("metric %q: %s is not an interval", d.Key, d.Headline.Interval)
		}
	}
	if d.Test == ProportionTest {
		d.success, d.count = path(d.Proportion[0], reflect.Int), path(d.Proportion[1], reflect.Int)
	}
	if d.Test == NPSTest && d.Key != "nps" {
		err = fmt.Errorf("metric %q: the NPS test applies to nps only", d.Key)
	}
	return err
}

// jsonPath finds the field indices of a dotted JSON path ("business.mean") in struct type t,
// and checks the kind of the field it ends at.
func jsonPath(t reflect.Type, path string, kinds ...reflect.Kind) ([]int, error) {
	var idx []int
	for part := range strings.SplitSeq(path, ".") {
		f, ok := fieldByJSON(t, part)
		if !ok {
			return nil, fmt.Errorf("no field %q in %s", path, t.Name())
		}
		idx, t = append(idx, f.Index...), f.Type
	}
	for _, k := range kinds {
		if t.Kind() == k {
			return idx, nil
		}
	}
	return nil, fmt.Errorf("field %q is a %s, not one of %v", path, t, kinds)
}

func fieldByJSON(t reflect.Type, name string) (reflect.StructField, bool) {
	if t.Kind() != reflect.Struct {
		return reflect.StructField{}, false
	}
	for i := range t.NumField() {
		f := t.Field(i)
		if tag, _, _ := strings.Cut(f.Tag.Get("json"), ","); tag == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func init() {
	for _, d := range registry {
		if err := d.resolve(); err != nil {
			panic(err)
		}
	}
}
