package app

import (
	"bytes"
	"context"
	"fmt"
	"hash/crc32"
	"slices"
	"strconv"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// An engine file is bound to the database's history, not to its change number only. A database
// put back from an older copy of its file (a file-level or VM restore) keeps its id and goes on
// numbering its changes from the copy's last: once new writes pass the file's number, a file
// that counts the changes the copy lost would be read as this database's. So the file names the
// change the database held last at the file's number — its kind, key and number — and a load
// checks that the database still holds that change there (or changed the record since the file:
// then a later number). A database whose history parted from the file's (put back from a copy,
// or one of two copies of a database sharing a file) does not, and the file is refused.

// maxHistoryKey is the longest key a file names its last change by: the head is read whole
// before the columns, in at most maxHead bytes. A longer key (none is, in practice) is no
// change named, as in a file of an empty database.
const (
	maxHistoryKey = 4096
	maxHead       = 2 * maxHistoryKey
)

// fileHistory is where an engine file lies in the database's history: the change number its
// columns include, and the change the database held last at that number (none when found is
// false).
type fileHistory struct {
	seq   int64
	last  store.Change
	found bool
}

// historyAt is the history of a file whose columns include the changes up to seq. A store that
// tells none (store.History) gives a file bound by its number only.
func (a *App) historyAt(ctx context.Context, seq int64) (fileHistory, error) {
	h := fileHistory{seq: seq}
	st, ok := a.store.(store.History)
	if !ok {
		return h, nil
	}
	var err error
	h.last, h.found, err = st.LastChange(ctx, seq)
	if len(h.last.Key) > maxHistoryKey {
		h.found = false
	}
	return h, err
}

// line is the history as the file's head holds it: "<seq> <kind> <number> <quoted key>", or
// "<seq> -" without a change, then its CRC-32C (the head is outside the columns' checksums).
func (h fileHistory) line() string {
	s := strconv.FormatInt(h.seq, 10) + " -"
	if h.found {
		s = fmt.Sprintf("%d %s %d %s", h.seq, h.last.Kind, h.last.Seq, strconv.Quote(h.last.Key))
	}
	return fmt.Sprintf("%s %08x", s, crc32.Checksum([]byte(s), castagnoli))
}

// castagnoli is the polynomial of the head's checksum, as of the columns'.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// parseHistory reads a history line; ok is false for a damaged one.
func parseHistory(line string) (h fileHistory, ok bool) {
	i := strings.LastIndexByte(line, ' ')
	if i < 0 || line[i+1:] != fmt.Sprintf("%08x", crc32.Checksum([]byte(line[:i]), castagnoli)) {
		return h, false
	}
	fields := strings.SplitN(line[:i], " ", 4)
	var err error
	if h.seq, err = strconv.ParseInt(fields[0], 10, 64); err != nil || h.seq < 0 {
		return h, false
	}
	switch {
	case len(fields) == 2 && fields[1] == "-":
		return h, true
	case len(fields) != 4:
		return h, false
	}
	h.last.Kind, h.found = cx.Kind(fields[1]), true
	if !slices.Contains(cx.Kinds, h.last.Kind) {
		return h, false
	}
	if h.last.Seq, err = strconv.ParseInt(fields[2], 10, 64); err != nil {
		return h, false
	}
	h.last.Key, err = strconv.Unquote(fields[3])
	return h, err == nil
}

// parseHead reads an engine file's head (engineFileMagic): the database's id, the history,
// and where the columns begin. why says what is wrong with a damaged or foreign head.
func parseHead(b []byte) (id string, h fileHistory, columns int64, why string) {
	const bad = WhyNotEngineFile
	rest, ok := bytes.CutPrefix(b, []byte(engineFileMagic))
	if !ok || len(rest) < idLen+1 || rest[idLen] != '\n' {
		return "", h, 0, bad
	}
	id, rest = string(rest[:idLen]), rest[idLen+1:]
	end := bytes.IndexByte(rest, '\n')
	if end < 0 {
		return id, h, 0, bad
	}
	if h, ok = parseHistory(string(rest[:end])); !ok {
		return id, h, 0, WhyHeadUnread
	}
	n := len(engineFileMagic) + idLen + 1 + end + 1
	columns = int64(n + headPad(n))
	if columns > int64(len(b)) || len(bytes.Trim(b[n:columns], "\x00")) > 0 {
		return id, h, 0, bad
	}
	return id, h, columns, ""
}

// head is an engine file's head: the magic, the database's id, the history, and zeros to a
// multiple of 8 bytes, so that the columns after it lie aligned (engine.RestoreFile).
func (h fileHistory) head(id string) []byte {
	b := []byte(engineFileMagic + id + "\n" + h.line() + "\n")
	return append(b, make([]byte, headPad(len(b)))...)
}

// headPad is how many zeros follow a head of n bytes to a multiple of 8: one rule for the
// writer (head) and the reader (parseHead), which must agree on where the columns begin.
func headPad(n int) int { return (8 - n%8) % 8 }

// otherHistory says why the database's history is not the file's ("" when it is, or cannot be
// told): the change the file names is not held at its number, nor was its record changed or
// deleted since the file.
func (a *App) otherHistory(ctx context.Context, h fileHistory) (string, error) {
	byKey, ok := a.store.(store.SeqRecords)
	if !h.found || !ok {
		return "", nil
	}
	now, held := int64(0), false
	err := byKey.RecordsSeq(ctx, h.last.Kind, "id", []string{h.last.Key}, func(_ cx.Record, seq int64) error {
		now, held = seq, true
		return nil
	})
	switch {
	case err != nil:
		return "", err
	case held && (now == h.last.Seq || now > h.seq):
		return "", nil
	}
	return fmt.Sprintf("%s (%s %q, %d)", WhyOtherHistory, h.last.Kind, h.last.Key, h.last.Seq), nil
}
