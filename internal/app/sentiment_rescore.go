package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/text"
)

// A stored score is the reading of the scorer that wrote it (sentiment.go). When an upgrade
// brings a scorer that reads some texts otherwise (text.ScorerVersion raised), the texts stored
// before are scored again: otherwise last year's "kan beter" stays neutral while this year's is
// negative, and the trend line moves because the rules changed, not the customers. The
// database records the version its scores are of (scorerVersionKey); a newer scorer reads
// every comment, mention and follow-up reply, and the scores that differ are stored through
// the write path (storeScores, the backfill's), so every node, the engine files and ClickHouse
// follow them as any write. The version is recorded once all are done.
//
// A server does it in the background once it is ready (RescoreHeld, from serve): it starts
// from its engine file in a second at 26M records (issue 17), and scoring ten million comments
// takes minutes — meanwhile the dashboards show the older scores, each batch's new ones as it
// lands. A `klantpuls report` does not: it reads the stored scores and stays a fresh process of
// a second; it sees the new ones once a server or `klantpuls rescore` (the same Rescore, in
// the foreground, for an install that never starts a server) stored them, and says on stderr
// until then that a rescore is due (RescoreDue). A start whose database records the running
// scorer's version (every start but the first after such an upgrade) reads one setting.
//
// With several nodes on one database, the node that holds the lease rescoreLease (ClaimSync,
// as the ClickHouse shipper's) does the work, and the others wait until the version is
// recorded; `klantpuls rescore` does not wait but says another process does it. A run stopped
// midway (a node killed, a lease lost) saves its place after each part of the store's order
// (rescoreAtKey): the next run, on any node, goes on from there, and a part read twice writes
// nothing, as a score already right is not written again.

const (
	// scorerVersionKey is the settings key of the scorer version the stored scores are of; a
	// database without it was scored before the versions were counted (version 0).
	scorerVersionKey = "sentiment.scorer_version"
	// rescoreAtKey is the settings key of the place a rescore has done: "version kind place".
	rescoreAtKey = "sentiment.rescore_at"
	// rescoreLease names the lease of the rescore in the store's sync table.
	rescoreLease = "lease:sentiment-rescore"
)

// rescoreLeaseFor is how long the lease lasts unrenewed, rescoreLeaseRenew how often its holder
// renews it (between parts) and the other nodes look whether it is free or the work done.
var rescoreLeaseFor, rescoreLeaseRenew = 30 * time.Second, 10 * time.Second

// rescoreKinds are the kinds with texts, in the order a rescore reads them.
var rescoreKinds = []cx.Kind{cx.KindResponses, cx.KindMentions}

// RescoreHeld scores the stored texts again when the running scorer is newer than the one
// the database records, on this node while it holds the lease (holder, e.g. Holder()), and
// returns once the version is recorded — at once when it is already — or when ctx ends.
func (a *App) RescoreHeld(ctx context.Context, holder string) {
	for ctx.Err() == nil {
		_, err := a.Rescore(ctx, holder, nil)
		switch {
		case err == nil:
			return
		case errors.Is(err, ErrRescoreHeld): // another node does it; wait until it is done
		case ctx.Err() == nil:
			a.logger().Warn(LogRescoring, slog.Any("error", err))
		}
		wait(ctx, rescoreLeaseRenew)
	}
}

// ErrRescoreHeld means another process holds the lease of the rescore: it is scoring the texts
// again now.
var ErrRescoreHeld = errors.New("another klantpuls process is scoring the earlier texts again now")

// Rescored is what a rescore did.
type Rescored struct {
	// Due tells whether the stored scores were of an older scorer; false when there was nothing
	// to do (another process may have finished it meanwhile).
	Due bool
	// From is the version the scores were of ("" before the versions were counted).
	From string
	// Read counts the answers and mentions read; Texts those whose score changed, Replies the
	// follow-up replies whose score changed.
	Read, Texts, Replies int
	Took                 time.Duration
}

// Rescore scores the stored texts again when the running scorer is newer than the one the
// database records, while holder holds the lease, and records the version when all are done:
// the one rescore of serve's background (RescoreHeld) and of `klantpuls rescore`. It returns
// ErrRescoreHeld, at once, when another process holds the lease. progress, when not nil, is
// told after each part of the store's order the answers and mentions read so far and of how
// many stored (counted once, for it only).
func (a *App) Rescore(ctx context.Context, holder string, progress func(read, of int)) (Rescored, error) {
	if due, _, err := a.rescoreDue(ctx); err != nil || !due {
		return Rescored{}, err
	}
	start := time.Now()
	held, err := a.ClaimSync(ctx, rescoreLease, holder, start, rescoreLeaseFor)
	if err != nil {
		return Rescored{}, err
	}
	if !held {
		return Rescored{}, ErrRescoreHeld
	}
	defer func() {
		// On a context of its own: a node that stops frees the lease for the next at once.
		release, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if err := a.ReleaseSync(release, rescoreLease, holder); err != nil {
			a.logger().Warn(LogRescoreLeaseKept, slog.Any("error", err))
		}
	}()
	// Read again under the lease: the node that held it before may have finished.
	due, settings, err := a.rescoreDue(ctx)
	if err != nil || !due {
		return Rescored{}, err
	}
	r := Rescored{Due: true, From: settings[scorerVersionKey]}
	a.logger().Info(LogRescoring,
		slog.String("from_version", r.From), slog.Int("to_version", text.ScorerVersion))
	run := rescoreRun{a: a, holder: holder, renewed: start, progress: progress}
	if r.Read, r.Texts, err = run.texts(ctx, settings[rescoreAtKey]); err != nil {
		return r, fmt.Errorf("app: scoring earlier texts again: %w", err)
	}
	if r.Replies, err = a.scoreReplies(ctx, true); err != nil {
		return r, fmt.Errorf("app: scoring earlier follow-up replies again: %w", err)
	}
	if err := a.SetSetting(ctx, scorerVersionKey, strconv.Itoa(text.ScorerVersion)); err != nil {
		return r, err
	}
	if err := a.SetSetting(ctx, rescoreAtKey, ""); err != nil {
		return r, err
	}
	r.Took = time.Since(start)
	// texts and replies count the scores that changed; read, the answers and mentions this run read.
	a.logger().Info(LogRescored, slog.Int("texts", r.Texts),
		slog.Int("replies", r.Replies), slog.Int("read", r.Read), slog.String("from_version", r.From), slog.Int("to_version", text.ScorerVersion),
		slog.Duration("took", r.Took))
	return r, nil
}

// RescoreDue tells whether the stored scores are of a scorer older than the running one, so
// the texts are to be scored again (Rescore): one read of the settings.
func (a *App) RescoreDue(ctx context.Context) (bool, error) {
	due, _, err := a.rescoreDue(ctx)
	return due, err
}

// RescoreUnderWay tells whether a process holds the lease of the rescore now — a serve node, or
// a klantpuls rescore — scoring the earlier texts again: a read, which takes no lease.
func (a *App) RescoreUnderWay(ctx context.Context) (bool, error) {
	return a.syncs.SyncHeld(ctx, rescoreLease, time.Now())
}

// rescoreDue tells whether the database's scores are of a scorer older than the running one,
// with the settings it read. An unreadable version is read as 0: scoring again does no harm.
func (a *App) rescoreDue(ctx context.Context) (bool, map[string]string, error) {
	settings, err := a.Settings(ctx)
	if err != nil {
		return false, nil, err
	}
	recorded, _ := strconv.Atoi(settings[scorerVersionKey])
	return recorded < text.ScorerVersion, settings, nil
}

// rescoreRun is one node's run of a rescore, while it holds the lease.
type rescoreRun struct {
	a        *App
	holder   string
	renewed  time.Time          // when the lease was last taken or renewed
	progress func(read, of int) // told the texts read after each part, when not nil
	of       int                // the texts stored, for progress
}

// texts reads every comment and mention part by part, from the place at (rescoreAtKey's value
// of a run stopped midway, "" from the start), stores the scores that differ and saves the
// place after each part. It returns how many texts it read and how many scores it stored.
func (r *rescoreRun) texts(ctx context.Context, at string) (read, stored int, err error) {
	if r.progress != nil {
		for _, kind := range rescoreKinds {
			n, err := r.a.store.Count(ctx, kind)
			if err != nil {
				return 0, 0, err
			}
			r.of += n
		}
	}
	from, place := resumeAt(at)
	for _, kind := range rescoreKinds[from:] {
		parts, err := r.a.store.Parts(ctx, kind, partPlaces)
		if err != nil {
			return read, stored, err
		}
		for _, p := range parts {
			if kind == rescoreKinds[from] && p.UpTo <= place {
				continue
			}
			var stale []cx.Record
			err := r.a.store.StreamPart(ctx, kind, p, func(rec cx.Record) error {
				if read++; rescored(rec) {
					stale = append(stale, rec)
				}
				return nil
			})
			if err != nil {
				return read, stored, err
			}
			for batch := range slices.Chunk(stale, backfillBatch) {
				n, err := r.a.storeScores(ctx, batch)
				if stored += n; err != nil {
					return read, stored, err
				}
			}
			if err := r.renew(ctx); err != nil {
				return read, stored, err
			}
			if err := r.a.saveRescoreAt(ctx, kind, p.UpTo); err != nil {
				return read, stored, err
			}
			if r.progress != nil {
				r.progress(read, r.of)
			}
		}
	}
	return read, stored, nil
}

// renew renews the lease when rescoreLeaseRenew has passed since it was taken; errLeaseTaken
// when another node took it meanwhile (this one stalled past rescoreLeaseFor): that node goes
// on from the place saved.
func (r *rescoreRun) renew(ctx context.Context) error {
	now := time.Now()
	if now.Sub(r.renewed) < rescoreLeaseRenew {
		return nil
	}
	held, err := r.a.ClaimSync(ctx, rescoreLease, r.holder, now, rescoreLeaseFor)
	switch {
	case err != nil:
		return err
	case !held:
		return errLeaseTaken
	}
	r.renewed = now
	return nil
}

// rescored gives rec, a record as stored, the running scorer's score and tells whether that
// differs from the stored one.
func rescored(rec cx.Record) bool {
	was := sentimentOf(rec)
	score(rec)
	return !sameScore(was, sentimentOf(rec))
}

// saveRescoreAt saves that the rescore for the running scorer has done kind's places up to
// place, and the kinds before it.
func (a *App) saveRescoreAt(ctx context.Context, kind cx.Kind, place int64) error {
	return a.SetSetting(ctx, rescoreAtKey, fmt.Sprintf("%d %s %d", text.ScorerVersion, kind, place))
}

// resumeAt reads a saved place: the index in rescoreKinds of the kind to go on with and the
// place done in it. A place saved for another version, or none, starts from the beginning.
func resumeAt(at string) (kind int, place int64) {
	var version int
	var name string
	if _, err := fmt.Sscanf(at, "%d %s %d", &version, &name, &place); err != nil || version != text.ScorerVersion {
		return 0, 0
	}
	if kind = slices.Index(rescoreKinds, cx.Kind(name)); kind < 0 {
		return 0, 0
	}
	return kind, place
}

// errSeen stops a stream at its first record (anyTexts).
var errSeen = errors.New("seen")

// recordScorerOfEmpty records the running scorer's version in a database that holds no
// comment or mention yet — a new one: every score it will hold is the running scorer's, so its
// first server has nothing to score again. Without it, a database made and filled by this
// release (an import of a year, then `serve`) would be read whole once in the background, a
// minute of a core at 26M records. A database with texts and no version was scored before the
// versions were counted, and keeps it unrecorded until a server has scored it again. Best
// effort: a version not recorded costs a read later, never a wrong score.
func (a *App) recordScorerOfEmpty(ctx context.Context) {
	settings, err := a.Settings(ctx)
	if err != nil || settings[scorerVersionKey] != "" {
		return
	}
	for _, kind := range rescoreKinds {
		err := a.store.Stream(ctx, kind, func(cx.Record) error { return errSeen })
		if err != nil { // a record (errSeen), or a store that cannot tell
			return
		}
	}
	_ = a.SetSetting(ctx, scorerVersionKey, strconv.Itoa(text.ScorerVersion))
}
