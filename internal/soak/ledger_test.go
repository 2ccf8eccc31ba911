package soak

import (
	"maps"
	"sync"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// ledger is what the clients know: every record id the server or an import acknowledged, with
// the version last acknowledged, and the ids whose sending was refused (which must not be
// stored) or whose fate is unknown (no answer in the end).
type ledger struct {
	mu        sync.Mutex
	seq       int64 // counts acknowledgements; a backup taken after number n holds all up to n
	acked     map[cx.Kind]map[string]ackedRecord
	viaAPI    map[cx.Kind]int // distinct ids the server acknowledged (visible in its next report)
	refused   map[cx.Kind]map[string]bool
	uncertain map[cx.Kind]map[string]bool
}

type ackedRecord struct {
	version int
	seq     int64 // the acknowledgement that first brought the id
}

func newLedger() *ledger {
	l := &ledger{acked: map[cx.Kind]map[string]ackedRecord{}, viaAPI: map[cx.Kind]int{},
		refused: map[cx.Kind]map[string]bool{}, uncertain: map[cx.Kind]map[string]bool{}}
	for _, k := range soakKinds {
		l.acked[k], l.refused[k], l.uncertain[k] = map[string]ackedRecord{}, map[string]bool{}, map[string]bool{}
	}
	return l
}

// sent is one record of a request or an import file.
type sent struct {
	id      string
	version int
}

// ack records an acknowledgement of recs.
func (l *ledger) ack(kind cx.Kind, recs []sent, viaAPI bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seq++
	m := l.acked[kind]
	for _, r := range recs {
		old, seen := m[r.id]
		if !seen {
			old.seq = l.seq
			if viaAPI {
				l.viaAPI[kind]++
			}
		}
		old.version = r.version
		m[r.id] = old
	}
}

// refuse records records the server refused as a whole (nothing of them may be stored).
func (l *ledger) refuse(kind cx.Kind, recs []sent) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, r := range recs {
		l.refused[kind][r.id] = true
	}
}

// unsure records records sent without a final answer: they may or may not be stored.
func (l *ledger) unsure(kind cx.Kind, recs []sent) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, r := range recs {
		l.uncertain[kind][r.id] = true
	}
}

// mark is the number of acknowledgements so far.
func (l *ledger) mark() int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.seq
}

// apiCounts are the distinct ids per kind the server has acknowledged.
func (l *ledger) apiCounts() map[cx.Kind]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return maps.Clone(l.viaAPI)
}

// counts are the distinct acknowledged ids per kind, and the answers with a comment.
func (l *ledger) counts() (perKind map[cx.Kind]int, commented int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	perKind = map[cx.Kind]int{}
	for k, m := range l.acked {
		perKind[k] = len(m)
	}
	for id := range l.acked[cx.KindResponses] {
		if hasComment(id) {
			commented++
		}
	}
	return perKind, commented
}
