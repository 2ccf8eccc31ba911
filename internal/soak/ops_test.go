package soak

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// importFile is one `klantpuls import` run beside the server.
type importFile struct {
	n     int
	kind  cx.Kind
	path  string
	recs  []sent
	again bool // a file imported before, imported again: it must change nothing
	took  time.Duration
	err   error
}

// backupFile is one backup taken while the server ran.
type backupFile struct {
	n    int
	path string
	mark int64 // acknowledgements before it began: all of them must be in it
	size int64
	took time.Duration
	err  error
	// What restoring it showed.
	records  int
	checkErr string
}

// importLoop imports a generated CSV file every importEvery, in the kinds in turn; every third
// time it imports an earlier file again.
func (r *run) importLoop(stop context.Context) {
	n := 0
	every(stop, r.cfg.importEvery, func() {
		n++
		var f *importFile
		if done := r.doneImports(); n%3 == 0 && len(done) > 0 {
			prev := done[n%len(done)]
			f = &importFile{n: n, kind: prev.kind, path: prev.path, recs: prev.recs, again: true}
		} else {
			f = r.writeImportFile(n, soakKinds[(n-1)%len(soakKinds)])
		}
		// The import runs to its end even when the soak's time is up: it is acknowledged
		// only by its exit status.
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
		defer cancel()
		began := time.Now()
		_, f.err = klantpuls(ctx, r.bin, r.db, "import", "--kind", string(f.kind), f.path)
		f.took = time.Since(began)
		if f.err != nil {
			// Exit status 1 promises that nothing of the file was committed.
			r.fail("import %d (%s, %d rows): %v", n, f.kind, len(f.recs), f.err)
			r.ledger.refuse(f.kind, f.recs)
		} else {
			r.ledger.ack(f.kind, f.recs, false)
		}
		r.mu.Lock()
		r.imports = append(r.imports, f)
		r.mu.Unlock()
	})
}

func (r *run) doneImports() []*importFile {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []*importFile
	for _, f := range r.imports {
		if f.err == nil && !f.again {
			out = append(out, f)
		}
	}
	return out
}

// writeImportFile writes a canonical CSV file of new records (ids of their own: "i3-t-…").
func (r *run) writeImportFile(n int, kind cx.Kind) *importFile {
	f := &importFile{n: n, kind: kind, path: filepath.Join(r.dir, fmt.Sprintf("import-%02d-%s.csv", n, kind))}
	out, err := os.Create(f.path)
	if err != nil {
		panic(err)
	}
	defer out.Close()
	w := csv.NewWriter(out)
	w.Write(columns[kind])
	for row := 1; row <= r.cfg.importRows; row++ {
		id := fmt.Sprintf("i%d-%s-%06d", n, idPrefix(kind), row)
		if kind == cx.KindMessages {
			id = fmt.Sprintf("i%d-t-%04d.m%d", n, row%1000, row)
		}
		f.recs = append(f.recs, sent{id: id, version: 1})
		w.Write(r.win.values(kind, id, 1))
	}
	w.Flush()
	if err := w.Error(); err != nil {
		panic(err)
	}
	return f
}

// backupLoop backs the database up every backupEvery: `klantpuls backup` on SQLite, pg_dump
// (of the server's own version) on PostgreSQL.
func (r *run) backupLoop(stop context.Context) {
	n := 0
	every(stop, r.cfg.backupEvery, func() {
		n++
		b := &backupFile{n: n, mark: r.ledger.mark()}
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
		defer cancel()
		began := time.Now()
		if r.pg == nil {
			b.path = filepath.Join(r.dir, fmt.Sprintf("backup-%02d.db", n))
			_, b.err = klantpuls(ctx, r.bin, r.db, "backup", b.path)
		} else {
			b.path = filepath.Join(r.dir, fmt.Sprintf("backup-%02d.dump", n))
			b.err = runTool(ctx, r.pgTool("pg_dump"), "--format=custom", "--file="+b.path, r.db)
		}
		b.took = time.Since(began)
		if fi, err := os.Stat(b.path); err == nil {
			b.size = fi.Size()
		}
		if b.err != nil {
			r.fail("backup %d: %v", n, b.err)
		}
		r.mu.Lock()
		r.backups = append(r.backups, b)
		r.mu.Unlock()
	})
}

// pgTool is a PostgreSQL client program of the test server's version (on PATH for an external
// server).
func (r *run) pgTool(name string) string {
	if r.pg.Bin() == "" {
		return name
	}
	return filepath.Join(r.pg.Bin(), name)
}

func runTool(ctx context.Context, name string, args ...string) error {
	out, err := exec.CommandContext(ctx, name, args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %v: %s", filepath.Base(name), err, strings.TrimSpace(string(out)))
	}
	return nil
}
