package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

func TestClean(t *testing.T) {
	tests := []struct {
		name, in string
		limit    int
		want     string
	}{
		{"plain", "anouk@shop.nl", 20, "anouk@shop.nl"},
		{"line breaks cannot forge a second line", "x@y.nl\nsign_in admin", 40, "x@y.nl sign_in admin"},
		{"NUL, which PostgreSQL refuses", "a\x00b", 10, "a b"},
		{"invalid UTF-8", "caf\xe9", 10, "caf\uFFFD"},
		{"cut to the limit, in characters", "ééééé", 3, "éé…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := clean(tt.in, tt.limit); got != tt.want {
				t.Errorf("clean(%q, %d) = %q, want %q", tt.in, tt.limit, got, tt.want)
			}
		})
	}
}

// TestAuditInto writes an entry into a database no App has open, as a restore does, and finds
// it there; an entry with a huge field or value of its words is stored cut short.
func TestAuditInto(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "klantpuls.db")
	e := CommandLine(cx.AuditRestore, "backup-2026-03-01.db", cx.Phrase("restored_over", strings.Repeat("x", 10000)))
	e.Detail = strings.Repeat("x", 10000)
	if !strings.HasPrefix(e.Actor, "cli:") || !strings.HasPrefix(e.From, "cli on ") {
		t.Errorf("CommandLine: actor %q, from %q; want cli:<user> and cli on <host>", e.Actor, e.From)
	}
	if err := AuditInto(ctx, path, e); err != nil {
		t.Fatal(err)
	}
	a, err := Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	got, err := a.AuditLog(ctx, store.AuditQuery{})
	if err != nil || len(got) != 1 {
		t.Fatalf("AuditLog = %+v, %v; want the restore", got, err)
	}
	if got[0].Action != cx.AuditRestore || got[0].Subject != "backup-2026-03-01.db" || len([]rune(got[0].Detail)) != 2000 ||
		len(got[0].Words) != 1 || len([]rune(got[0].Words[0].Args[0])) != 320 {
		t.Errorf("entry %+v: want the restore with a detail cut to 2000 characters and its words' value to 320", got[0])
	}
}
