package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// Audit runs the contract of store.Audit; open returns a new, empty store.
func Audit(t *testing.T, open func(t *testing.T) store.Audit) {
	s := open(t)
	ctx := context.Background()
	at := func(minute int) time.Time { return time.Date(2026, 3, 2, 9, minute, 0, 0, time.UTC) }
	entries := []*cx.AuditEntry{
		{At: at(0).Add(700 * time.Millisecond), Actor: "Anouk@Shop.nl", From: "203.0.113.7", Action: cx.AuditSignInFailed, Subject: "Anouk@Shop.nl"},
		{At: at(1), UserID: 1, Actor: "anouk@shop.nl", From: "203.0.113.7", Action: cx.AuditSignIn},
		{At: at(2), UserID: 1, Actor: "anouk@shop.nl", TokenID: 7, From: "203.0.113.7", Action: cx.AuditTokenDelete,
			Subject: "token 7", Detail: "Power BI (read)"},
		{At: at(3), Actor: "cli:beheer", From: "cli on server1", Action: cx.AuditImport, Subject: "tickets.csv",
			Detail: "tickets: 1200 rows, 1180 written"},
		// Words are kept as phrases, each its key and values, for the reader's language.
		{At: at(4), UserID: 2, Actor: "bram@shop.nl", From: "2001:db8::1", Action: cx.AuditSignIn,
			Words: []cx.AuditPhrase{cx.Phrase("role", cx.Word("role/agent")), cx.Phrase("sessions_ended"), cx.Phrase("fields", `"ä", \`)}},
	}
	for _, e := range entries {
		if err := s.AddAudit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	for i, e := range entries {
		if i > 0 && e.ID <= entries[i-1].ID {
			t.Errorf("entry %d has id %d after %d: ids must rise", i, e.ID, entries[i-1].ID)
		}
	}
	if !entries[0].At.Equal(at(0)) {
		t.Errorf("At = %v, want whole seconds %v", entries[0].At, at(0))
	}
	wantCode(t, "AddAudit without an action", s.AddAudit(ctx, &cx.AuditEntry{Actor: "x"}), cx.EINVALID)

	e := func(i ...int) []cx.AuditEntry {
		var out []cx.AuditEntry
		for _, n := range i {
			out = append(out, *entries[n])
		}
		return out
	}
	tests := []struct {
		name string
		q    store.AuditQuery
		want []cx.AuditEntry
	}{
		{"everything, newest first", store.AuditQuery{}, e(4, 3, 2, 1, 0)},
		{"one action", store.AuditQuery{Action: cx.AuditSignIn}, e(4, 1)},
		{"one actor in any case", store.AuditQuery{Actor: " ANOUK@shop.NL "}, e(2, 1, 0)},
		{"the command line", store.AuditQuery{Actor: "cli:beheer"}, e(3)},
		{"actor and action", store.AuditQuery{Actor: "anouk@shop.nl", Action: cx.AuditSignInFailed}, e(0)},
		{"first page", store.AuditQuery{Limit: 2}, e(4, 3)},
		{"next page", store.AuditQuery{Limit: 2, Before: entries[3].ID}, e(2, 1)},
		{"last page", store.AuditQuery{Limit: 2, Before: entries[1].ID}, e(0)},
		{"past the end", store.AuditQuery{Before: entries[0].ID}, nil},
		{"nobody", store.AuditQuery{Actor: "carla@shop.nl"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.AuditLog(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) || (len(got) > 0 && !reflect.DeepEqual(got, tt.want)) {
				t.Errorf("AuditLog(%+v) =\n%+v\nwant\n%+v", tt.q, got, tt.want)
			}
		})
	}
}
