package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/klantpuls/klantpuls/internal/calendar"
	"github.com/klantpuls/klantpuls/internal/clickhouse"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// The shipper follows the store's change sequence into ClickHouse (issue 18), as a node's engine
// follows it (follow.go): kind by kind, every change numbered above the position ClickHouse
// keeps for the kind, in batches; a batch is inserted, then the position is written. A crash
// between the two ships the batch again, which changes nothing: every row carries its change
// number as version, and ClickHouse keeps one row per id, the highest version's. Deletions
// (and erasure's purges) ship as rows with deleted = 1 of their own, later, number. Because
// the positions live in ClickHouse too, dropping its database is a full rebuild.

// shipBatch is how many changes go in one INSERT: ClickHouse likes few large inserts (each is a
// part to merge), and 50 000 rows of a kind stay a few MB in memory here.
const shipBatch = 50_000

// shipPause is the first pause after a failed try; it doubles with each failure in a row, up to
// shipPauseMax. A test shortens it.
var shipPause, shipPauseMax = time.Second, time.Minute

// Shipper ships one App's changes into one ClickHouse database.
type Shipper struct {
	app     *App
	db      *clickhouse.DB
	seqs    store.SeqChanges // the store, read in change order
	derive  clickhouse.Derive
	hours   string // a digest of the business hours the calendars were built from
	checked bool   // the hours were checked against those of the shipped tickets
	// Batch is the number of changes per insert; 0 is shipBatch.
	Batch int
	// Log, when set, hears of a long pass's progress every shipProgress, so a catch-up on
	// millions of changes is not a silent minute.
	Log *slog.Logger
	// settled is what the shipper knows of each table's settling (ship_settle.go).
	settled map[cx.Kind]settling
	// Fence, when set, is asked before every insert; an error stops the pass (a lease that ran
	// out: leaseTerm).
	Fence func() error
	// through is where the last whole pass this shipper knows of left things (passedThrough).
	through string
	// scrubbed is the store's erasures when ClickHouse was last known scrubbed ("": not known).
	scrubbed string
}

// fenced is the Fence's answer (nil without one).
func (s *Shipper) fenced() error {
	if s.Fence == nil {
		return nil
	}
	return s.Fence()
}

// shipProgress is how often a long pass logs how far it is (a test logs every batch).
var shipProgress = 10 * time.Second

// NewShipper prepares shipping a's changes into db; the business-hours calendars are built
// once, from the configuration the App was opened with.
func (a *App) NewShipper(db *clickhouse.DB) (*Shipper, error) {
	cfg := a.Config
	if cfg == nil {
		cfg = config.Default()
	}
	def, err := calendar.New(cfg.Hours.Default)
	if err != nil {
		return nil, fmt.Errorf("app: hours.default: %w", err)
	}
	teams := map[string]*calendar.Calendar{}
	for name, h := range cfg.Hours.Teams {
		if teams[cx.NameKey(name)], err = calendar.New(h); err != nil {
			return nil, fmt.Errorf("app: hours.team %q: %w", name, err)
		}
	}
	calendarOf := func(team string) *calendar.Calendar {
		if c, ok := teams[cx.NameKey(team)]; ok {
			return c
		}
		return def
	}
	// The shipper reads the store in change order, and looks records up with their change
	// numbers (an answer's ticket and other answers: clickhouse.Derive.Store).
	st, ok := a.store.(interface {
		store.SeqChanges
		store.SeqRecords
	})
	if !ok {
		return nil, errors.New("app: this store cannot tell its changes' numbers, which the shipper needs")
	}
	hours := sha256.Sum256(fmt.Appendf(nil, "%v|%v", cfg.Hours.Default, cfg.Hours.Teams))
	return &Shipper{app: a, db: db, seqs: st, derive: clickhouse.Derive{Calendar: calendarOf, Store: st},
		hours: hex.EncodeToString(hours[:])}, nil
}

// hoursSetting names, in ClickHouse, the business hours its tickets' business seconds were
// computed under.
const hoursSetting = "business_hours"

// checkHours ships every ticket again when the business hours changed since they were shipped
// (or are not known: tickets shipped before the hours were recorded), as an engine reloads.
func (s *Shipper) checkHours(ctx context.Context) error {
	was, err := s.db.Setting(ctx, hoursSetting)
	if err != nil || was == s.hours {
		return err
	}
	shipped, err := s.db.Position(ctx, cx.KindTickets)
	if err != nil {
		return err
	}
	if shipped > 0 {
		if s.Log != nil {
			s.Log.Info("the business hours changed: shipping every ticket to ClickHouse again")
		}
		for _, kind := range []cx.Kind{cx.KindTickets, clickhouse.KindReplies} { // both hold business seconds
			if err := s.db.Rebuild(ctx, kind); err != nil {
				return err
			}
		}
	}
	return s.db.SetSetting(ctx, hoursSetting, s.hours)
}

// hoursChecked runs checkHours once per shipper, and again after a rebuild (checkStore).
func (s *Shipper) hoursChecked(ctx context.Context) error {
	if s.checked {
		return nil
	}
	if err := s.checkHours(ctx); err != nil {
		return err
	}
	s.checked = true
	return nil
}

// Shipped tells what one pass shipped: changes per kind (records and deletions alike).
type Shipped map[cx.Kind]int

// Total is the number of changes shipped.
func (s Shipped) Total() int {
	n := 0
	for _, c := range s {
		n += c
	}
	return n
}

// Ship ships every change committed since ClickHouse's position of each kind, and returns
// what it shipped. A commit that lands meanwhile is shipped now or by the next pass.
func (s *Shipper) Ship(ctx context.Context) (Shipped, error) {
	seqs := s.seqs
	if err := s.hoursChecked(ctx); err != nil {
		return nil, err
	}
	size := s.Batch
	if size <= 0 {
		size = shipBatch
	}
	// Nothing committed since the last whole pass, and ClickHouse's positions as it left them:
	// nothing to read. Reading a kind's changes scans its table in the store (10M tickets: 1.4 s
	// in SQLite), and an idle node passes every second.
	id, err := s.app.DatabaseID(ctx)
	if err != nil {
		return nil, err
	}
	last, err := s.app.store.LastSeq(ctx)
	if err != nil {
		return nil, err
	}
	pos, err := s.db.PositionsKey(ctx)
	if err != nil {
		return nil, err
	}
	through := passedThrough(id, last, pos)
	if through != s.through { // another shipper may have passed since (a command, another node)
		if s.through, err = s.db.Setting(ctx, clickhouse.ThroughSetting); err != nil {
			return nil, err
		}
	}
	if through == s.through {
		s.app.ship.passed(last, time.Now())
		s.settle(ctx, Shipped{}) // a table not asked of yet (a restart, a release's copies)
		return Shipped{}, nil
	}
	if err := s.checkStore(ctx, id, last); err != nil {
		return nil, err
	}
	if err := s.hoursChecked(ctx); err != nil { // again after a rebuild
		return nil, err
	}
	// Read before the changes, so that the changes of every erasure counted are shipped by the
	// pass's end.
	erased, err := s.erasures(ctx)
	if err != nil {
		return nil, err
	}
	shipped := Shipped{}
	for _, kind := range cx.Kinds {
		if kind == cx.KindMessages || kind == cx.KindResponses {
			continue // with the tickets
		}
		if kind == cx.KindTickets {
			n, err := s.shipSteps(ctx, seqs, size)
			for i, k := range stepKinds {
				shipped[k] = n[i]
			}
			if err != nil {
				return shipped, fmt.Errorf("app: shipping tickets, messages and answers to ClickHouse: %w", err)
			}
			continue
		}
		n, err := s.shipKind(ctx, seqs, kind, size)
		shipped[kind] = n
		if err != nil {
			return shipped, fmt.Errorf("app: shipping %s to ClickHouse: %w", kind, err)
		}
	}
	s.settle(ctx, shipped)
	if err := s.scrub(ctx, erased); err != nil {
		return shipped, err
	}
	// Every change up to last is in ClickHouse now: where the pass left things, for the next
	// pass of any node or command.
	after, err := s.db.PositionsKey(ctx)
	if err != nil {
		return shipped, err
	}
	if now := passedThrough(id, last, after); now != s.through {
		if err := s.db.SetSetting(ctx, clickhouse.ThroughSetting, now); err != nil {
			return shipped, err
		}
		s.through = now
	}
	s.app.ship.passed(last, time.Now())
	return shipped, nil
}

// passedThrough is where a pass leaves things, as "STORE|LAST|POSITIONS": the store's identity
// and last change number and ClickHouse's positions. A pass that read every change up to LAST
// and left the positions so need not run again while all three stay the same (a rebuild or a
// position set back moves the positions; a restored store has another identity).
func passedThrough(id string, last int64, positions string) string {
	return fmt.Sprintf("%s|%d|%s", id, last, positions)
}

// shipKind ships the changes of one kind since its position. The store is read on a second
// goroutine while this one inserts (as CatchUp does), so a pass takes about the time of the
// slower of the two; each batch's position is written after its insert.
func (s *Shipper) shipKind(ctx context.Context, seqs store.SeqChanges, kind cx.Kind, size int) (shipped int, err error) {
	from, err := s.db.Position(ctx, kind)
	if err != nil {
		return 0, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	full := make(chan []clickhouse.Change, 1)
	var readErr error
	go func() {
		defer close(full)
		var batch []clickhouse.Change
		hand := func() error {
			select {
			case full <- batch:
				batch = nil
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		_, err := seqs.ChangesSeq(ctx, kind, from, func(r cx.Record, seq int64) error {
			if batch = append(batch, clickhouse.Change{Record: r, Seq: seq}); len(batch) < size {
				return nil
			}
			return hand()
		})
		if err == nil && len(batch) > 0 {
			err = hand()
		}
		readErr = err
	}()
	told := time.Now()
	for batch := range full {
		if err == nil {
			err = s.fenced()
		}
		if err == nil {
			err = s.db.Insert(ctx, kind, batch, &s.derive)
		}
		last := batch[len(batch)-1].Seq
		if err == nil {
			err = s.db.SetPosition(ctx, kind, last)
		}
		if err != nil {
			cancel() // the reader stops; the loop drains what it handed over
			continue
		}
		shipped += len(batch)
		if s.Log != nil && time.Since(told) >= shipProgress {
			told = time.Now()
			s.Log.Info("shipping to ClickHouse", slog.String("kind", string(kind)), slog.Int("shipped", shipped), slog.Int64("position", last))
		}
	}
	if err == nil {
		err = readErr // set before the channel was closed
	}
	return shipped, err
}

// ShipTo keeps the ClickHouse database at dsn current with the store until ctx ends: it opens
// the database (creating its tables), ships what is new, then waits for the store's wake-up
// or a second and ships again. When ClickHouse cannot be reached or refuses a batch, it logs
// the error and tries again after a pause that doubles up to a minute, so an outage is caught
// up on when it ends, from the positions ClickHouse kept.
func (a *App) ShipTo(ctx context.Context, dsn string, log *slog.Logger) { a.shipTo(ctx, dsn, nil, log) }

// shipTo is ShipTo whose shipper inserts only while fence allows (nil: always).
func (a *App) shipTo(ctx context.Context, dsn string, fence func() error, log *slog.Logger) {
	if log == nil {
		log = slog.Default()
	}
	defer a.shipping(time.Now())()
	var s *Shipper
	pause := shipPause
	notifier, _ := a.store.(store.Notifier)
	for ctx.Err() == nil {
		err := a.shipOnce(ctx, dsn, &s, fence, log)
		if err != nil && ctx.Err() == nil {
			log.Warn("shipping to ClickHouse", slog.Any("error", err), slog.Duration("retry_in", pause))
			wait(ctx, pause)
			pause = min(2*pause, shipPauseMax)
			continue
		}
		pause = shipPause
		w, cancel := context.WithTimeout(ctx, time.Second)
		if notifier != nil {
			notifier.WaitChange(w)
		} else {
			<-w.Done()
		}
		cancel()
	}
	if s != nil {
		s.db.Close()
	}
}

// shipOnce opens the database when *s is nil, then ships one pass and logs it. After an error
// the connection is dropped, so the next try connects anew.
func (a *App) shipOnce(ctx context.Context, dsn string, s **Shipper, fence func() error, log *slog.Logger) error {
	if *s == nil {
		db, err := clickhouse.Open(ctx, dsn)
		if err != nil {
			return err
		}
		if *s, err = a.NewShipper(db); err != nil {
			db.Close()
			return err
		}
		(*s).Log, (*s).Fence = log, fence
		log.Info("shipping to ClickHouse", slog.String("to", db.Where()))
	}
	start := time.Now()
	shipped, err := (*s).Ship(ctx)
	if n := shipped.Total(); n > 0 {
		secs := time.Since(start).Seconds()
		log.Info("shipped to ClickHouse", slog.Int("changes", n), slog.Float64("seconds", secs),
			slog.Float64("per_second", float64(n)/max(secs, 1e-9)), slog.Any("kinds", map[cx.Kind]int(shipped)))
	}
	if err != nil {
		(*s).db.Close()
		*s = nil
	}
	return err
}

// wait sleeps for d or until ctx ends.
func wait(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
