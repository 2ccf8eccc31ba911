package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer"
	"github.com/klantpuls/klantpuls/internal/pull"
)

// syncCmd pulls what changed in a help desk since the last sync (internal/pull). The account
// is the config file's [sync.zendesk] or [sync.freshdesk]; the secret comes from the
// environment only, so no process listing shows it.
type syncCmd struct {
	Service string `arg:"" enum:"zendesk,freshdesk" help:"The help desk: zendesk or freshdesk."`
	Since   string `help:"Where the first sync starts: a date (YYYY-MM-DD, UTC) or an RFC 3339 time. Later syncs continue where the last stopped and ignore it." placeholder:"DATE"`
}

// Run syncs one service to its end, or to the first error, with what came before the error
// committed and the cursor after it.
func (c *syncCmd) Run(e *env) error {
	var since time.Time
	if c.Since != "" {
		t, err := parseSince(c.Since, e.lang)
		if err != nil {
			return usageError{err}
		}
		since = t
	}
	// The first sync (--since) may fill a new database, as an import does; a later one
	// continues in the database that holds the first's.
	if c.Since == "" {
		if err := e.mustExistOr(msgBeginWithSync.In(e.lang, c.Service)); err != nil {
			return err
		}
	}
	a, err := e.open()
	if err != nil {
		return err
	}
	defer a.Close()
	cred := pull.Credentials{ZendeskToken: os.Getenv("KLANTPULS_ZENDESK_TOKEN"), FreshdeskKey: os.Getenv("KLANTPULS_FRESHDESK_KEY")}
	conn, err := pull.New(c.Service, a, a.Config.Sync, cred, since, app.Holder(), nil)
	if err != nil {
		return usageError{syncIn(err, e.lang)}
	}
	counts, err := conn.Run(e.ctx)
	for _, n := range counts {
		deleted := ""
		if n.Deleted > 0 {
			deleted = msgSyncDeleted.In(e.lang, e.whole(n.Deleted))
		}
		e.say(e.stdout, msgSynced, n.Stream, e.count(countPages, n.Pages), kindCounts(n.Records, e.lang), deleted, e.whole(n.Written))
	}
	if errors.Is(err, pull.ErrHeld) {
		return fmt.Errorf("%s: %w; %s", c.Service, syncIn(err, e.lang), msgSyncLater.In(e.lang))
	}
	return syncIn(err, e.lang)
}

// syncWorded is an error pull words in both languages: a refusal of the sync's setup
// (pull.SetupError), or what went wrong while it ran (pull.Said, pull.HTTPError).
type syncWorded interface {
	error
	In(importer.Lang) string
}

// syncIn words err in l where pull says it in English, keeping what err puts around it (the
// stream's name); any other error stays as it is.
func syncIn(err error, l importer.Lang) error {
	var w syncWorded
	if !errors.As(err, &w) {
		return err
	}
	return errors.New(strings.Replace(err.Error(), w.Error(), w.In(l), 1))
}

func parseSince(s string, l importer.Lang) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return t, errors.New(msgSyncBadSince.In(l, s))
	}
	return t, nil
}

// countKind is a number of records of k; a kind is said as it is typed, in either language.
func countKind(k cx.Kind) importer.Count {
	return count("%s "+k.One(), "%s "+string(k), "%s "+k.One(), "%s "+string(k))
}

// kindCounts says the records of each kind a sync or the demo wrote, each number as l writes
// it: "1 ticket, 3.000 responses".
func kindCounts(n map[cx.Kind]int, l importer.Lang) string {
	s := ""
	for _, k := range cx.Kinds {
		if n[k] > 0 {
			if s != "" {
				s += ", "
			}
			s += countKind(k).Of(l, n[k])
		}
	}
	if s == "" {
		return msgSyncNoRecords.In(l)
	}
	return s
}
