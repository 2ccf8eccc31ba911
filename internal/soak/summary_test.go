package soak

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// summary is the table the closing note copies: requests, records, reports, imports, backups
// and memory.
func (r *run) summary() string {
	var b strings.Builder
	verdict := "PASS"
	if len(r.failures) > 0 {
		verdict = fmt.Sprintf("FAIL (%d checks failed)", len(r.failures))
	}
	fmt.Fprintf(&b, "klantpuls soak on %s: %v; 2 writers at %g requests/s each, 2 readers, an import of %d rows every %v, a backup every %v — %s\n\n",
		r.store, r.cfg.duration, r.cfg.writerRate, r.cfg.importRows, r.cfg.importEvery, r.cfg.backupEvery, verdict)
	r.requestTable(&b)
	r.recordTable(&b)
	r.reportTable(&b)
	r.opsTable(&b)
	r.memoryTable(&b)
	fmt.Fprintf(&b, "\nserver log: %d ERROR, %d WARN, %d INFO lines\n", r.serverLog.count["ERROR"], r.serverLog.count["WARN"], r.serverLog.count["INFO"])
	for _, line := range r.serverLog.errors {
		fmt.Fprintln(&b, "  "+line)
	}
	return b.String()
}

func table(b *strings.Builder) *tabwriter.Writer {
	return tabwriter.NewWriter(b, 0, 0, 2, ' ', tabwriter.AlignRight)
}

// section writes a right-aligned table: a header line of tab-ended columns, then rows.
func section(b *strings.Builder, header string, rows func(tw io.Writer)) {
	tw := table(b)
	fmt.Fprintln(tw, header)
	rows(tw)
	tw.Flush()
	b.WriteString("\n")
}

func (r *run) requestTable(b *strings.Builder) {
	codes, rows := r.stats.routeLines()
	tw := table(b)
	fmt.Fprint(tw, "requests\t")
	for _, c := range codes {
		if c == 0 {
			fmt.Fprint(tw, "no answer\t")
		} else {
			fmt.Fprintf(tw, "%d\t", c)
		}
	}
	fmt.Fprintln(tw, "p50 ms\tp99 ms\tmax ms\t")
	for _, row := range rows {
		fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
	}
	tw.Flush()
	all, polite := r.stats.fiveXX()
	fmt.Fprintf(b, "5xx: %d (of which 503 with Retry-After: %d); retried: 429 ×%d, 503 ×%d, waiting %.1f s in all\n",
		all, polite, r.retries[429], r.retries[503], r.waited.Seconds())
	fmt.Fprintf(b, "batches sent again on purpose: %d (each must write 0 rows); invalid on purpose and refused whole: %d; reports behind acknowledged writes: %d\n\n",
		r.resends, r.refusals, r.readLag)
}

func (r *run) recordTable(b *strings.Builder) {
	section(b, "records\tvia API\tvia import\tstored\tmissing\textra\twrong version\trefused but stored\tstreamed twice\tunknown\t", func(tw io.Writer) {
		var total kindRow
		for _, k := range r.kindRows {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t\n", k.kind, k.viaAPI, k.viaImport, k.stored, k.missing, k.extra, k.wrong, k.refusedStored, k.dups, k.uncertain)
			total.viaAPI, total.viaImport, total.stored = total.viaAPI+k.viaAPI, total.viaImport+k.viaImport, total.stored+k.stored
			total.missing, total.extra, total.wrong = total.missing+k.missing, total.extra+k.extra, total.wrong+k.wrong
		}
		fmt.Fprintf(tw, "total\t%d\t%d\t%d\t%d\t%d\t%d\t\t\t\t\n", total.viaAPI, total.viaImport, total.stored, total.missing, total.extra, total.wrong)
	})
}

func (r *run) reportTable(b *strings.Builder) {
	section(b, "report (whole period)\twant\tgot\tweeks added\t", func(tw io.Writer) {
		for _, c := range r.reports {
			for _, k := range slices.Sorted(maps.Keys(c.want)) {
				sum := "-"
				if n, ok := c.sumUp[k]; ok {
					sum = strconv.Itoa(n)
				}
				fmt.Fprintf(tw, "%s: %s\t%d\t%d\t%s\t\n", c.label, k, c.want[k], c.got[k], sum)
			}
		}
	})
}

func (r *run) opsTable(b *strings.Builder) {
	section(b, "import\tkind\trows\tseconds\trows/s\tresult\t", func(tw io.Writer) {
		for _, f := range r.imports {
			what := "ok"
			if f.again {
				what = "ok (same file again)"
			}
			if f.err != nil {
				what = "FAILED"
			}
			fmt.Fprintf(tw, "%d\t%s\t%d\t%.2f\t%.0f\t%s\t\n", f.n, f.kind, len(f.recs), f.took.Seconds(), float64(len(f.recs))/max(f.took.Seconds(), 1e-9), what)
		}
	})
	section(b, "backup\tMiB\tseconds\trecords restored\tresult\t", func(tw io.Writer) {
		for _, f := range r.backups {
			what := "restored, complete"
			switch {
			case f.err != nil:
				what = "FAILED: " + f.err.Error()
			case f.checkErr != "":
				what = "BAD: " + f.checkErr
			}
			fmt.Fprintf(tw, "%d\t%.1f\t%.2f\t%d\t%s\t\n", f.n, float64(f.size)/mib, f.took.Seconds(), f.records, what)
		}
	})
}

func (r *run) memoryTable(b *strings.Builder) {
	f, ok := r.memory()
	if !ok {
		b.WriteString("memory: too few samples\n")
		return
	}
	mb := func(n int64) string { return strconv.FormatFloat(float64(n)/mib, 'f', 1, 64) }
	fmt.Fprintf(b, "memory (RSS MiB): start %s, after warm-up %s (median from %v to half-time: at %v, %d records), peak %s (at %v), end %s (%d records); allowed at the end %s\n",
		mb(r.samples[0].rss), mb(f.warm.rss), r.cfg.warmup, f.warm.at.Round(time.Second), f.warm.records, mb(f.peak.rss), f.peak.at.Round(time.Second), mb(f.end.rss), f.end.records, mb(f.allowedEnd))
	checked := fmt.Sprintf("allowed %.3f", f.allowedSlope)
	if f.fitted < minFitted {
		checked = fmt.Sprintf("not checked: %d samples, %d needed", f.fitted, minFitted)
	}
	fmt.Fprintf(b, "second half: RSS less %d B a record grew %.3f MiB a minute (%s); goroutines %d after warm-up, %d at the end\n",
		bytesPerRecord, f.slope, checked, f.warm.goroutines, f.end.goroutines)
	fmt.Fprintf(b, "the same records after a restart (loaded from the store): RSS %s MiB, heap in use %s MiB\n", mb(r.restarted.rss), mb(r.restarted.heap))
	tw := table(b)
	fmt.Fprintln(tw, "t\tRSS MiB\theap in use MiB\tgoroutines\tengine records\t")
	for _, s := range r.samples {
		fmt.Fprintf(tw, "%v\t%s\t%s\t%d\t%d\t\n", s.at.Round(time.Second), mb(s.rss), mb(s.heap), s.goroutines, s.records)
	}
	tw.Flush()
}
