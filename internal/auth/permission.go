package auth

import (
	"slices"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Actions a user or API token may be allowed.
const (
	ActionIngest       = "ingest"        // send records: CSV import, HTTP ingest
	ActionReport       = "report"        // every figure: all agents, teams, customers
	ActionOwnFigures   = "own-figures"   // an agent's own figures and their team's totals
	ActionManageUsers  = "manage-users"  // add, change and remove users
	ActionManageTokens = "manage-tokens" // create and delete API tokens
	ActionConfig       = "config"        // change settings: calendars, surveys
	ActionTargets      = "targets"       // set the dashboard's targets (tiles, SLA per team)
	ActionReply        = "reply"         // mark feedback as replied to
	ActionAudit        = "audit"         // read the audit log
	ActionErase        = "erase"         // erase a customer's personal data (GDPR)
)

// roleActions is who may do what: the one place a permission is granted. ActionManageTokens
// lets an admin manage every token but a manager only their own; Can cannot see ownership, so
// the caller checks that the token is the user's when the role is not admin.
var roleActions = map[string][]string{
	cx.RoleAdmin: {ActionIngest, ActionReport, ActionOwnFigures, ActionManageUsers,
		ActionManageTokens, ActionConfig, ActionTargets, ActionReply, ActionAudit, ActionErase},
	cx.RoleManager: {ActionReport, ActionOwnFigures, ActionManageTokens, ActionTargets, ActionReply},
	cx.RoleAgent:   {ActionOwnFigures},
}

// scopeActions is what an API token may do at most. A token never manages users, tokens or
// settings: those need a person who logged in. An admin's token may read the audit log, so a
// log collector can fetch it, and an admin's write token may erase a customer, so a privacy
// request can be carried out by the system that receives it.
var scopeActions = map[string][]string{
	cx.ScopeRead:  {ActionReport, ActionOwnFigures, ActionAudit},
	cx.ScopeWrite: {ActionIngest, ActionReport, ActionOwnFigures, ActionAudit, ActionErase},
}

// Can reports whether a user with role may do action. Unknown roles and actions may do nothing.
func Can(role, action string) bool {
	return slices.Contains(roleActions[role], action)
}

// TokenAllows reports whether a token of scope may do action. A token acts for the user who
// created it, so a request with a token needs both Can(user.Role, action) and
// TokenAllows(token.Scope, action).
func TokenAllows(scope, action string) bool {
	return slices.Contains(scopeActions[scope], action)
}

// ValidRole reports whether role is one of cx.RoleAdmin, cx.RoleManager, cx.RoleAgent.
func ValidRole(role string) bool {
	_, ok := roleActions[role]
	return ok
}

// ValidScope reports whether scope is cx.ScopeRead or cx.ScopeWrite.
func ValidScope(scope string) bool {
	_, ok := scopeActions[scope]
	return ok
}
