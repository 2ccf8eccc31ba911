package app

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/store"
)

// MaxReply bounds the reply noted on a follow-up, as survey comments are bounded.
const MaxReply = 4000

// FollowUpFields names what a save of a follow-up writes: its owner, its reply, whether it is
// done (done or open). What it does not name stays as it stands in the save's transaction.
type FollowUpFields struct{ Owner, Reply, Status bool }

// SaveFollowUp stores the fields of f and done that fields names onto the follow-up of a
// critical answer as it stands in its transaction, after checking there that the answer exists
// (cx.ENOTFOUND) and that the owner, when one is written, is a user (cx.EINVALID): a follow-up
// of nothing, or owned by nobody who can sign in, would sit in the list for ever. Both are read
// in the transaction, so an owner removed and a language corrected while the form was sent are
// what the save finds: the reply is read in the answer's language as it commits. A form opened
// before another lead saved the same follow-up names only what its user changed on it, so it
// does not put back the owner, reply or "done" the other replaced. done, written, marks the
// answer replied at f.UpdatedAt as well, which feeds the feedback response rate, in the
// follow-up's transaction: an answer counted replied whose follow-up was not saved would change
// the rate for a reply nobody recorded. Nothing is stored when a check or a write fails. What
// changed is in the audit log, by whoever ctx says acts (ActingAs), in the same transaction
// (followUpLines). f becomes the follow-up as stored.
func (a *App) SaveFollowUp(ctx context.Context, f *cx.FollowUp, done bool, fields FollowUpFields) error {
	if fields.Reply && (!utf8.ValidString(f.Reply) || utf8.RuneCountInString(f.Reply) > MaxReply) {
		return cx.Errorf(cx.EINVALID, "reply: at most %d characters of text", MaxReply)
	}
	if f.UpdatedAt.IsZero() {
		f.UpdatedAt = time.Now()
	}
	var stored cx.FollowUp
	_, _, err := a.write(ctx, func(w *written) (bool, error) {
		ftx, err := followUpsIn(w.tx)
		if err != nil {
			return false, err
		}
		// The answer, the owner, then the follow-up: the order a removal of the owner locks
		// them in (the user, then their follow-ups), so neither waits for the other for ever.
		resp, err := answerIn(w.tx, f.ResponseID)
		if err != nil {
			return false, err
		}
		if fields.Owner {
			if err := ownerIn(ftx, f.OwnerID); err != nil {
				return false, err
			}
		}
		if fields.Reply {
			// Read in the answer's language: the team replies in the customer's.
			f.ReplySentiment = textScore(f.Reply, resp.Language)
		}
		if fields.Status && done {
			// On the answer as it stands now, as MarkReplied. An answer without a comment
			// has nothing to reply to; it is still done.
			_, err := w.reply(cx.KindResponses, f.ResponseID, f.UpdatedAt)
			if err != nil && cx.ErrorCode(err) != cx.EINVALID {
				return false, err
			}
		}
		// Read here, locked until the commit: the fields this save does not write stay as
		// they stand, and the lines say what it changed of the follow-up as it stands, not as
		// it stood before another save committed.
		states, err := ftx.FollowUps([]string{f.ResponseID})
		if err != nil {
			return false, err
		}
		before, ok := states[f.ResponseID]
		if !ok {
			before = cx.FollowUp{ResponseID: f.ResponseID, Status: cx.FollowUpOpen}
		}
		after := before
		after.UpdatedAt = f.UpdatedAt
		if fields.Owner {
			after.OwnerID = f.OwnerID
		}
		if fields.Reply {
			after.Reply, after.ReplySentiment = f.Reply, f.ReplySentiment
		}
		if fields.Status {
			after.Status = cx.FollowUpOpen
			if done {
				after.Status = cx.FollowUpDone
			}
		}
		if err := ftx.SetFollowUp(&after); err != nil {
			return false, err
		}
		for _, l := range followUpLines(before, after) {
			if err := a.auditIn(ctx, w.tx, l.action, l.subject, l.words...); err != nil {
				return false, err
			}
		}
		stored = after
		return false, nil
	}, nil, nil, nil)
	if err != nil {
		return err
	}
	*f = stored
	return nil
}

// auditLine is a line of the audit log, but for who acts.
type auditLine struct {
	action, subject string
	words           []cx.AuditPhrase
}

// followUpLines are the lines of the audit log a save of a follow-up from before to after
// writes: its owner changed, the answer marked replied by "done", and what happened to its
// reply (followUpChange). Never the reply itself, which may hold personal data.
func followUpLines(before, after cx.FollowUp) []auditLine {
	var lines []auditLine
	subject := "response " + after.ResponseID
	if before.OwnerID != after.OwnerID {
		lines = append(lines, auditLine{cx.AuditFollowUpAssign, subject, ownerWords(after.OwnerID)})
	}
	if after.Status == cx.FollowUpDone && before.Status != cx.FollowUpDone {
		// Done records the reply time on the answer, as "mark replied" on Feedback does, and
		// names it as that does.
		lines = append(lines, auditLine{cx.AuditMarkReplied, string(cx.KindResponses) + " " + after.ResponseID, nil})
	}
	if change := followUpChange(before, after); len(change) > 0 {
		lines = append(lines, auditLine{cx.AuditFollowUpChange, subject, change})
	}
	return lines
}

// followUpChange says what a save did to a follow-up's reply and whether it reopened a done
// answer: none when neither changed (the owner and done have lines of their own).
func followUpChange(before, after cx.FollowUp) []cx.AuditPhrase {
	var said []cx.AuditPhrase
	switch {
	case before.Reply == after.Reply:
	case before.Reply == "":
		said = append(said, cx.Phrase("reply_written"))
	case after.Reply == "":
		said = append(said, cx.Phrase("reply_removed"))
	default:
		said = append(said, cx.Phrase("reply_changed"))
	}
	if before.Status == cx.FollowUpDone && after.Status != cx.FollowUpDone {
		said = append(said, cx.Phrase("reopened"))
	}
	return said
}

// ownerWords are an assignment as the audit log says it: the owner's user id, or none.
func ownerWords(owner int64) []cx.AuditPhrase {
	if owner == 0 {
		return []cx.AuditPhrase{cx.Phrase("owner_none")}
	}
	return []cx.AuditPhrase{cx.Phrase("owner", strconv.FormatInt(owner, 10))}
}

// followUpsIn is tx as the writer of follow-ups with records.
func followUpsIn(tx store.Tx) (store.FollowUpTx, error) {
	ftx, ok := tx.(store.FollowUpTx)
	if !ok {
		return nil, cx.Errorf(cx.EINTERNAL, "app: this store writes no follow-ups with records")
	}
	return ftx, nil
}

// AssignFollowUps gives the answers with ids to owner (0: to nobody), each once however often
// ids names it, keeping each one's reply and status as they stand in its transaction. Every
// answer and the owner are checked in that transaction before anything is written, so a bulk
// assignment with one bad id, or to a user removed meanwhile, changes nothing (cx.ENOTFOUND,
// cx.EINVALID), and a write that fails changes nothing either. Each answer whose owner changed
// has a line in the audit log, by whoever ctx says acts (ActingAs).
func (a *App) AssignFollowUps(ctx context.Context, ids []string, owner int64, at time.Time) error {
	if len(ids) == 0 {
		return cx.Refuse(cx.EINVALID, "id", "followup_none_ticked", "choose at least one answer to assign")
	}
	// Once each: an answer named twice would be written, and audited, twice.
	once := make([]string, 0, len(ids))
	for _, id := range ids {
		if !slices.Contains(once, id) {
			once = append(once, id)
		}
	}
	// One transaction: a write refused halfway must not leave some answers assigned while
	// the page says the assignment failed.
	_, _, err := a.write(ctx, func(w *written) (bool, error) {
		ftx, err := followUpsIn(w.tx)
		if err != nil {
			return false, err
		}
		// The answers, the owner, then the follow-ups, as SaveFollowUp.
		for _, id := range once {
			if _, err := answerIn(w.tx, id); err != nil {
				return false, err
			}
		}
		if err := ownerIn(ftx, owner); err != nil {
			return false, err
		}
		// Read here, locked until the commit: the owner changes, and the reply and status
		// stay as they stand, not as they stood before another save committed.
		states, err := ftx.FollowUps(once)
		if err != nil {
			return false, err
		}
		for _, id := range once {
			f, ok := states[id]
			if ok && f.OwnerID == owner {
				continue
			}
			if !ok {
				f = cx.FollowUp{ResponseID: id, Status: cx.FollowUpOpen}
			}
			f.OwnerID, f.UpdatedAt = owner, at
			if err := ftx.SetFollowUp(&f); err != nil {
				return false, err
			}
			if err := a.auditIn(ctx, w.tx, cx.AuditFollowUpAssign, "response "+id, ownerWords(owner)...); err != nil {
				return false, err
			}
		}
		return false, nil
	}, nil, nil, nil)
	return err
}

// answerIn is the survey answer with id as tx finds it, or cx.ENOTFOUND.
func answerIn(tx store.Tx, id string) (*cx.Response, error) {
	rec, err := tx.Get(cx.KindResponses, id)
	if err != nil && cx.ErrorCode(err) != cx.ENOTFOUND {
		return nil, err
	}
	resp, ok := rec.(*cx.Response)
	if !ok {
		return nil, cx.Refuse(cx.ENOTFOUND, "", "not_found/response", "response %q: no such answer", id)
	}
	return resp, nil
}

// ownerIn refuses an owner who is not a user as ftx finds them (cx.EINVALID), and holds the one
// who is until ftx ends; 0 is nobody, and allowed.
func ownerIn(ftx store.FollowUpTx, owner int64) error {
	if owner < 0 {
		return notAUser(owner)
	}
	if owner == 0 {
		return nil
	}
	if ok, err := ftx.IsUser(owner); err != nil {
		return err
	} else if !ok {
		return notAUser(owner)
	}
	return nil
}

// ParseOwner reads the owner a form names: a user's id, or "" for nobody (0). Whether that user
// exists is checked where the follow-up is saved.
func ParseOwner(v string) (int64, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, nil
	}
	owner, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, notAUser(strconv.Quote(v))
	}
	return owner, nil
}

// notAUser refuses an owner who is no user, shown as the form gave it: on a page in its
// language (the key's words are web's), a tampered form's only way to name one.
func notAUser(owner any) error {
	return cx.Refuse(cx.EINVALID, "owner", "followup_bad_owner", "%v is not a user", owner)
}

// PickAnswers is the loaded engine's pick of answers with their instants and scores
// (engine.PickAnswersScored): the follow-up list counts, filters and pages on it and reads
// from the database only the page's answers. False when no engine is loaded or the survey is
// not one it holds: the caller asks the database.
func (a *App) PickAnswers(p engine.AnswerPick) ([]engine.PickedAnswer, bool) {
	e := a.engine.Load()
	if e == nil {
		return nil, false
	}
	return e.PickAnswersScored(p)
}
