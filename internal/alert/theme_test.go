package alert

import (
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/hook"
	"github.com/klantpuls/klantpuls/internal/theme"
)

// TestMatchesTheme: a negative-sentiment rule about a theme fires for a negative comment that
// mentions the theme, by the terms of internal/theme/default.toml (delivery: "pakket", "nooit
// aangekomen", "parcel", "never arrived"; price: "duur"). The scores are the stored ones; the
// classifier is not this test's.
func TestMatchesTheme(t *testing.T) {
	rule := func(key string) *cx.AlertRule {
		return &cx.AlertRule{Condition: cx.AlertNegativeSentiment, Theme: key, Active: true}
	}
	delivery, price, anyTheme, gone := rule("delivery"), rule("price"), rule(""), rule("verzending")
	answer := func(comment, lang string, sentiment float64) cx.Response {
		return cx.Response{Survey: "nps", Score: 3, Comment: comment, Language: lang, Sentiment: score(sentiment)}
	}
	negativeDelivery := answer("Mijn pakket is nooit aangekomen, heel slecht", "nl", -0.6)
	positiveDelivery := answer("Het pakket kwam een dag eerder, top", "nl", 0.7)
	negativePrice := answer("Veel te duur en niks bijzonders", "nl", -0.4)
	englishDelivery := answer("The parcel never arrived, very disappointing", "", -0.5) // no language: detected
	for _, tt := range []struct {
		name string
		rule *cx.AlertRule
		r    cx.Response
		want bool
	}{
		{"negative about delivery: the delivery rule", delivery, negativeDelivery, true},
		{"negative about delivery: not the price rule", price, negativeDelivery, false},
		{"negative about delivery: the rule about any theme", anyTheme, negativeDelivery, true},
		{"positive about delivery: not the delivery rule", delivery, positiveDelivery, false},
		{"positive about delivery: not the price rule", price, positiveDelivery, false},
		{"negative about the price: the price rule", price, negativePrice, true},
		{"negative about the price: not the delivery rule", delivery, negativePrice, false},
		{"negative, in English, language detected", delivery, englishDelivery, true},
		{"a theme the configuration no longer has fires for nothing", gone, negativeDelivery, false},
		{"a rule about a theme, inactive", &cx.AlertRule{Condition: cx.AlertNegativeSentiment, Theme: "delivery"}, negativeDelivery, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := Matches(tt.rule, &tt.r, theme.Builtin()); got != tt.want {
				t.Errorf("Matches = %v, want %v", got, tt.want)
			}
		})
	}

	t.Run("the configuration's taxonomy, not the built-in one", func(t *testing.T) {
		carrier, err := theme.New([]theme.Theme{{Key: "carrier", LabelNL: "Vervoerder", NL: []string{"PakketExpres"}}})
		if err != nil {
			t.Fatal(err)
		}
		r := answer("PakketExpres is echt waardeloos", "nl", -0.8)
		if !Matches(rule("carrier"), &r, carrier) {
			t.Error("a rule about the configured theme carrier did not fire")
		}
		if Matches(delivery, &negativeDelivery, carrier) {
			t.Error("a rule about delivery fired with a taxonomy without delivery")
		}
	})
}

func TestValidateRuleTheme(t *testing.T) {
	for _, tt := range []struct {
		name      string
		rule      cx.AlertRule
		wantErr   []string // what the error must say; none: valid
		wantTheme string   // the theme kept
	}{
		{"a known theme", cx.AlertRule{Name: "A", Condition: cx.AlertNegativeSentiment, Theme: "delivery", Email: "a@example.nl"}, nil, "delivery"},
		{"spaces around it", cx.AlertRule{Name: "A", Condition: cx.AlertNegativeSentiment, Theme: " price ", Email: "a@example.nl"}, nil, "price"},
		{"no theme: any", cx.AlertRule{Name: "A", Condition: cx.AlertNegativeSentiment, Email: "a@example.nl"}, nil, ""},
		{"an unknown key", cx.AlertRule{Name: "A", Condition: cx.AlertNegativeSentiment, Theme: "verzending", Email: "a@example.nl"},
			[]string{"theme:", `"verzending"`, "delivery", "invoices", "any theme"}, ""},
		{"a theme on a detractor rule", cx.AlertRule{Name: "A", Condition: cx.AlertNPSDetractor, Theme: "delivery", Email: "a@example.nl"},
			[]string{"theme:", "negative_sentiment"}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.rule
			err := ValidateRuleIn(&r, theme.Builtin(), "en")
			if tt.wantErr == nil {
				if err != nil || r.Theme != tt.wantTheme {
					t.Errorf("err %v, theme %q; want valid, %q", err, r.Theme, tt.wantTheme)
				}
				return
			}
			if err == nil {
				t.Fatalf("valid, want an error saying %q", tt.wantErr)
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if cx.ErrorCode(err) != cx.EINVALID {
				t.Errorf("code %q, want %q", cx.ErrorCode(err), cx.EINVALID)
			}
		})
	}
}

// TestMessageNamesTheTheme: the e-mail's text and the generic webhook's fields say which
// theme the rule is about, in the alerts' Dutch (the label of default.toml: "Levering").
func TestMessageNamesTheTheme(t *testing.T) {
	s := New(Service{BaseURL: "https://klantpuls.example.nl"})
	r := &cx.Response{ID: "R1", Survey: "nps", Score: 8, Comment: "Pakket kwijt", Sentiment: score(-0.5)}
	m := s.message(&cx.AlertRule{Name: "Levering boos", Condition: cx.AlertNegativeSentiment, Theme: "delivery"}, r)
	if !strings.Contains(m.Text(), "thema Levering") {
		t.Errorf("text %q does not name the theme", m.Text())
	}
	if got := hook.Payload(hook.FormatGeneric, m)["theme"]; got != "delivery" {
		t.Errorf("generic payload theme = %v, want delivery", got)
	}
	plain := s.message(&cx.AlertRule{Name: "Boos", Condition: cx.AlertNegativeSentiment}, r)
	if strings.Contains(plain.Text(), "thema") || hook.Payload(hook.FormatGeneric, plain)["theme"] != nil {
		t.Errorf("a rule about any theme names one: %q", plain.Text())
	}
}

// TestSummaryNamesTheTheme: the summary of held-back alerts says what they were about.
func TestSummaryNamesTheTheme(t *testing.T) {
	s := New(Service{})
	for _, tt := range []struct {
		rule cx.AlertRule
		want string
	}{
		{cx.AlertRule{Condition: cx.AlertNegativeSentiment, Theme: "returns"}, "negatieve antwoorden over Retour en terugbetaling"},
		{cx.AlertRule{Condition: cx.AlertNegativeSentiment}, "negatieve antwoorden"},
		{cx.AlertRule{Condition: cx.AlertNegativeSentiment, Theme: "verzending"}, "negatieve antwoorden over verzending"},
	} {
		if got := s.matchedWords(&tt.rule); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.rule, got, tt.want)
		}
	}
}
