package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// Settings reads every setting.
func (s *Store) Settings(ctx context.Context) (map[string]string, error) {
	pairs, err := list(ctx, s, "settings", func(sc scanner) (*[2]string, error) {
		var kv [2]string
		return &kv, sc.Scan(&kv[0], &kv[1])
	}, "SELECT key, value FROM settings")
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(pairs))
	for _, kv := range pairs {
		out[kv[0]] = kv[1]
	}
	return out, nil
}

// SetSetting stores a setting; an empty value removes it.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	var err error
	if value == "" {
		_, err = s.exec(ctx, "DELETE FROM settings WHERE key = $1", key)
	} else {
		_, err = s.exec(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	}
	if err != nil {
		return fmt.Errorf("store: unable to save setting %s: %w", key, err)
	}
	return nil
}

// Feedback reads answers with a comment and mentions, newest first. An answer's channel, team,
// agent and customer are its own, else its ticket's; its segment its customer's. Mentions have
// none of these, so a filter on them or on a score leaves mentions out.
//
// Ties in time are broken by id in byte order: SQLite compares text so, and PostgreSQL's id
// columns are COLLATE "C"; so a page boundary falls where store.Feedback's merge expects it.
func (s *Store) Feedback(ctx context.Context, q store.FeedbackQuery) ([]store.FeedbackItem, error) {
	return store.Feedback(ctx, q, s.feedbackAnswers, s.feedbackMentions)
}

// params collects the values of a query and hands out their placeholders.
type params []any

func (p *params) add(v any) string {
	*p = append(*p, v)
	return "$" + strconv.Itoa(len(*p))
}

func (s *Store) feedbackAnswers(ctx context.Context, q store.FeedbackQuery, limit int) ([]store.FeedbackItem, error) {
	var args params
	where := []string{"r.submitted_at >= " + args.add(q.From.Unix()), "r.submitted_at < " + args.add(q.To.Unix())}
	if !q.AllAnswers {
		where = append(where, "r.comment IS NOT NULL")
	}
	if q.Survey != "" {
		where = append(where, "r.survey = "+args.add(q.Survey))
	}
	if q.MinScore != nil {
		where = append(where, "r.score >= "+args.add(*q.MinScore))
	}
	if q.MaxScore != nil {
		where = append(where, "r.score <= "+args.add(*q.MaxScore))
	}
	if q.Replied != nil {
		where = append(where, "r."+store.RepliedCondition(*q.Replied))
	}
	filters, err := store.FeedbackFilters(q.Filter)
	if err != nil {
		return nil, err
	}
	for _, f := range filters {
		where = append(where, "lower(trim("+f.Column+")) = "+args.add(f.Key))
	}
	query := `SELECT r.id, r.survey, r.score, r.submitted_at, r.comment, r.language,
		COALESCE(r.channel, t.channel), COALESCE(r.team, t.team), COALESCE(r.agent, t.agent),
		COALESCE(r.customer_id, t.customer_id), r.ticket_id, r.replied_at
		FROM responses r
		LEFT JOIN tickets t ON t.id = r.ticket_id
		LEFT JOIN customers c ON c.id = COALESCE(r.customer_id, t.customer_id)
		WHERE ` + strings.Join(where, " AND ") + ` ORDER BY r.submitted_at DESC, r.id LIMIT ` + args.add(limit)
	return list(ctx, s, "feedback", scanFeedbackAnswer, query, args...)
}

func scanFeedbackAnswer(sc scanner) (*store.FeedbackItem, error) {
	var (
		it                                        store.FeedbackItem
		score                                     int
		at                                        int64
		text, lang, ch, team, agent, cust, ticket sql.NullString
		replied                                   sql.NullInt64
	)
	err := sc.Scan(&it.ID, &it.Survey, &score, &at, &text, &lang, &ch, &team, &agent, &cust, &ticket, &replied)
	if err != nil {
		return nil, err
	}
	it.Kind, it.Score, it.At, it.Text = cx.KindResponses, &score, store.FromUnix(at), text.String
	it.Language, it.Channel, it.Team, it.Agent = lang.String, ch.String, team.String, agent.String
	it.CustomerID, it.TicketID, it.RepliedAt = cust.String, ticket.String, optInstant(replied)
	return &it, nil
}

func (s *Store) feedbackMentions(ctx context.Context, q store.FeedbackQuery, limit int) ([]store.FeedbackItem, error) {
	var args params
	where := "at >= " + args.add(q.From.Unix()) + " AND at < " + args.add(q.To.Unix())
	if q.Replied != nil {
		where += " AND " + store.RepliedCondition(*q.Replied)
	}
	return list(ctx, s, "mentions", scanFeedbackMention, `SELECT id, source, at, text, author, url,
		replied_at FROM mentions WHERE `+where+` ORDER BY at DESC, id LIMIT `+args.add(limit), args...)
}

func scanFeedbackMention(sc scanner) (*store.FeedbackItem, error) {
	var (
		it          store.FeedbackItem
		at          int64
		author, url sql.NullString
		replied     sql.NullInt64
	)
	if err := sc.Scan(&it.ID, &it.Source, &at, &it.Text, &author, &url, &replied); err != nil {
		return nil, err
	}
	it.Kind, it.At, it.Author, it.URL = cx.KindMentions, store.FromUnix(at), author.String, url.String
	it.RepliedAt = optInstant(replied)
	return &it, nil
}
