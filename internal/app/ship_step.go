package app

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/klantpuls/klantpuls/internal/clickhouse"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// Tickets and messages ship together, in steps (clickhouse.InsertStep): a ticket's first
// reply, agent replies and reply-time samples come from its messages, so the shipper derives
// every ticket a step touches anew once the step's messages are in. A step holds the changes
// of both kinds up to one change number, upTo: at most a batch of each, cut at the last change
// of a full batch, so every ticket and message change numbered at most upTo is in ClickHouse
// once the step is.

// errStepFull stops reading changes when a step's batch of a kind is full.
var errStepFull = errors.New("app: the step is full")

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
	told := time.Now()
	for {
		// Read before the changes: a batch that is not full holds every change up to last.
		last, err := s.app.store.LastSeq(ctx)
		if err != nil {
			return tickets, messages, err
		}
		upTo := last
		tk, full, err := readStep(ctx, seqs, cx.KindTickets, pt, size)
		if err != nil {
			return tickets, messages, err
		}
		if full {
			upTo = min(upTo, tk[len(tk)-1].Seq)
		}
		ms, full, err := readStep(ctx, seqs, cx.KindMessages, pm, size)
		if err != nil {
			return tickets, messages, err
		}
		if full {
			upTo = min(upTo, ms[len(ms)-1].Seq)
		}
		tk, ms = upToSeq(tk, upTo), upToSeq(ms, upTo)
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

// readStep reads up to size changes of kind numbered above after, and whether it stopped at
// size (more may follow).
func readStep(ctx context.Context, seqs store.SeqChanges, kind cx.Kind, after int64, size int) ([]clickhouse.Change, bool, error) {
	var batch []clickhouse.Change
	_, err := seqs.ChangesSeq(ctx, kind, after, func(r cx.Record, seq int64) error {
		if len(batch) == size {
			return errStepFull
		}
		batch = append(batch, clickhouse.Change{Record: r, Seq: seq})
		return nil
	})
	if errors.Is(err, errStepFull) {
		return batch, true, nil
	}
	return batch, false, err
}

// upToSeq is the changes numbered at most upTo (changes come in rising order).
func upToSeq(changes []clickhouse.Change, upTo int64) []clickhouse.Change {
	for i, c := range changes {
		if c.Seq > upTo {
			return changes[:i]
		}
	}
	return changes
}
