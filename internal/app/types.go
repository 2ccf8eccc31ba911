package app

import "github.com/klantpuls/klantpuls/internal/store"

// The store's query and answer shapes that callers of app fill in or read. They are aliases,
// not copies: the store defines them beside the SQL they become (AuditQuery.SQL), and callers
// — web, the command line — reach them here, so nothing but app imports a store package.
// They stay out of cx on purpose: they are questions asked of the store, not things of the
// customer-service domain.
type (
	// FeedbackQuery selects comments and mentions for the feedback stream, newest first.
	FeedbackQuery = store.FeedbackQuery
	// FeedbackItem is an answer with a comment, or a mention.
	FeedbackItem = store.FeedbackItem
	// AuditQuery selects entries of the audit log.
	AuditQuery = store.AuditQuery
	// InvitationCounts are the invitations of a survey and channel in a period.
	InvitationCounts = store.InvitationCounts
	// Result tells what a commit changed.
	Result = store.Result
)

// MaxAuditPage is the most entries one AuditLog call returns.
const MaxAuditPage = store.MaxAuditPage
