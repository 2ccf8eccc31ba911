package importer

import (
	"slices"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestKindsOf: the required columns of data.md section 2 decide which canonical kinds a
// header can be.
func TestKindsOf(t *testing.T) {
	tests := []struct {
		name   string
		header []string
		want   []cx.Kind
	}{
		{"a tickets file", []string{"ticket_id", "created_at", "channel"}, []cx.Kind{cx.KindTickets}},
		{"names in any case, with spaces and a byte order mark", []string{"\ufeffTicket_ID ", " CREATED_AT"}, []cx.Kind{cx.KindTickets}},
		{"a required column missing", []string{"ticket_id", "channel"}, nil},
		{"answers", []string{"response_id", "survey", "score", "submitted_at", "ticket_id"}, []cx.Kind{cx.KindResponses}},
		{"a Zendesk export is no canonical file", []string{"Id", "Requester", "Created at", "Status"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := KindsOf(tt.header); !slices.Equal(got, tt.want) {
				t.Errorf("KindsOf(%q) = %v, want %v", tt.header, got, tt.want)
			}
		})
	}
}
