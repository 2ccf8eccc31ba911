// Package pull keeps klantpuls up to date with a help desk by asking its API for what changed
// (klantpuls sync zendesk|freshdesk, and serve's schedule). A connector reads streams (tickets,
// satisfaction ratings) page by page; each page's items become records through a mapping preset
// (internal/importer/mapping/presets/*-api.toml), so the fields are data, as for an imported
// export, and the page's records are committed in one transaction before the stream's cursor is
// moved past them. An interrupted sync therefore starts again at the first page not committed,
// and a page read twice changes nothing: records are upserts by key.
package pull

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// Stream is one list a service pages through, resumable from a cursor it writes itself.
type Stream interface {
	// Name is the key of its cursor: zendesk.tickets, freshdesk.ratings, ….
	Name() string
	// Next reads the page after cursor ("" before the first page, then what the previous Page
	// returned) and maps its items to records. An error commits nothing.
	Next(ctx context.Context, cursor string) (Page, error)
}

// Page is one page read: its records, the records the service reports deleted, the cursor
// past it, and whether the stream has no more pages for now.
type Page struct {
	URL     string
	Records []cx.Record
	Deletes []cx.Deletion
	Cursor  string
	Done    bool
}

// Connector runs a service's streams, one after the other, under a lease so that of several
// nodes sharing the database one runs it at a time.
type Connector struct {
	App     *app.App
	Service string // zendesk or freshdesk: the lease is lease:SERVICE
	Streams []Stream
	Holder  string        // this process, as other nodes see it in the lease
	Lease   time.Duration // renewed before each page; 0 is 10 minutes
	Now     func() time.Time
	Log     *slog.Logger // nil: quiet
}

// Counts is what one stream's run did.
type Counts struct {
	Stream  string
	Pages   int
	Records map[cx.Kind]int // records read, per kind
	Deleted int             // records the service reported deleted (some klantpuls may never have had)
	Written int             // rows inserted, changed or deleted
	// Forgotten counts the records of erased customers, stored under a pseudonym without
	// their text.
	Forgotten int
}

// ErrHeld means another node holds the connector's lease: it is syncing now.
var ErrHeld error = said(msgHeld)

// Run syncs every stream to its end. It stops at the first error, with what was committed up
// to there kept and each stream's cursor past its last committed page.
func (c *Connector) Run(ctx context.Context) ([]Counts, error) {
	lease := "lease:" + c.Service
	if err := c.claim(ctx, lease); err != nil {
		return nil, err
	}
	// Released on a context of its own: a cancelled sync still frees the lease for the next.
	defer c.App.ReleaseSync(context.WithoutCancel(ctx), lease, c.Holder)
	var all []Counts
	for _, s := range c.Streams {
		counts, err := c.stream(ctx, lease, s)
		all = append(all, counts)
		if err != nil {
			return all, err
		}
	}
	return all, nil
}

func (c *Connector) claim(ctx context.Context, lease string) error {
	d := c.Lease
	if d == 0 {
		d = 10 * time.Minute
	}
	ok, err := c.App.ClaimSync(ctx, lease, c.Holder, c.now(), d)
	switch {
	case err != nil:
		return err
	case !ok:
		return ErrHeld
	}
	return nil
}

func (c *Connector) stream(ctx context.Context, lease string, s Stream) (Counts, error) {
	counts := Counts{Stream: s.Name(), Records: map[cx.Kind]int{}}
	cursor, err := c.App.SyncCursor(ctx, s.Name())
	if err != nil && cx.ErrorCode(err) != cx.ENOTFOUND {
		return counts, err
	}
	for {
		if err := c.claim(ctx, lease); err != nil {
			return counts, err
		}
		page, err := s.Next(ctx, cursor)
		if err != nil {
			return counts, fmt.Errorf("%s: %w", s.Name(), err)
		}
		if len(page.Records)+len(page.Deletes) > 0 {
			res, err := c.App.WriteChanges(ctx, page.Records, nil, page.Deletes)
			if err != nil {
				return counts, fmt.Errorf("%s: %s: %w", s.Name(), page.URL, err)
			}
			counts.Written += res.Written
			counts.Forgotten += res.Forgotten
		}
		// Only now, with the page committed, does the cursor move past it.
		if page.Cursor != cursor {
			if err := c.App.SaveSyncCursor(context.WithoutCancel(ctx), s.Name(), page.Cursor); err != nil {
				return counts, err
			}
			cursor = page.Cursor
		}
		counts.Pages++
		for _, r := range page.Records {
			counts.Records[r.RecordKind()]++
		}
		counts.Deleted += len(page.Deletes)
		if c.Log != nil {
			c.Log.Info("sync page", slog.String("stream", s.Name()), slog.String("url", page.URL),
				slog.Int("records", len(page.Records)))
		}
		if page.Done {
			return counts, nil
		}
	}
}

func (c *Connector) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}
