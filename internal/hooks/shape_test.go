package hooks

import (
	"strings"
	"testing"
)

func TestShapingRefuses(t *testing.T) {
	for _, c := range []struct {
		sh      shaping
		payload map[string]any
		want    string
	}{
		{shaping{sums: map[string][]string{"paid": {"total"}}}, map[string]any{"total": "1e999999"}, `total: "1e999999" is no amount`},
		{shaping{sums: map[string][]string{"paid": {"refunds[].total"}}}, map[string]any{"refunds": []any{map[string]any{"total": "x"}}}, `refunds.0.total: "x" is no amount`},
		{shaping{unix: []string{"created_at"}}, map[string]any{"created_at": "NaN"}, `created_at: "NaN" is no time in Unix seconds`},
		{shaping{unix: []string{"created_at"}}, map[string]any{"created_at": "-5"}, `is no time in Unix seconds`},
	} {
		if err := c.sh.apply(c.payload); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: got %v, want %q", c.payload, err, c.want)
		}
	}
}

// Money adds up exactly: 0.1 + 0.2 is 0.3, not 0.30000000000000004.
func TestSumsExactly(t *testing.T) {
	p := map[string]any{"a": "0.1", "l": []any{map[string]any{"b": "0.2"}, map[string]any{"b": "-1.05"}}}
	if err := (shaping{sums: map[string][]string{"s": {"a", "l[].b"}}}).apply(p); err != nil || p["s"] != "-0.75" {
		t.Errorf("got %v, %v; want -0.75", p["s"], err)
	}
}

// A when rule sets its field only when If has one of Is and none of Unless has a value: the
// Chatwoot rule of a human reply, on messages written by hand.
func TestWhenUnless(t *testing.T) {
	human := shaping{when: map[string]fileWhen{"human": {If: "sender.type", Is: []string{"user"},
		Unless: []string{"content_attributes.automation_rule_id", "additional_attributes.campaign_id"}, Value: "human"}}}
	for _, c := range []struct {
		name    string
		payload map[string]any
		want    any
	}{
		{"an agent's", map[string]any{"sender": map[string]any{"type": "user"}}, "human"},
		{"an agent's, automation_rule_id null", map[string]any{"sender": map[string]any{"type": "user"}, "content_attributes": map[string]any{"automation_rule_id": nil}}, "human"},
		{"a bot's", map[string]any{"sender": map[string]any{"type": "agent_bot"}}, nil},
		{"no sender", map[string]any{"sender": nil}, nil},
		{"an automation's in a user's name", map[string]any{"sender": map[string]any{"type": "user"}, "content_attributes": map[string]any{"automation_rule_id": "3"}}, nil},
		{"a campaign's", map[string]any{"sender": map[string]any{"type": "user"}, "additional_attributes": map[string]any{"campaign_id": "4"}}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			if err := human.apply(c.payload); err != nil {
				t.Fatal(err)
			}
			if got := c.payload["human"]; got != c.want {
				t.Errorf("human = %v, want %v", got, c.want)
			}
		})
	}
}
