package cx

import "time"

// DigestSchedule is when a user gets their digest (issue 15 point 1): every day, week or month
// at a local hour and minute in the account time zone — a weekly one on Weekday, a monthly one
// on the first of the month — in the user's language. Frequency "none" sends nothing.
type DigestSchedule struct {
	UserID    int64        `json:"user_id"`
	Frequency string       `json:"frequency"` // none, daily, weekly, monthly
	Weekday   time.Weekday `json:"weekday"`   // for weekly: 0 Sunday … 6 Saturday
	Hour      int          `json:"hour"`
	Minute    int          `json:"minute"`
	Lang      string       `json:"lang"`
	UpdatedAt time.Time    `json:"updated_at"`
}

// The frequencies of a digest schedule. They are listed once, here, the lowest package that
// holds a schedule: app validates against the list, the settings form offers it, the digest
// package names its periods by it.
const (
	DigestNone    = "none"
	DigestDaily   = "daily"
	DigestWeekly  = "weekly"
	DigestMonthly = "monthly"
)

// DigestFrequencies are the frequencies a schedule may have, in the order forms offer them.
var DigestFrequencies = []string{DigestNone, DigestDaily, DigestWeekly, DigestMonthly}

// DigestSend is one period's digest to a user as it was settled: sent, or why it went to
// nobody (Reason). The digests_sent row that makes a period go out once keeps it.
type DigestSend struct {
	Period string    `json:"period"` // "week:2026-11-23", the period's first day (digest.PeriodKey)
	At     time.Time `json:"at"`     // when it was sent or held
	Reason string    `json:"reason"` // "" when it went to the mail server; else one of the Digest… reasons below
}

// Why a digest went to nobody, kept with its period. The digest runner picks one by its error
// (digest.Outcome); the settings page says it in the user's language.
const (
	// The mail server refused the address for good this time (a bounce, mail.IsBounce): it is
	// held back from every mail from now on, until an admin clears it on the surveys page.
	DigestBounced = "bounced"
	// Not sent: a mail server refused the address for good before, and it is held back.
	DigestBounceHeld = "bounce_held"
	// Not sent: an agent user not linked to an agent has no figures of their own.
	DigestNoAgent = "no_agent"
	// The mail server refused the message for good, not the address (a relay not allowed, the
	// sender's SPF or DMARC, a full mailbox, the size, the content): nothing is held back; the
	// log has the server's reply, which says why.
	DigestRefused = "refused"
	// Settled before klantpuls kept why (migrations SQLite 00039, PostgreSQL 00038): sent, or
	// to nobody for one of the reasons above — only the log of that time says which. The runner
	// never writes it; without it those periods would read as sent.
	DigestUnknown = "unknown"
)
