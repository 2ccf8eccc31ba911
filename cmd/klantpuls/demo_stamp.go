package main

import (
	"errors"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/importer"
)

// demoKept is how long `make run` keeps a demo it made before making it again. The tickets still
// open at the data's end have their replies and solves only up to the moment the demo is made
// (demo.Options.Now): every office hour the demo is kept after that is an hour they wait with no
// reply, and a demo made at 08:00 and shown at 20:00 showed many first replies late and SLA
// breaches. Two hours keep that wait at a quarter of the default first-response target (8
// business hours, spec/metrics.md), while making the demo again costs its user a few seconds
// (2-4 s on a busy 2-core machine, December 2026; serve then loads it in another 2).
const demoKept = 2 * time.Hour

// demoUnfinished is what a stamp says while its demo is being made, so a demo that failed
// half-way is made again next time.
const demoUnfinished = "unfinished"

// demoRemake is the rule of when `make run` makes its demo again: it says why the demo whose
// stamp (demo --stamp) is at path must be made again at now, or nothing (the zero Message) when
// it is kept, with the moment the stamp says the demo was made. A stamp that is missing, cannot
// be read or names no moment (unfinished, or a day only, as make wrote before) is made again;
// so is one made more than demoKept ago, or later than now (the clock was put back).
func demoRemake(path string, now time.Time) (why importer.Message, made time.Time) {
	b, err := os.ReadFile(path)
	if err != nil {
		return msgDemoStampUnread, time.Time{}
	}
	made, err = time.Parse(time.RFC3339, strings.TrimSpace(string(b)))
	switch {
	case err != nil:
		return msgDemoStampUnread, time.Time{}
	case made.After(now):
		return msgDemoMadeLater, made
	case now.Sub(made) > demoKept:
		return msgDemoMadeBefore, made
	}
	return importer.Message{}, made
}

// byMake is the part of `demo --stamp` that `make run` asks for: it says whether the demo in
// db is kept as it is (a file not made by make, such as its user's own database, always is),
// else removes the demo make made before and marks the stamp unfinished, to be made anew.
// Only a file with a stamp beside it is ever removed.
func (c *demoCmd) byMake(e *env, db string, now time.Time) (kept bool, err error) {
	if fi, err := os.Stat(db); err == nil && fi.Size() > 0 {
		if _, err := os.Lstat(c.Stamp); errors.Is(err, fs.ErrNotExist) {
			e.say(e.stderr, msgDemoNotByMake, db, c.Stamp)
			return true, nil
		}
		why, made := demoRemake(c.Stamp, now)
		if why == (importer.Message{}) {
			return true, nil
		}
		e.say(e.stderr, why, db, c.Stamp, made.Format("2006-01-02 15:04"), int(demoKept.Hours()))
	}
	if _, err := os.Lstat(c.Stamp); err == nil {
		// The journal, lock and engine file of the old demo must not meet the new one.
		for _, side := range []string{"", "-shm", "-wal", ".lock", ".engine"} {
			if err := os.Remove(db + side); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return false, err
			}
		}
	}
	return false, os.WriteFile(c.Stamp, []byte(demoUnfinished+"\n"), 0o644)
}

// The notes of demo --stamp, each given the database, the stamp, the moment it says and demoKept
// in hours.
var (
	msgDemoNotByMake = importer.Message{
		EN: "demo: %s was not made by 'make run' (no %s): used as it is, never removed",
		NL: "demo: %s is niet door 'make run' gemaakt (geen %s): gebruikt zoals het is, nooit verwijderd",
	}
	msgDemoStampUnread = importer.Message{
		EN: "demo: %[2]s does not say when the demo in %[1]s was made; making it again up to now",
		NL: "demo: %[2]s zegt niet wanneer de demo in %[1]s gemaakt is; die wordt opnieuw gemaakt tot nu",
	}
	msgDemoMadeBefore = importer.Message{
		EN: "demo: the demo in %s was made at %[3]s (%[2]s), more than %[4]d hours ago; making it again up to now",
		NL: "demo: de demo in %s is gemaakt om %[3]s (%[2]s), meer dan %[4]d uur geleden; die wordt opnieuw gemaakt tot nu",
	}
	msgDemoMadeLater = importer.Message{
		EN: "demo: the demo in %s was made at %[3]s (%[2]s), later than now (was the clock put back?); making it again up to now",
		NL: "demo: de demo in %s is gemaakt om %[3]s (%[2]s), later dan nu (is de klok teruggezet?); die wordt opnieuw gemaakt tot nu",
	}
)
