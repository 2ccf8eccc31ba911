package main

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
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
		t, err := parseSince(c.Since)
		if err != nil {
			return usageError{err}
		}
		since = t
	}
	// The first sync (--since) may fill a new database, as an import does; a later one
	// continues in the database that holds the first's.
	if c.Since == "" {
		first := fmt.Sprintf("begin with the first sync, which says how far back to read: klantpuls sync %s --since 2026-01-01", c.Service)
		if err := mustExistOr(e.globals.DB, first); err != nil {
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
		return usageError{err}
	}
	counts, err := conn.Run(e.ctx)
	for _, n := range counts {
		deleted := ""
		if n.Deleted > 0 {
			deleted = fmt.Sprintf(", %d reported deleted", n.Deleted)
		}
		fmt.Fprintf(e.stdout, "%s: %d pages, %s%s, %d written\n", n.Stream, n.Pages, kindCounts(n.Records), deleted, n.Written)
	}
	if errors.Is(err, pull.ErrHeld) {
		return fmt.Errorf("%s: %w; try again when it is done", c.Service, err)
	}
	return err
}

func parseSince(s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return t, fmt.Errorf("--since %q: write a date as 2026-01-31 or a time as 2026-01-31T08:00:00Z", s)
	}
	return t, nil
}

func kindCounts(n map[cx.Kind]int) string {
	s := ""
	for _, k := range cx.Kinds {
		if n[k] > 0 {
			if s != "" {
				s += ", "
			}
			s += fmt.Sprintf("%d %s", n[k], k)
		}
	}
	if s == "" {
		return "no records"
	}
	return s
}
