package app

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
	"github.com/klantpuls/klantpuls/internal/store/postgres/postgrestest"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// answers are n NPS answers of March 2026, ids prefixed so two batches do not overlap.
func answers(prefix string, n int) []cx.Record {
	recs := make([]cx.Record, n)
	for i := range recs {
		recs[i] = &cx.Response{ID: fmt.Sprintf("%s%d", prefix, i), Survey: "nps", Score: i % 11,
			SubmittedAt: march(1+i%28, 10, 0)}
	}
	return recs
}

// openFile opens an App on the database db (a SQLite file or a PostgreSQL URL) with cfg (the
// default when nil).
func openFile(t *testing.T, db string, cfg *config.Config) *App {
	t.Helper()
	if cfg == nil {
		cfg = config.Default()
	}
	a, err := Open(context.Background(), sqlitetest.FreshUnlessThere(t, db), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// TestEngineFileRefused: a file that cannot be trusted is detected, named in one line of the
// log, and the engine is loaded from the database instead — with every record the database
// holds, so the figures are right either way. Each case spoils a good file of 5 answers
// while the database holds 7 (2 committed after the file was written), or spoils the
// database's side.
func TestEngineFileRefused(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		// spoil changes the file (or the database) after it was written; it returns the
		// database and configuration to start from.
		spoil func(t *testing.T, dir, db, file string) (string, *config.Config)
		why   string // in the log line; "" when the file is used
	}{
		{"a good file is used and caught up", func(t *testing.T, dir, db, file string) (string, *config.Config) {
			return db, nil
		}, ""},
		{"a byte changed in the columns", func(t *testing.T, dir, db, file string) (string, *config.Config) {
			b := readFile(t, file)
			b[len(b)-40] ^= 0x55
			writeFile(t, file, b)
			return db, nil
		}, "damaged"},
		{"a file cut short", func(t *testing.T, dir, db, file string) (string, *config.Config) {
			b := readFile(t, file)
			writeFile(t, file, b[:len(b)*2/3])
			return db, nil
		}, "damaged"},
		{"a file cut in its header", func(t *testing.T, dir, db, file string) (string, *config.Config) {
			writeFile(t, file, readFile(t, file)[:20])
			return db, nil
		}, "cut short"},
		{"a file of another database", func(t *testing.T, dir, db, file string) (string, *config.Config) {
			other := filepath.Join(dir, "other.db")
			b := openFile(t, other, nil)
			if _, err := b.Ingest(ctx, answers("A", 7)); err != nil {
				t.Fatal(err)
			}
			b.Close()
			return other, nil
		}, "made of another database"},
		{"a file made under another time zone", func(t *testing.T, dir, db, file string) (string, *config.Config) {
			cfg := config.Default()
			cfg.Timezone = time.FixedZone("UTC+5", 5*3600)
			return db, cfg
		}, "other business hours"},
		{"a file ahead of the database (restored from a backup)", func(t *testing.T, dir, db, file string) (string, *config.Config) {
			// The backup was taken before the file: it lacks changes the file includes. Its
			// 5 answers are then all there is.
			return filepath.Join(dir, "backup.db"), nil
		}, "ahead of the database"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			db, file := filepath.Join(dir, "klantpuls.db"), filepath.Join(dir, "klantpuls.db.engine")
			a := openFile(t, db, nil)
			if _, err := a.Ingest(ctx, answers("R", 3)); err != nil {
				t.Fatal(err)
			}
			// The identity is made before the backup, so the backup has it too (one taken
			// before any engine file was written would be another database's, refused as such).
			if _, err := a.DatabaseID(ctx); err != nil {
				t.Fatal(err)
			}
			if err := Backup(ctx, db, filepath.Join(dir, "backup.db"), CommandLine(cx.AuditBackup, "backup.db")); err != nil {
				t.Fatal(err)
			}
			// The backup holds 3; 2 more, then the file (5), then 2 more the file lacks.
			if _, err := a.Ingest(ctx, answers("S", 2)); err != nil {
				t.Fatal(err)
			}
			if _, err := a.StartEngine(ctx, ""); err != nil {
				t.Fatal(err)
			}
			if err := a.SaveSnapshot(file); err != nil {
				t.Fatal(err)
			}
			if _, err := a.Ingest(ctx, answers("T", 2)); err != nil {
				t.Fatal(err)
			}
			a.Close()

			startDB, cfg := tc.spoil(t, dir, db, file)
			b := openFile(t, startDB, cfg)
			var log strings.Builder
			b.Log = slogTo(&log)
			st, err := b.StartEngine(ctx, file)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]int{"klantpuls.db": 7, "other.db": 7, "backup.db": 3}[filepath.Base(startDB)]
			if got := b.Engine().Records(); got != want {
				t.Errorf("the engine holds %d records, want %d (the database's)", got, want)
			}
			if tc.why == "" {
				if !st.FromFile || st.Applied != 2 || st.Refused != "" || log.Len() != 0 {
					t.Errorf("started %+v, log %q; want from the file with the 2 answers since applied", st, log.String())
				}
				return
			}
			if st.FromFile || !strings.Contains(st.Refused, tc.why) {
				t.Errorf("started %+v; want refused for %q", st, tc.why)
			}
			if lines := strings.Count(log.String(), "\n"); lines != 1 || !strings.Contains(log.String(), tc.why) ||
				!strings.Contains(log.String(), file) {
				t.Errorf("log %q: want one line naming the file and %q", log.String(), tc.why)
			}
			// Written again from the database, the file is used next time.
			if err := b.SaveSnapshot(file); err != nil {
				t.Fatal(err)
			}
			c := openFile(t, startDB, cfg)
			if st, err := c.StartEngine(ctx, file); err != nil || !st.FromFile || c.Engine().Records() != want {
				t.Errorf("after rewriting: started %+v, %v, %d records; want from the file, %d", st, err, c.Engine().Records(), want)
			}
		})
	}
}

// TestEngineFileWritersAtOnce: two Apps (as two processes would) write one engine file
// again and again while a third reads it: every read finds a whole file, and no temporary
// file is left behind.
func TestEngineFileWritersAtOnce(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, file := filepath.Join(dir, "klantpuls.db"), filepath.Join(dir, "klantpuls.db.engine")
	seed := openFile(t, db, nil)
	if _, err := seed.Ingest(ctx, answers("R", 500)); err != nil {
		t.Fatal(err)
	}
	var writers []*App
	for range 2 {
		w := openFile(t, db, nil)
		if _, err := w.StartEngine(ctx, ""); err != nil {
			t.Fatal(err)
		}
		writers = append(writers, w)
	}
	if err := writers[0].SaveSnapshot(file); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for _, w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				if err := w.SaveSnapshot(file); err != nil {
					errs <- err
				}
			}
		}()
	}
	for range 20 {
		r := openFile(t, db, nil)
		st, err := r.StartEngine(ctx, file)
		if err != nil || !st.FromFile || r.Engine().Records() != 500 {
			t.Errorf("a read while two write: %+v, %v, %d records; want the whole file of 500", st, err, r.Engine().Records())
		}
		r.Close()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("a temporary file left behind: %s", e.Name())
		}
	}
}

func TestEngineFilePath(t *testing.T) {
	tests := []struct{ flag, dsn, want string }{
		{"", "data/klantpuls.db", "data/klantpuls.db.engine"},
		{"", "", "klantpuls.db.engine"},
		{"", "postgres://u@h/db", ""},
		{"/var/lib/kp/engine", "postgres://u@h/db", "/var/lib/kp/engine"},
		{"x.engine", "data/klantpuls.db", "x.engine"},
		{"none", "data/klantpuls.db", ""},
	}
	for _, tc := range tests {
		if got := EngineFile(tc.flag, tc.dsn); got != tc.want {
			t.Errorf("EngineFile(%q, %q) = %q, want %q", tc.flag, tc.dsn, got, tc.want)
		}
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// FuzzEngineFile: whatever bytes lie where the engine file should be, a start refuses them
// or uses them (only a whole file of this database does), and never fails or panics on them.
func FuzzEngineFile(f *testing.F) {
	dir := f.TempDir()
	db, file := filepath.Join(dir, "klantpuls.db"), filepath.Join(dir, "klantpuls.db.engine")
	a, err := Open(context.Background(), db, config.Default())
	if err != nil {
		f.Fatal(err)
	}
	defer a.Close()
	if _, err := a.Ingest(context.Background(), answers("R", 3)); err != nil {
		f.Fatal(err)
	}
	if _, err := a.StartEngine(context.Background(), ""); err != nil {
		f.Fatal(err)
	}
	if err := a.SaveSnapshot(file); err != nil {
		f.Fatal(err)
	}
	good, _ := os.ReadFile(file)
	f.Add(good)
	f.Add(good[:len(engineFileMagic)+idLen+1])
	f.Add([]byte(engineFileMagic))
	f.Add([]byte{})
	// Every column's length (the 8 bytes at the start of each, all at multiples of 8 past the
	// head) with its lowest bit flipped: a damaged length or count, which must be refused by
	// its checksum before it is used.
	_, _, columns, _ := parseHead(good)
	for i := int(columns); i < len(good); i += 8 {
		b := bytes.Clone(good)
		b[i] ^= 1
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		path := filepath.Join(t.TempDir(), "x.engine")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		st, err := a.StartEngine(context.Background(), path)
		if err != nil {
			t.Fatalf("a start failed on the file's bytes: %v", err)
		}
		if bytes.Equal(b, good) && (!st.FromFile || a.Engine().Records() != 3) {
			t.Fatalf("the good file: %+v, %d records; want used, 3", st, a.Engine().Records())
		}
		if st.FromFile == (st.Refused != "") {
			t.Fatalf("started %+v: used and refused at once, or neither", st)
		}
	})
}

// TestEngineFileOnPostgres: named by hand (PostgreSQL has none by default), the engine file
// works as on SQLite: the database's identity is kept in its settings, a node starts from the
// file and catches up, and a file of another database is refused.
func TestEngineFileOnPostgres(t *testing.T) {
	ctx := context.Background()
	dsnA, dsnB := postgrestest.Fresh(t), postgrestest.Fresh(t)
	file := filepath.Join(t.TempDir(), "node.engine")
	a := openFile(t, dsnA, nil)
	if _, err := a.Ingest(ctx, answers("R", 3)); err != nil {
		t.Fatal(err)
	}
	if _, err := a.StartEngine(ctx, ""); err != nil {
		t.Fatal(err)
	}
	if err := a.SaveSnapshot(file); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Ingest(ctx, answers("S", 2)); err != nil {
		t.Fatal(err)
	}
	// The file names the change it was made after (enginefile_history.go), found by its
	// dialect's query: a row never updated by ord, an updated one by seq.
	if _, h, _, why := parseHead(readFile(t, file)); why != "" || !h.found || h.last != (store.Change{Kind: cx.KindResponses, Key: "R2", Seq: h.seq}) {
		t.Errorf("the file's history: %+v (%s); want made after R2, the last change", h, why)
	}
	b := openFile(t, dsnA, nil)
	if st, err := b.StartEngine(ctx, file); err != nil || !st.FromFile || st.Applied != 2 || b.Engine().Records() != 5 {
		t.Errorf("database A from its file: %+v, %v, %d records; want from the file, 2 applied, 5", st, err, b.Engine().Records())
	}
	if _, err := a.Ingest(ctx, []cx.Record{&cx.Response{ID: "R0", Survey: "nps", Score: 10, SubmittedAt: march(9, 10, 0)}}); err != nil {
		t.Fatal(err)
	}
	if err := a.SaveSnapshot(file); err != nil {
		t.Fatal(err)
	}
	if _, h, _, _ := parseHead(readFile(t, file)); h.last.Key != "R0" || h.last.Seq != h.seq {
		t.Errorf("after R0 was changed, the file's history: %+v; want made after R0", h)
	}
	c := openFile(t, dsnB, nil)
	var log strings.Builder
	c.Log = slogTo(&log)
	if st, err := c.StartEngine(ctx, file); err != nil || st.FromFile || !strings.Contains(st.Refused, "another database") || c.Engine().Records() != 0 {
		t.Errorf("database B from A's file: %+v, %v, %d records; want refused as another database's, 0 records", st, err, c.Engine().Records())
	}
}
