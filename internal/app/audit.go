package app

import (
	"context"
	"os"
	"os/user"
	"slices"
	"strings"
	"unicode"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// Audit adds an entry to the audit log. Its text is cleaned first: some of it comes from
// strangers (the address tried at a failed sign-in), so it is made valid UTF-8 without control
// characters and cut to a bounded length; a log line must neither fail to store nor fill the
// disk.
func (a *App) Audit(ctx context.Context, e cx.AuditEntry) error {
	e = cleaned(e)
	return a.audit.AddAudit(ctx, &e)
}

// Audited makes a change and its lines in the audit log one: what fn writes through its ctx
// and the entries it returns, each cleaned as Audit cleans one, commit together or not at all
// (store.Audit.Audited). An entry that cannot be stored refuses the change whole, as
// unavailable (store.ErrAuditNotWritten). fn may fill in an entry from what it made; it
// returns none when it changed nothing. Records are written in a transaction of their own,
// which takes its lines itself (auditIn), not inside fn.
func (a *App) Audited(ctx context.Context, fn func(ctx context.Context) ([]cx.AuditEntry, error)) error {
	return a.audit.Audited(ctx, func(ctx context.Context) ([]cx.AuditEntry, error) {
		entries, err := fn(ctx)
		for i := range entries {
			entries[i] = cleaned(entries[i])
		}
		return entries, err
	})
}

// cleaned is e with its text cleaned for the log (Audit).
func cleaned(e cx.AuditEntry) cx.AuditEntry {
	e.Actor, e.From = clean(e.Actor, 320), clean(e.From, 200)
	e.Subject, e.Detail = clean(e.Subject, 320), clean(e.Detail, 2000)
	e.Words = cleanPhrases(e.Words)
	return e
}

// cleanPhrases are phrases with each value cleaned as an audit entry's text is (clean): they
// may quote what a caller sent. A copy: the caller's are left as they are.
func cleanPhrases(phrases []cx.AuditPhrase) []cx.AuditPhrase {
	if phrases == nil {
		return nil
	}
	phrases = slices.Clone(phrases)
	for i, p := range phrases {
		p.Args = slices.Clone(p.Args)
		for j := range p.Args {
			p.Args[j] = clean(p.Args[j], 320)
		}
		phrases[i] = p
	}
	return phrases
}

// AuditLog reads the audit log, newest first.
func (a *App) AuditLog(ctx context.Context, q store.AuditQuery) ([]cx.AuditEntry, error) {
	return a.audit.AuditLog(ctx, q)
}

// AuditInto adds an entry to the audit log of the database at dsn (a SQLite file or a
// postgres:// URL), opened for this alone. A restore needs it: it replaces the database an open
// App writes to, so its entry goes into the restored database once that is in place.
func AuditInto(ctx context.Context, dsn string, e cx.AuditEntry) error {
	a, err := Open(ctx, dsn, nil)
	if err != nil {
		return err
	}
	if err := a.Audit(ctx, e); err != nil {
		a.Close()
		return err
	}
	return a.Close()
}

// CommandLine is an audit entry for something done on the command line: who is the operating
// system's user ("cli:beheer"), from where the machine ("cli on server1", CommandLineHost).
func CommandLine(action, subject string, words ...cx.AuditPhrase) cx.AuditEntry {
	who := os.Getenv("USER")
	if u, err := user.Current(); err == nil {
		who = u.Username
	}
	host, err := os.Hostname()
	if err != nil {
		host = "an unknown host"
	}
	return cx.AuditEntry{Actor: "cli:" + who, From: cliOn + host, Action: action, Subject: subject, Words: words}
}

// cliOn begins the From of an entry made on the command line, before the machine's name.
const cliOn = "cli on "

// CommandLineHost is the machine an entry's From names when the entry was made on the command
// line (CommandLine), so a page can say it in its own words; false for a client's address.
func CommandLineHost(from string) (string, bool) {
	return strings.CutPrefix(from, cliOn)
}

// clean makes s valid UTF-8 without control characters, at most limit characters long.
func clean(s string, limit int) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
	if r := []rune(s); len(r) > limit {
		return string(r[:limit-1]) + "…"
	}
	return s
}

// AuditLogOf reads the whole audit log of the database at dsn, oldest first.
func AuditLogOf(ctx context.Context, dsn string) ([]cx.AuditEntry, error) {
	a, err := Open(ctx, dsn, nil)
	if err != nil {
		return nil, err
	}
	defer a.Close()
	return a.wholeAuditLog(ctx)
}

// wholeAuditLog reads the whole audit log, oldest first.
func (a *App) wholeAuditLog(ctx context.Context) ([]cx.AuditEntry, error) {
	var all []cx.AuditEntry
	for q := (store.AuditQuery{}); ; {
		page, err := a.AuditLog(ctx, q)
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		if len(page) < q.PageSize() {
			break
		}
		q.Before = page[len(page)-1].ID
	}
	slices.Reverse(all)
	return all, nil
}

// CommitUnknown reports whether err says the database did not answer a commit
// (store.CommitUnknown): whether what was written is stored is not known, so a command must
// not say nothing was.
func CommitUnknown(err error) bool { return store.CommitUnknown(err) }
