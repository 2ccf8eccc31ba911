package app

import (
	"context"
	"log/slog"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
	"github.com/klantpuls/klantpuls/internal/text"
)

// Sentiment is derived once, when a record is written (DESIGN.md): every write path — Write and
// its kin, Import, Bulk — scores a comment or mention before it reaches the store, so the store
// holds the score beside the text, every node and snapshot reads the same number, and queries
// only count labels. A record written before klantpuls scored texts is scored once, when the
// engine loads (backfill below); one an older scorer read, once after the upgrade that brought
// a newer one (sentiment_rescore.go).

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

// flush stores the pending scores (storeScores).
func (b *backfill) flush(ctx context.Context) error {
	if len(b.pending) == 0 {
		return nil
	}
	n, err := b.a.storeScores(ctx, b.pending)
	if err != nil {
		return err
	}
	b.stored += n
	b.a.logger().Info(LogTextsScored, slog.Int("texts", b.stored))
	b.pending = b.pending[:0]
	return nil
}

// storeScores stores the scores recs were given (score) in one write through the write path
// (commit), so the change sequence carries them to the other nodes, the engine file and the
// ClickHouse shipper: the backfill of texts stored unscored and the rescore of texts an older
// scorer read (sentiment_rescore.go) alike. Each record is read again in the transaction: one
// whose text another process changed since was scored by that write and is left alone, and one
// whose stored score is the one given already is not written again. It returns how many were
// written.
func (a *App) storeScores(ctx context.Context, recs []cx.Record) (int, error) {
	written := 0
	_, err := a.commit(ctx, func(tx store.Tx) ([]cx.Record, error) {
		var out []cx.Record
		for _, rec := range recs {
			cur, err := tx.Get(rec.RecordKind(), rec.Key())
			if cx.ErrorCode(err) == cx.ENOTFOUND {
				continue
			} else if err != nil {
				return nil, err
			}
			was := sentimentOf(cur)
			if keepScore(rec, cur); sameScore(was, sentimentOf(cur)) {
				continue // the text changed meanwhile, or its score is right
			}
			if err := tx.Put(cur); err != nil {
				return nil, err
			}
			out = append(out, cur)
		}
		written = len(out)
		return out, nil
	})
	if err != nil {
		return 0, err
	}
	return written, nil
}

// sentimentOf is the stored score of a comment or mention (nil for any other record).
func sentimentOf(rec cx.Record) *float64 {
	switch r := rec.(type) {
	case *cx.Response:
		return r.Sentiment
	case *cx.Mention:
		return r.Sentiment
	}
	return nil
}

// sameScore tells whether two scores are the same, none being the same as none.
func sameScore(a, b *float64) bool { return a == b || a != nil && b != nil && *a == *b }

// scoreReplies stores the scorer's score of follow-up replies, a page at a time, in the
// language of the answer each replies to: of those saved before klantpuls scored replies, or
// with all of every one whose stored score is not the scorer's (an older scorer's:
// sentiment_rescore.go). Each is visited once (by answer id), so a reply with nothing to score
// in it does not hold the loop. It returns how many scores it stored.
func (a *App) scoreReplies(ctx context.Context, all bool) (int, error) {
	stored := 0
	for after := ""; ; {
		page, err := a.surveys.RepliesToScore(ctx, after, backfillBatch, all)
		if err != nil {
			return stored, err
		}
		for _, r := range page {
			if s := textScore(r.Reply, r.Language); s != nil && !sameScore(s, r.Sentiment) {
				if err := a.surveys.ScoreReply(ctx, r.ResponseID, r.Reply, *s); err != nil {
					return stored, err
				}
				stored++
			}
		}
		if len(page) < backfillBatch {
			return stored, nil
		}
		after = page[len(page)-1].ResponseID
	}
}

// logger is where app tells what it did on its own (App.Log, else slog's default).
func (a *App) logger() *slog.Logger {
	if a.Log != nil {
		return a.Log
	}
	return slog.Default()
}
