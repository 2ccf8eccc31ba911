package model

import (
	"cmp"
	"math"
	"slices"
	"sync"

	"gonum.org/v1/gonum/mathext"
)

// The fits' objectives: the negative log-likelihood of every customer and its gradient by the
// log-parameters, in one pass. A central-difference gradient costs two likelihood passes per
// parameter (8 for BG/NBD, 6 for Gamma-Gamma) on top of the value; the exact gradient costs
// about as much as the value, which on a million customers is most of a fit's time. The
// passes are arranged so each customer costs one exp and one log (BG/NBD) or one log and one
// division (Gamma-Gamma): whatever depends on x alone (the log-gamma and digamma functions)
// is computed once per distinct x, and ln(α+T), ln(α+t_x) once per distinct T and t_x, which
// are whole days.

// bgnbdData is the BG/NBD objective's data: the distinct (x, t_x, T) with their counts, with T
// and t_x as indices into the distinct values.
type bgnbdData struct {
	groups   []bgnbdGroup
	ts       []float64 // distinct T and t_x values (weeks), ascending
	maxX     int
	perX     []float64 // customers per x (the head terms' weight)
	zeroPerT []float64 // customers without repeats per index into ts (their term is -r·ln(α+T))
	n        float64   // customers
	// scratch of one evaluation
	logs, invs []float64
}

type bgnbdGroup struct {
	x      int32
	tx, t  int32 // indices into ts
	weight float64
}

func newBGNBDData(cs []Customer) *bgnbdData {
	if !InFitOrder(cs) { // the engine's summaries come by id; ClickHouse's in this order
		cs = slices.Clone(cs)
		slices.SortFunc(cs, byXTT)
	}
	d := &bgnbdData{}
	compactAt := 1 << 16 // the times are few (whole days): kept distinct as they come
	for w := range distinct(cs) {
		d.ts = append(d.ts, w.TX, w.T)
		d.maxX = max(d.maxX, w.X)
		if len(d.ts) >= compactAt {
			slices.Sort(d.ts)
			d.ts = slices.Compact(d.ts)
			compactAt = max(compactAt, 2*len(d.ts))
		}
	}
	slices.Sort(d.ts)
	d.ts = slices.Compact(d.ts)
	index := func(v float64) int32 { i, _ := slices.BinarySearch(d.ts, v); return int32(i) }
	d.perX = make([]float64, d.maxX+1)
	d.zeroPerT = make([]float64, len(d.ts))
	for w := range distinct(cs) {
		d.perX[w.X] += w.n
		d.n += w.n
		if w.X == 0 {
			d.zeroPerT[index(w.T)] += w.n
			continue
		}
		d.groups = append(d.groups, bgnbdGroup{x: int32(w.X), tx: index(w.TX), t: index(w.T), weight: w.n})
	}
	// The likelihood sums its groups in one order whatever the customers' order (the engine's
	// and ClickHouse's differ), so the fit is the same to the bit from either.
	slices.SortFunc(d.groups, func(a, b bgnbdGroup) int {
		return cmp.Or(cmp.Compare(a.x, b.x), cmp.Compare(a.tx, b.tx), cmp.Compare(a.t, b.t))
	})
	d.logs, d.invs = make([]float64, len(d.ts)), make([]float64, len(d.ts))
	return d
}

// negLogLik is −Σ log-likelihood at the log-parameters p (ln r, ln α, ln a, ln b), and when
// grad is not nil its gradient by p. The formula is logLikWith's (FHL 2005, eq. 6); the
// derivatives, with ψ the digamma function and w_A, w_B the shares of the two terms inside the
// log-sum-exp:
//
//	∂/∂r = ψ(r+x) − ψ(r) + ln α − w_A ln(α+T) − w_B ln(α+t_x)
//	∂/∂α = r/α − (r+x) (w_A/(α+T) + w_B/(α+t_x))
//	∂/∂a = ψ(a+b) − ψ(a+b+x) + w_B/a
//	∂/∂b = ψ(b+x) − ψ(a+b+x) − ψ(b) + ψ(a+b) − w_B/(b+x−1)
//
// (w_A = 1, w_B = 0 for x = 0), each times the parameter for the log-parameter.
func (d *bgnbdData) negLogLik(p, grad []float64) float64 {
	r, alpha, a, b := math.Exp(p[0]), math.Exp(p[1]), math.Exp(p[2]), math.Exp(p[3])
	for i, t := range d.ts {
		d.logs[i], d.invs[i] = math.Log(alpha+t), 1/(alpha+t)
	}
	var ll, gr, gα, ga, gb float64
	// The head terms, per x.
	lgr, _ := math.Lgamma(r)
	lbab := lbeta(a, b)
	psiR, psiAB := mathext.Digamma(r), mathext.Digamma(a+b)
	psiB := mathext.Digamma(b)
	for x, w := range d.perX {
		if w == 0 {
			continue
		}
		fx := float64(x)
		lgrx, _ := math.Lgamma(r + fx)
		ll += w * (lgrx - lgr + r*math.Log(alpha) + lbeta(a, b+fx) - lbab)
		if grad != nil {
			psiABX := mathext.Digamma(a + b + fx)
			gr += w * (mathext.Digamma(r+fx) - psiR + math.Log(alpha))
			gα += w * r / alpha
			ga += w * (psiAB - psiABX)
			gb += w * (mathext.Digamma(b+fx) - psiABX - psiB + psiAB)
		}
	}
	// Customers without repeats: −r ln(α+T).
	for i, w := range d.zeroPerT {
		if w == 0 {
			continue
		}
		ll -= w * r * d.logs[i]
		gr -= w * d.logs[i]
		gα -= w * r * d.invs[i]
	}
	// The others: ln(A + B), A = (α+T)^−(r+x), B = a/(b+x−1) (α+t_x)^−(r+x).
	var part [Parts][5]float64
	InParts(len(d.groups), minParallel, func(p, lo, hi int) {
		part[p] = d.repeaters(d.groups[lo:hi], r, a, b)
	})
	for _, s := range part {
		ll, gr, gα, ga, gb = ll+s[0], gr+s[1], gα+s[2], ga+s[3], gb+s[4]
	}
	if grad != nil {
		grad[0], grad[1], grad[2], grad[3] = -gr*r, -gα*alpha, -ga*a, -gb*b
	}
	return -ll
}

// repeaters sums the log-likelihood terms ln(A + B) of the groups with repeat purchases and
// their derivatives by r, α, a and b (see negLogLik), in that order.
func (d *bgnbdData) repeaters(groups []bgnbdGroup, r, a, b float64) (s [5]float64) {
	la := math.Log(a)
	for _, g := range groups {
		fx := float64(g.x)
		rx := r + fx
		lnA := -rx * d.logs[g.t]
		lnB := la - math.Log(b+fx-1) - rx*d.logs[g.tx]
		var l, wA float64
		if lnA >= lnB {
			e := math.Exp(lnB - lnA)
			l, wA = lnA+math.Log1p(e), 1/(1+e)
		} else {
			e := math.Exp(lnA - lnB)
			l, wA = lnB+math.Log1p(e), e/(1+e)
		}
		wB := 1 - wA
		s[0] += g.weight * l
		s[1] -= g.weight * (wA*d.logs[g.t] + wB*d.logs[g.tx])
		s[2] -= g.weight * rx * (wA*d.invs[g.t] + wB*d.invs[g.tx])
		s[3] += g.weight * wB / a
		s[4] -= g.weight * wB / (b + fx - 1)
	}
	return s
}

// Sums over many groups are split into Parts, one goroutine each, added up in a fixed order:
// the result does not depend on the machine's number of processors. Fewer groups than
// minParallel are one part (a variable so that a test can split small sums).
const Parts = 4

var minParallel = 50_000

// InParts calls do for the items [lo, hi) of each of Parts parts, at once, and waits for them;
// n below least is one part, do(0, 0, n), summed in order as ever. Package churn splits its sums
// with it too.
func InParts(n, least int, do func(part, lo, hi int)) {
	if n < least {
		do(0, 0, n)
		return
	}
	var wg sync.WaitGroup
	for p := range Parts {
		wg.Go(func() { do(p, n*p/Parts, n*(p+1)/Parts) })
	}
	wg.Wait()
}

// ggData is the Gamma-Gamma objective's data: the spenders grouped by x, each x's customers
// by mean spend with their counts (equal means counted once).
type ggData struct {
	xs []ggX
	n  float64
}

type ggX struct {
	x             float64
	n, sumLogMean float64 // customers, Σ ln m
	means         []float64
	weights       []float64
	logX          float64
}

// newGGData groups the spenders among cs by x and mean spend, from a sorted copy of those two
// numbers (16 bytes a spender, not a copy of each customer).
func newGGData(cs []Customer) *ggData {
	type spend struct {
		x int
		m float64
	}
	var sp []spend
	for _, c := range cs {
		if isSpender(c) {
			sp = append(sp, spend{c.X, c.Spend})
		}
	}
	slices.SortFunc(sp, func(a, b spend) int { return cmp.Or(cmp.Compare(a.x, b.x), cmp.Compare(a.m, b.m)) })
	d := &ggData{n: float64(len(sp))}
	for i, c := range sp {
		if i == 0 || c.x != sp[i-1].x {
			d.xs = append(d.xs, ggX{x: float64(c.x), logX: math.Log(float64(c.x))})
		}
		g := &d.xs[len(d.xs)-1]
		g.n++
		g.sumLogMean += math.Log(c.m)
		if k := len(g.means); k > 0 && g.means[k-1] == c.m {
			g.weights[k-1]++
			continue
		}
		g.means, g.weights = append(g.means, c.m), append(g.weights, 1)
	}
	return d
}

// negLogLik is −Σ log-likelihood at the log-parameters p (ln p, ln q, ln γ), and when grad is
// not nil its gradient by p. Per customer (GammaGamma.logLik):
//
//	ℓ = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln m + px ln x − (px+q) ln(γ+xm)
//	∂ℓ/∂p = x (ψ(px+q) − ψ(px) + ln m + ln x − ln(γ+xm))
//	∂ℓ/∂q = ψ(px+q) − ψ(q) + ln γ − ln(γ+xm)
//	∂ℓ/∂γ = q/γ − (px+q)/(γ+xm)
//
// each times the parameter for the log-parameter; only ln(γ+xm) and 1/(γ+xm) are per customer.
func (d *ggData) negLogLik(params, grad []float64) float64 {
	p, q, gamma := math.Exp(params[0]), math.Exp(params[1]), math.Exp(params[2])
	lgq, _ := math.Lgamma(q)
	psiQ, lnGamma := mathext.Digamma(q), math.Log(gamma)
	var ll, gp, gq, gγ float64
	for i := range d.xs {
		g := &d.xs[i]
		px := p * g.x
		var sumLog, sumInv float64
		for k, m := range g.means {
			v := gamma + g.x*m
			sumLog += g.weights[k] * math.Log(v)
			sumInv += g.weights[k] / v
		}
		l1, _ := math.Lgamma(px + q)
		l2, _ := math.Lgamma(px)
		ll += g.n*(l1-l2-lgq+q*lnGamma+px*g.logX) + (px-1)*g.sumLogMean - (px+q)*sumLog
		if grad != nil {
			psiPXQ := mathext.Digamma(px + q)
			gp += g.x * (g.n*(psiPXQ-mathext.Digamma(px)+g.logX) + g.sumLogMean - sumLog)
			gq += g.n*(psiPXQ-psiQ+lnGamma) - sumLog
			gγ += g.n*q/gamma - (px+q)*sumInv
		}
	}
	if grad != nil {
		grad[0], grad[1], grad[2] = -gp*p, -gq*q, -gγ*gamma
	}
	return -ll
}
