package engine

import (
	"cmp"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/model/churn"
)

// TestChurnRiskDemo: the demo plants complaints before churn (internal/demo, pickChurning), so
// the backtest fitted before the cut-off must rank the customers who leave after it well
// (issue 16: AUC ≥ 0.7) and complaints must be among the reasons of the riskiest customers.
func TestChurnRiskDemo(t *testing.T) {
	e, err := demoEngine()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	started := time.Now()
	r, err := e.ChurnRisk(now, func(string) int64 { return 8 * 3600 })
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(started)
	b := r.Backtest
	t.Logf("fit %v: label %s, cut-off %s, AUC %.3f, lift %.2f, scored %d (%d churned), trained %d (%d churned)",
		took, r.Label, r.Cutoff.Format(time.DateOnly), b.AUC, b.TopLift, b.Scored, b.Churned, b.Trained, b.TrainChurn)
	for j, f := range r.Features {
		t.Logf("  %-20s %+.3f", f, r.Model.Coef[j])
	}
	if r.Label != LabelChurnedAt {
		t.Errorf("label = %s, want %s: the demo records churned_at", r.Label, LabelChurnedAt)
	}
	if b.AUC < 0.7 {
		t.Errorf("backtest AUC = %.3f, want ≥ 0.7", b.AUC)
	}
	if b.Churned < churn.MinChurned || !b.Usable() {
		t.Errorf("backtest %d churned, usable %v", b.Churned, b.Usable())
	}
	// Complaints are named among the top reasons of the riskiest customers.
	named := 0
	top := slices.Clone(r.Rows) // not the cached result's own rows, which are by revenue at risk
	slicesByRisk(top)
	for _, row := range top[:100] {
		for _, why := range row.Reasons() {
			if why.Feature == "complaints_90" {
				named++
			}
		}
	}
	if named == 0 {
		t.Error("no customer of the 100 riskiest has complaints among their top reasons")
	}
	// A segment is a reason only for the customers in it (the demo's Premium keeps its
	// customers: not being in it raised the risk of those in Particulier, who were told
	// "segment Premium").
	// An answer's reason quotes the row's own answer: its score and its date, in the account's
	// time zone (the row keeps the reasons compact and spells them out on asking).
	segments, answers := 0, 0
	for _, row := range r.Rows {
		for _, why := range row.Reasons() {
			switch why.Feature {
			case "segment":
				segments++
				if why.Name != row.Segment || why.Count != 1 {
					t.Fatalf("%s in segment %q has the reason segment %q (count %v)", row.Customer, row.Segment, why.Name, why.Count)
				}
			case "nps_detractor", "csat_low":
				answers++
				score, at := row.NPS, row.NPSAt
				if why.Feature == "csat_low" {
					score, at = row.CSAT, row.CSATAt
				}
				if why.Score != score || !why.At.Equal(at) || why.At.Location() != e.opts.Timezone {
					t.Fatalf("%s: reason %s quotes %d on %v, the row's answer is %d on %v", row.Customer, why.Feature, why.Score, why.At, score, at)
				}
				// A satisfied customer's CSAT is no reason (the demo's answers are on the
				// account's 1–5 scale, 4 and 5 positive).
				if why.Feature == "csat_low" && e.opts.CSAT.Positive(why.Score) {
					t.Fatalf("%s: a satisfied CSAT answer (%d) given as a reason", row.Customer, why.Score)
				}
			}
		}
	}
	if segments == 0 || answers == 0 {
		t.Errorf("%d segment and %d answer reasons: the test checks nothing", segments, answers)
	}
	// Cached: the second call of the day does not fit again.
	again, _ := e.ChurnRisk(now.Add(time.Hour), nil)
	if again != r {
		t.Error("a second call on the same day fitted again")
	}
}

// slicesByRisk sorts rows by risk, highest first (the list itself is by revenue at risk).
func slicesByRisk(rows []RiskRow) {
	slices.SortFunc(rows, func(a, b RiskRow) int { return cmp.Compare(b.Risk, a.Risk) })
}

// TestChurnLabelsWindow: a customer is in the base at t when acquired before t and not
// churned before t, and lost in [t, t+90d) (metrics.md section 3: a churn belongs to the
// period that holds its instant). At t = 1 June 2026 00:00 (t+90d = 30 Aug 00:00).
func TestChurnLabelsWindow(t *testing.T) {
	e, err := New(testOptions())
	if err != nil {
		t.Fatal(err)
	}
	acq := at("2025-01-01 00:00")
	cases := []struct {
		id              string
		acquired, left  string
		active, churned bool
	}{
		{"left at t", "", "2026-06-01 00:00", true, true},
		{"left a second before t", "", "2026-05-31 23:59", false, false},
		{"left a second before t+90d", "", "2026-08-29 23:59", true, true},
		{"left at t+90d", "", "2026-08-30 00:00", true, false},
		{"stays", "", "", true, false},
		{"acquired at t", "2026-06-01 00:00", "", false, false},
	}
	for _, c := range cases {
		cu := &cx.Customer{ID: c.id, AcquiredAt: acq}
		if c.acquired != "" {
			cu.AcquiredAt = at(c.acquired)
		}
		if c.left != "" {
			cu.ChurnedAt = at(c.left)
		}
		e.Apply(cu)
	}
	tt := instant(at("2026-06-01 00:00"))
	if tt+day90 != instant(at("2026-08-30 00:00")) {
		t.Fatal("set-up: t+90d is not 30 Aug 00:00 in the test zone")
	}
	active, churned := e.churnLabels(make([]churnFacts, e.customers.ids.len()), tt, LabelChurnedAt)
	for _, c := range cases {
		i, _ := e.customers.ids.lookup(c.id)
		if active[i] != c.active || churned[i] != c.churned {
			t.Errorf("%s: active %v churned %v, want %v %v", c.id, active[i], churned[i], c.active, c.churned)
		}
	}
}

// TestChurnLabelKnownAtNow: the label is churned_at when the install records churn by now;
// a churned_at only after now (`model fit --as-of` a day before it was written, or a
// contract's end given ahead) is not known then and leaves the BG/NBD label.
func TestChurnLabelKnownAtNow(t *testing.T) {
	e, err := New(testOptions())
	if err != nil {
		t.Fatal(err)
	}
	e.Apply(&cx.Customer{ID: "A", AcquiredAt: at("2025-01-01 00:00"), ChurnedAt: at("2026-06-10 12:00")})
	for _, c := range []struct {
		now  string
		want bool
	}{{"2026-06-10 00:00", false}, {"2026-06-10 12:00", false}, {"2026-06-11 00:00", true}} {
		if got := e.hasChurnedAt(instant(at(c.now))); got != c.want {
			t.Errorf("as of %s: records churn %v, want %v", c.now, got, c.want)
		}
	}
}

// TestChurnRiskFitsWithoutTheLock: the churn fit holds the engine's read lock only while it
// copies what it reads, so while it fits on the copy a writer takes the engine's lock — here a
// customer's deletion, applied in that very moment. The list must not name the customer: the
// fit, finding a customer gone, fits again, and what it returns (and keeps for the day) is row
// for row the list of a fit made after the deletion. A second caller meanwhile waits for this
// fit (the cache's lock is held) rather than fitting as well. When customers go during every
// fit made without the lock, the last holds it throughout.
func TestChurnRiskFitsWithoutTheLock(t *testing.T) {
	e, now := valueShop(t)
	first, err := e.ChurnRisk(now, nil)
	if err != nil {
		t.Fatal(err)
	}
	var named []string // the customers deleted: the first rows of the list
	for _, row := range first.Rows[:churnAttempts] {
		named = append(named, row.Customer)
	}
	cases := []struct {
		name    string
		deleted int // customers deleted, one in each fit made without the lock
	}{
		{"a customer deleted while the fit runs", 1},
		{"a customer deleted while each fit without the lock runs", churnAttempts - 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// The list fitted after the deletions.
			w, _ := valueShop(t)
			for _, id := range named[:c.deleted] {
				w.Apply(cx.Deletion{Of: cx.KindCustomers, ID: id})
			}
			want, err := w.ChurnRisk(now, nil)
			if err != nil {
				t.Fatal(err)
			}
			e, _ := valueShop(t)
			released := 0
			e.churn.released = func() {
				released++
				if !e.mu.TryLock() {
					t.Error("the engine is locked while the fit runs on its copy")
					return
				}
				e.mu.Unlock()
				if e.churn.mu.TryLock() {
					e.churn.mu.Unlock()
					t.Error("the cache is not locked while the fit runs: a second caller would fit too")
				}
				if released <= c.deleted {
					e.Apply(cx.Deletion{Of: cx.KindCustomers, ID: named[released-1]})
				}
			}
			got, err := e.ChurnRisk(now, nil)
			if err != nil {
				t.Fatal(err)
			}
			if released != min(c.deleted+1, churnAttempts-1) {
				t.Errorf("%d fits without the lock, want %d", released, min(c.deleted+1, churnAttempts-1))
			}
			for _, row := range got.Rows {
				if slices.Contains(named[:c.deleted], row.Customer) {
					t.Fatalf("the list names %s, deleted while it was fitted", row.Customer)
				}
			}
			if !reflect.DeepEqual(got.Rows, want.Rows) || !reflect.DeepEqual(got.Silent, want.Silent) ||
				!reflect.DeepEqual(got.Backtest, want.Backtest) || !reflect.DeepEqual(got.Model, want.Model) {
				t.Errorf("the list differs from the one fitted after the deletion: %d rows, want %d; backtest %+v, want %+v",
					len(got.Rows), len(want.Rows), got.Backtest, want.Backtest)
			}
			// Kept for the day: the deletion seen, no fit again.
			if again, _ := e.ChurnRisk(now.Add(time.Hour), nil); again != got {
				t.Error("a second call on the same day fitted again")
			}
		})
	}
}
