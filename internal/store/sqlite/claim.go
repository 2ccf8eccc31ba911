package sqlite

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Who has a database open. SQLite's locks let one writer and many readers share a file, but
// nothing of them stops the file being replaced: `klantpuls restore` once put a backup in place
// while a server wrote on, and the server went on acknowledging writes into a file that no
// longer had a name. So every klantpuls process that opens a database holds a shared lock on a
// file beside it, <db>.lock, for as long as it has the database open; restore takes that lock
// exclusively, and also asks about SQLite's own locks, which every other program that has the
// database open holds (the sqlite3 shell, a klantpuls from before this lock).
//
// These are POSIX record locks (fcntl): the kernel drops them when a process ends, however it
// ends, and F_GETLK names the process that holds one. They belong to the process, not to a
// descriptor, and closing any descriptor of a file drops all the process's locks on it; so a
// process keeps one descriptor per lock file, counted by the stores that use it.

// claimWait bounds how long opening a database waits for a restore of it to finish.
var claimWait = 10 * time.Second

// fileID names a file by its inode: two paths to one file share one lock.
type fileID struct{ dev, ino uint64 }

type claim struct {
	file      *os.File
	users     int
	exclusive bool
}

var claims = struct {
	sync.Mutex
	byFile map[fileID]*claim
}{byFile: map[fileID]*claim{}}

// The byte ranges of SQLite's own locks (os_unix.c): a connection holds a read lock on the
// shared range of the database file, and in WAL mode on the DMS byte of the -shm file, for as
// long as it is open.
const (
	sqliteSharedFirst = 0x40000000 + 2 // PENDING_BYTE + 2
	sqliteSharedSize  = 510
	sqliteShmDMS      = (22+8)*4 + 8 // UNIX_SHM_BASE + SQLITE_SHM_NLOCK
)

// Share records that this process uses the database at path until release is called. While
// a restore of the database runs it waits for it, at most claimWait, then refuses.
func Share(path string) (release func(), err error) {
	claims.Lock()
	defer claims.Unlock()
	lockPath := path + ".lock"
	if c := claims.byFile[idOf(lockPath)]; c != nil {
		// Also under this process's own exclusive claim: a restore opens the database it
		// replaces, and then the restored one, to carry the audit log over.
		c.users++
		return releaser(c), nil
	}
	// Read access is enough for a read lock, and lets a server running as its own user share a
	// lock file that root's restore created.
	f, err := os.OpenFile(lockPath, os.O_RDONLY|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("store: unable to open %s: %w", lockPath, err)
	}
	// The wait keeps claims locked: another Share of this file in this process must not open a
	// descriptor of its own meanwhile (closing it would drop the lock).
	for deadline := time.Now().Add(claimWait); ; {
		err := lockRange(f, syscall.F_RDLCK, 0, 0)
		if err == nil {
			break
		}
		if !isHeld(err) || time.Now().After(deadline) {
			holder := holderOf(f, syscall.F_RDLCK, 0, 0)
			f.Close()
			if !isHeld(err) {
				return nil, fmt.Errorf("store: unable to lock %s: %w", lockPath, err)
			}
			return nil, cx.Refuse(cx.ECONFLICT, "", "db_being_restored",
				"%s is being restored by process %s: start again when it is done", path, holder)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return register(f, false), nil
}

// Exclusive takes the database at path for this process alone, to replace it (restore). It
// refuses, naming the process, while any process has the database open: a klantpuls command
// or server (by the lock file) or any other program (by SQLite's own locks). Until release,
// a klantpuls process that opens the database waits.
func Exclusive(path string) (release func(), err error) {
	claims.Lock()
	defer claims.Unlock()
	lockPath := path + ".lock"
	if claims.byFile[idOf(lockPath)] != nil {
		// Asking the files below would close a descriptor, and with it this process's locks.
		return nil, cx.Refuse(cx.ECONFLICT, "", "db_open_here", "%s is open in this process", path)
	}
	f, err := os.OpenFile(lockPath, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("store: unable to open %s: %w", lockPath, err)
	}
	if err := lockRange(f, syscall.F_WRLCK, 0, 0); err != nil {
		holder := holderOf(f, syscall.F_WRLCK, 0, 0)
		f.Close()
		if !isHeld(err) {
			return nil, fmt.Errorf("store: unable to lock %s: %w", lockPath, err)
		}
		return nil, inUse(path, holder)
	}
	for _, r := range []struct {
		file          string
		start, length int64
	}{{path, sqliteSharedFirst, sqliteSharedSize}, {path + "-shm", sqliteShmDMS, 1}} {
		if holder := sqliteHolder(r.file, r.start, r.length); holder != "" {
			f.Close()
			return nil, inUse(path, holder)
		}
	}
	return register(f, true), nil
}

// inUse refuses path, which holder has open, in the words of the command's language (as
// Share and Exclusive refuse: cx.Refuse's key, the web package's catalogue).
func inUse(path, holder string) error {
	return cx.Refuse(cx.ECONFLICT, "", "db_in_use", "%s is open in process %s: stop it first", path, holder)
}

// sqliteHolder names a process holding one of SQLite's locks on file, or returns "".
func sqliteHolder(file string, start, length int64) string {
	f, err := os.Open(file)
	if err != nil {
		return "" // no file, no one has it open
	}
	defer f.Close()
	return holderOf(f, syscall.F_WRLCK, start, length)
}

// register keeps f's lock for the callers of Share or Exclusive until each has released it.
func register(f *os.File, exclusive bool) func() {
	c := &claim{file: f, users: 1, exclusive: exclusive}
	claims.byFile[idOfFile(f)] = c
	return releaser(c)
}

func releaser(c *claim) func() {
	var once sync.Once
	return func() {
		once.Do(func() {
			claims.Lock()
			defer claims.Unlock()
			if c.users--; c.users == 0 {
				delete(claims.byFile, idOfFile(c.file))
				c.file.Close() // drops the lock
			}
		})
	}
}

func lockRange(f *os.File, kind int16, start, length int64) error {
	lk := syscall.Flock_t{Type: kind, Whence: 0, Start: start, Len: length}
	return syscall.FcntlFlock(f.Fd(), syscall.F_SETLK, &lk)
}

// isHeld tells whether a failed F_SETLK failed because another process holds a lock.
func isHeld(err error) bool {
	return errors.Is(err, syscall.EAGAIN) || errors.Is(err, syscall.EACCES)
}

// holderOf names a process holding a lock on f that a lock of kind over the range would
// conflict with, or returns "" when there is none.
func holderOf(f *os.File, kind int16, start, length int64) string {
	lk := syscall.Flock_t{Type: kind, Whence: 0, Start: start, Len: length}
	if err := syscall.FcntlFlock(f.Fd(), syscall.F_GETLK, &lk); err != nil || lk.Type == syscall.F_UNLCK {
		return ""
	}
	return describeProcess(int(lk.Pid))
}

// describeProcess names a process by its id and, where /proc tells it, its command line:
// "4242 (klantpuls serve)". The word "process" is the sentence's, in its language.
func describeProcess(pid int) string {
	name := strconv.Itoa(pid)
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	if err != nil || len(b) == 0 {
		return name
	}
	cmd := strings.TrimSpace(strings.ReplaceAll(string(b), "\x00", " "))
	if len(cmd) > 200 {
		cmd = cmd[:200] + "…"
	}
	return name + " (" + cmd + ")"
}

func idOf(path string) fileID {
	fi, err := os.Stat(path)
	if err != nil {
		return fileID{}
	}
	return idOfInfo(fi)
}

func idOfFile(f *os.File) fileID {
	fi, err := f.Stat()
	if err != nil {
		return fileID{}
	}
	return idOfInfo(fi)
}

func idOfInfo(fi os.FileInfo) fileID {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fileID{}
	}
	return fileID{dev: uint64(st.Dev), ino: st.Ino}
}
