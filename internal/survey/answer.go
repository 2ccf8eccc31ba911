package survey

import (
	"context"
	"fmt"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/survey/form"
)

// Ways an answer arrives, kept in the answer's attributes ("via").
const (
	ViaEmail  = "email"  // a score link in an invitation e-mail
	ViaWeb    = "web"    // the hosted survey page
	ViaWidget = "widget" // the widget on the company's own site
)

// ResponseID is the id of an invitation's answer with a score. Answering the same score again
// (a mail scanner following the link, a second click) replaces that answer; another score is a
// new answer beside it, so a changed rating keeps its history and the latest one counts — by
// metrics.md section 1, per ticket for CSAT and CES and per customer for NPS. An answer that
// names neither has nothing to be counted once by, so it keeps one id and is replaced.
func ResponseID(inv *cx.Invitation, kind string, score int) string {
	if (kind == cx.SurveyNPS && inv.CustomerID != "") || (kind != cx.SurveyNPS && inv.TicketID != "") {
		return fmt.Sprintf("%s-%d", inv.ID, score)
	}
	return inv.ID
}

// Answer records a score for an invitation, with the comment sent with it ("" for none; checked
// by form, as Comment's).
func (s *Service) Answer(ctx context.Context, inv *cx.Invitation, score int, comment, via string) (*cx.Response, error) {
	sv, err := s.Invitations.Survey(ctx, inv.SurveyID)
	if err != nil {
		return nil, err
	}
	if lo, hi := s.Scale(sv.Kind); score < lo || score > hi {
		return nil, cx.Errorf(cx.EINVALID, "score: %d is outside the %s scale %d..%d", score, sv.Kind, lo, hi)
	}
	now := s.answerTime(ctx, inv, sv.Kind, score)
	r := &cx.Response{ID: ResponseID(inv, sv.Kind, score), Survey: sv.Kind, Score: score, SubmittedAt: now,
		CustomerID: inv.CustomerID, TicketID: inv.TicketID, Language: inv.Lang,
		Attrs: cx.Attrs{"via": via, "invitation": inv.ID, "survey_id": fmt.Sprint(sv.ID)}}
	// The answer keeps its comment and the team's reply to it, also under another score (an
	// invitation naming neither customer nor ticket has one answer, whose score is replaced):
	// the comment belongs to the answer, and a customer who changes their mind about the score
	// does not expect what they wrote to vanish. Another comment replaces it (Comment, or one
	// sent with the score). The comment's sentiment is scored from its text when the answer is
	// written (app), so it stays the comment's; the stores keep replied_at anyway (sqldb
	// columns.kept), and the engine must see the same.
	if old, err := s.App.Record(ctx, cx.KindResponses, r.ID); err == nil {
		prev := old.(*cx.Response)
		r.Comment, r.RepliedAt = prev.Comment, prev.RepliedAt
	}
	if comment != "" {
		r.Comment = comment
	}
	if _, err := s.App.Ingest(ctx, []cx.Record{r}); err != nil {
		return nil, err
	}
	if inv.AnsweredAt.IsZero() || inv.OpenedAt.IsZero() {
		if inv.OpenedAt.IsZero() {
			inv.OpenedAt = now
		}
		if inv.AnsweredAt.IsZero() {
			inv.AnsweredAt = now
		}
		if err := s.Invitations.UpdateInvitation(ctx, inv); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// answerTime is when an answer of score counts as given: now, but always after the
// invitation's other answers. Answers are kept in whole seconds, and of two in the same second
// the engine counts the one with the greater id — so a customer who clicks 3 and then 9 within
// a second would be counted as a 9 even after clicking 3 again. Being strictly later keeps "the
// latest answer counts" true however fast the clicks come.
func (s *Service) answerTime(ctx context.Context, inv *cx.Invitation, kind string, score int) time.Time {
	now := s.Now().UTC().Truncate(time.Second)
	id := ResponseID(inv, kind, score)
	if id == inv.ID {
		return now // one answer per invitation: nothing beside it to be later than
	}
	lo, hi := s.Scale(kind)
	for other := lo; other <= hi; other++ {
		if other == score {
			continue
		}
		if rec, err := s.App.Record(ctx, cx.KindResponses, ResponseID(inv, kind, other)); err == nil {
			if at := rec.(*cx.Response).SubmittedAt; !at.Before(now) {
				now = at.Truncate(time.Second).Add(time.Second)
			}
		}
	}
	return now
}

// Answered is the invitation's answer responseID: a comment names it, and may name no other.
func (s *Service) Answered(ctx context.Context, inv *cx.Invitation, responseID string) (*cx.Response, error) {
	rec, err := s.App.Record(ctx, cx.KindResponses, responseID)
	if err != nil {
		return nil, err
	}
	r := rec.(*cx.Response)
	if r.Attrs["invitation"] != inv.ID {
		return nil, cx.Errorf(cx.ENOTFOUND, "no such answer")
	}
	return r, nil
}

// Comment adds the follow-up comment to an answer of the invitation.
func (s *Service) Comment(ctx context.Context, inv *cx.Invitation, responseID, comment string) error {
	comment, err := form.CheckComment(comment)
	if err != nil {
		return err
	}
	r, err := s.Answered(ctx, inv, responseID)
	if err != nil {
		return err
	}
	if comment == "" || comment == r.Comment {
		return nil
	}
	r.Comment = comment
	_, err = s.App.Ingest(ctx, []cx.Record{r})
	return err
}

// Question is the survey's question in a language.
func Question(sv *cx.Survey, lang string) string {
	if lang == "en" {
		return sv.QuestionEN
	}
	return sv.QuestionNL
}
