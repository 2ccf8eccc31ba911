package soak

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
	"github.com/klantpuls/klantpuls/internal/store/postgres"
	"github.com/klantpuls/klantpuls/internal/store/sqlite"
)

// kindRow is the reconciliation of one kind: acknowledged against stored.
type kindRow struct {
	kind                      cx.Kind
	viaAPI, viaImport, stored int
	missing, extra, wrong     int // acknowledged but not stored; stored but never acknowledged; stored with another version
	refusedStored, dups       int
	uncertain                 int // stored, sent without a final answer
}

// reportCheck is one comparison of a report with the ledger.
type reportCheck struct {
	label            string
	want, got, sumUp map[string]int
}

// storedRecords reads every soak kind from the store at dsn: each id's soak version, and how
// often the stream gave an id twice. It also compares the store's own count with the stream.
func storedRecords(ctx context.Context, dsn string) (map[cx.Kind]map[string]int, map[cx.Kind]int, error) {
	var st store.Store
	var err error
	if app.IsPostgres(dsn) {
		st, err = postgres.Open(ctx, dsn)
	} else {
		st, err = sqlite.Open(ctx, dsn)
	}
	if err != nil {
		return nil, nil, err
	}
	defer st.Close()
	stored, dups := map[cx.Kind]map[string]int{}, map[cx.Kind]int{}
	for _, kind := range soakKinds {
		m := map[string]int{}
		err := st.Stream(ctx, kind, func(rec cx.Record) error {
			if _, seen := m[rec.Key()]; seen {
				dups[kind]++
			}
			m[rec.Key()] = storedVersion(rec)
			return nil
		})
		if err != nil {
			return nil, nil, fmt.Errorf("streaming %s: %w", kind, err)
		}
		n, err := st.Count(ctx, kind)
		if err != nil {
			return nil, nil, err
		}
		if n != len(m)+dups[kind] {
			return nil, nil, fmt.Errorf("%s: the store counts %d, its stream gave %d", kind, n, len(m)+dups[kind])
		}
		stored[kind] = m
	}
	return stored, dups, nil
}

// examples lists up to five ids.
func examples(ids []string) string {
	slices.Sort(ids)
	if len(ids) > 5 {
		return fmt.Sprintf("%v and %d more", ids[:5], len(ids)-5)
	}
	return fmt.Sprint(ids)
}

// reconcile compares the stopped server's database with the ledger, exactly: every
// acknowledged id stored once with its last acknowledged version, nothing else.
func (r *run) reconcile() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	stored, dups, err := storedRecords(ctx, r.db)
	if err != nil {
		r.fail("reading the database after the run: %v", err)
		return
	}
	l := r.ledger
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, kind := range soakKinds {
		acked, got := l.acked[kind], stored[kind]
		row := kindRow{kind: kind, viaAPI: l.viaAPI[kind], viaImport: len(acked) - l.viaAPI[kind], stored: len(got), dups: dups[kind]}
		var missing, extra, wrong, refused []string
		for id, a := range acked {
			if v, ok := got[id]; !ok {
				missing = append(missing, id)
			} else if v != a.version {
				wrong = append(wrong, fmt.Sprintf("%s v%d (want v%d)", id, v, a.version))
			}
		}
		for id := range got {
			if _, ok := acked[id]; ok {
				continue
			}
			switch {
			case l.refused[kind][id]:
				refused = append(refused, id)
			case l.uncertain[kind][id]:
				row.uncertain++
			default:
				extra = append(extra, id)
			}
		}
		row.missing, row.extra, row.wrong, row.refusedStored = len(missing), len(extra), len(wrong), len(refused)
		r.kindRows = append(r.kindRows, row)
		for _, c := range []struct {
			what string
			ids  []string
		}{{"acknowledged but not stored", missing}, {"stored but never acknowledged", extra},
			{"stored with another version than the last acknowledged", wrong}, {"stored although refused", refused}} {
			if len(c.ids) > 0 {
				r.fail("%s: %d %s: %s", kind, len(c.ids), c.what, examples(c.ids))
			}
		}
		if row.dups > 0 {
			r.fail("%s: the store streamed %d ids twice", kind, row.dups)
		}
	}
}

// reportWant is what the report must show, from the ledger.
func (r *run) reportWant() map[string]int {
	n, commented := r.ledger.counts()
	want := map[string]int{"feedback": n[cx.KindMentions] + commented}
	for _, k := range []cx.Kind{cx.KindTickets, cx.KindResponses, cx.KindCustomers, cx.KindOrders} {
		want[string(k)] = n[k]
	}
	return want
}

// checkReport compares the server's report, and the sum of its weekly series, with the
// ledger. Imports on PostgreSQL reach the engine by following the change sequence, so the
// report gets 15 seconds to agree.
func (r *run) checkReport(label string) {
	want := r.reportWant()
	c := reportCheck{label: label, want: want}
	for deadline := time.Now().Add(15 * time.Second); ; {
		c.got, c.sumUp = r.counts("/api/v1/report", reportCounts), r.counts("/api/v1/series", seriesCounts)
		sumWant := maps.Clone(want)
		delete(sumWant, string(cx.KindOrders))
		if (maps.Equal(c.got, want) && maps.Equal(c.sumUp, sumWant)) || time.Now().After(deadline) {
			break
		}
		time.Sleep(500 * time.Millisecond)
	}
	r.reports = append(r.reports, c)
	for _, k := range slices.Sorted(maps.Keys(want)) {
		if c.got[k] != want[k] {
			r.fail("report %s: %s %d, want %d (acknowledged)", label, k, c.got[k], want[k])
		}
		if _, summed := c.sumUp[k]; summed && c.sumUp[k] != want[k] {
			r.fail("series %s: the weeks add up to %s %d, want %d", label, k, c.sumUp[k], want[k])
		}
	}
}

// counts asks the server for a report or a weekly series of the whole period.
func (r *run) counts(path string, parse func([]byte) (map[string]int, error)) map[string]int {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	req, _ := http.NewRequest(http.MethodGet, r.client.base+path+"?step=week&from="+r.from+"&to="+r.to, nil)
	req.Header.Set("Authorization", "Bearer "+r.readToken)
	a, err := r.client.do(ctx, "GET "+path, req)
	if err != nil || a.status != http.StatusOK {
		r.fail("%s after the run: %d %v %.200s", path, a.status, err, a.body)
		return nil
	}
	got, err := parse(a.body)
	if err != nil {
		r.fail("%s after the run: %v", path, err)
	}
	return got
}

// checkStatuses fails on every answer nobody expected: a 5xx (but a 503 with Retry-After), a
// 4xx to a valid request, a request without an answer.
func (r *run) checkStatuses() {
	r.stats.mu.Lock()
	defer r.stats.mu.Unlock()
	if r.stats.nUnexpect > 0 {
		r.fail("%d requests got an answer nobody expected (the first %d):\n    %s", r.stats.nUnexpect, len(r.stats.unexpected),
			strings.Join(r.stats.unexpected, "\n    "))
	}
}

// verifyBackups restores every backup and checks it: sound, every record acknowledged before
// it began is in it, nothing is in it that was never acknowledged, and each import file is in
// it whole or not at all.
func (r *run) verifyBackups(t *testing.T) {
	for _, b := range r.backups {
		if b.err != nil {
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		if err := r.checkBackup(ctx, t, b); err != nil {
			b.checkErr = err.Error()
			r.fail("backup %d (%s): %v", b.n, b.path, err)
		}
		cancel()
	}
}

func (r *run) checkBackup(ctx context.Context, t *testing.T, b *backupFile) error {
	var dsn string
	if r.pg == nil {
		dsn = fmt.Sprintf("%s/restored-%02d.db", r.dir, b.n)
		if _, err := klantpuls(ctx, r.bin, dsn, "restore", b.path); err != nil {
			return err
		}
	} else {
		dsn = r.pg.NewDatabase(t)
		if err := runTool(ctx, r.pgTool("pg_restore"), "--no-owner", "--exit-on-error", "--dbname="+dsn, b.path); err != nil {
			return err
		}
	}
	stored, dups, err := storedRecords(ctx, dsn)
	if err != nil {
		return err
	}
	l := r.ledger
	l.mu.Lock()
	defer l.mu.Unlock()
	var problems []string
	for _, kind := range soakKinds {
		b.records += len(stored[kind])
		var missing, extra []string
		for id, a := range l.acked[kind] {
			if _, ok := stored[kind][id]; !ok && a.seq <= b.mark {
				missing = append(missing, id)
			}
		}
		for id := range stored[kind] {
			if _, ok := l.acked[kind][id]; !ok && !l.uncertain[kind][id] {
				extra = append(extra, id)
			}
		}
		if len(missing)+len(extra)+dups[kind] > 0 {
			problems = append(problems, fmt.Sprintf("%s: %d acknowledged before it began but missing %s, %d never acknowledged %s, %d twice",
				kind, len(missing), examples(missing), len(extra), examples(extra), dups[kind]))
		}
	}
	for _, f := range r.imports {
		in := 0
		for _, s := range f.recs {
			if _, ok := stored[f.kind][s.id]; ok {
				in++
			}
		}
		if in != 0 && in != len(f.recs) && !f.again {
			problems = append(problems, fmt.Sprintf("import %d holds %d of its %d rows", f.n, in, len(f.recs)))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	return nil
}
