package cx

import "time"

// Survey is a question klantpuls asks customers itself: an NPS, CSAT or CES question in Dutch
// and English, with a follow-up question for a comment that depends on the answer (a low score
// asks what went wrong, a high one what went well). The scale is the config's.
type Survey struct {
	ID             int64     `json:"id"`
	Kind           string    `json:"kind"` // nps, csat or ces
	Name           string    `json:"name"`
	QuestionNL     string    `json:"question_nl"`
	QuestionEN     string    `json:"question_en"`
	FollowUpLowNL  string    `json:"follow_up_low_nl,omitempty"`
	FollowUpLowEN  string    `json:"follow_up_low_en,omitempty"`
	FollowUpHighNL string    `json:"follow_up_high_nl,omitempty"`
	FollowUpHighEN string    `json:"follow_up_high_en,omitempty"`
	Active         bool      `json:"active"`
	CreatedAt      time.Time `json:"created_at"`
}

// Invitation states.
const (
	InviteQueued = "queued" // waiting to be sent
	InviteSent   = "sent"   // accepted by the mail server
	// Could not be sent: out of tries after temporary failures, or the message refused for
	// good (not its address: a relay not allowed, the sender's SPF, the content).
	InviteFailed       = "failed"
	InviteBounced      = "bounced"      // the mail server refused the address for good
	InviteThrottled    = "throttled"    // not sent: the customer was asked recently
	InviteUnsubscribed = "unsubscribed" // not sent: the address asked for no more surveys
	InviteSurveyOff    = "survey_off"   // not sent: the survey was switched off before its turn
	// Not sent: a mail server refused the address for good before (a bounce); an admin may
	// clear the hold when the customer's mailbox works again.
	InviteBounceHeld = "bounce_held"
)

// Bounce is an address held back from every mail klantpuls sends — invitations, digests,
// alerts — since a mail server refused it for good, until an admin clears the hold.
type Bounce struct {
	Address string    `json:"address"` // as addresses compare: its AddressKey, bare and lower-cased
	Since   time.Time `json:"since"`   // the first refusal
}

// Invitation is one request to one customer to answer a survey: by e-mail, or a web or widget
// visit. Its id is random and is what signed answer links carry.
type Invitation struct {
	ID         string    `json:"id"`
	SurveyID   int64     `json:"survey_id"`
	CustomerID string    `json:"customer_id,omitempty"`
	TicketID   string    `json:"ticket_id,omitempty"`
	Email      string    `json:"email,omitempty"`
	Channel    string    `json:"channel"` // email, web or widget
	Lang       string    `json:"lang"`    // nl or en
	Status     string    `json:"status"`
	Error      string    `json:"error,omitempty"`
	Attempts   int       `json:"attempts,omitempty"` // tries to mail it that failed for a while (a 4xx reply)
	RetryAt    time.Time `json:"retry_at,omitzero"`  // when the next try may be made; zero: at once
	CreatedAt  time.Time `json:"created_at"`
	SentAt     time.Time `json:"sent_at,omitzero"`
	OpenedAt   time.Time `json:"opened_at,omitzero"`
	AnsweredAt time.Time `json:"answered_at,omitzero"`
}

// Site is a web site that embeds the survey widget: its public key and the origins the widget
// may answer from.
type Site struct {
	Key       string    `json:"key"`
	Name      string    `json:"name"`
	SurveyID  int64     `json:"survey_id"`
	Origins   []string  `json:"origins"` // "https://www.example.nl"
	CreatedAt time.Time `json:"created_at"`
}

// Alert rule conditions.
const (
	AlertNPSDetractor      = "nps_detractor"      // an NPS answer of 0–6
	AlertCSATLow           = "csat_low"           // a CSAT answer at or below Threshold
	AlertNegativeSentiment = "negative_sentiment" // a comment with negative sentiment, about Theme when set

	// Rules on a KPI's course (package alert, kpi*.go): judged on a schedule, not per answer.
	AlertSignificantFall = "significant_fall" // Metric worse than the previous equal period, significantly
	AlertBelowTarget     = "below_target"     // Metric misses its target in each of the last Periods periods
	AlertControlLimit    = "control_limit"    // Metric beyond mean ± 3σ of the 8 periods before, on the bad side
	AlertVolumeSpike     = "volume_spike"     // tickets of the last hour at least Percent % of the usual
)

// AlertRule says which answers must reach the team at once, and how: an e-mail, a webhook
// (JSON, Slack-compatible), or both.
type AlertRule struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	Condition string `json:"condition"`
	Threshold int    `json:"threshold,omitempty"`
	// Theme is the key of a theme of the configuration's taxonomy ("delivery") that a
	// negative-sentiment rule's comment must mention; empty: any comment, about anything.
	Theme   string `json:"theme,omitempty"`
	Email   string `json:"email,omitempty"`
	Webhook string `json:"webhook,omitempty"`
	// WebhookFormat is what the webhook takes: slack (also Mattermost and the like), teams
	// or generic JSON; see package hook.
	WebhookFormat string `json:"webhook_format,omitempty"`
	// Metric is the registry key of the KPI a rule on a KPI's course watches ("nps"); Team limits
	// it to one team ("" for all); Period is the period it judges, week or month.
	Metric string `json:"metric,omitempty"`
	Team   string `json:"team,omitempty"`
	Period string `json:"period,omitempty"`
	// Figure is the figure of the metric a control_limit rule watches when not its headline:
	// a duration's median or p90 (metric.Descriptor.Figures); "" for the headline.
	Figure string `json:"figure,omitempty"`
	// Periods is how many full periods in a row a below_target rule needs (0: 2); Percent is how
	// far above the usual a volume_spike rule fires (0: 150), MinCount the fewest tickets in the
	// hour that can (0: 10).
	Periods  int `json:"periods,omitempty"`
	Percent  int `json:"percent,omitempty"`
	MinCount int `json:"min_count,omitempty"`
	// Lang is the language of the rule's messages, nl or en ("": nl).
	Lang      string    `json:"lang,omitempty"`
	Active    bool      `json:"active"`
	CreatedAt time.Time `json:"created_at"`
}

// Alert is one answer that matched one rule, or one period in which a KPI rule fired, and how
// its delivery went.
type Alert struct {
	ID     int64 `json:"id"`
	RuleID int64 `json:"rule_id"`
	// ResponseID is the answer that matched; for a rule on a KPI's course it is the period
	// judged ("kpi:week:2026-W48"), so the rule fires once per period.
	ResponseID string `json:"response_id"`
	// Message is what a KPI alert says, as JSON, kept as it was when the rule fired so a retry
	// sends the same figures; "" for an answer's alert, which is told from the answer.
	Message     string    `json:"message,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	DeliveredAt time.Time `json:"delivered_at,omitzero"`
	Attempts    int       `json:"attempts"`
	// Error is what failed, as the mail server or webhook said it ("e-mail: …", "webhook: …").
	Error string `json:"error,omitempty"`
	// EmailReply is what the mail server said of an e-mail an attempt settled unsent (bounced,
	// refused for good), as Error's "e-mail: " part gives it. It is kept on its own as well
	// because both parts of Error are the other sides' words, which no separator tells apart,
	// and a retry for the webhook's sake writes Error again with this reply whole.
	EmailReply string `json:"email_reply,omitempty"`
	// Notes are klantpuls's own notes on the delivery, as codes the alerts page words in its
	// reader's language (alert.Note): "flood:10:10", "email_held"; space-separated.
	Notes string `json:"notes,omitempty"`
	// SentBy names the ways the alert went out already ("email", "webhook", space-separated),
	// so a retry sends by the others only.
	SentBy string `json:"sent_by,omitempty"`
	// RetryAt is when the next attempt may be made: after a failure, the queue's backoff;
	// during an attempt, the time past which another node may take the alert over. Zero: at once.
	RetryAt time.Time `json:"retry_at,omitzero"`
}

// Follow-up states.
const (
	FollowUpOpen = "open"
	FollowUpDone = "done"
)

// FollowUp is the team's handling of one critical answer: who owns it, what they answered.
type FollowUp struct {
	ResponseID string    `json:"response_id"`
	OwnerID    int64     `json:"owner_id,omitempty"`
	Reply      string    `json:"reply,omitempty"`
	Status     string    `json:"status"`
	UpdatedAt  time.Time `json:"updated_at"`
	// ReplySentiment is the reply's score in [-1, 1], nil without a reply; derived by app when
	// the follow-up is saved.
	ReplySentiment *float64 `json:"reply_sentiment,omitempty"`
}
