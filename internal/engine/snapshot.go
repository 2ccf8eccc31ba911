package engine

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"sync"
	"unsafe"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// A snapshot is the engine's columns written to a file, with the change sequence number they
// include, so a node that restarts loads it and applies only the changes since — rather than
// streaming every record from the store again. Derived values (business seconds) depend on the
// calendars, so a snapshot made under other business hours is refused and the node reloads.
// The format's number goes up whenever a column's meaning changes, so an older snapshot is
// refused in the same way rather than misread: format 2 marks unknown agent replies
// (noReplies), where format 1 stored them as 0; format 3 adds each response's own scale;
// format 4 the sentiment labels of comments (in the responses' flags) and of mentions; format 5
// the themes and terms of comments and mentions, and tickets' transfers (flags); format 6 the
// terms' written forms, and terms without function words; format 7 tickets' categories;
// format 8 ends with a CRC-32C of everything before it, so a damaged file is refused (and the
// node reloads from the store) rather than read into columns that disagree; format 9 gives
// every column its own CRC-32C and starts each at a multiple of 8 bytes, so a restore uses
// the columns where they lie in memory (a mapped file, RestoreFile) instead of decoding them,
// and checks them on every core (issue 17: the file was read, checksummed and copied value by
// value, 0.4 s of a 0.5 s cold report at 2M records); format 10 adds each ticket's reach (the
// latest instant the service pass counts it at) and its ticketEarly flag, so a report skips
// the tickets outside its period in two comparisons; format 11 leaves room after each column
// (roomFor), so a report restored in place that applies the records committed since the file
// appends them where the column lies instead of copying every column of their kind (issue 17:
// one ticket more cost 3.4 s of copying at 10M tickets); format 12 holds the terms of texts
// cut as text.Stems cuts them since an emoji's variation selector (U+FE0F, ❤️) is no word of
// its own — format 11's terms held it as one, an emerging term nobody could read. A change in
// how text.Stems cuts texts changes the terms a file holds, so it raises the format too; format
// 13 keeps whether each mention has its text (the Why page counted those with terms, so a
// mention of emoji only was no text); format 14 adds each ticket's last contact (the customer
// list's figure, derived from its messages), which format 13 did not hold; format 15 each
// ticket's latest answer time (answered); format 16 holds no pair of terms across a comma or a
// dash (a clause's end, text.Word.Pause), which format 15's did; format 17 holds no terms of an
// aside between commas ("Ik ben, eerlijk gezegd, bezorgd": text.Stems leaves eerlijk gezegd
// out), and pairs across it; format 18 pairs across an aside only when no word that opens a
// clause follows it ("Snel bezorgd, eerlijk gezegd, dat scheelt": text.Word.Pause on dat).

const snapshotMagic = "klantpuls-engine-snapshot-18"

// castagnoli is the checksum's polynomial: computed by the CPU, it costs the load next to
// nothing.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// ErrStaleSnapshot says a snapshot cannot be used: another format, other business hours or
// another taxonomy of themes.
var ErrStaleSnapshot = errors.New("engine: the snapshot was made by another version or under other business hours or themes")

// fingerprint identifies what derived values depend on: the calendars and the themes (texts
// are matched when applied, so a changed taxonomy reloads every record, as changed hours do).
func fingerprint(o Options) string {
	sum := sha256.Sum256(fmt.Appendf(nil, "%v|%v|%v|%s", o.Timezone, o.Hours, o.TeamHours, o.taxonomy().Fingerprint()))
	return fmt.Sprintf("%x", sum[:8])
}

// Snapshot writes the engine's columns and the change number seq they include.
func (e *Engine) Snapshot(w io.Writer, seq int64) error {
	e.mu.RLock()
	if e.terms.left {
		// No erased or changed text's words in the file: the terms are rebuilt and written
		// under one write lock, so no text can be cleared between the two.
		e.mu.RUnlock()
		e.mu.Lock()
		defer e.mu.Unlock()
		e.forgetLeftTerms()
	} else {
		defer e.mu.RUnlock()
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	f := &fielder{w: bw}
	f.str(snapshotMagic)
	f.str(fingerprint(e.opts))
	f.i64(&seq)
	e.fields(f)
	if f.err != nil {
		return fmt.Errorf("engine: writing a snapshot: %w", f.err)
	}
	return bw.Flush()
}

// Restore builds an engine from a snapshot read from r and returns the change number it
// includes. Each column is a slice of its own (RestoreFile can leave them in a mapped file).
func Restore(opts Options, r io.Reader) (*Engine, int64, error) {
	data, err := readAligned(r)
	if err != nil {
		return nil, 0, fmt.Errorf("engine: reading a snapshot: %w", err)
	}
	return restoreBytes(opts, data, false)
}

// restoreBytes builds an engine on the snapshot in data, which must start 8-byte aligned. In
// place, its columns are data's own bytes; else each is copied into memory of its own, so that
// nothing of data is kept. The columns are read first (lengths, bounds, the dictionaries'
// ends), then every column's checksum is checked, on every core, before the engine is
// returned: a damaged file is refused before any of its figures is used.
func restoreBytes(opts Options, data []byte, inPlace bool) (*Engine, int64, error) {
	e, err := New(opts)
	if err != nil {
		return nil, 0, err
	}
	f := &fielder{buf: data, inPlace: inPlace}
	var seq int64
	if f.str("") != snapshotMagic || f.str("") != fingerprint(opts) {
		if f.err == nil {
			return nil, 0, ErrStaleSnapshot
		}
	}
	f.i64(&seq)
	e.fields(f)
	e.inPlace = inPlace
	if f.err == nil && f.pos != len(f.buf) {
		f.err = errors.New("bytes after the last column")
	}
	if f.err == nil {
		f.err = verify(f.sums)
	}
	if f.err != nil {
		return nil, 0, fmt.Errorf("engine: reading a snapshot: %w", f.err)
	}
	// Every team's calendar is resolved now, before any reader: a load does it as it derives
	// each ticket (under the write lock), and a query under the read lock that resolved one
	// would append to calOfTeam beside another.
	for i := range e.teams.len() {
		e.calendarOf(uint16(i))
	}
	return e, seq, nil
}

// fields lists every column once, in one order, for writing and for reading.
func (e *Engine) fields(f *fielder) {
	for _, n := range []*names{&e.channels, &e.teams, &e.agents, &e.segments, &e.sources, &e.eventKinds, &e.criteria, &e.categories} {
		f.names(n)
	}
	c := &e.customers
	f.keys(&c.ids)
	col(f, &c.acquired)
	col(f, &c.churned)
	col(f, &c.segment)
	col(f, &c.flags)
	o := &e.orders
	f.keys(&o.ids)
	col(f, &o.customer)
	col(f, &o.at)
	col(f, &o.amount)
	col(f, &o.margin)
	t := &e.tickets
	f.keys(&t.ids)
	for _, s := range []*[]uint32{&t.created, &t.firstReply, &t.firstReplyColumn, &t.firstSolved, &t.solved, &t.customer,
		&t.msgHead, &t.respHead, &t.firstReplyBiz, &t.solvedBiz, &t.firstSolvedBiz, &t.reach, &t.contact, &t.answered} {
		col(f, s)
	}
	for _, s := range []*[]uint16{&t.repliesColumn, &t.channel, &t.team, &t.agent, &t.category, &t.reopens, &t.replies} {
		col(f, s)
	}
	col(f, &t.wait)
	col(f, &t.handle)
	col(f, &t.flags)
	m := &e.messages
	f.keys(&m.ids)
	for _, s := range []*[]uint32{&m.at, &m.ticket, &m.next, &m.replyCal, &m.replyBiz} {
		col(f, s)
	}
	col(f, &m.author)
	col(f, &m.agent)
	r := &e.responses
	f.keys(&r.ids)
	for _, s := range []*[]uint32{&r.submitted, &r.customer, &r.ticket, &r.next} {
		col(f, s)
	}
	col(f, &r.score)
	col(f, &r.survey)
	col(f, &r.scale)
	col(f, &r.flags)
	for _, s := range []*[]uint16{&r.channel, &r.team, &r.agent} {
		col(f, s)
	}
	f.texts(&r.text)
	mn := &e.mentions
	f.keys(&mn.ids)
	col(f, &mn.at)
	col(f, &mn.source)
	col(f, &mn.replied)
	col(f, &mn.tone)
	col(f, &mn.hasText)
	f.texts(&mn.text)
	f.keys(&e.terms.dict)
	col(f, &e.terms.list)
	e.terms.forms.fields(f)
	rv := &e.reviews
	f.keys(&rv.ids)
	f.keys(&rv.reviewIDs)
	col(f, &rv.review)
	col(f, &rv.criterion)
	col(f, &rv.rating)
	col(f, &rv.at)
	col(f, &rv.agent)
	ev := &e.events
	f.keys(&ev.ids)
	col(f, &ev.customer)
	col(f, &ev.at)
	col(f, &ev.kind)
}

// fielder writes fields (w set) or reads them from buf (the whole snapshot), keeping the
// first error. Reading, each column is a slice of buf (inPlace) or a copy of its own; its
// bytes and checksum go to sums, checked when every column has been read (verify).
type fielder struct {
	w       io.Writer
	n       int // bytes written
	buf     []byte
	inPlace bool
	pos     int
	sums    []checked
	err     error
}

// reading tells whether f reads a snapshot (else it writes one).
func (f *fielder) reading() bool { return f.w == nil }

// col writes or reads one column: its length (uint64), its values in little-endian order,
// zeros for roomFor more values and to the next multiple of 8 bytes (so every column starts
// aligned and is used where it lies), then a CRC-32C of those three as a uint64. The checksum
// covers the length too: a damaged length cannot make the reader take other bytes for the
// column unnoticed.
func col[T bool | int8 | int16 | uint8 | uint16 | uint32 | int64 | float64](f *fielder, s *[]T) {
	if f.err != nil {
		return
	}
	if f.reading() {
		readCol(f, s)
		return
	}
	raw := rawBytes(*s)
	head := binary.LittleEndian.AppendUint64(make([]byte, 0, 16), uint64(len(*s)))
	pad := make([]byte, tail(len(*s), int(unsafe.Sizeof(*new(T)))))
	sum := crc32.Update(crc32.Update(crc32.Update(0, castagnoli, head), castagnoli, raw), castagnoli, pad)
	for _, b := range [][]byte{head, raw, pad, binary.LittleEndian.AppendUint64(nil, uint64(sum))} {
		if f.err == nil {
			_, f.err = f.w.Write(b)
			f.n += len(b)
		}
	}
}

// padding is how many zero bytes follow n bytes to reach a multiple of 8.
func padding(n int) int { return (8 - n%8) % 8 }

// roomFor is how many values of room follow a column of n values in a snapshot: a 64th, so a
// column restored in place takes the records of a while (the app writes the file again after
// many) without moving, for 1.6% more file. Short columns have none: copying one costs
// nothing.
func roomFor(n int) int { return n / 64 }

// tail is how many zero bytes follow a column of n values of size bytes each: its room and
// the padding after it.
func tail(n, size int) int {
	room := size * roomFor(n)
	return room + padding(n*size+room)
}

func (f *fielder) i64(v *int64) {
	one := []int64{*v}
	if single(f, &one, "a change number") {
		*v = one[0]
	}
}

// single writes or reads a column of one value, which the reading uses at once: its checksum is
// checked first (checkedNow), and a column of another length is an error, not an index out
// of range.
func single[T uint32 | int64](f *fielder, s *[]T, what string) bool {
	col(f, s)
	if f.err != nil || !f.reading() {
		return false
	}
	if f.checkedNow(); f.err == nil && len(*s) != 1 {
		f.err = fmt.Errorf("%s that is not one number", what)
	}
	return f.err == nil
}

// str writes s, or reads and returns a string (a copy: it outlives the snapshot's bytes). Its
// checksum is checked with the others': a string read is only compared (the magic: another
// version's file, whose columns may carry no checksum, is told apart so) or kept as a name,
// and no engine is returned before every checksum matched.
func (f *fielder) str(s string) string {
	b := []byte(s)
	col(f, &b)
	return string(b)
}

// keys writes or reads an id dictionary; its hash table is rebuilt on reading, under a new seed.
func (f *fielder) keys(k *keys) {
	col(f, &k.arena)
	col(f, &k.ends)
	if f.reading() && f.err == nil {
		// The ids' ends are checked here, before the checksums: a damaged file is an error,
		// not a slice out of range. The hash table is built when an id is first looked up
		// (keys.ready): a report that looks none up does not pay for it.
		prev := uint32(0)
		for _, end := range k.ends {
			if end < prev || int(end) > len(k.arena) {
				f.err = errors.New("an id dictionary whose ends run backwards or past its bytes")
				return
			}
			prev = end
		}
		k.table, k.built = nil, new(sync.Once)
	}
}

// texts writes or reads the themes and terms of one kind's texts.
func (f *fielder) texts(c *textColumns) {
	col(f, &c.themes)
	col(f, &c.termAt)
	col(f, &c.termN)
}

// names writes or reads a dimension's values; the index is rebuilt on reading.
func (f *fielder) names(n *names) {
	count := []uint32{uint32(len(n.shown))}
	if !f.reading() {
		col(f, &count)
		for i := range n.shown {
			f.str(n.shown[i])
		}
		return
	}
	if !single(f, &count, "a dimension's count of names") {
		return
	}
	// Names are indexed by uint16: more is a damaged file, refused before it allocates.
	if count[0] > noName {
		f.err = errors.New("a dimension with more names than the engine can hold")
		return
	}
	n.shown, n.index = make([]string, count[0]), map[string]uint16{}
	for i := range n.shown {
		if n.shown[i] = f.str(""); f.err != nil {
			return
		}
		if i > 0 {
			n.index[cx.NameKey(n.shown[i])] = uint16(i)
		}
	}
}
