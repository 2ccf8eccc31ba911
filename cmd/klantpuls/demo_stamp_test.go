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

// TestDemoStamp runs demo --stamp as `make run` does: a database without a stamp (its user's
// own) is never touched, a demo made an hour ago is kept as it is, and one made yesterday is
// removed and made again up to now, its stamp saying so.
func TestDemoStamp(t *testing.T) {
	inEnglish(t)
	dir := t.TempDir()
	db, stamp := filepath.Join(dir, "demo.db"), filepath.Join(dir, "demo.db.made-by-make")
	demo := func(args ...string) string {
		t.Helper()
		var out, errOut strings.Builder
		if code := run(t.Context(), append([]string{"--db", db, "demo", "--stamp", stamp}, args...), &out, &errOut); code != 0 {
			t.Fatalf("demo --stamp: exit %d\n%s", code, errOut.String())
		}
		return errOut.String()
	}
	mine := "not a demo: the user's own file\n"
	write := func(path, s string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	read := func(path string) string {
		t.Helper()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	write(db, mine)
	if said := demo(); !strings.Contains(said, "was not made by 'make run'") || read(db) != mine {
		t.Errorf("a database without a stamp: said %q, now holds %q", said, read(db))
	}
	write(stamp, time.Now().Add(-time.Hour).Format(time.RFC3339))
	if said := demo(); said != "" || read(db) != mine {
		t.Errorf("a demo made an hour ago: said %q, now holds %q; want it kept as it is", said, read(db))
	}
	if testing.Short() || raceDetector {
		t.Skip("making the demo year takes seconds, minutes under -race")
	}
	write(stamp, time.Now().Add(-24*time.Hour).Format(time.RFC3339))
	write(db+".engine", "the old demo's engine")
	before := time.Now()
	said := demo()
	if !strings.Contains(said, "more than 2 hours ago; making it again") || !strings.Contains(said, "50,000 tickets") {
		t.Errorf("a demo made yesterday: said %q, want it made again", said)
	}
	if _, err := os.Stat(db + ".engine"); err == nil {
		t.Error("the old demo's engine file is still there")
	}
	made, err := time.Parse(time.RFC3339, strings.TrimSpace(read(stamp)))
	if err != nil || made.Before(before.Truncate(time.Second)) || made.After(time.Now()) {
		t.Errorf("stamp %q (%v), want the moment the demo was made, between %s and now", read(stamp), err, before)
	}
}
