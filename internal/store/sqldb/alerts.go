package sqldb

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// CreateAlertRule stores r and sets r.ID. r.CreatedAt, now when zero, is kept in whole seconds.
func (s *Store) CreateAlertRule(ctx context.Context, r *cx.AlertRule) error {
	created := stamp(r.CreatedAt)
	id, _, err := s.insert(ctx, `INSERT INTO alert_rules
		(name, condition, threshold, email, webhook, webhook_format, active, created_at, theme,
		metric, team, period, periods, percent, min_count, lang, figure)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
		r.Name, r.Condition, r.Threshold, bindText(r.Email), bindText(r.Webhook), bindText(r.WebhookFormat),
		r.Active, created.Unix(), bindText(r.Theme),
		bindText(r.Metric), bindText(r.Team), bindText(r.Period), r.Periods, r.Percent, r.MinCount, bindText(r.Lang),
		bindText(r.Figure))
	if err := s.failed(err, fmt.Sprintf("create alert rule %q", r.Name), ""); err != nil {
		return err
	}
	r.ID, r.CreatedAt = id, created
	return nil
}

// UpdateAlertRule writes every field of r but ID and CreatedAt to the rule with r.ID.
func (s *Store) UpdateAlertRule(ctx context.Context, r *cx.AlertRule) error {
	n, err := s.exec(ctx, `UPDATE alert_rules SET name = $1, condition = $2, threshold = $3, email = $4,
		webhook = $5, webhook_format = $6, active = $7, theme = $8, metric = $9, team = $10, period = $11,
		periods = $12, percent = $13, min_count = $14, lang = $15, figure = $16 WHERE id = $17`,
		r.Name, r.Condition, r.Threshold, bindText(r.Email), bindText(r.Webhook), bindText(r.WebhookFormat),
		r.Active, bindText(r.Theme), bindText(r.Metric), bindText(r.Team), bindText(r.Period),
		r.Periods, r.Percent, r.MinCount, bindText(r.Lang), bindText(r.Figure), r.ID)
	return changed(n, err, "update", "alert rule "+strconv.FormatInt(r.ID, 10))
}

// ListAlertRules returns every alert rule, oldest first.
func (s *Store) ListAlertRules(ctx context.Context) ([]cx.AlertRule, error) {
	return list(ctx, s, "alert rules", scanAlertRule, `SELECT id, name, condition, threshold,
		email, webhook, webhook_format, active, created_at, theme, metric, team, period, periods, percent,
		min_count, lang, figure FROM alert_rules ORDER BY id`)
}

func scanAlertRule(r *row) cx.AlertRule {
	return cx.AlertRule{ID: r.Integer(), Name: r.Text(), Condition: r.Text(), Threshold: int(r.Integer()),
		Email: r.Text(), Webhook: r.Text(), WebhookFormat: r.Text(), Active: r.Flag(), CreatedAt: r.instant(),
		Theme: r.Text(), Metric: r.Text(), Team: r.Text(), Period: r.Text(), Periods: int(r.Integer()),
		Percent: int(r.Integer()), MinCount: int(r.Integer()), Lang: r.Text(), Figure: r.Text()}
}

// DeleteAlertRule removes the rule with id and its alerts not yet delivered: with the rule gone
// they have nowhere to go, and left pending they would stay at the head of the queue for ever.
// Delivered alerts stay, as history.
func (s *Store) DeleteAlertRule(ctx context.Context, id int64) error {
	what := "alert rule " + strconv.FormatInt(id, 10)
	return s.inTx(ctx, "delete "+what, func(tx execer) error {
		n, err := rowsChanged(tx.ExecContext(ctx, s.sql("DELETE FROM alert_rules WHERE id = $1"), id))
		if err := changed(n, err, "delete", what); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.sql("DELETE FROM alerts WHERE rule_id = $1 AND delivered_at IS NULL"), id); err != nil {
			return fmt.Errorf("store: unable to delete the pending alerts of rule %d: %w", id, err)
		}
		return nil
	})
}

// CreateAlert stores a once, when no alert for its rule and answer exists, and then sets a.ID.
// a.CreatedAt, now when zero, and a.DeliveredAt are kept in whole seconds.
func (s *Store) CreateAlert(ctx context.Context, a *cx.Alert) (created bool, err error) {
	at := stamp(a.CreatedAt)
	id, created, err := s.insert(ctx, `INSERT INTO alerts
		(rule_id, response_id, created_at, delivered_at, attempts, error, message, notes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (rule_id, response_id) DO NOTHING`,
		a.RuleID, a.ResponseID, at.Unix(), bindInstant(a.DeliveredAt), a.Attempts, bindText(a.Error), bindText(a.Message), bindText(a.Notes))
	switch {
	case err != nil:
		return false, fmt.Errorf("store: unable to create an alert of rule %d for answer %s: %w", a.RuleID, a.ResponseID, err)
	case !created:
		return false, nil
	}
	a.ID, a.CreatedAt, a.DeliveredAt = id, at, seconds(a.DeliveredAt)
	return true, nil
}

// UpdateAlert records how delivering the alert with a.ID went: DeliveredAt, Attempts, Error,
// EmailReply, Notes, SentBy and RetryAt. What matched (rule, answer, time) does not change.
func (s *Store) UpdateAlert(ctx context.Context, a *cx.Alert) error {
	n, err := s.exec(ctx, `UPDATE alerts SET delivered_at = $1, attempts = $2, error = $3, email_reply = $4, notes = $5,
		sent_by = $6, retry_at = $7 WHERE id = $8`,
		bindInstant(a.DeliveredAt), a.Attempts, bindText(a.Error), bindText(a.EmailReply), bindText(a.Notes), bindText(a.SentBy),
		bindInstant(a.RetryAt), a.ID)
	if err := changed(n, err, "update", "alert "+strconv.FormatInt(a.ID, 10)); err != nil {
		return err
	}
	a.DeliveredAt, a.RetryAt = seconds(a.DeliveredAt), seconds(a.RetryAt)
	return nil
}

// ClaimAlert takes a for one attempt: it counts the attempt and holds a for hold (RetryAt),
// when a is still undelivered, tried a.Attempts times and not held (RetryAt passed). False when
// another node (or round) took it meanwhile: one UPDATE decides, so two nodes never send one
// alert at the same moment. The hold is set and judged by the store's clock, as leases are
// (Dialect.Clock): a node whose clock runs ahead, listing the alert as due by its own, must
// not take over the attempt of one still posting it. a.RetryAt is the hold's end by now.
func (s *Store) ClaimAlert(ctx context.Context, a *cx.Alert, now time.Time, hold time.Duration) (bool, error) {
	clock, args := s.clock(4, now)
	n, err := s.exec(ctx, `UPDATE alerts SET attempts = attempts + 1, retry_at = `+clock+` + $1
		WHERE id = $2 AND attempts = $3 AND delivered_at IS NULL AND (retry_at IS NULL OR retry_at <= `+clock+`)`,
		append([]any{int64(hold / time.Second), a.ID, a.Attempts}, args...)...)
	if err != nil {
		return false, fmt.Errorf("store: unable to claim alert %d: %w", a.ID, err)
	}
	if n == 0 {
		return false, nil
	}
	a.Attempts, a.RetryAt = a.Attempts+1, seconds(now.Add(hold))
	return true, nil
}

const alertColumns = `SELECT id, rule_id, response_id, created_at, delivered_at, attempts, error, email_reply, notes, message,
	sent_by, retry_at FROM alerts`

// PendingAlerts returns up to limit alerts of the given rules (nil: of every rule) not yet
// delivered, tried fewer than maxAttempts times and due at now (no RetryAt, or not after now)
// (all when limit <= 0), oldest first. Alerts that gave up stay out of the queue, so they
// cannot block the ones behind them, and so do those waiting for their next attempt; the rules
// keep one kind of alert from filling the queue of another (answer and KPI alerts are delivered
// by different loops).
func (s *Store) PendingAlerts(ctx context.Context, now time.Time, maxAttempts int, rules []int64, limit int) ([]cx.Alert, error) {
	const pending = " WHERE delivered_at IS NULL AND attempts < $1 AND (retry_at IS NULL OR retry_at <= $2)"
	const order = " ORDER BY created_at, id LIMIT "
	if rules == nil {
		return list(ctx, s, "pending alerts", scanAlert, alertColumns+pending+order+"$3", maxAttempts, now.Unix(), s.noLimit(limit))
	}
	var out []cx.Alert
	for part := range slices.Chunk(rules, idsPerRead) {
		args := params{maxAttempts, now.Unix()}
		found, err := list(ctx, s, "pending alerts", scanAlert, alertColumns+pending+" AND rule_id IN ("+
			inList(&args, part)+")"+order+args.add(s.noLimit(limit)), args...)
		if err != nil {
			return nil, err
		}
		out = append(out, found...)
	}
	// Each chunk is oldest first; together they are again, and cut to the limit.
	slices.SortStableFunc(out, func(a, b cx.Alert) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// ListAlerts returns up to limit alerts (all when limit <= 0), newest first.
func (s *Store) ListAlerts(ctx context.Context, limit int) ([]cx.Alert, error) {
	return list(ctx, s, "alerts", scanAlert, alertColumns+" ORDER BY created_at DESC, id DESC LIMIT $1", s.noLimit(limit))
}

func scanAlert(r *row) cx.Alert {
	return cx.Alert{ID: r.Integer(), RuleID: r.Integer(), ResponseID: r.Text(), CreatedAt: r.instant(),
		DeliveredAt: r.instant(), Attempts: int(r.Integer()), Error: r.Text(), EmailReply: r.Text(), Notes: r.Text(), Message: r.Text(), SentBy: r.Text(),
		RetryAt: r.instant()}
}

// SetFollowUp stores f, replacing the follow-up of its answer (setFollowUp).
func (s *Store) SetFollowUp(ctx context.Context, f *cx.FollowUp) error {
	return setFollowUp(f, func(query string, args ...any) error {
		_, err := s.exec(ctx, query, args...)
		return s.failed(err, "store the follow-up of answer "+f.ResponseID, "")
	})
}

// idsPerRead bounds the ids in one IN list: a few hundred per statement keeps each one small
// (SQLite allows 32,766 parameters, PostgreSQL 65,535) while a page of answers takes one or two.
const idsPerRead = 500

// FollowUps returns the follow-ups of the answers with responseIDs, by answer id; answers
// without one are absent. Each chunk is read on its own, so a follow-up written meanwhile may
// show in one chunk and not yet in another.
//
// When the table holds no more follow-ups than there are ids (the follow-up list asks for
// thousands of answers, while a team follows up on far fewer), the whole table is read once
// instead: binding thousands of ids costs more than reading the few rows there are.
func (s *Store) FollowUps(ctx context.Context, responseIDs []string) (map[string]cx.FollowUp, error) {
	out := make(map[string]cx.FollowUp)
	if len(responseIDs) > idsPerRead {
		n, err := one(ctx, s, "the number of follow-ups", (*row).Integer, "SELECT count(*) FROM followups")
		if err != nil {
			return nil, err
		}
		if *n <= int64(len(responseIDs)) {
			return s.followUpsAmong(ctx, responseIDs)
		}
	}
	for ids := range slices.Chunk(responseIDs, idsPerRead) {
		var args params
		found, err := list(ctx, s, "follow-ups", scanFollowUp, followUpColumns+" WHERE response_id IN ("+args.in(ids)+")", args...)
		if err != nil {
			return nil, err
		}
		for _, f := range found {
			out[f.ResponseID] = f
		}
	}
	return out, nil
}

// followUpsAmong reads every follow-up and keeps those of responseIDs.
func (s *Store) followUpsAmong(ctx context.Context, responseIDs []string) (map[string]cx.FollowUp, error) {
	asked := make(map[string]bool, len(responseIDs))
	for _, id := range responseIDs {
		asked[id] = true
	}
	all, err := list(ctx, s, "follow-ups", scanFollowUp, followUpColumns)
	if err != nil {
		return nil, err
	}
	out := make(map[string]cx.FollowUp)
	for _, f := range all {
		if asked[f.ResponseID] {
			out[f.ResponseID] = f
		}
	}
	return out, nil
}

// followUpColumns reads what scanFollowUp scans.
const followUpColumns = "SELECT response_id, owner_id, reply, status, updated_at, reply_sentiment FROM followups"

func scanFollowUp(r *row) cx.FollowUp {
	return cx.FollowUp{ResponseID: r.Text(), OwnerID: r.Integer(), Reply: r.Text(), Status: r.Text(), UpdatedAt: r.instant(),
		ReplySentiment: optReal(r)}
}

// RepliesToScore lists follow-ups with a reply — without reply_sentiment, or with all every
// one — by answer id after after, with the answer's language.
func (s *Store) RepliesToScore(ctx context.Context, after string, limit int, all bool) ([]store.ReplyToScore, error) {
	unscored := " AND f.reply_sentiment IS NULL"
	if all {
		unscored = ""
	}
	return list(ctx, s, "follow-ups to score", func(r *row) store.ReplyToScore {
		return store.ReplyToScore{ResponseID: r.Text(), Reply: r.Text(), Language: r.Text(), Sentiment: optReal(r)}
	}, `SELECT f.response_id, f.reply, r.language, f.reply_sentiment FROM followups f
		LEFT JOIN responses r ON r.id = f.response_id
		WHERE f.reply IS NOT NULL`+unscored+` AND f.response_id > $1
		ORDER BY f.response_id LIMIT $2`, after, limit)
}

// ScoreReply stores the score of a follow-up's reply when it is still that reply: the score of
// the text, by this process's scorer, whatever was stored of it before.
func (s *Store) ScoreReply(ctx context.Context, responseID, reply string, score float64) error {
	_, err := s.exec(ctx, `UPDATE followups SET reply_sentiment = $1
		WHERE response_id = $2 AND reply = $3`, score, responseID, reply)
	return s.failed(err, "store the sentiment of the reply to answer "+responseID, "")
}
