package app

import (
	"context"
	"log/slog"
	"time"

	"github.com/klantpuls/klantpuls/internal/clickhouse"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// Tickets, messages and survey answers ship together, in steps (clickhouse.InsertStep): a
// ticket's first reply, agent replies and reply-time samples come from its messages, so the
// shipper derives every ticket a step touches anew once the step's messages are in; an answer
// takes values from its ticket and counts or not by its ticket's other answers. A step holds
// the changes of the three kinds up to one change number, upTo, so every change of them
// numbered at most upTo is in ClickHouse once the step is: the consistent cut the answers'
// versions rest on (derive_answers.go). Each kind is read in one pass on a goroutine of its
// own (the store has no index on change numbers: a read from a position scans the table), in
// batches; a step takes what the kinds hold up to the lowest of their batches' last changes.

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

// stepKinds are the kinds shipped in steps, in the order of their readers.
var stepKinds = clickhouse.StepKinds

// shipSteps ships the changes of the stepKinds since their positions, step by step; each
// step's positions are written after it. It returns how many changes of each kind it shipped.
func (s *Shipper) shipSteps(ctx context.Context, seqs store.SeqChanges, size int) (shipped []int, err error) {
	shipped = make([]int, len(stepKinds))
	pos := make([]int64, len(stepKinds))
	for i, kind := range stepKinds {
		if pos[i], err = s.db.Position(ctx, kind); err != nil {
			return shipped, err
		}
	}
	// The pass's bound, read before the changes: each reader reads every change up to it.
	last, err := s.app.store.LastSeq(ctx)
	if err != nil {
		return shipped, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	readers := make([]*stepReader, len(stepKinds))
	for i, kind := range stepKinds {
		readers[i] = readSteps(ctx, seqs, kind, pos[i], size)
	}
	defer func() { // the readers end once cancelled; their errors count when ours is none
		cancel()
		for _, r := range readers {
			for range r.batches {
			}
			if err == nil && r.err != nil {
				err = r.err
			}
		}
	}()
	told := time.Now()
	answered := pos[2] > 0 // an answer numbered at most the cut may be in the store
	for {
		upTo := last
		for _, r := range readers {
			if r.fill(); !r.done { // more may follow its batch
				upTo = min(upTo, r.buf[len(r.buf)-1].Seq)
			}
		}
		took := make([][]clickhouse.Change, len(readers))
		n := 0
		for i, r := range readers {
			took[i] = r.take(upTo)
			n += len(took[i])
		}
		if n == 0 {
			return shipped, nil // what is left was committed after last: the next pass's
		}
		answered = answered || len(took[2]) > 0
		step := clickhouse.ShipStep{Tickets: took[0], Messages: took[1], Responses: took[2], UpTo: upTo, MessagesShipped: pos[1],
			NoAnswersYet: !answered}
		if err := s.fenced(); err != nil {
			return shipped, err
		}
		if err := s.db.InsertStep(ctx, step, &s.derive); err != nil {
			return shipped, err
		}
		// Positions only grow: after a rebuild of one kind another's may be ahead.
		for i, kind := range stepKinds {
			if upTo > pos[i] {
				if err := s.db.SetPosition(ctx, kind, upTo); err != nil {
					return shipped, err
				}
				pos[i] = upTo
			}
			shipped[i] += len(took[i])
		}
		if s.Log != nil && time.Since(told) >= shipProgress {
			told = time.Now()
			s.Log.Info("shipping to ClickHouse", slog.String("kind", string(cx.KindTickets)), slog.Int("shipped", shipped[0]),
				slog.Int("messages", shipped[1]), slog.Int("answers", shipped[2]), slog.Int64("position", upTo))
		}
	}
}
