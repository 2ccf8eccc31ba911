package cx

import "time"

// Roles of a klantpuls user.
const (
	RoleAdmin   = "admin"   // everything: users, configuration, tokens
	RoleManager = "manager" // every report
	RoleAgent   = "agent"   // their own figures and their team's totals
)

// Scopes of an API token.
const (
	ScopeRead  = "read"  // reports, series, customers
	ScopeWrite = "write" // also ingest
)

// User is a person who logs in. Agent and Team link an agent-role user to the names their
// tickets carry (compared like every name: trimmed, case-insensitive).
type User struct {
	ID           int64     `json:"id"`
	Email        string    `json:"email"`
	PasswordHash string    `json:"-"` // argon2id, PHC string format
	Role         string    `json:"role"`
	Agent        string    `json:"agent,omitempty"`
	Team         string    `json:"team,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
}

// Session is a login session; only a hash of its secret is stored.
type Session struct {
	Hash      []byte
	UserID    int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Token is an API token; only a hash of its secret is stored. A token acts for the user who
// created it, limited to its scope.
type Token struct {
	ID         int64     `json:"id"`
	Name       string    `json:"name"`
	Hash       []byte    `json:"-"`
	Scope      string    `json:"scope"`
	UserID     int64     `json:"user_id"`
	CreatedAt  time.Time `json:"created_at"`
	LastUsedAt time.Time `json:"last_used_at,omitzero"`
}
