package soak

import (
	"cmp"
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// sample is the server's memory at one moment.
type sample struct {
	at         time.Duration // since the soak began
	rss        int64         // VmRSS of /proc/PID/status
	heap       int64         // go_memstats_heap_inuse_bytes
	goroutines int64         // go_goroutines
	records    int64         // klantpuls_engine_records: the records the engine holds
}

// Memory must stay flat, beyond what the data explains: the engine holds every record, so
// memory may grow with them (README: 78 bytes a record in the engine, ≈170 bytes of RSS a
// record after loading; engine columns grow by doubling while records stream in, so allow 300).
const (
	bytesPerRecord  = 300
	rssTolerance    = 0.25 // the end's RSS may exceed the warm RSS (plus records) by this fraction
	slopeTolerance  = 0.01 // the fitted slope of the second half, per minute, as a fraction of the warm RSS
	goroutineGrowth = 25
	// minFitted is how many samples the slope needs to mean something (5 minutes at one
	// sample every 10 s): over a short run's second half, one garbage collection is the slope.
	minFitted = 30
	mib       = 1 << 20
)

// sampleLoop samples every sampleEvery, and once more at the end.
func (r *run) sampleLoop(stop context.Context, start time.Time) {
	for {
		s := r.sampleNow(time.Since(start))
		r.mu.Lock()
		r.samples = append(r.samples, s)
		r.mu.Unlock()
		if stop.Err() != nil { // that was the sample at the end
			return
		}
		sleepCtx(stop, r.cfg.sampleEvery)
	}
}

// sampleNow reads the server's RSS from /proc and its heap, goroutines and records from
// /metrics.
func (r *run) sampleNow(at time.Duration) sample {
	m := r.scrape()
	return sample{at: at, rss: r.srv.rss(), heap: int64(m["go_memstats_heap_inuse_bytes"]),
		goroutines: int64(m["go_goroutines"]), records: int64(m["klantpuls_engine_records"])}
}

// scrape reads the server's Prometheus metrics (unlabelled series only).
func (r *run) scrape() map[string]float64 {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, _ := http.NewRequest(http.MethodGet, r.client.base+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+r.readToken)
	a, err := r.client.do(ctx, "GET /metrics", req)
	out := map[string]float64{}
	if err != nil || a.status != http.StatusOK {
		return out
	}
	for _, line := range strings.Split(string(a.body), "\n") {
		f := strings.Fields(line)
		if len(f) == 2 && !strings.HasPrefix(line, "#") {
			out[f[0]], _ = strconv.ParseFloat(f[1], 64)
		}
	}
	return out
}

// memoryFigures are the figures the memory checks use.
type memoryFigures struct {
	warm, peak, end sample
	slope           float64 // MiB a minute of RSS minus bytesPerRecord·records, fitted over the second half
	fitted          int     // samples in the second half
	allowedEnd      int64
	allowedSlope    float64
}

func (r *run) memory() (memoryFigures, bool) {
	var f memoryFigures
	if len(r.samples) < 3 {
		return f, false
	}
	f.end = r.samples[len(r.samples)-1]
	// The baseline is the median RSS between the warm-up and half-time: one early spike (a
	// login hashes a password with 64 MiB of memory) or one garbage collection does not move it.
	var settled []sample
	for _, s := range r.samples {
		if s.at >= r.cfg.warmup && (s.at <= r.cfg.duration/2 || len(settled) == 0) {
			settled = append(settled, s)
		}
		if s.rss > f.peak.rss {
			f.peak = s
		}
	}
	slices.SortStableFunc(settled, func(a, b sample) int { return cmp.Compare(a.rss, b.rss) })
	f.warm = settled[(len(settled)-1)/2]
	f.allowedEnd = int64(float64(f.warm.rss)*(1+rssTolerance)) + max(f.end.records-f.warm.records, 0)*bytesPerRecord
	f.allowedSlope = slopeTolerance * float64(f.warm.rss) / mib
	var xs, ys []float64
	for _, s := range r.samples {
		if s.at >= r.cfg.duration/2 {
			xs = append(xs, s.at.Minutes())
			ys = append(ys, float64(s.rss-s.records*bytesPerRecord)/mib)
		}
	}
	f.slope = slope(xs, ys)
	f.fitted = len(xs)
	return f, true
}

// slope is the least-squares slope of y over x (0 for fewer than two points).
func slope(xs, ys []float64) float64 {
	n := float64(len(xs))
	if n < 2 {
		return 0
	}
	var sx, sy, sxx, sxy float64
	for i := range xs {
		sx, sy, sxx, sxy = sx+xs[i], sy+ys[i], sxx+xs[i]*xs[i], sxy+xs[i]*ys[i]
	}
	d := n*sxx - sx*sx
	if d == 0 {
		return 0
	}
	return (n*sxy - sx*sy) / d
}

// checkMemory fails when memory grew beyond what the records explain.
func (r *run) checkMemory() {
	f, ok := r.memory()
	if !ok {
		r.fail("memory: only %d samples", len(r.samples))
		return
	}
	if f.warm.rss == 0 || f.end.records == 0 {
		r.fail("memory: no RSS or engine size read (RSS %d, records %d)", f.warm.rss, f.end.records)
	}
	if f.end.rss > f.allowedEnd {
		r.fail("memory: RSS %.1f MiB at the end, more than %.1f MiB allowed (%.1f MiB after warm-up +%.0f%% + %d B × %d records gained)",
			float64(f.end.rss)/mib, float64(f.allowedEnd)/mib, float64(f.warm.rss)/mib, rssTolerance*100, bytesPerRecord, f.end.records-f.warm.records)
	}
	if f.fitted >= minFitted && f.slope > f.allowedSlope {
		r.fail("memory: over the second half RSS (less %d B a record) grew %.2f MiB a minute, more than %.2f allowed", bytesPerRecord, f.slope, f.allowedSlope)
	}
	if f.end.goroutines > f.warm.goroutines+goroutineGrowth {
		r.fail("memory: %d goroutines at the end, %d after warm-up", f.end.goroutines, f.warm.goroutines)
	}
}
