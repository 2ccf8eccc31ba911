package sqlite

import (
	"fmt"
	"unsafe"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// The driver opens every connection with SQLITE_OPEN_FULLMUTEX, fixed in its code, so SQLite
// takes the connection's recursive mutex around every call: a step, and each column read
// (type, then value, then length). With modernc.org/libc's pthread emulation that was a third
// of the CPU of reading the records into the engine (pprof: 36 % of a load of 1M + 1M). The lock
// guards nothing the driver does not already need to be exclusive: the driver keeps one libc
// TLS per connection that two goroutines must never use at once (its package documentation),
// and database/sql hands a connection to one goroutine at a time and orders the hand-overs
// with its own mutexes. What crosses goroutines on a busy connection, sqlite3_interrupt when
// a context ends, takes no mutex.
//
// So the mutexes SQLite gives connections (SQLITE_MUTEX_RECURSIVE, which SQLite allocates for
// nothing else) are a marker that locks nothing, and every other mutex — the static ones of the
// allocator, the page-cache LRU, the open list, the VFS — stays the pthread one SQLite chose.
// That is SQLite's own way to change mutexes (sqlite3_config(SQLITE_CONFIG_MUTEX), the public
// interface for an application's mutex implementation), set once at start before any
// connection is opened; the driver does the same with its own methods on systems other than
// Linux.

// connectionMutex is the marker a connection's mutex is: never dereferenced, only compared.
var connectionMutex byte

var (
	// pthreads are the methods SQLite chose for this system, which every mutex but a
	// connection's keeps; defaults are they as Go functions (nil where SQLite has none).
	pthreads sqlite3.Sqlite3_mutex_methods
	defaults struct {
		alloc              func(*libc.TLS, int32) uintptr
		free, enter, leave func(*libc.TLS, uintptr)
		try, held, notheld func(*libc.TLS, uintptr) int32
	}
	// ours are the methods SQLite is given; a package variable, as SQLite keeps the pointer.
	ours sqlite3.Sqlite3_mutex_methods
)

func init() {
	if err := lockConnectionsByPool(); err != nil {
		panic(fmt.Errorf("sqlite: configuring connection mutexes: %w", err))
	}
}

// lockConnectionsByPool installs the methods. SQLite fills in its default methods when it is
// initialized and leaves them on shutdown, where they are read; configuration is allowed only
// while SQLite is not initialized, which it is not before the first connection.
func lockConnectionsByPool() error {
	tls := libc.NewTLS()
	defer tls.Close()
	steps := []struct {
		name string
		run  func() int32
	}{
		{"initialize", func() int32 { return sqlite3.Xsqlite3_initialize(tls) }},
		{"shutdown", func() int32 { return sqlite3.Xsqlite3_shutdown(tls) }},
		{"read the default mutexes", func() int32 { return config(tls, sqlite3.SQLITE_CONFIG_GETMUTEX, &pthreads) }},
		{"set the mutexes", func() int32 {
			if pthreads.FxMutexAlloc == 0 {
				return sqlite3.SQLITE_ERROR // no defaults to keep
			}
			defaults.alloc = goFunc[func(*libc.TLS, int32) uintptr](pthreads.FxMutexAlloc)
			defaults.free = goFunc[func(*libc.TLS, uintptr)](pthreads.FxMutexFree)
			defaults.enter = goFunc[func(*libc.TLS, uintptr)](pthreads.FxMutexEnter)
			defaults.leave = goFunc[func(*libc.TLS, uintptr)](pthreads.FxMutexLeave)
			defaults.try = goFunc[func(*libc.TLS, uintptr) int32](pthreads.FxMutexTry)
			defaults.held = goFunc[func(*libc.TLS, uintptr) int32](pthreads.FxMutexHeld)
			defaults.notheld = goFunc[func(*libc.TLS, uintptr) int32](pthreads.FxMutexNotheld)
			ours = pthreads
			ours.FxMutexAlloc = cFunc(mutexAlloc)
			ours.FxMutexFree = cFunc(mutexFree)
			ours.FxMutexEnter = cFunc(mutexEnter)
			ours.FxMutexTry = cFunc(mutexTry)
			ours.FxMutexLeave = cFunc(mutexLeave)
			ours.FxMutexHeld = cFunc(mutexHeld)
			ours.FxMutexNotheld = cFunc(mutexNotheld)
			return config(tls, sqlite3.SQLITE_CONFIG_MUTEX, &ours)
		}},
	}
	for _, s := range steps {
		if rc := s.run(); rc != sqlite3.SQLITE_OK {
			return fmt.Errorf("%s: %s", s.name, libc.GoString(sqlite3.Xsqlite3_errstr(tls, rc)))
		}
	}
	return nil
}

// config calls sqlite3_config(op, m).
func config(tls *libc.TLS, op int32, m *sqlite3.Sqlite3_mutex_methods) int32 {
	va := libc.NewVaList(uintptr(unsafe.Pointer(m)))
	defer libc.Xfree(tls, va)
	return sqlite3.Xsqlite3_config(tls, op, va)
}

// cFunc is a Go function as the C code calls it: its function value's pointer, the data word of
// an interface holding it (how the transpiled SQLite holds a function pointer: ccgo's
// __ccgo_fp). f takes the *libc.TLS first, as every transpiled function does.
func cFunc(f any) uintptr {
	type iface [2]uintptr
	return (*iface)(unsafe.Pointer(&f))[1]
}

// goFunc is a function pointer of the C code as a Go function of type F (cFunc's inverse);
// nil for a null pointer.
func goFunc[F any](fp uintptr) F {
	var f F
	if fp != 0 {
		f = *(*F)(unsafe.Pointer(&fp))
	}
	return f
}

var marker = uintptr(unsafe.Pointer(&connectionMutex))

func mutexAlloc(tls *libc.TLS, id int32) uintptr {
	if id == sqlite3.SQLITE_MUTEX_RECURSIVE {
		return marker
	}
	return defaults.alloc(tls, id)
}

func mutexFree(tls *libc.TLS, p uintptr) {
	if p != marker {
		defaults.free(tls, p)
	}
}

func mutexEnter(tls *libc.TLS, p uintptr) {
	if p != marker {
		defaults.enter(tls, p)
	}
}

func mutexLeave(tls *libc.TLS, p uintptr) {
	if p != marker {
		defaults.leave(tls, p)
	}
}

func mutexTry(tls *libc.TLS, p uintptr) int32 {
	if p == marker {
		return sqlite3.SQLITE_OK
	}
	return defaults.try(tls, p)
}

// mutexHeld and mutexNotheld serve SQLite's assertions (not compiled into the driver's build):
// a connection's marker is taken as held, as its goroutine is the one using it.
func mutexHeld(tls *libc.TLS, p uintptr) int32 {
	if p == marker || defaults.held == nil {
		return 1
	}
	return defaults.held(tls, p)
}

func mutexNotheld(tls *libc.TLS, p uintptr) int32 {
	if p == marker || defaults.notheld == nil {
		return 1
	}
	return defaults.notheld(tls, p)
}
