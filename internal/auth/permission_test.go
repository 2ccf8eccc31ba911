package auth

import (
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// The expected values are written out, not derived from the tables they test.

func TestCan(t *testing.T) {
	tests := []struct {
		role, action string
		want         bool
	}{
		{cx.RoleAdmin, ActionIngest, true},
		{cx.RoleAdmin, ActionReport, true},
		{cx.RoleAdmin, ActionOwnFigures, true},
		{cx.RoleAdmin, ActionManageUsers, true},
		{cx.RoleAdmin, ActionManageTokens, true},
		{cx.RoleAdmin, ActionConfig, true},
		{cx.RoleAdmin, ActionTargets, true},
		{cx.RoleAdmin, ActionReply, true},
		{cx.RoleAdmin, ActionAudit, true},
		{cx.RoleAdmin, ActionErase, true},

		{cx.RoleManager, ActionIngest, false},
		{cx.RoleManager, ActionReport, true},
		{cx.RoleManager, ActionOwnFigures, true},
		{cx.RoleManager, ActionManageUsers, false},
		{cx.RoleManager, ActionManageTokens, true},
		{cx.RoleManager, ActionConfig, false},
		{cx.RoleManager, ActionTargets, true},
		{cx.RoleManager, ActionReply, true},
		{cx.RoleManager, ActionAudit, false},
		{cx.RoleManager, ActionErase, false},

		{cx.RoleAgent, ActionIngest, false},
		{cx.RoleAgent, ActionReport, false},
		{cx.RoleAgent, ActionOwnFigures, true},
		{cx.RoleAgent, ActionManageUsers, false},
		{cx.RoleAgent, ActionManageTokens, false},
		{cx.RoleAgent, ActionConfig, false},
		{cx.RoleAgent, ActionTargets, false},
		{cx.RoleAgent, ActionReply, false},
		{cx.RoleAgent, ActionAudit, false},
		{cx.RoleAgent, ActionErase, false},

		{"", ActionOwnFigures, false},
		{"Admin", ActionReport, false},
		{"owner", ActionReport, false},
		{cx.RoleAdmin, "", false},
		{cx.RoleAdmin, "delete-everything", false},
	}
	for _, tt := range tests {
		t.Run(tt.role+" "+tt.action, func(t *testing.T) {
			if got := Can(tt.role, tt.action); got != tt.want {
				t.Errorf("Can(%q, %q) = %v, want %v", tt.role, tt.action, got, tt.want)
			}
		})
	}
}

func TestTokenAllows(t *testing.T) {
	tests := []struct {
		scope, action string
		want          bool
	}{
		{cx.ScopeRead, ActionIngest, false},
		{cx.ScopeRead, ActionReport, true},
		{cx.ScopeRead, ActionOwnFigures, true},
		{cx.ScopeRead, ActionManageUsers, false},
		{cx.ScopeRead, ActionManageTokens, false},
		{cx.ScopeRead, ActionConfig, false},
		{cx.ScopeRead, ActionReply, false},
		{cx.ScopeRead, ActionAudit, true},
		{cx.ScopeRead, ActionErase, false},

		{cx.ScopeWrite, ActionIngest, true},
		{cx.ScopeWrite, ActionReport, true},
		{cx.ScopeWrite, ActionOwnFigures, true},
		{cx.ScopeWrite, ActionManageUsers, false},
		{cx.ScopeWrite, ActionManageTokens, false},
		{cx.ScopeWrite, ActionConfig, false},
		{cx.ScopeWrite, ActionTargets, false},
		{cx.ScopeWrite, ActionAudit, true},
		{cx.ScopeWrite, ActionErase, true},

		{"", ActionReport, false},
		{"admin", ActionReport, false},
		{"Write", ActionIngest, false},
		{cx.ScopeWrite, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.scope+" "+tt.action, func(t *testing.T) {
			if got := TokenAllows(tt.scope, tt.action); got != tt.want {
				t.Errorf("TokenAllows(%q, %q) = %v, want %v", tt.scope, tt.action, got, tt.want)
			}
		})
	}
}

func TestValidRoleAndScope(t *testing.T) {
	roles := map[string]bool{
		"admin": true, "manager": true, "agent": true,
		"": false, "Admin": false, " agent": false, "read": false, "owner": false,
	}
	for role, want := range roles {
		if got := ValidRole(role); got != want {
			t.Errorf("ValidRole(%q) = %v, want %v", role, got, want)
		}
	}
	scopes := map[string]bool{
		"read": true, "write": true,
		"": false, "Read": false, "write ": false, "admin": false, "ingest": false,
	}
	for scope, want := range scopes {
		if got := ValidScope(scope); got != want {
			t.Errorf("ValidScope(%q) = %v, want %v", scope, got, want)
		}
	}
}
