package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"time"
)

// cdnowSample is real purchase data nobody here wrote: the CDNOW sample (2,357 customers of
// the online music shop CDNOW, first purchase in 1997 Q1, observed to June 1998), made public
// for research and teaching by Peter Fader and Bruce Hardie; this copy is the one shipped with
// the MIT-licensed lifetimes Python package (CamDavidsonPilon/lifetimes,
// lifetimes/datasets/CDNOW_sample.txt). See /work/shared/data/cdnow/README.md.
const cdnowSample = "/work/shared/data/cdnow/CDNOW_sample.txt"

// cdnowOrders turns the sample into the canonical orders CSV (data.md): one order per line,
// the sample customer id, the date at noon (every purchase keeps its local day) and the amount.
func cdnowOrders(t *testing.T) string {
	t.Helper()
	f, err := os.Open(cdnowSample)
	if err != nil {
		t.Skipf("the CDNOW sample is not on this machine: %v", err)
	}
	defer f.Close()
	var b strings.Builder
	b.WriteString("order_id,customer_id,ordered_at,amount\n")
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		col := strings.Fields(sc.Text())
		if len(col) != 5 {
			t.Fatalf("%s:%d: %d columns, want 5", cdnowSample, n, len(col))
		}
		day, err := time.Parse("20060102", col[2])
		if err != nil {
			t.Fatalf("%s:%d: %v", cdnowSample, n, err)
		}
		fmt.Fprintf(&b, "O%d,C%s,%s 12:00,%s\n", n, col[1], day.Format(time.DateOnly), col[4])
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestModelFitCDNOW imports the CDNOW sample through the importer into a real database and
// fits the models with the CLI as of 1997-09-30, the 39-week calibration period of the
// published fits: BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way")
// r = 0.243, α = 4.414, a = 0.793, b = 2.426, log-likelihood −9582.4; Gamma-Gamma (Fader,
// Hardie & Lee 2005, "RFM and CLV") on the 946 repeat buyers p = 6.25, q = 3.74, γ = 15.44.
func TestModelFitCDNOW(t *testing.T) {
	if testing.Short() {
		t.Skip("fits on 2,357 customers")
	}
	inEnglish(t)
	p := newProject(t)
	p.mustImport("orders", cdnowOrders(t))
	start := time.Now()
	stdout, stderr, code := p.run("model", "fit", "--as-of", "1997-09-30", "--format", "json")
	t.Logf("model fit on CDNOW: %v", time.Since(start))
	if code != 0 {
		t.Fatalf("model fit: exit %d\n%s", code, stderr)
	}
	var got modelFitDoc
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	if got.Customers != 2357 || got.RepeatBuyers != 946 {
		t.Errorf("customers %d, repeat buyers %d; want 2357 and 946", got.Customers, got.RepeatBuyers)
	}
	within := func(name string, got, want, rel float64) {
		t.Helper()
		if math.Abs(got-want) > rel*math.Abs(want) {
			t.Errorf("%s = %.5g, published %v (± %.1f%%)", name, got, want, 100*rel)
		}
	}
	b, g := got.BGNBD, got.GammaGamma
	within("r", b.R, 0.243, 0.005)
	within("alpha", b.Alpha, 4.414, 0.005)
	within("a", b.A, 0.793, 0.005)
	within("b", b.B, 2.426, 0.005)
	if math.Abs(b.LogLik-(-9582.4)) > 0.1 {
		t.Errorf("log-likelihood %.3f, published −9582.4 (± 0.1)", b.LogLik)
	}
	within("p", g.P, 6.25, 0.005)
	within("q", g.Q, 3.74, 0.005)
	within("gamma", g.Gamma, 15.44, 0.005)
	// The fitted model's chance of no repeat purchase in 39 weeks, against the published 0.5737864.
	within("P(X(39)=0)", b.NoRepeat(39), 0.5737864, 0.005)
	// CDNOW has no churn dates: the churn model learns the BG/NBD "no longer a customer".
	if c := got.ChurnBacktest; c == nil || c.Label != "bgnbd" || c.Scored == 0 || len(c.Calibration) != 10 || c.AUC == nil || !(*c.AUC >= 0 && *c.AUC <= 1) {
		t.Errorf("churn_backtest: %+v\n%s", c, got.Note)
	} else {
		t.Logf("CDNOW churn backtest: AUC %.3f, lift %.2f, %d of %d churned, %.1f s", *c.AUC, *c.TopLift, c.Churned, c.Scored, c.FitSeconds)
	}
	t.Run("a report's predictive CLV is the model's", func(t *testing.T) {
		d := p.report("1997-01-01", "1997-10-01")
		v, ok := d.get("groups.0.metrics.clv.predictive")
		if f, isNum := v.(float64); !ok || !isNum || !(f > 0) {
			t.Errorf("clv.predictive = %v, want a positive figure", v)
		}
	})
	t.Run("too few repeat buyers", func(t *testing.T) {
		_, stderr, code := p.run("model", "fit", "--as-of", "1997-01-02", "--format", "json")
		if code != exitInput || !strings.Contains(stderr, "need at least 20") {
			t.Errorf("exit %d, want %d and a message that says the models need 20 repeat buyers:\n%s", code, exitInput, stderr)
		}
	})
	t.Run("a day not over", func(t *testing.T) {
		// The config's zone is Amsterdam's: today there is not over, whatever the hour here.
		today := time.Now().In(time.FixedZone("", 14*3600)).Format(time.DateOnly)
		_, stderr, code := p.run("model", "fit", "--as-of", today, "--format", "json")
		if code != exitUsage || !strings.Contains(stderr, "is not over yet") {
			t.Errorf("exit %d, want %d and a message that the day is not over:\n%s", code, exitUsage, stderr)
		}
	})
}
