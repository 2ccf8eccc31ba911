// Package store defines the system of record: the place every record is committed before it is
// acknowledged. Implementations live in subpackages (sqlite, postgres); the engine never sees
// them, so metrics are never computed in SQL.
package store

import (
	"context"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// Store is the system of record: it knows rows, not metrics.
type Store interface {
	// Begin starts a write transaction. SQLite allows one at a time: a second Begin waits for
	// the first to end (or for ctx), so one goroutine must never hold two.
	Begin(ctx context.Context) (Tx, error)
	// Stream calls fn with every stored record of kind, in first-insertion order: an update
	// keeps a record's place. An error from fn stops the stream and is returned.
	Stream(ctx context.Context, kind cx.Kind, fn func(cx.Record) error) error
	// Parts splits the places of kind's records in first-insertion order into consecutive
	// parts of at most size places each (nil when there are none), and StreamPart reads one
	// as Stream reads them all: parts read one after another, in their order, give what Stream
	// gives, and several connections can read parts at once. Each part is read on its own, so
	// parts read at different moments see the commits between them: a reader that must miss
	// nothing applies the changes after a sequence number read before its first part.
	Parts(ctx context.Context, kind cx.Kind, size int) ([]Part, error)
	StreamPart(ctx context.Context, kind cx.Kind, p Part, fn func(cx.Record) error) error
	// Count returns the number of stored records of kind.
	Count(ctx context.Context, kind cx.Kind) (int, error)
	// CustomerRecords reads everything stored about one customer; cx.ENOTFOUND when no record
	// names the customer.
	CustomerRecords(ctx context.Context, id string) (*CustomerRecords, error)
	// LastSeq is the highest change sequence number committed so far (0 for an empty store).
	LastSeq(ctx context.Context) (int64, error)
	// Changes calls fn with every record of kind written (inserted or changed) with a sequence
	// number above after, and a cx.Deletion for every record of kind deleted (Tx.Delete), in
	// sequence order, and returns the highest number seen (after when none). Writers are
	// serialised, so sequence order is commit order: a follower that remembers the last number
	// it applied misses nothing, and a key deleted and stored again (or the other way round)
	// ends as its latest change says.
	Changes(ctx context.Context, kind cx.Kind, after int64, fn func(cx.Record) error) (int64, error)
	Close() error
}

// Part is a stretch of places in first-insertion order: above After, up to UpTo.
type Part struct{ After, UpTo int64 }

// SeqChanges is a store whose Changes also tell each change's number: a follower that keeps
// the number with each record (the ClickHouse shipper's version column) reads it here.
type SeqChanges interface {
	ChangesSeq(ctx context.Context, kind cx.Kind, after int64, fn func(rec cx.Record, seq int64) error) (int64, error)
}

// SeqRecords is a store that looks records up with their change numbers: the ClickHouse
// shipper reads a step's tickets and their answers as they stand (clickhouse.Records).
type SeqRecords interface {
	// RecordsSeq calls fn with each record of kind whose column col ("id", or a reference the
	// table indexes, such as responses.ticket_id) holds one of values, with its change number;
	// by "id", a deleted key comes as a cx.Deletion with its deletion's number.
	RecordsSeq(ctx context.Context, kind cx.Kind, col string, values []string, fn func(rec cx.Record, seq int64) error) error
}

// History is a store that tells which change its history holds at a change number: an engine
// file names the change its columns end with (its kind, key and number), so that a database
// put back from an older copy, whose numbers went on from there with other changes, is told
// apart from the one the file was made of when its numbers have passed the file's.
type History interface {
	// LastChange is the row or deletion with the highest change number up to upTo; found is
	// false when there is none.
	LastChange(ctx context.Context, upTo int64) (c Change, found bool, err error)
}

// Change is one change of the sequence: the record of kind with key, written or deleted under
// the change number Seq.
type Change struct {
	Kind cx.Kind
	Key  string
	Seq  int64
}

// Notifier is a store that can wake a follower when another node commits (PostgreSQL's
// LISTEN/NOTIFY); without it a follower polls.
type Notifier interface {
	// WaitChange blocks until a transaction that wrote records commits, or ctx ends (then it
	// returns ctx's error). It may return nil early, so a caller reads Changes after every nil.
	WaitChange(ctx context.Context) error
}

// Tx is one write transaction. It is not safe for concurrent use.
type Tx interface {
	// Put upserts rec by its key. Writes are buffered; a record whose values all equal the
	// stored ones is not written again. Within one transaction a later Put of a key wins. An
	// answer or mention without replied_at keeps the stored one (the team's reply, which an
	// import file does not carry); Delete before the Put clears it.
	Put(rec cx.Record) error
	// Get reads the record of kind with key as this transaction sees it (a Put of it earlier
	// in the transaction included), and keeps it from other writers until the transaction ends,
	// so a read-modify-write (a patch) loses no other writer's change; cx.ENOTFOUND when there
	// is none.
	Get(kind cx.Kind, key string) (cx.Record, error)
	// Delete removes the stored record of kind with key and leaves a tombstone under the next
	// change number, so followers learn of it (Changes). A Put of the key earlier in the
	// transaction is deleted too; a later one stores it again. A key that is not stored is
	// cx.ENOTFOUND, and the transaction stays usable: deleting is not idempotent, so a caller
	// (the API's DELETE) can tell "gone now" from "never there".
	Delete(kind cx.Kind, key string) error
	// Commit writes what is buffered and commits it. A COMMIT the database refuses, or does not
	// answer, fails with ErrNotCommitted's error.
	Commit() (Result, error)
	// Rollback discards the transaction; after Commit it does nothing.
	Rollback() error
}

// Result tells what a commit changed.
type Result struct {
	// Written counts rows inserted, changed or deleted; an upsert that changed nothing counts 0.
	Written int
	// Deleted counts the written rows that were deletions (Tx.Delete).
	Deleted int
	// Replaced counts the written rows whose key was stored already (before the commit, or by
	// an earlier batch of it): a record that replaced another. Written − Replaced − Deleted
	// were new.
	Replaced int
	// Begun and Last are the change numbers before and after the commit: the changes numbered
	// (Begun, Last] are this commit's own. A follower whose engine already held Begun and
	// applied these records holds Last, and need not read them back.
	Begun, Last int64
}

// UserRemoved is what went with a removed user (Accounts.DeleteUser).
type UserRemoved struct {
	Sessions, Tokens, FollowUps int64 // sessions and tokens ended; follow-ups left without an owner
}

// ErrLastAdmin refuses a change of users that would leave no administrator: nobody could then
// manage the users, tokens or settings. The caller says which user in its own words.
var ErrLastAdmin = cx.Errorf(cx.ECONFLICT, "store: the last administrator stays an administrator")

// Accounts keeps users, login sessions, API tokens and one-time setup links. Secrets are stored
// hashed; a look-up that finds nothing returns a cx.ENOTFOUND error, never nil, nil.
type Accounts interface {
	CountUsers(ctx context.Context) (int, error)
	CreateUser(ctx context.Context, u *cx.User) error // sets u.ID; cx.ECONFLICT when the e-mail is taken
	// ChangeUser changes the user with id in one transaction with its consequences, and
	// returns them as they were and as they are. It reads them there — on PostgreSQL their
	// row locked until the transaction ends, so a parallel change waits and then reads what
	// this one wrote; SQLite's write transaction holds the whole database — and hands change
	// a copy to change: what it writes back is what change made of the user as stored, never
	// of an older read (a demotion must not put back a password changed meanwhile). change
	// returns whether the user's sessions end, or an error, which refuses the change and is
	// returned as it is. ChangeUser writes every field but ID and CreatedAt, and refuses with
	// ErrLastAdmin a change that leaves no administrator.
	ChangeUser(ctx context.Context, id int64, change func(u *cx.User) (end bool, err error)) (before, after *cx.User, err error)
	// DeleteUser removes the user with id and, in the same transaction, what only they use —
	// their sessions, API tokens, digest schedule and the periods sent them — and leaves the
	// follow-ups they owned without an owner; ErrLastAdmin when they are the last administrator.
	DeleteUser(ctx context.Context, id int64) (UserRemoved, error)
	UserByID(ctx context.Context, id int64) (*cx.User, error)
	UserByEmail(ctx context.Context, email string) (*cx.User, error) // case-insensitive
	Users(ctx context.Context) ([]cx.User, error)

	CreateSession(ctx context.Context, s *cx.Session) error
	SessionByHash(ctx context.Context, hash []byte, now time.Time) (*cx.Session, error) // expired at now: not found
	DeleteSession(ctx context.Context, hash []byte) error
	DeleteExpiredSessions(ctx context.Context, now time.Time) error

	CreateToken(ctx context.Context, t *cx.Token) error // sets t.ID
	TokenByHash(ctx context.Context, hash []byte) (*cx.Token, error)
	Tokens(ctx context.Context) ([]cx.Token, error)
	DeleteToken(ctx context.Context, id int64) error
	TouchToken(ctx context.Context, id int64, at time.Time) error // records last use

	CreateWallScreen(ctx context.Context, w *cx.WallScreen) error // sets w.ID
	WallScreenByHash(ctx context.Context, hash []byte) (*cx.WallScreen, error)
	WallScreens(ctx context.Context) ([]cx.WallScreen, error)
	DeleteWallScreen(ctx context.Context, id int64) error
	TouchWallScreen(ctx context.Context, id int64, at time.Time) error // records last use

	// Digests: each user's schedule, and the periods sent (once per user and period).
	SetDigestSchedule(ctx context.Context, d *cx.DigestSchedule) error
	DigestSchedule(ctx context.Context, userID int64) (*cx.DigestSchedule, error)
	DigestSchedules(ctx context.Context) ([]cx.DigestSchedule, error) // all but "none"
	// ClaimDigest claims a period before sending; a claim younger than lapse (by the clock
	// leases are judged by, Syncs.ClaimSync) or one marked sent holds it.
	ClaimDigest(ctx context.Context, userID int64, period string, at time.Time, lapse time.Duration) (bool, error)
	// MarkDigestSent settles a claimed period: its digest went (reason "") or went to nobody for
	// reason (cx.DigestBounced, …), kept with the period in the same write.
	MarkDigestSent(ctx context.Context, userID int64, period, reason string) error
	// DigestsSent lists a user's settled periods, the newest first, at most limit.
	DigestsSent(ctx context.Context, userID int64, limit int) ([]cx.DigestSend, error)
	// UnclaimDigest removes the claim made at at (ClaimDigest's), not one taken over since.
	UnclaimDigest(ctx context.Context, userID int64, period string, at time.Time) error

	// A setup link lets the first admin be created; it works once, before it expires.
	CreateSetupLink(ctx context.Context, hash []byte, expires time.Time) error
	UseSetupLink(ctx context.Context, hash []byte, now time.Time) error // cx.ENOTFOUND when unknown, used or expired

	// ClaimSignIn counts a sign-in attempt on account (the cx.NameKey of the e-mail address
	// tried, whether a user has it or not) at now, by the rule of SignInLimit (signin.go). When
	// the account is held back past now it counts nothing and returns held true and until when.
	// The read and the count are one atomic step, so parallel attempts on any number of nodes
	// each count; the state is stored, so it survives a restart.
	ClaimSignIn(ctx context.Context, account string, now time.Time, limit SignInLimit) (held bool, until time.Time, err error)
	// SignInSucceeded clears the account's failures: the attempt it claimed was no failure.
	SignInSucceeded(ctx context.Context, account string) error
}

// CustomerRecords is everything stored about one customer.
type CustomerRecords struct {
	Customer  *cx.Customer // nil when other records name the customer but no customer row exists
	Orders    []cx.Order
	Tickets   []cx.Ticket
	Responses []cx.Response // given by the customer or about one of their tickets
	Reviews   []cx.Review   // quality reviews of their tickets
}

// FeedbackQuery selects comments and mentions for the feedback stream, newest first.
type FeedbackQuery struct {
	From, To time.Time
	Survey   string // "", nps, csat or ces (answers only); "mention" for mentions only
	MinScore *int   // answers with a score in [MinScore, MaxScore]
	MaxScore *int
	// Scales, when not nil, keeps the answers whose score is in the range of their own scale
	// (metric.EveryScale; Scale "" for answers naming none): CSAT answers judged each by its
	// scale's rule. An answer on a scale not listed is left out, and so are mentions.
	Scales  []metric.ScaleScores
	Replied *bool // nil: both
	// AllAnswers includes answers without a comment (the follow-up list); mentions are left out.
	AllAnswers bool
	Filter     map[string]string // channel, team, agent, segment, category (name compared case-insensitively)
	// Sentiment keeps the texts of one label (metric.SentimentPositive, …Neutral, …Negative),
	// answers and mentions alike, by their stored score; "" keeps every one, scored or not.
	Sentiment string
	Limit     int // 0: every item (the follow-up list counts them all)
	Offset    int
	// IDs, when not nil, keeps only these answers (an engine's pick of the same answers,
	// app.Feedback), so the database reads them by id instead of every answer of the period.
	IDs []string
}

// WithAnswers tells whether q lists answers: every survey kind but mentions only.
func (q FeedbackQuery) WithAnswers() bool { return q.Survey != "mention" }

// WithMentions tells whether q lists mentions: they have no channel, team, agent, segment,
// category or score, so any such filter leaves them out, and so does a list of answers. The
// stores' list and the engine's count (app.FeedbackCount) both ask here.
func (q FeedbackQuery) WithMentions() bool {
	return !q.AllAnswers && (q.Survey == "" || q.Survey == "mention") && q.MinScore == nil && q.MaxScore == nil &&
		q.Scales == nil && len(q.Filter) == 0
}

// FeedbackItem is an answer with a comment, or a mention.
type FeedbackItem struct {
	Kind       cx.Kind // responses or mentions
	ID         string
	At         time.Time
	Survey     string
	Score      *int
	Text       string
	Language   string
	Channel    string // the answer's own, else its ticket's
	Team       string
	Agent      string
	CustomerID string
	TicketID   string
	Source     string // mentions
	Author     string
	URL        string
	RepliedAt  time.Time
	Sentiment  *float64 // the text's score; nil when it has none
}

// Dashboard is what the dashboard reads and writes beyond records: the feedback stream, one
// record by key, and settings (targets).
type Dashboard interface {
	Feedback(ctx context.Context, q FeedbackQuery) ([]FeedbackItem, error)
	Record(ctx context.Context, kind cx.Kind, key string) (cx.Record, error) // cx.ENOTFOUND
	// TicketRecords reads a ticket with its messages and answers (lookups.go); cx.ENOTFOUND.
	TicketRecords(ctx context.Context, id string) (*TicketRecords, error)
	// Customers reads one page of the customer list (lookups.go) and how many match.
	Customers(ctx context.Context, q CustomerQuery) ([]CustomerRow, int, error)
	// CustomerIDs reads the ids of the customers q's Search and Segment keep (lookups.go).
	CustomerIDs(ctx context.Context, q CustomerQuery) ([]string, error)
	// CustomersByID reads the list's rows of the customers of ids, in that order (lookups.go).
	CustomersByID(ctx context.Context, ids []string) ([]CustomerRow, error)
	Settings(ctx context.Context) (map[string]string, error)
	SetSetting(ctx context.Context, key, value string) error // an empty value removes the key
	// SetSettings stores several settings in one transaction, all or none (a form's fields);
	// an empty value removes its key. It returns what those keys held before (absent: none),
	// read in the transaction with the settings locked against other writers until it ends —
	// PostgreSQL locks the table, as a key not stored yet has no row to lock; SQLite's write
	// transaction holds the whole database — so a line saying what a change replaced is true
	// when another change of the same keys commits at the same moment.
	SetSettings(ctx context.Context, values map[string]string) (map[string]string, error)
}

// ReplyToScore is a follow-up's reply with its sentiment score (nil when it has none), and the
// language of the answer it replies to ("" when the answer has none or is not stored).
type ReplyToScore struct {
	ResponseID, Reply, Language string
	Sentiment                   *float64
}

// InvitationCounts are the invitations of a survey and channel in a period: sent, opened (the
// e-mail's answer page was visited) and answered.
type InvitationCounts struct {
	SurveyID               int64
	Channel                string
	Sent, Opened, Answered int
}

// Surveys keeps klantpuls's own surveys, their invitations, widget sites, alert rules and
// alerts, unsubscribed addresses, and follow-ups of critical answers. Look-ups that find
// nothing return cx.ENOTFOUND.
type Surveys interface {
	CreateSurvey(ctx context.Context, s *cx.Survey) error // sets s.ID
	UpdateSurvey(ctx context.Context, s *cx.Survey) error
	Survey(ctx context.Context, id int64) (*cx.Survey, error)
	ListSurveys(ctx context.Context) ([]cx.Survey, error)

	CreateInvitation(ctx context.Context, inv *cx.Invitation) error // inv.ID set by the caller (random)
	UpdateInvitation(ctx context.Context, inv *cx.Invitation) error
	Invitation(ctx context.Context, id string) (*cx.Invitation, error)
	// QueuedInvitations are the queued invitations that may be tried at due, oldest first.
	QueuedInvitations(ctx context.Context, due time.Time, limit int) ([]cx.Invitation, error)
	// ClaimInvitation claims a queued invitation for sending at; false when it is no longer
	// queued, waits for a retry after at, or another claim younger than lapse holds it (by the
	// clock leases are judged by, Syncs.ClaimSync).
	ClaimInvitation(ctx context.Context, id string, at time.Time, lapse time.Duration) (bool, error)
	// SurveyInvited is whether any invitation of a survey was made.
	SurveyInvited(ctx context.Context, id int64) (bool, error)
	// LastInvited is when an e-mail address (compared by cx.AddressKey) was last sent an
	// invitation (status sent), zero time when never.
	LastInvited(ctx context.Context, email string) (time.Time, error)
	// CountInvitations groups invitations created in [from, to) by survey and channel.
	CountInvitations(ctx context.Context, from, to time.Time) ([]InvitationCounts, error)

	// An address is held back from surveys when it unsubscribed (for good) or a mail server
	// refused it for good (a bounce, until ClearBounce); addresses compare by cx.AddressKey.
	Unsubscribe(ctx context.Context, email string, at time.Time) error // idempotent
	Unsubscribed(ctx context.Context, email string) (bool, error)
	Bounce(ctx context.Context, email string, at time.Time) error // idempotent
	// HeldBack is why email is held back from surveys: cx.InviteUnsubscribed (an unsubscribe
	// outranks a bounce), cx.InviteBounced, or "".
	HeldBack(ctx context.Context, email string) (string, error)
	// Bounced is whether a bounce holds email back from every mail, whatever its unsubscribe.
	Bounced(ctx context.Context, email string) (bool, error)
	// ClearBounce lifts the hold of a bounce on email (never an unsubscribe); false when none.
	ClearBounce(ctx context.Context, email string) (bool, error)
	// Bounces are the addresses a bounce holds back (unsubscribed or not), newest first.
	Bounces(ctx context.Context) ([]cx.Bounce, error)

	CreateSite(ctx context.Context, s *cx.Site) error
	Site(ctx context.Context, key string) (*cx.Site, error)
	ListSites(ctx context.Context) ([]cx.Site, error)
	DeleteSite(ctx context.Context, key string) error

	CreateAlertRule(ctx context.Context, r *cx.AlertRule) error // sets r.ID
	UpdateAlertRule(ctx context.Context, r *cx.AlertRule) error
	ListAlertRules(ctx context.Context) ([]cx.AlertRule, error)
	DeleteAlertRule(ctx context.Context, id int64) error
	// CreateAlert records a match once: a second alert for the same rule and response is a
	// no-op (created false).
	CreateAlert(ctx context.Context, a *cx.Alert) (created bool, err error)
	UpdateAlert(ctx context.Context, a *cx.Alert) error
	// PendingAlerts are the alerts of rules (nil: of every rule) not delivered, tried fewer
	// than maxAttempts times and due at now (RetryAt), oldest first.
	PendingAlerts(ctx context.Context, now time.Time, maxAttempts int, rules []int64, limit int) ([]cx.Alert, error)
	// ClaimAlert counts an attempt at a and holds a for it (its RetryAt) for hold, when a is
	// undelivered, tried a.Attempts times and not held by another attempt; false when another
	// node took it first. The hold is judged by the clock leases are (Syncs.ClaimSync), so a
	// node whose clock runs ahead does not take over an attempt under way.
	ClaimAlert(ctx context.Context, a *cx.Alert, now time.Time, hold time.Duration) (bool, error)
	ListAlerts(ctx context.Context, limit int) ([]cx.Alert, error) // newest first

	SetFollowUp(ctx context.Context, f *cx.FollowUp) error // upsert by response id
	FollowUps(ctx context.Context, responseIDs []string) (map[string]cx.FollowUp, error)
	// RepliesToScore lists, by answer id after after, up to limit follow-ups with a reply, with
	// the answer's language: those whose reply has no sentiment score (saved before klantpuls
	// scored replies), or with all every one (a newer scorer reads them again).
	RepliesToScore(ctx context.Context, after string, limit int, all bool) ([]ReplyToScore, error)
	// ScoreReply stores the sentiment score of a follow-up's reply, if the reply is still reply:
	// a reply changed meanwhile was scored by its save.
	ScoreReply(ctx context.Context, responseID, reply string, score float64) error
}

// Migration is what opening a database did to its schema: the version it was at (0 for a new
// database), the version it is at now, and how many migrations brought it there (0 when it was
// up to date). An upgrade's operator reads it to know what ran (klantpuls migrate, serve's log).
type Migration struct {
	From, To int64
	Applied  int
}
