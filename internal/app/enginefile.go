package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"

	"github.com/klantpuls/klantpuls/internal/engine"
)

// The engine file is the engine's snapshot (engine.Snapshot) kept beside the database, so a
// fresh process — `klantpuls report`, a server that restarts — reads its columns and applies
// only the changes committed since, instead of streaming every record from the store (issue
// 17: 156 s at 26M records). It is never trusted blindly: it names the database it was made
// of and the change it was made after (enginefile_history.go), and a file of another database,
// a damaged one (the snapshot's CRC-32C, a short file), one made under other options or by
// another version, one that includes changes the database does not have (a database restored
// from a backup) and one of another history are each refused in one line of the log and the
// engine is loaded from the database instead.

// engineFileMagic opens an engine file: the snapshot follows the database's identity and the
// file's history, padded with zeros to a multiple of 8 bytes so that the snapshot's columns
// lie 8-byte aligned in the file and are used where they lie when it is mapped
// (engine.RestoreFile). Version 2 has the padding, version 3 the history.
const engineFileMagic = "klantpuls-engine-file-3\n"

// databaseIDKey is the settings key holding the database's identity: a random id made on first
// use, so an engine file made of one database is refused by another. A copy keeps it;
// `klantpuls restore` gives the restored database a new one (RenewDatabaseID), so a file made
// before the restore is refused wherever it lies.
const databaseIDKey = "engine_file.database_id"

// idLen is the length of a database id in hex digits.
const idLen = 32

// EngineFileNone is the --engine-file value that turns the engine file off.
const EngineFileNone = "none"

// EngineFile is where the engine file of the database dsn lives: the flag's path when given
// ("none" is none), else beside a SQLite database (<db>.engine); a PostgreSQL database has
// none by default, as its servers may not share a disk.
func EngineFile(flag, dsn string) string {
	switch {
	case flag == EngineFileNone:
		return ""
	case flag != "":
		return flag
	case dsn == "":
		return DefaultDB + ".engine"
	case IsPostgres(dsn):
		return ""
	}
	return dsn + ".engine"
}

// Started tells how the engine was loaded.
type Started struct {
	FromFile bool   // from the engine file, then caught up
	Applied  int    // records committed since the file, applied on top of it
	Deleted  int    // deletions and erasures among them: the file holds what they took away
	Refused  string // why a file that was there was not used ("" when there was none, or it was)
}

// StartEngine loads the engine from the engine file at path when it is usable (then applies
// the changes committed since), else from every stored record. path "" is no file. An engine
// whose stored scores the configuration's scales no longer take is refused
// (ScoresOnScale), and not kept.
func (a *App) StartEngine(ctx context.Context, path string) (Started, error) {
	st, err := a.startEngine(ctx, path)
	if err == nil {
		if err = ScoresOnScale(a.Config, a.engine.Load()); err != nil {
			a.engine.Store(nil)
		}
	}
	if err == nil {
		a.recordNames(ctx, a.engine.Load())
	}
	return st, err
}

func (a *App) startEngine(ctx context.Context, path string) (Started, error) {
	a.snapshot = path
	// Follow-up replies are no records: the engine's load does not see them (sentiment.go).
	if n, err := a.scoreReplies(ctx, false); err != nil {
		a.logger().Warn(LogRepliesNotScored, slog.Any("error", err))
	} else if n > 0 {
		a.logger().Info(LogRepliesScored, slog.Int("replies", n))
	}
	var st Started
	if path != "" {
		if target, err := engineFileTarget(path); err == nil {
			RemoveLeftBehind(filepath.Dir(target), tempPrefix(target)) // a write killed midway
		}
		ok, why, err := a.restoreFile(ctx, path)
		if err != nil {
			return st, err
		}
		if ok {
			st.FromFile = true
			deletions := a.deletions.Load()
			st.Applied, err = a.CatchUp(ctx)
			st.Deleted = int(a.deletions.Load() - deletions)
			return st, err
		}
		if why != "" {
			st.Refused = why
			a.logger().Warn(LogEngineFileNotUsed, slog.String("file", path), slog.String("why", why))
		}
	}
	return st, a.LoadEngine(ctx)
}

// restoreFile puts the engine of the file at path in place when it is usable; otherwise it
// says why not ("" when there is no file). err is the database's failure, not the file's.
func (a *App) restoreFile(ctx context.Context, path string) (ok bool, why string, err error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return false, "", nil
	} else if err != nil {
		return false, WhyUnreadable + ": " + err.Error(), nil
	}
	defer f.Close()
	id, err := a.DatabaseID(ctx)
	if err != nil {
		// A database that cannot store its id (read-only) still answers from its records.
		return false, WhyNoDatabaseID + ": " + err.Error(), nil
	}
	head := make([]byte, maxHead)
	n, _ := io.ReadFull(f, head)
	got, hist, columns, why := parseHead(head[:n])
	switch {
	case why != "" && got == "":
		return false, why, nil
	case got != id:
		return false, fmt.Sprintf("%s (id %.12s… ≠ %.12s…)", WhyOtherDatabase, got, id), nil
	case why != "":
		return false, why, nil
	}
	e, seq, release, err := engine.RestoreFile(engineOptions(a.Config), f, columns, a.Brief)
	switch {
	case errors.Is(err, engine.ErrStaleSnapshot):
		return false, WhyOtherEngine, nil
	case err != nil:
		return false, WhyDamaged + ": " + err.Error(), nil
	case seq != hist.seq:
		release()
		return false, fmt.Sprintf("%s (%d ≠ %d)", WhyHeadColumns, hist.seq, seq), nil
	}
	last, err := a.store.LastSeq(ctx)
	if err != nil {
		release()
		return false, "", err
	}
	if seq > last {
		release()
		return false, fmt.Sprintf("%s (%d > %d)", WhyAhead, seq, last), nil
	}
	if why, err := a.otherHistory(ctx, hist); err != nil || why != "" {
		release()
		return false, why, err
	}
	a.engine.Store(e)
	a.seq.Store(seq)
	a.restored.Store(&seq)
	return true, "", nil
}

// DatabaseID is the database's identity, made (random) and stored on first use. Two processes
// that make one at once both store theirs; the one read back afterwards is the one kept, and a
// file written under the other is at worst refused once and written again.
func (a *App) DatabaseID(ctx context.Context) (string, error) {
	if id := a.dbID.Load(); id != nil {
		return *id, nil
	}
	settings, err := a.dash.Settings(ctx)
	if err != nil {
		return "", err
	}
	id := settings[databaseIDKey]
	if id == "" {
		if err := a.dash.SetSetting(ctx, databaseIDKey, newDatabaseID()); err != nil {
			return "", err
		}
		if settings, err = a.dash.Settings(ctx); err != nil {
			return "", err
		}
		id = settings[databaseIDKey]
	}
	a.dbID.Store(&id)
	return id, nil
}

// tempPrefix begins the name of a temporary engine file beside path: <file>.tmp-<pid>-<random>.
func tempPrefix(path string) string { return filepath.Base(path) + ".tmp-" }

// RenewDatabaseID gives the database a new identity: its history parts from that of the
// engine files made before (a backup restored over it), which are then refused as of another
// database.
func (a *App) RenewDatabaseID(ctx context.Context) error {
	if err := a.dash.SetSetting(ctx, databaseIDKey, newDatabaseID()); err != nil {
		return err
	}
	a.dbID.Store(nil)
	return nil
}

func newDatabaseID() string {
	b := make([]byte, idLen/2)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// SaveSnapshot writes the engine and its change number to path, under the database's
// identity. It writes a temporary file of a unique name in the same directory and renames it
// over path, so a crash leaves the old file or the new one, and two processes writing at once
// each put a whole file in place, the last one staying.
func (a *App) SaveSnapshot(path string) error {
	_, err := a.saveEngineFile(path)
	return err
}

// saveEngineFile is SaveSnapshot, returning the change number written. It holds the write
// turn while the columns are written (not while the file goes to disk): the engine and its
// number then agree (a reload replaces both in a turn), and no writer waits on the engine's
// lock meanwhile, where it would hold up the pages' reads queued behind it; a write waits
// instead (at most store.WriteWait, then it is told to try again). The caller must not hold
// the turn.
func (a *App) saveEngineFile(path string) (int64, error) {
	if a.engine.Load() == nil {
		return 0, errors.New("app: the engine is not loaded")
	}
	id, err := a.DatabaseID(context.Background())
	if err != nil {
		return 0, err
	}
	// One write at a time, from the columns to the rename: a write that took the columns
	// before an erasure cannot put its file in place after the erasure's own.
	a.fileMu.Lock()
	defer a.fileMu.Unlock()
	target, err := engineFileTarget(path)
	if err != nil {
		return 0, fmt.Errorf("app: writing the engine file %s: %w", path, err)
	}
	// Named by this process, so that a start after it was killed mid-write knows the file for
	// a leftover (RemoveLeftBehind); beside the target, so that the rename replaces it and not
	// a symbolic link to it.
	f, err := os.CreateTemp(filepath.Dir(target), tempPrefix(target)+strconv.Itoa(os.Getpid())+"-*")
	if err != nil {
		return 0, err
	}
	tmp := f.Name()
	fail := func(err error) (int64, error) {
		f.Close()
		os.Remove(tmp)
		return 0, fmt.Errorf("app: writing the engine file %s: %w", path, err)
	}
	// Readable as the database file is, no more (CreateTemp makes it the owner's only).
	if err := f.Chmod(a.engineFileMode()); err != nil {
		return fail(err)
	}
	a.writeMu.Lock()
	// The number is read before the columns: they hold at least what it counts, and what
	// they hold beyond it is applied again on the next start, which does no harm. The change
	// the database held last at it is read in the turn too (a few reads by an index), so that
	// the head names the number the columns are written with.
	e, seq := a.engine.Load(), a.seq.Load()
	hist, err := a.historyAt(context.Background(), seq)
	if err == nil {
		_, err = f.Write(hist.head(id))
	}
	if err == nil {
		err = e.Snapshot(f, seq)
	}
	a.writeMu.Unlock()
	if err != nil {
		return fail(err)
	}
	// On disk before the rename: after a power cut the name holds a whole file.
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return 0, err
	}
	if err := os.Rename(tmp, target); err != nil {
		os.Remove(tmp)
		return 0, err
	}
	return seq, nil
}

// Seq is the change number the engine includes: a caller that saves the engine file when the
// engine changed compares it with the number it saved last.
func (a *App) Seq() int64 { return a.seq.Load() }

// Empty tells whether the database holds no change yet: nothing was ever stored in it.
func (a *App) Empty(ctx context.Context) (bool, error) {
	last, err := a.store.LastSeq(ctx)
	return last == 0, err
}

// rewriteAfter is how many records caught up on top of the engine file make it worth writing
// again after a command answered: fewer cost the next start less than writing the file.
const rewriteAfter = 10_000

// Rewrite tells whether the engine file should be written again: it was not used (none, or
// refused), many changes were applied on top of it, or a deletion was — the file still holds
// what it took away (an erasure: the customer's id and the words of their comments), which
// must not stay on disk until 10,000 more records come.
func (st Started) Rewrite() bool {
	return !st.FromFile || st.Applied >= rewriteAfter || st.Deleted > 0
}

// CatchUpEngineFile brings the engine file at path up to date with what was committed since
// it was written: read, caught up, written again. A missing or refused file is made from the
// database when build is true — an import into a database that was empty, whose records are
// then all the import's own, so the first report after the first import starts from a file
// as every later one does (issue 17 point 1) — and otherwise left for the next command that
// needs the engine: an import into a database that holds more does not pay for loading all
// of it. Refused says why a file there was not used.
func (a *App) CatchUpEngineFile(ctx context.Context, path string, build bool) (Started, error) {
	var st Started
	ok, why, err := a.restoreFile(ctx, path)
	if err != nil || !ok {
		st.Refused = why
		if err != nil || !build {
			return st, err
		}
		if err := a.LoadEngine(ctx); err != nil {
			return st, err
		}
		return st, a.SaveSnapshot(path)
	}
	st.FromFile = true
	if st.Applied, err = a.CatchUp(ctx); err != nil || st.Applied == 0 {
		return st, err
	}
	return st, a.SaveSnapshot(path)
}
