package app

import (
	"context"
	"log/slog"

	"github.com/klantpuls/klantpuls/internal/clickhouse"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// settling is what the shipper knows of a table since it last asked clickhouse.Settle: its rows
// then, and the changes shipped into it since.
type settling struct {
	known       bool
	rows, fresh int
}

// settle asks ClickHouse to settle every table whose changes shipped since it last asked may be
// a share worth a merge (clickhouse.Settle: a settled table is read without FINAL). A table
// not asked of yet is asked after the first pass, which a restart or a rebuild needs. A merge
// that fails is logged and tried again after the next pass: the reads stay exact without it.
func (s *Shipper) settle(ctx context.Context, shipped Shipped) {
	if s.settled == nil {
		s.settled = map[cx.Kind]settling{}
	}
	for _, kind := range clickhouse.TableKinds() {
		st := s.settled[kind]
		for _, by := range clickhouse.WrittenBy(kind) {
			st.fresh += shipped[by]
		}
		if st.known && (st.fresh == 0 || st.fresh*clickhouse.SettleShare < st.rows) {
			s.settled[kind] = st
			continue
		}
		r, err := s.db.Settle(ctx, kind)
		if err != nil {
			if s.Log != nil && ctx.Err() == nil {
				s.Log.Warn("settling a ClickHouse table", slog.String("kind", string(kind)), slog.Any("error", err))
			}
			s.settled[kind] = st
			continue
		}
		if r.Merged && s.Log != nil {
			s.Log.Info("settled a ClickHouse table", slog.String("kind", string(kind)), slog.Int("rows", r.Rows), slog.Int64("mark", r.Mark))
		}
		st = settling{known: true, rows: r.Rows, fresh: r.Fresh}
		if r.Merged {
			st.fresh = 0
		}
		s.settled[kind] = st
	}
}
