package app

import (
	"context"
	"log/slog"
	"time"

	"github.com/klantpuls/klantpuls/internal/clickhouse"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// Tickets and messages ship together, in steps (clickhouse.InsertStep): a ticket's first
// reply, agent replies and reply-time samples come from its messages, so the shipper derives
// every ticket a step touches anew once the step's messages are in. A step holds the changes
// of both kinds up to one change number, upTo, so every ticket and message change numbered at
// most upTo is in ClickHouse once the step is. Each kind is read in one pass on a goroutine of
// its own (the store has no index on change numbers: a read from a position scans the table),
// in batches; a step takes what both kinds hold up to the lower of their batches' last changes.

// stepReader reads one kind's changes in batches on its own goroutine.
type stepReader struct {
	batches chan []clickhouse.Change
	buf     []clickhouse.Change // read, not yet shipped
	done    bool                // batches is closed: every change up to the pass's bound is read
	err     error               // set before batches is closed
}

func readSteps(ctx context.Context, seqs store.SeqChanges, kind cx.Kind, after int64, size int) *stepReader {
	r := &stepReader{batches: make(chan []clickhouse.Change, 1)}
	go func() {
		defer close(r.batches)
		var batch []clickhouse.Change
		hand := func() error {
			select {
			case r.batches <- batch:
				batch = nil
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		_, err := seqs.ChangesSeq(ctx, kind, after, func(rec cx.Record, seq int64) error {
			if batch = append(batch, clickhouse.Change{Record: rec, Seq: seq}); len(batch) < size {
				return nil
			}
			return hand()
		})
		if err == nil && len(batch) > 0 {
			err = hand()
		}
		r.err = err
	}()
	return r
}

// fill makes sure the reader holds read changes, unless it is done.
func (r *stepReader) fill() {
	for !r.done && len(r.buf) == 0 {
		b, ok := <-r.batches
		if !ok {
			r.done = true
			return
		}
		r.buf = b
	}
}

// take removes and returns the changes numbered at most upTo.
func (r *stepReader) take(upTo int64) []clickhouse.Change {
	i := 0
	for i < len(r.buf) && r.buf[i].Seq <= upTo {
		i++
	}
	out := r.buf[:i]
	r.buf = r.buf[i:]
	return out
}

// shipTicketsAndMessages ships the tickets' and messages' changes since their positions, step
// by step; each step's positions are written after it.
func (s *Shipper) shipTicketsAndMessages(ctx context.Context, seqs store.SeqChanges, size int) (tickets, messages int, err error) {
	pt, err := s.db.Position(ctx, cx.KindTickets)
	if err != nil {
		return 0, 0, err
	}
	pm, err := s.db.Position(ctx, cx.KindMessages)
	if err != nil {
		return 0, 0, err
	}
	// The pass's bound, read before the changes: each reader reads every change up to it.
	last, err := s.app.store.LastSeq(ctx)
	if err != nil {
		return 0, 0, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	tr, mr := readSteps(ctx, seqs, cx.KindTickets, pt, size), readSteps(ctx, seqs, cx.KindMessages, pm, size)
	defer func() { // the readers end once cancelled; their errors count when ours is none
		cancel()
		for _, r := range []*stepReader{tr, mr} {
			for range r.batches {
			}
			if err == nil && r.err != nil {
				err = r.err
			}
		}
	}()
	told := time.Now()
	for {
		tr.fill()
		mr.fill()
		upTo := last
		for _, r := range []*stepReader{tr, mr} {
			if !r.done { // more may follow its batch
				upTo = min(upTo, r.buf[len(r.buf)-1].Seq)
			}
		}
		tk, ms := tr.take(upTo), mr.take(upTo)
		if len(tk)+len(ms) == 0 {
			return tickets, messages, nil // what is left was committed after last: the next pass's
		}
		step := clickhouse.ShipStep{Tickets: tk, Messages: ms, UpTo: upTo, MessagesShipped: pm}
		if err := s.db.InsertStep(ctx, step, &s.derive); err != nil {
			return tickets, messages, err
		}
		// Positions only grow: after a rebuild of one kind the other's may be ahead.
		if upTo > pt {
			if err := s.db.SetPosition(ctx, cx.KindTickets, upTo); err != nil {
				return tickets, messages, err
			}
			pt = upTo
		}
		if upTo > pm {
			if err := s.db.SetPosition(ctx, cx.KindMessages, upTo); err != nil {
				return tickets, messages, err
			}
			pm = upTo
		}
		tickets, messages = tickets+len(tk), messages+len(ms)
		if s.Log != nil && time.Since(told) >= shipProgress {
			told = time.Now()
			s.Log.Info("shipping to ClickHouse", slog.String("kind", string(cx.KindTickets)), slog.Int("shipped", tickets),
				slog.Int("messages", messages), slog.Int64("position", upTo))
		}
	}
}
