package app

import (
	"context"
	"time"
	"unicode/utf8"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// MaxReply bounds the reply noted on a follow-up, as survey comments are bounded.
const MaxReply = 4000

// SaveFollowUp stores the owner and reply of a critical answer, after checking that the answer
// exists (cx.ENOTFOUND) and that the owner, when one is named, is a user (cx.EINVALID): a
// follow-up of nothing, or owned by nobody who can sign in, would sit in the list for ever.
// done marks the answer replied at f.UpdatedAt as well, which feeds the feedback response
// rate. Nothing is stored when a check fails.
func (a *App) SaveFollowUp(ctx context.Context, f *cx.FollowUp, done bool) error {
	rec, err := a.dash.Record(ctx, cx.KindResponses, f.ResponseID)
	if cx.ErrorCode(err) == cx.ENOTFOUND {
		return cx.Errorf(cx.ENOTFOUND, "response %q: no such answer", f.ResponseID)
	}
	if err != nil {
		return err
	}
	resp, ok := rec.(*cx.Response)
	if !ok {
		return cx.Errorf(cx.ENOTFOUND, "response %q: no such answer", f.ResponseID)
	}
	if f.OwnerID < 0 {
		return cx.Errorf(cx.EINVALID, "owner: %d is not a user", f.OwnerID)
	}
	if f.OwnerID != 0 {
		if _, err := a.accounts.UserByID(ctx, f.OwnerID); cx.ErrorCode(err) == cx.ENOTFOUND {
			return cx.Errorf(cx.EINVALID, "owner: %d is not a user", f.OwnerID)
		} else if err != nil {
			return err
		}
	}
	if !utf8.ValidString(f.Reply) || utf8.RuneCountInString(f.Reply) > MaxReply {
		return cx.Errorf(cx.EINVALID, "reply: at most %d characters of text", MaxReply)
	}
	// Read in the answer's language: the team replies in the customer's.
	f.ReplySentiment = textScore(f.Reply, resp.Language)
	f.Status = cx.FollowUpOpen
	if f.UpdatedAt.IsZero() {
		f.UpdatedAt = time.Now()
	}
	if done {
		f.Status = cx.FollowUpDone
		// An answer without a comment has nothing to reply to; it is still done.
		if err := a.MarkReplied(ctx, cx.KindResponses, f.ResponseID, f.UpdatedAt); err != nil && cx.ErrorCode(err) != cx.EINVALID {
			return err
		}
	}
	return a.surveys.SetFollowUp(ctx, f)
}
