package importer

import (
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// A reader's Timezone, not the account's, reads the file's local times, and says an end comes
// before its start in its own zone.
func TestReaderTimezone(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	rd := &Reader{Kind: cx.KindTickets, File: "in.csv", Config: config.Default(), Timezone: ny}
	var got []cx.Record
	_, err := rd.Read(strings.NewReader("ticket_id,created_at,solved_at\nT1,2026-03-02 14:05,\nT2,2026-03-02 14:05,2026-03-02 14:00\n"),
		func(r cx.Record) error { got = append(got, r); return nil })
	// 14:05 EST (−05:00) is 19:05 UTC.
	if len(got) != 1 || got[0].(*cx.Ticket).CreatedAt.Format(time.RFC3339) != "2026-03-02T19:05:00Z" {
		t.Errorf("read %v", got)
	}
	if err == nil || !strings.Contains(err.Error(), "in.csv:3: solved_at: solved_at is before created_at (2026-03-02T14:00:00-05:00 < 2026-03-02T14:05:00-05:00)") {
		t.Errorf("err %v", err)
	}
}
