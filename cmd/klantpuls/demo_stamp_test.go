package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/importer"
)

// TestDemoRemake: `make run` keeps the demo it made for two hours and then makes it again, so
// the tickets still open at the data's end have had their replies up to two hours ago at most
// (demo.Options.Now), not since the morning. The stamp is a real file written as demo --stamp
// writes it; "unfinished" is what it says while the demo is being made.
func TestDemoRemake(t *testing.T) {
	now := time.Date(2026, 12, 8, 20, 0, 0, 0, time.FixedZone("CET", 3600))
	at := func(d time.Duration) string { return now.Add(d).Format(time.RFC3339) + "\n" }
	for _, tc := range []struct {
		name  string
		stamp string
		want  importer.Message
	}{
		{"made 10 minutes ago: kept", at(-10 * time.Minute), importer.Message{}},
		{"made 1 h 59 min ago: kept", at(-119 * time.Minute), importer.Message{}},
		{"made 2 h 1 min ago: made again", at(-121 * time.Minute), msgDemoMadeBefore},
		{"made 5 hours ago: made again", at(-5 * time.Hour), msgDemoMadeBefore},
		{"made at 08:00, shown at 20:00: made again", at(-12 * time.Hour), msgDemoMadeBefore},
		{"made yesterday: made again", at(-24 * time.Hour), msgDemoMadeBefore},
		{"made in an hour (the clock was put back): made again", at(time.Hour), msgDemoMadeLater},
		{"made in UTC 10 minutes ago: kept", now.Add(-10 * time.Minute).UTC().Format(time.RFC3339), importer.Message{}},
		{"unfinished: made again", "unfinished\n", msgDemoStampUnread},
		{"a day only, as make wrote before: made again", "2026-12-08\n", msgDemoStampUnread},
		{"empty: made again", "", msgDemoStampUnread},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "demo.db.made-by-make")
			if err := os.WriteFile(path, []byte(tc.stamp), 0o644); err != nil {
				t.Fatal(err)
			}
			if got, _ := demoRemake(path, now); got != tc.want {
				t.Errorf("got %q, want %q", got.EN, tc.want.EN)
			}
		})
	}
	t.Run("no stamp: made", func(t *testing.T) {
		if got, _ := demoRemake(filepath.Join(t.TempDir(), "demo.db.made-by-make"), now); got != msgDemoStampUnread {
			t.Errorf("got %q, want %q", got.EN, msgDemoStampUnread.EN)
		}
	})
	t.Run("unreadable (a directory): made", func(t *testing.T) {
		if got, _ := demoRemake(t.TempDir(), now); got != msgDemoStampUnread {
			t.Errorf("got %q, want %q", got.EN, msgDemoStampUnread.EN)
		}
	})
}

// stampedDemo is a database file and its stamp in a new directory, and demo --stamp run on
// them as `make run` runs it, answering what the command said.
type stampedDemo struct {
	t         *testing.T
	db, stamp string
}

func newStampedDemo(t *testing.T) *stampedDemo {
	inEnglish(t)
	dir := t.TempDir()
	return &stampedDemo{t, filepath.Join(dir, "demo.db"), filepath.Join(dir, "demo.db.made-by-make")}
}

func (d *stampedDemo) run() string {
	d.t.Helper()
	var out, errOut strings.Builder
	if code := run(d.t.Context(), []string{"--db", d.db, "demo", "--stamp", d.stamp}, &out, &errOut); code != 0 {
		d.t.Fatalf("demo --stamp: exit %d\n%s", code, errOut.String())
	}
	return errOut.String()
}

func (d *stampedDemo) write(path, s string) {
	d.t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		d.t.Fatal(err)
	}
}

func (d *stampedDemo) read(path string) string {
	d.t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		d.t.Fatal(err)
	}
	return string(b)
}

// TestDemoStampKept: `make run` never touches a database without a stamp (its user's own), and
// keeps a demo it made an hour ago as it is, saying nothing.
func TestDemoStampKept(t *testing.T) {
	d := newStampedDemo(t)
	mine := "not a demo: the user's own file\n"
	d.write(d.db, mine)
	if said := d.run(); !strings.Contains(said, "was not made by 'make run'") || d.read(d.db) != mine {
		t.Errorf("a database without a stamp: said %q, now holds %q", said, d.read(d.db))
	}
	d.write(d.stamp, time.Now().Add(-time.Hour).Format(time.RFC3339))
	if said := d.run(); said != "" || d.read(d.db) != mine {
		t.Errorf("a demo made an hour ago: said %q, now holds %q; want it kept as it is", said, d.read(d.db))
	}
}

// TestDemoStampMadeAgain: a demo `make run` made yesterday is removed with its engine file and
// made again up to now, its stamp saying when.
func TestDemoStampMadeAgain(t *testing.T) {
	if testing.Short() {
		t.Skip("the demo year takes a few seconds")
	}
	if raceDetector {
		t.Skip("the demo year takes minutes under -race; make test runs this without it")
	}
	d := newStampedDemo(t)
	d.write(d.db, "yesterday's demo\n")
	d.write(d.db+".engine", "yesterday's demo's engine")
	d.write(d.stamp, time.Now().Add(-24*time.Hour).Format(time.RFC3339))
	before := time.Now()
	said := d.run()
	if !strings.Contains(said, "more than 2 hours ago; making it again") || !strings.Contains(said, "50,000 tickets") {
		t.Errorf("a demo made yesterday: said %q, want it made again", said)
	}
	if _, err := os.Stat(d.db + ".engine"); err == nil {
		t.Error("the old demo's engine file is still there")
	}
	made, err := time.Parse(time.RFC3339, strings.TrimSpace(d.read(d.stamp)))
	if err != nil || made.Before(before.Truncate(time.Second)) || made.After(time.Now()) {
		t.Errorf("stamp %q (%v), want the moment the demo was made, between %s and now", d.read(d.stamp), err, before)
	}
}
