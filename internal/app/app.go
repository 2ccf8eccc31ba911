// Package app is the one path every write and every query takes: records are committed to the
// store and then applied to the engine; reports are engine queries; at start the store is
// streamed into a fresh engine. Nothing else writes to the store, so no write can bypass the
// engine. Users, sessions, tokens, surveys, invitations, sites, alerts, follow-ups, settings
// and the audit log are kept through app too (accounts.go, signin.go, surveys.go, alerts.go):
// no other package imports a store package, and the rules of accounts live here.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/store"
	"github.com/klantpuls/klantpuls/internal/store/postgres"
	"github.com/klantpuls/klantpuls/internal/store/sqlite"
)

// App is an open database with its configuration and, once loaded, its engine.
type App struct {
	Config *config.Config
	// EngineLoaded, when set, is called once the engine has loaded on first use (EngineFor,
	// DeferEngine): serve lifts a ClickHouse-mode node's small heap limit then.
	EngineLoaded func()
	store        store.Store
	accounts     store.Accounts
	dash         store.Dashboard
	surveys      store.Surveys
	audit        store.Audit
	imports      store.Imports
	mappings     store.Mappings
	erasure      store.Erasure
	syncs        store.Syncs
	migration    store.Migration               // what opening the database did to its schema
	engine       atomic.Pointer[engine.Engine] // nil until LoadEngine; replaced whole on reload
	loading      sync.Mutex                    // one load on first use at a time (EngineFor)
	reports      atomic.Pointer[querierBox]    // answers reports instead of the engine when set (query.go)
	snapshot     string                        // the engine's snapshot file (Start), rewritten by Erase
	dbFile       string                        // the SQLite database's file ("" on PostgreSQL)
	fileMu       sync.Mutex                    // one engine file write at a time, each whole (saveEngineFile)
	seq          atomic.Int64                  // the change number the engine includes (follow.go)
	deletions    atomic.Int64                  // deletions and erasures caught up on (CatchUp): an engine file before them is written again
	restored     atomic.Pointer[int64]         // the change number of the engine file restored, if one was
	dbID         atomic.Pointer[string]        // the database's identity, once read (enginefile.go)
	names        namesRecorded                 // how far the engine's names are recorded (names.go)
	live         broker
	ship         shipStanding // how far this node's shipper has come (ship_lag.go)
	// writeMu orders commits with their application to the engine (turn.go).
	writeMu writeTurn
	// observers hear of records committed one by one (API, survey answers), not of bulk
	// imports: a year of history imported must not raise a year of alerts.
	observers []func(context.Context, []cx.Record)
	// connKey is the key that seals connection secrets once read: it never changes, and every
	// webhook delivery needs it (connections.go).
	connKey atomic.Pointer[[]byte]
	// eraseKey is the key of erased customers' pseudonyms once read (erase_keys.go).
	eraseKey atomic.Pointer[[]byte]
	// digestKey and signingKey sign the digests' unsubscribe links and the e-mails' links
	// (keys.go).
	digestKey, signingKey atomic.Pointer[[]byte]
	// deliveries keeps what every webhook delivery reads: its connection (deliveries.go).
	deliveries deliveryCache
	// Log hears what app does on its own, such as scoring texts stored before it scored them
	// (sentiment.go); nil is slog's default.
	Log *slog.Logger
	// Brief says the process answers and ends (a report): the engine file's columns are then
	// used where they lie in the mapped file, not copied (engine.RestoreFile).
	Brief bool
	// ImportCommitted, when set (by tests), is called after an import's commit, before the
	// engine catches up on it, with the import's context: a test holds the import there.
	ImportCommitted func(context.Context)
	// streaming says imports feed the engine as they write (import_stream.go).
	streaming bool
}

// OnCommit registers f to be called with what each write (App.Write and its kin) committed, after
// the commit: whole records, the records patches made, and cx.Deletions.
// Register before serving: the list is not guarded.
func (a *App) OnCommit(f func(context.Context, []cx.Record)) { a.observers = append(a.observers, f) }

// DefaultDB is the embedded database file used when no --db or $KLANTPULS_DB is given.
const DefaultDB = "klantpuls.db"

// Open opens (and migrates) the database named by dsn: a file path for the embedded SQLite
// store, or a postgres:// URL.
func Open(ctx context.Context, dsn string, cfg *config.Config) (*App, error) {
	if dsn == "" {
		dsn = DefaultDB
	}
	var db database
	if err := CheckDSN(dsn); err != nil {
		return nil, err
	}
	var err error
	if IsPostgres(dsn) {
		scheme, rest, _ := strings.Cut(dsn, "://")
		db, err = postgres.Open(ctx, strings.ToLower(scheme)+"://"+rest) // the driver knows lower case only
	} else {
		db, err = sqlite.Open(ctx, dsn)
	}
	if err != nil {
		return nil, err
	}
	a := over(db, cfg)
	if !IsPostgres(dsn) {
		a.dbFile = dsn
	}
	a.recordScorerOfEmpty(ctx)
	return a, nil
}

// over is an App over the open database db.
func over(db database, cfg *config.Config) *App {
	return &App{Config: cfg, store: db, accounts: db, dash: db, surveys: db, audit: db, imports: db,
		mappings: db, erasure: db, syncs: db, migration: db.Migration()}
}

// Settings reads the dashboard's settings (targets).
func (a *App) Settings(ctx context.Context) (map[string]string, error) { return a.dash.Settings(ctx) }

// SetSetting changes one setting; an empty value removes it.
func (a *App) SetSetting(ctx context.Context, key, value string) error {
	return a.dash.SetSetting(ctx, key, value)
}

// SetSettings changes several settings at once, all or none (a form's fields); an empty value
// removes its key. It returns what those keys held before, read where they were changed
// (store.Dashboard.SetSettings): what a line of the audit log says the change replaced.
func (a *App) SetSettings(ctx context.Context, values map[string]string) (map[string]string, error) {
	return a.dash.SetSettings(ctx, values)
}

// Record reads one stored record by kind and key (cx.ENOTFOUND when there is none).
func (a *App) Record(ctx context.Context, kind cx.Kind, key string) (cx.Record, error) {
	return a.dash.Record(ctx, kind, key)
}

// Feedback reads the feedback stream.
//
// The follow-up list's queries (every answer of a survey and a score range, no other filter)
// take the loaded engine's pick of the answers first (engine.PickAnswers), so the database
// reads a few thousand answers by id rather than every answer of the period; the database's
// own conditions still apply to them.
func (a *App) Feedback(ctx context.Context, q store.FeedbackQuery) ([]store.FeedbackItem, error) {
	scored := q.MinScore != nil && q.MaxScore != nil || q.Scales != nil
	if e := a.engine.Load(); e != nil && q.IDs == nil && q.AllAnswers && scored &&
		len(q.Filter) == 0 && q.Sentiment == "" && q.Replied == nil && q.Limit > 0 {
		p := engine.AnswerPick{From: q.From, To: q.To, Survey: q.Survey, Scales: q.Scales, Limit: q.Limit + max(q.Offset, 0)}
		if q.MinScore != nil && q.MaxScore != nil {
			p.Min, p.Max = *q.MinScore, *q.MaxScore
		}
		ids, ok := e.PickAnswers(p)
		if ok {
			q.IDs = ids
		}
	}
	return a.dash.Feedback(ctx, q)
}

// FeedbackCount counts the items of q's feedback stream, every page of them (Limit and Offset
// are not read), and tells whether it could: the loaded engine counts them, selecting as the
// store's list does (the answers' conditions, q.WithMentions), in a pass over its columns.
// Without an engine (not loaded yet, or ClickHouse answering reports) there is no count: the
// database's count of a quarter's comments at a million answers took a second, and every
// dashboard page must answer in a tenth (issue 17). Nor for a list of ids (q.IDs), which the
// engine picked itself.
func (a *App) FeedbackCount(q store.FeedbackQuery) (int, bool, error) {
	e := a.engine.Load()
	if e == nil || q.IDs != nil {
		return 0, false, nil
	}
	p := engine.FeedbackPick{From: q.From, To: q.To, Answers: q.WithAnswers(), Survey: q.Survey,
		Uncommented: q.AllAnswers, Min: q.MinScore, Max: q.MaxScore, Scales: q.Scales,
		Mentions: q.WithMentions(), Replied: q.Replied, Sentiment: q.Sentiment}
	if len(q.Filter) > 0 {
		p.Filter = make(map[engine.Dim]string, len(q.Filter))
		for d, v := range q.Filter {
			p.Filter[engine.Dim(d)] = v
		}
	}
	n, err := e.CountFeedback(p)
	return n, err == nil, err
}

// MarkReplied records that the team replied to a comment or mention: the record as it stands
// in the write's transaction is stored again with replied_at (written.reply), through the same
// path as every write, so the feedback response rate and open dashboards follow, with its line
// in the audit log by whoever ctx says acts (ActingAs). A reply noted already, also one noted
// by someone else a moment before, changes nothing and adds no line.
func (a *App) MarkReplied(ctx context.Context, kind cx.Kind, id string, at time.Time) error {
	_, _, err := a.write(ctx, func(w *written) (bool, error) {
		if changed, err := w.reply(kind, id, at); err != nil || !changed {
			return false, err
		}
		return false, a.auditIn(ctx, w.tx, cx.AuditMarkReplied, string(kind)+" "+id)
	}, nil, nil, nil)
	return err
}

// replied sets on rec, a comment or mention, that the team replied to it at at (in whole
// seconds), and tells whether that changed it: a reply time it holds already stays. An answer
// without a comment has nothing to reply to (cx.EINVALID), nor has any other record.
func replied(rec cx.Record, id string, at time.Time) (changed bool, err error) {
	switch r := rec.(type) {
	case *cx.Response:
		if r.Comment == "" {
			return false, cx.Errorf(cx.EINVALID, "answer %q has no comment to reply to", id)
		}
		if !r.RepliedAt.IsZero() {
			return false, nil
		}
		r.RepliedAt = at.UTC().Truncate(time.Second)
	case *cx.Mention:
		if !r.RepliedAt.IsZero() {
			return false, nil
		}
		r.RepliedAt = at.UTC().Truncate(time.Second)
	default:
		return false, cx.Errorf(cx.EINVALID, "only answers and mentions can be replied to")
	}
	return true, nil
}

// database is what both stores are.
type database interface {
	store.Store
	store.Erasure
	store.Accounts
	store.Dashboard
	store.Surveys
	store.Audit
	store.Imports
	store.Mappings
	store.Syncs
	Migration() store.Migration
}

// IsPostgres tells whether a --db value is a PostgreSQL URL rather than a SQLite file. A URL's
// scheme is case-insensitive (RFC 3986 section 3.1): "Postgres://" is one.
func IsPostgres(dsn string) bool {
	scheme, _, ok := strings.Cut(dsn, "://")
	return ok && (strings.EqualFold(scheme, "postgres") || strings.EqualFold(scheme, "postgresql"))
}

// CheckDSN refuses a --db value that is neither a SQLite file path nor a postgres:// URL
// (data.md section 1): a mistyped URL ("postgress://") and PostgreSQL's keyword form
// ("host=db dbname=kp password=…", which libpq reads but klantpuls does not) are no file
// names — opened as one, the password would end up in a file name and every error about it.
func CheckDSN(dsn string) error {
	if scheme, _, isURL := strings.Cut(dsn, "://"); isURL && !IsPostgres(dsn) {
		return cx.Errorf(cx.EINVALID, "--db %s: unknown scheme %q: give a SQLite file path or a postgres:// URL",
			ShownDSN(dsn), scheme)
	}
	if pgKeywords.MatchString(dsn) {
		return cx.Errorf(cx.EINVALID, "--db %s: PostgreSQL's keyword form is not read: give a postgres:// URL, e.g. postgres://user:password@host:5432/dbname",
			ShownDSN(dsn))
	}
	return nil
}

// pgKeywords matches a value that starts with one of libpq's connection keywords and '='
// (PostgreSQL documentation, 34.1.2 Parameter Key Words): no one names a SQLite file so.
var pgKeywords = regexp.MustCompile(`^\s*(host|hostaddr|port|dbname|user|password|passfile|sslmode|service|connect_timeout|application_name|options|target_session_attrs)\s*=`)

// pgPassword is the password of PostgreSQL's keyword form, quoted or not.
var pgPassword = regexp.MustCompile(`(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S*)`)

// urlPassword is the password of what reads as a URL with one ("scheme://user:password@"),
// for a value Go's URL parser refuses ("0://kp:geheim@": a scheme must start with a letter).
// Up to the last @: a password may hold one, where a host may not.
var urlPassword = regexp.MustCompile(`(://[^:@/]*:).*@`)

// queryPassword is a password given as a URL's parameter, which libpq's URIs allow
// ("postgres://kp@db/kp?password=geheim", PostgreSQL documentation 34.1.1.2).
var queryPassword = regexp.MustCompile(`(?i)([?&]password=)[^&#]*`)

// ShownDSN is a --db value as a message may show it: a URL's password as xxxxx, as the
// PostgreSQL driver writes it in its own errors — also in a value that only looks like a URL,
// which the refusal of an unknown scheme prints.
func ShownDSN(dsn string) string {
	if pgKeywords.MatchString(dsn) {
		return pgPassword.ReplaceAllString(dsn, "${1}xxxxx")
	}
	shown := dsn
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		if _, has := u.User.Password(); has {
			shown = u.Redacted()
		}
	} else if err != nil {
		shown = urlPassword.ReplaceAllString(dsn, "${1}xxxxx@")
	}
	return queryPassword.ReplaceAllString(shown, "${1}xxxxx")
}

// Close closes the database.
func (a *App) Close() error { return a.store.Close() }

// Migration is what opening a database did to its schema (store.Migration).
type Migration = store.Migration

// Migration tells what opening the database did to its schema: the versions before and after
// and how many migrations ran (klantpuls migrate says it, serve logs it).
func (a *App) Migration() Migration { return a.migration }

// LoadEngine builds the engine from every stored record.
func (a *App) LoadEngine(ctx context.Context) error {
	e, err := engine.New(engineOptions(a.Config))
	if err != nil {
		return err
	}
	// The number is read before the records: what is committed during the load is applied
	// again by the next catch-up, which does no harm.
	seq, err := a.store.LastSeq(ctx)
	if err != nil {
		return err
	}
	l := e.Load()
	defer l.Close()
	fill := backfill{a: a}
	err = a.streamInto(ctx, l, func(r cx.Record) error {
		if unscored(r) {
			if err := fill.add(ctx, r); err != nil {
				return fmt.Errorf("app: storing the sentiment of earlier texts: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := fill.flush(ctx); err != nil {
		return fmt.Errorf("app: storing the sentiment of earlier texts: %w", err)
	}
	a.engine.Store(e)
	a.seq.Store(seq)
	return nil
}

// Engine returns the loaded engine (nil before LoadEngine).
func (a *App) Engine() *engine.Engine { return a.engine.Load() }

// Ingest commits records in one transaction and then applies them to the engine (when
// loaded): all or nothing. It is Write without patches.
func (a *App) Ingest(ctx context.Context, recs []cx.Record) (store.Result, error) {
	res, err := a.Write(ctx, recs, nil)
	return res.Result, err
}

// commit runs fill in one write transaction, commits it, and applies what fill says it wrote —
// records and cx.Deletions — to the engine (when loaded), in one write turn.
func (a *App) commit(ctx context.Context, fill func(store.Tx) ([]cx.Record, error)) (store.Result, error) {
	// Bounded: a request must not wait for ever behind a write that waits for the database.
	if err := a.writeMu.lockWithin(ctx); err != nil {
		return store.Result{}, err
	}
	defer a.writeMu.Unlock()
	tx, err := a.store.Begin(ctx)
	if err != nil {
		return store.Result{}, err
	}
	defer tx.Rollback()
	recs, err := fill(tx)
	if err != nil {
		return store.Result{}, err
	}
	res, err := tx.Commit()
	if err != nil {
		return res, err
	}
	if e := a.engine.Load(); e != nil {
		e.Apply(recs...)
		// The engine held every change up to Begun and now holds this commit's too: a
		// follower need not read them back. When another process committed in between, the
		// number stays, and the next catch-up reads both (applying ours again does no harm).
		a.seq.CompareAndSwap(res.Begun, res.Last)
	}
	if res.Written > 0 { // a record sent again unchanged is no news for dashboards
		a.publishCommitted(changeOf(recs, time.Now()))
	}
	return res, nil
}

// Bulk commits everything fill puts in one transaction: all or nothing. The engine, when
// loaded, then catches up on it (catchUpAfter).
func (a *App) Bulk(ctx context.Context, fill func(put func(cx.Record) error) error) (store.Result, error) {
	res, err := a.bulkTx(ctx, fill)
	if err != nil {
		return res, err
	}
	return res, a.catchUpAfter(ctx, res.Written)
}

// bulkTx is Bulk's transaction, in the write turn.
func (a *App) bulkTx(ctx context.Context, fill func(put func(cx.Record) error) error) (store.Result, error) {
	a.writeMu.Lock()
	defer a.writeMu.Unlock()
	tx, err := a.store.Begin(ctx)
	if err != nil {
		return store.Result{}, err
	}
	defer tx.Rollback()
	erased, err := a.erasedIDs(ctx)
	if err != nil {
		return store.Result{}, err
	}
	put := func(rec cx.Record) error {
		score(rec)
		rec, err := erased.forget(tx, rec)
		if err != nil {
			return err
		}
		rec, ok, err := complete(tx, rec)
		if err != nil || !ok {
			return err
		}
		return tx.Put(rec)
	}
	if err := fill(put); err != nil {
		return store.Result{}, err
	}
	return tx.Commit()
}

// catchUpAfter brings a loaded engine up to date after a large write of this process (an
// import, a bulk load) committed written records: by catching up on the changes, as for
// another process's commit (follow.go), which also tells the dashboards — not by loading every
// record again, which at 26M records took most of a minute and twice the memory for a few
// rows. It runs after the write turn: a catch-up applies in turns of its own.
func (a *App) catchUpAfter(ctx context.Context, written int) error {
	if written == 0 || a.engine.Load() == nil {
		return nil
	}
	_, err := a.CatchUp(ctx)
	return err
}
