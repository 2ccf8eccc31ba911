package hooks

import (
	"encoding/json"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
)

// The trigger bodies README gives for Zendesk and Freshdesk, filled in as the tools fill their
// placeholders, are read by every event of their source: README and the mapping files agree.
func TestReadmeTemplates(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	filled := map[string]string{ // as the tools' placeholder references write them
		"ticket.id": "4101", "ticket.created_at_with_timestamp": "2026-03-13T13:05Z",
		"ticket.updated_at_with_timestamp": "2026-03-13T15:45Z", "ticket.requester.email": "anna@example.nl",
		"ticket.group.name": "Support", "ticket.assignee.name": "Piet Jansen", "ticket.ticket_type": "Question",
		"ticket.via": "Web form", "satisfaction.current_rating": "Good", "satisfaction.current_comment": "Top",
		"ticket.created_on": "2026-03-13 14:05:00", "ticket.status_changed_on": "2026-03-13 17:20:00",
		"ticket.agent.name": "Piet Jansen", "ticket.source_name": "Portal",
	}
	blocks := regexp.MustCompile("(?s)```json\n(.*?)```").FindAllStringSubmatch(string(readme), -1)
	found := 0
	for _, b := range blocks {
		if !strings.Contains(b[1], "{{ticket.id}}") {
			continue
		}
		found++
		body := regexp.MustCompile(`\{\{([a-z_.]+)\}\}`).ReplaceAllStringFunc(b[1], func(p string) string {
			v, ok := filled[strings.Trim(p, "{}")]
			if !ok {
				t.Errorf("README uses the placeholder %s, which this test does not fill", p)
			}
			return v
		})
		source := "zendesk"
		if strings.Contains(body, "created_on") {
			source = "freshdesk"
		}
		s, _ := Lookup(source)
		for name := range s.events {
			if !strings.HasPrefix(name, "klantpuls:") {
				continue
			}
			var doc map[string]any
			if err := json.Unmarshal([]byte(body), &doc); err != nil {
				t.Fatalf("%s body in README: %v", source, err)
			}
			doc["type"] = name
			raw, _ := json.Marshal(doc)
			got, err := s.Read(&Delivery{Header: http.Header{}, Body: raw})
			if err != nil || got.Ignored != "" || len(got.Records)+len(got.Patches)+len(got.Deletes) != 1 {
				t.Errorf("%s %s: %+v, %v", source, name, got, err)
			}
		}
	}
	if found != 2 {
		t.Errorf("README has %d trigger bodies, want Zendesk's and Freshdesk's", found)
	}
}
