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
