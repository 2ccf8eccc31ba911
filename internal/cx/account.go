package cx

import (
	"fmt"
	"strings"
	"time"
)

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
// created it, limited to its scope, until it expires (if it was given an expiry).
type Token struct {
	ID         int64     `json:"id"`
	Name       string    `json:"name"`
	Hash       []byte    `json:"-"`
	Scope      string    `json:"scope"`
	UserID     int64     `json:"user_id"`
	CreatedAt  time.Time `json:"created_at"`
	LastUsedAt time.Time `json:"last_used_at,omitzero"`
	ExpiresAt  time.Time `json:"expires_at,omitzero"` // zero: never
}

// WallScreen is a screen on the wall that shows the dashboard's wall pages (/tv) without a
// login: its link's secret (stored as Hash, like a token's) opens those pages and nothing else,
// until it is deleted.
type WallScreen struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Hash      []byte    `json:"-"`
	Pages     []string  `json:"pages"` // the pages it rotates through, in order (WallPages)
	CreatedBy int64     `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	// LastUsedAt is when a screen last showed it, to the minute (web's touch): an admin sees
	// which walls are no longer in use and revokes them.
	LastUsedAt time.Time `json:"last_used_at,omitzero"`
}

// WallPages are the pages a wall screen may show, in the order a new one shows them.
var WallPages = []string{"overview", "service", "team", "why"}

// Expired tells whether the token no longer works at now: it has an expiry, and now is at or
// past it.
func (t *Token) Expired(now time.Time) bool {
	return !t.ExpiresAt.IsZero() && !now.Before(t.ExpiresAt)
}

// AuditEntry is one line of the audit log: who did what, when, from where.
type AuditEntry struct {
	ID     int64     `json:"id"`
	At     time.Time `json:"at"`
	UserID int64     `json:"user_id,omitempty"` // the user who acted (for a failed sign-in: whose account was tried, if any)
	// Actor is who acted, as people read it: the user's e-mail address (for a failed sign-in
	// the address tried, known or not), or "cli:<os user>" for the command line.
	Actor   string `json:"actor"`
	TokenID int64  `json:"token_id,omitempty"` // the API token the user acted with, if any
	From    string `json:"from"`               // the client's address, or "cli on <host>"
	Action  string `json:"action"`             // one of the Audit… constants
	Subject string `json:"subject,omitempty"`  // what was acted on: "token 7", a user's e-mail, a file
	// Detail is what the entry says of it: free text in entries written before Words were,
	// and in the API's answer Words said in English.
	Detail string `json:"detail,omitempty"`
	// Words are the detail as phrases of the pages' words, said in the reader's language
	// when it is shown (a Dutch lead reads Dutch); none in entries older than them.
	Words []AuditPhrase `json:"-"`
}

// AuditPhrase is one part of an audit entry's detail: the key of its words ("auditd_" + Key
// in the words files) and the values they name, in order, as the store keeps them: a value
// starting with "@" is the key of a word itself, said in the reader's language too
// ("@weekday_fri"); "@@" starts a value shown as it is with one "@" less, and others are shown
// as they are (a name, a number, a date). Make them with Phrase; read them with PhraseValue.
type AuditPhrase struct {
	Key  string
	Args []string
}

// Word is the key of a word of the pages named in an audit phrase ("weekday_fri"), said in the
// reader's language when shown; a string is a value shown as it is.
type Word string

// Phrase is an audit phrase of key naming args (AuditPhrase): each a Word, or a value shown as
// it is — a string, or a number or anything else as fmt prints it. A value a user chose is
// never read as a Word, however it starts: a team named "@weekday_fri" is that name.
func Phrase(key string, args ...any) AuditPhrase {
	p := AuditPhrase{Key: key}
	if len(args) > 0 { // none: nil, as the store reads a phrase without values
		p.Args = make([]string, len(args))
	}
	for i, a := range args {
		switch a := a.(type) {
		case Word:
			p.Args[i] = "@" + string(a)
		case string:
			p.Args[i] = a
			if strings.HasPrefix(a, "@") {
				p.Args[i] = "@" + a // stored rows written before Word keep "@key" for their words
			}
		default:
			p.Args[i] = fmt.Sprint(a)
		}
	}
	return p
}

// PhraseValue reads a value of an audit phrase as Phrase wrote it: the key of a word (word
// true), or a value to show as it is. Rows written before Phrase doubled a value's "@" keep
// "@key" for their words, read as ever; a value of theirs a user chose starting with "@"
// cannot be told from a key, and is said as the word only if one has that key.
func PhraseValue(arg string) (value string, word bool) {
	rest, ok := strings.CutPrefix(arg, "@")
	if !ok {
		return arg, false
	}
	if strings.HasPrefix(rest, "@") {
		return rest, false
	}
	return rest, true
}

// What the audit log records.
const (
	AuditSignIn       = "sign_in"
	AuditSignInFailed = "sign_in_failed" // a wrong password or unknown address; never the password
	AuditUserCreate   = "user_create"
	// A user's role, agent or team changed, a user removed, a password set (by an admin, or
	// one's own); the subject is the user's address, never a password.
	AuditUserChange      = "user_change"
	AuditUserRemove      = "user_remove"
	AuditUserPassword    = "user_password"
	AuditTokenCreate     = "token_create"
	AuditTokenDelete     = "token_delete"
	AuditImport          = "import"
	AuditBackup          = "backup" // a SQLite database copied; the subject is the backup file
	AuditRestore         = "restore"
	AuditSurveyCreate    = "survey_create"
	AuditSurveyChange    = "survey_change"
	AuditSiteCreate      = "site_create"
	AuditSiteDelete      = "site_delete"
	AuditAlertRuleCreate = "alert_rule_create"
	AuditAlertRuleDelete = "alert_rule_delete"
	AuditTargetsChange   = "targets_change"
	AuditMappingSave     = "mapping_save"
	AuditMappingDelete   = "mapping_delete"
	// A webhook connection made or removed (subject "connection ID"); never its secret.
	AuditConnectionCreate = "connection_create"
	AuditConnectionDelete = "connection_delete"
	AuditRecordDelete     = "record_delete" // one record deleted; the subject is its kind and key
	// One record changed by a PATCH: the subject is its kind and key, the detail the names of the
	// fields changed, never their values (a customer's name or address is personal data).
	AuditRecordPatch    = "record_patch"
	AuditErase          = "erase"           // a customer erased; the subject is their id, never their data
	AuditFollowUpAssign = "followup_assign" // a critical answer given to an owner; the detail names them
	// A follow-up's reply written, changed or removed, or a done answer reopened: the detail says
	// which, never the reply (it may name the customer or what they told).
	AuditFollowUpChange = "followup_change"
	AuditWallCreate     = "wall_create" // a wall screen's link made; the subject is its name
	AuditWallDelete     = "wall_delete" // a wall screen's link revoked
	// A digest schedule set or an unsubscribe; the subject is the user's address, the detail
	// the new schedule.
	AuditDigestChange = "digest_change"
	// Survey invitations made, on the surveys page or by the API: the subject is the survey,
	// the detail how many and what became of them; never the addresses.
	AuditSurveyInvite = "survey_invite"
	// An answer or mention marked as replied to; the subject is its kind and id.
	AuditMarkReplied = "mark_replied"
	// The hold on an address after a bounce cleared, so it is mailed again; never the address,
	// which no erasure would reach here.
	AuditBounceClear = "bounce_clear"
)

// AuditActions lists every audit action, for the filter of the audit page.
var AuditActions = []string{AuditSignIn, AuditSignInFailed, AuditUserCreate, AuditUserChange, AuditUserRemove,
	AuditUserPassword, AuditTokenCreate, AuditTokenDelete,
	AuditImport, AuditBackup, AuditRestore, AuditSurveyCreate, AuditSurveyChange, AuditSiteCreate, AuditSiteDelete,
	AuditAlertRuleCreate, AuditAlertRuleDelete, AuditTargetsChange, AuditMappingSave, AuditMappingDelete,
	AuditConnectionCreate, AuditConnectionDelete, AuditRecordDelete, AuditRecordPatch, AuditErase, AuditFollowUpAssign,
	AuditFollowUpChange, AuditWallCreate, AuditWallDelete, AuditDigestChange, AuditSurveyInvite, AuditMarkReplied,
	AuditBounceClear}
