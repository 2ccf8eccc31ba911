package app

import (
	"context"
	"log/slog"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/text"
)

// Sentiment is derived once, when a record is written (DESIGN.md): every write path — Write and
// its kin, Import, Bulk — scores a comment or mention before it reaches the store, so the store
// holds the score beside the text, every node and snapshot reads the same number, and queries
// only count labels. A record written before klantpuls scored texts is scored once, when the
// engine loads (backfill below).

// textScore is the sentiment of s read in lang (the record's language column, else detected:
// text.Score reads lang as text.Lang does, detecting on the tokens it scores); nil for a text
// with nothing in it.
func textScore(s, lang string) *float64 {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	v := text.Score(s, lang)
	return &v
}

// score sets the sentiment of a comment or mention from its text, whatever the record carried
// (a client cannot send one: the importer keeps a `sentiment` column as an attribute). A
// record without text keeps the score it has: only an erasure leaves one so (erase_records.go),
// and the score stays counted as the answer's rating does.
func score(rec cx.Record) {
	switch r := rec.(type) {
	case *cx.Response:
		if s := textScore(r.Comment, r.Language); s != nil || r.Comment != "" {
			r.Sentiment = s
		}
	case *cx.Mention:
		if s := textScore(r.Text, ""); s != nil || r.Text != "" {
			r.Sentiment = s
		}
	case *cx.Supplement:
		// Scored as it comes, on an import's reading core; a comment the stored record
		// keeps brings its own score (cx.Supplement.Complete).
		score(r.Record)
	case *cx.Versioned:
		score(r.Record)
	}
}

// keepScore carries the score of stored over to rec, what a patch made of it, when the text is
// the same: a patch of an erased answer's replied_at keeps its score, as it keeps its rating. A
// changed text is scored again by score.
func keepScore(stored, rec cx.Record) {
	switch r := rec.(type) {
	case *cx.Response:
		if s, ok := stored.(*cx.Response); ok && s.Comment == r.Comment {
			r.Sentiment = s.Sentiment
		}
	case *cx.Mention:
		if s, ok := stored.(*cx.Mention); ok && s.Text == r.Text {
			r.Sentiment = s.Sentiment
		}
	}
}

// unscored tells whether rec has text and no score: stored before klantpuls scored texts.
func unscored(rec cx.Record) bool {
	switch r := rec.(type) {
	case *cx.Response:
		return r.Sentiment == nil && strings.TrimSpace(r.Comment) != ""
	case *cx.Mention:
		return r.Sentiment == nil && strings.TrimSpace(r.Text) != ""
	}
	return false
}

// backfillBatch is how many scores one transaction of the backfill stores: small enough that a
// node's other writes wait little, large enough that a million old comments take a few hundred
// commits.
const backfillBatch = 1000

// backfill stores the scores of records the engine's load found unscored, a batch at a time,
// while the load goes on: an upgraded install has sentiment for its history without a second
// pass over the store, and a later start finds nothing to do.
type backfill struct {
	a       *App
	pending []cx.Record
	stored  int
}

// add scores rec, which the load is about to give the engine, and stores the score with the
// next batch.
func (b *backfill) add(ctx context.Context, rec cx.Record) error {
	score(rec)
	b.pending = append(b.pending, rec)
	if len(b.pending) < backfillBatch {
		return nil
	}
	return b.flush(ctx)
}

// flush stores the pending scores in one transaction. Each record is read again in it: one
// another process changed since the load read it was scored by that write and is left alone.
func (b *backfill) flush(ctx context.Context) error {
	if len(b.pending) == 0 {
		return nil
	}
	tx, err := b.a.store.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, rec := range b.pending {
		cur, err := tx.Get(rec.RecordKind(), rec.Key())
		if cx.ErrorCode(err) == cx.ENOTFOUND {
			continue
		} else if err != nil {
			return err
		}
		if !unscored(cur) {
			continue
		}
		if keepScore(rec, cur); unscored(cur) { // the text changed meanwhile
			continue
		}
		if err := tx.Put(cur); err != nil {
			return err
		}
	}
	if _, err := tx.Commit(); err != nil {
		return err
	}
	b.stored += len(b.pending)
	b.a.logger().Info("sentiment of earlier texts stored", slog.Int("texts", b.stored))
	b.pending = b.pending[:0]
	return nil
}

// scoreReplies scores the follow-up replies saved before klantpuls scored them, a page at a
// time, in the language of the answer each replies to. Each is visited once (by answer id), so
// a reply with nothing to score in it does not hold the loop.
func (a *App) scoreReplies(ctx context.Context) error {
	stored := 0
	for after := ""; ; {
		page, err := a.surveys.UnscoredReplies(ctx, after, backfillBatch)
		if err != nil {
			return err
		}
		for _, r := range page {
			if s := textScore(r.Reply, r.Language); s != nil {
				if err := a.surveys.ScoreReply(ctx, r.ResponseID, r.Reply, *s); err != nil {
					return err
				}
				stored++
			}
		}
		if len(page) < backfillBatch {
			break
		}
		after = page[len(page)-1].ResponseID
	}
	if stored > 0 {
		a.logger().Info("sentiment of earlier follow-up replies stored", slog.Int("replies", stored))
	}
	return nil
}

// logger is where app tells what it did on its own (App.Log, else slog's default).
func (a *App) logger() *slog.Logger {
	if a.Log != nil {
		return a.Log
	}
	return slog.Default()
}
