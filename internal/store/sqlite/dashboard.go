package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

var _ store.Dashboard = (*Store)(nil)

// Record reads one record of kind by its key.
func (s *Store) Record(ctx context.Context, kind cx.Kind, key string) (cx.Record, error) {
	var found cx.Record
	err := s.selectWhere(ctx, kind, "id = ?", []any{key}, func(r cx.Record) error {
		found = r
		return nil
	})
	if err != nil {
		return nil, err
	}
	if found == nil {
		return nil, cx.Errorf(cx.ENOTFOUND, "no %s %q", strings.TrimSuffix(string(kind), "s"), key)
	}
	return found, nil
}

// Settings reads every setting.
func (s *Store) Settings(ctx context.Context) (map[string]string, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT key, value FROM settings")
	if err != nil {
		return nil, fmt.Errorf("store: unable to read settings: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, fmt.Errorf("store: unable to read settings: %w", err)
		}
		out[k] = v
	}
	return out, rows.Err()
}

// SetSetting stores a setting; an empty value removes it.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	var err error
	if value == "" {
		_, err = s.write.ExecContext(ctx, "DELETE FROM settings WHERE key = ?", key)
	} else {
		_, err = s.write.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value)
	}
	if err != nil {
		return fmt.Errorf("store: unable to save setting %s: %w", key, err)
	}
	return nil
}

// Feedback reads answers with a comment and mentions, newest first. An answer's channel, team,
// agent and customer are its own, else its ticket's; its segment its customer's. Mentions have
// none of these, so a filter on them or on a score leaves mentions out.
func (s *Store) Feedback(ctx context.Context, q store.FeedbackQuery) ([]store.FeedbackItem, error) {
	return store.Feedback(ctx, q, s.feedbackAnswers, s.feedbackMentions)
}

func (s *Store) feedbackAnswers(ctx context.Context, q store.FeedbackQuery, limit int) ([]store.FeedbackItem, error) {
	where := []string{"r.submitted_at >= ?", "r.submitted_at < ?"}
	args := []any{q.From.Unix(), q.To.Unix()}
	if !q.AllAnswers {
		where = append(where, "r.comment IS NOT NULL")
	}
	if q.Survey != "" {
		where, args = append(where, "r.survey = ?"), append(args, q.Survey)
	}
	if q.MinScore != nil {
		where, args = append(where, "r.score >= ?"), append(args, *q.MinScore)
	}
	if q.MaxScore != nil {
		where, args = append(where, "r.score <= ?"), append(args, *q.MaxScore)
	}
	if q.Replied != nil {
		where = append(where, "r."+store.RepliedCondition(*q.Replied))
	}
	filters, err := store.FeedbackFilters(q.Filter)
	if err != nil {
		return nil, err
	}
	for _, f := range filters {
		where, args = append(where, "lower(trim("+f.Column+")) = ?"), append(args, f.Key)
	}
	args = append(args, limit)
	query := `SELECT r.id, r.survey, r.score, r.submitted_at, r.comment, r.language,
		COALESCE(r.channel, t.channel), COALESCE(r.team, t.team), COALESCE(r.agent, t.agent),
		COALESCE(r.customer_id, t.customer_id), r.ticket_id, r.replied_at
		FROM responses r
		LEFT JOIN tickets t ON t.id = r.ticket_id
		LEFT JOIN customers c ON c.id = COALESCE(r.customer_id, t.customer_id)
		WHERE ` + strings.Join(where, " AND ") + ` ORDER BY r.submitted_at DESC, r.id LIMIT ?`
	rows, err := s.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read feedback: %w", err)
	}
	defer rows.Close()
	var out []store.FeedbackItem
	for rows.Next() {
		var it store.FeedbackItem
		var score int
		var at int64
		var lang, ch, team, agent, cust, ticket sql.NullString
		var replied sql.NullInt64
		var text sql.NullString
		if err := rows.Scan(&it.ID, &it.Survey, &score, &at, &text, &lang, &ch, &team, &agent, &cust, &ticket, &replied); err != nil {
			return nil, fmt.Errorf("store: unable to read feedback: %w", err)
		}
		it.Kind, it.Score, it.At, it.Text = cx.KindResponses, &score, store.FromUnix(at), text.String
		it.Language, it.Channel, it.Team, it.Agent, it.CustomerID, it.TicketID = lang.String, ch.String, team.String, agent.String, cust.String, ticket.String
		it.RepliedAt = optInstant(replied)
		out = append(out, it)
	}
	return out, rows.Err()
}

func (s *Store) feedbackMentions(ctx context.Context, q store.FeedbackQuery, limit int) ([]store.FeedbackItem, error) {
	where := "at >= ? AND at < ?"
	args := []any{q.From.Unix(), q.To.Unix()}
	if q.Replied != nil {
		where += " AND " + store.RepliedCondition(*q.Replied)
	}
	rows, err := s.read.QueryContext(ctx, `SELECT id, source, at, text, author, url, replied_at FROM mentions
		WHERE `+where+` ORDER BY at DESC, id LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read mentions: %w", err)
	}
	defer rows.Close()
	var out []store.FeedbackItem
	for rows.Next() {
		var it store.FeedbackItem
		var at int64
		var author, url sql.NullString
		var replied sql.NullInt64
		if err := rows.Scan(&it.ID, &it.Source, &at, &it.Text, &author, &url, &replied); err != nil {
			return nil, fmt.Errorf("store: unable to read mentions: %w", err)
		}
		it.Kind, it.At, it.Author, it.URL = cx.KindMentions, store.FromUnix(at), author.String, url.String
		it.RepliedAt = optInstant(replied)
		out = append(out, it)
	}
	return out, rows.Err()
}
